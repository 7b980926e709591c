"""What a bundle's readable files must say, as pure functions of its signed register.

The export writes ``register.csv``, ``versions.csv`` and ``red-flags.csv`` with these
functions, and every verifier (``companion verify`` and the stdlib
``resources/review/verify_chain.py``, which repeats them line for line) derives them
again from ``register.json`` and compares bytes: a file edited after the database was
read, even re-signed by the practitioner, no longer matches. The checks on dates and
on the record of bundles sent (docs/review-bundle-format.md) live here too, so both
verifiers state the same rules.

Nothing here trusts a payload: a field that is missing or of the wrong type reads as
empty and shows up as a mismatch or a problem line, never as an exception.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from companion.domain.register_log import (
    KIND_DISCLOSURE,
    KIND_EXPORT,
    Entry,
    written_at_of,
)
from companion.review.checkpoint import Checkpoint

REGISTER_HEADER = ["開示番号", "版", "種類", "相手先", "金額(円)", "持分(%)", "役職", "開始日",
                   "終了日", "申告日", "管理方法", "状態", "理由", "内容ハッシュ", "開示ID", "記録日時"]
REGISTER_FIELDS = ["number", "version", "kind", "counterpart_name", "amount_yen", "share_percent",
                   "role_title", "started_on", "ended_on", "declared_on", "mitigation", "status",
                   "reason"]
RED_FLAG_HEADER = ["規則", "理由", "開示番号", "開示ID", "記録ハッシュ"]
# Files whose digests the bundle's own export entry states (they are read from records
# that are not register entries: engagements, visits, the rules' verdicts).
BOUND_FILES = ("engagements.csv", "visits-summary.csv", "red-flags.json")


def csv_bytes(header: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)  # csv writes None as an empty field
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DisclosureEntry:
    """A disclosure entry of the register with its payload read."""

    entry: Entry
    payload: dict[str, Any]

    @cached_property
    def disclosure_id(self) -> str:
        return str(self.payload.get("disclosure_id", ""))

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the payload text (read for both CSVs, the facts and the Word row:
        computed once)."""
        return sha256_text(self.entry.payload)

    def label(self) -> str:
        return (f"記録 {self.entry.seq}(開示{self.payload.get('number')} "
                f"第{self.payload.get('version')}版)")


def _payload(entry: Entry) -> dict[str, Any]:
    try:
        value = json.loads(entry.payload)
    except (ValueError, RecursionError):  # RecursionError: nested too deep to be a payload
        return {}
    return value if isinstance(value, dict) else {}


def _order(item: DisclosureEntry) -> tuple[int, str, int]:
    number, version = item.payload.get("number"), item.payload.get("version")
    return (number if isinstance(number, int) else 0, item.disclosure_id,
            version if isinstance(version, int) else 0)


def payloads_of(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Each entry's payload decoded (``{}`` when it is not a JSON object), once: a
    verifier passes these to the checks below instead of decoding every payload in each."""
    return [_payload(e) for e in entries]


def disclosure_entries(entries: Sequence[Entry], *,
                       payloads: Sequence[dict[str, Any]] | None = None) -> list[DisclosureEntry]:
    """Every disclosure version, by display number, then disclosure id, then version
    (``payloads``: the entries' decoded payloads, see ``payloads_of``)."""
    if payloads is None:
        found = [DisclosureEntry(e, _payload(e)) for e in entries if e.kind == KIND_DISCLOSURE]
    else:
        found = [DisclosureEntry(e, p) for e, p in zip(entries, payloads, strict=True)
                 if e.kind == KIND_DISCLOSURE]
    return sorted(found, key=_order)


def latest_entries(every: Sequence[DisclosureEntry]) -> list[DisclosureEntry]:
    """The latest version of each disclosure, keyed by its id (numbers are per device)."""
    latest: dict[str, DisclosureEntry] = {}
    for item in every:
        latest[item.disclosure_id] = item
    return sorted(latest.values(), key=_order)


def register_csv(items: Sequence[DisclosureEntry]) -> bytes:
    return csv_bytes(REGISTER_HEADER, [
        [*map(item.payload.get, REGISTER_FIELDS), item.content_hash,
         item.disclosure_id, item.payload.get("written_at")]
        for item in items
    ])


def register_files(entries: Sequence[Entry], *,
                   every: Sequence[DisclosureEntry] | None = None) -> dict[str, bytes]:
    """register.csv and versions.csv (``every``: ``disclosure_entries(entries)`` when the
    caller has it already)."""
    every = disclosure_entries(entries) if every is None else every
    return {"register.csv": register_csv(latest_entries(every)), "versions.csv": register_csv(every)}


def red_flags_csv(document: Mapping[str, Any]) -> bytes:
    rows = []
    for record in _flag_records(document):
        rows.append([record.get("rule"), record.get("reason"),
                     " ".join(str(n) for n in _list(record.get("disclosures"))),
                     " ".join(str(d) for d in _list(record.get("disclosure_ids"))),
                     " ".join(str(h) for h in _list(record.get("entry_hashes")))])
    return csv_bytes(RED_FLAG_HEADER, rows)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _flag_records(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [r for r in _list(document.get("red_flags")) if isinstance(r, dict)]


def red_flag_problems(document: object, entries: Sequence[Entry], *,
                      every: Sequence[DisclosureEntry] | None = None) -> list[str]:
    """Each flag names the register entries behind it: they exist, are disclosure
    entries of the disclosures the flag names, and carry the numbers it shows."""
    if not isinstance(document, dict):
        return ["red-flags.json: 形式が正しくありません"]
    by_hash = {item.entry.entry_hash: item
               for item in (disclosure_entries(entries) if every is None else every)}
    problems = []
    for index, record in enumerate(_flag_records(document), 1):
        ids = {str(d) for d in _list(record.get("disclosure_ids"))}
        numbers = {n for n in _list(record.get("disclosures"))}
        hashes = [str(h) for h in _list(record.get("entry_hashes"))]
        named = {by_hash[h].disclosure_id for h in hashes if h in by_hash}
        if any(h not in by_hash for h in hashes) or named != ids or len(hashes) != len(ids):
            problems.append(f"red-flags.json: 注意事項 {index}({record.get('rule')})の記録が"
                            "register.json の開示の記録と一致しません")
        elif numbers != {by_hash[h].payload.get("number") for h in hashes}:
            problems.append(f"red-flags.json: 注意事項 {index}({record.get('rule')})の開示番号が"
                            "記録と一致しません")
    return problems


def _day(value: object) -> str:
    return value if isinstance(value, str) and len(value) == 10 else ""


def date_problems(entries: Sequence[Entry], *, since_size: int | None = None,
                  label: str = "前回のチェックポイント",
                  payloads: Sequence[dict[str, Any]] | None = None) -> list[str]:
    """Dates the register cannot honestly hold: an entry written before the one before
    it (the device clock set back), a declaration dated after the day it was written,
    and, after a checkpoint the reviewer holds (``since_size`` entries), a declaration
    dated before that checkpoint was written (遡及記載). ``payloads``: see ``payloads_of``."""
    problems: list[str] = []
    latest_written = None
    declared: dict[str, str] = {}
    cut = ""
    decoded = payloads_of(entries) if payloads is None else payloads
    if since_size and 0 < since_size <= len(entries):
        moment = written_at_of(decoded[since_size - 1])
        cut = moment.isoformat()[:10] if moment else ""
    for entry, payload in zip(entries, decoded, strict=True):
        written = written_at_of(payload)
        if written is not None:
            if latest_written is not None and written < latest_written:
                problems.append(f"register.json: 記録 {entry.seq} の記録日時 {payload['written_at']} が"
                                f"それより前の記録({latest_written.isoformat()})より前です"
                                "(端末の時計が戻されています)")
            latest_written = written if latest_written is None else max(latest_written, written)
        if entry.kind != KIND_DISCLOSURE:
            continue
        item = DisclosureEntry(entry, payload)
        day = _day(payload.get("declared_on"))
        written_day = written.isoformat()[:10] if written else ""
        if day and written_day and day > written_day:
            problems.append(f"register.json: {item.label()} の申告日 {day} が記録した日 "
                            f"{written_day} より後です(未来の日付)")
        before = declared.get(item.disclosure_id)
        declared[item.disclosure_id] = day
        if (cut and since_size is not None and entry.seq > since_size and day and day < cut
                and day != before):
            problems.append(f"遡及記載: {item.label()} の申告日 {day} は、{label}"
                            f"(記録 {since_size}、{cut})より前の日付です")
    return problems


def export_entries(entries: Sequence[Entry]) -> list[Entry]:
    return [e for e in entries if e.kind == KIND_EXPORT]


def export_problems(entries: Sequence[Entry], members: Mapping[str, bytes],
                    previous: Checkpoint | None) -> list[str]:
    """The bundle's last entry records this export (covering the entries before it and
    stating the digests of ``BOUND_FILES``); an earlier export recorded in the register
    means the bundle is not the first, so it must carry, as ``previous-checkpoint.txt``,
    the checkpoint of one of them (the bundle sent before; normally the latest)."""
    problems: list[str] = []
    exports = export_entries(entries)
    for entry in exports:
        payload = _payload(entry)
        head = entries[entry.seq - 2].entry_hash if 2 <= entry.seq <= len(entries) + 1 else ""
        if payload.get("size") != entry.seq - 1 or payload.get("head") != head:
            problems.append(f"register.json: 記録 {entry.seq}(書き出しの記録)が直前の記録と一致しません")
    if not exports:
        problems.append("register.json: このバンドルの書き出しの記録がありません(書き出しを記録しない"
                        "以前の版の Companion で作られたか、記録が削られています)")
    elif entries[-1].kind != KIND_EXPORT:
        problems.append("register.json: 最後の記録がこのバンドルの書き出しの記録ではありません")
    else:
        stated = _payload(entries[-1]).get("files")
        stated = stated if isinstance(stated, dict) else {}
        for name in BOUND_FILES:
            data = members.get(name)
            if data is None or stated.get(name) != hashlib.sha256(data).hexdigest():
                problems.append(f"{name}: 記録(書き出しの記録 {entries[-1].seq})にあるハッシュと一致しません")
    earlier = [e for e in exports if e is not (entries[-1] if entries else None)]
    if previous is None:
        if earlier:
            seqs = "、".join(str(e.seq) for e in earlier)
            problems.append("previous-checkpoint.txt: ファイルがありません。記録には以前のバンドルの"
                            f"書き出し(記録 {seqs})があり、最初のバンドルではありません")
    elif earlier and previous.size >= earlier[0].seq and (
            (previous.size, previous.head) not in {(e.seq, e.entry_hash) for e in earlier}):
        # (A checkpoint from before bundles were register entries covers fewer entries
        # than the first export entry; continuity_problems checks it against the chain.)
        problems.append("previous-checkpoint.txt: 記録にあるどの書き出し(記録 "
                        f"{'、'.join(str(e.seq) for e in earlier)})とも一致しません")
    return problems
