"""The practitioner's register as an append-only, hash-chained log (docs/review-bundle-format.md).

Entries are hashed over their exact stored payload text with a fixed domain prefix, so
a reviewer can recompute every hash from the bundle alone, with any language's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from companion.domain.calendar import JST

ENTRY_PREFIX = b"companion/log-entry/v1\n"
KEY_ENTRY_PREFIX = b"companion/key-entry/v1\n"
KIND_KEY = "key"
KIND_DISCLOSURE = "disclosure"
KIND_EXPORT = "export"  # a review bundle was made here: it covers the entries before it


@dataclass(frozen=True)
class Entry:
    """One entry of the log: what was hashed, its place in the chain, its signatures."""

    seq: int
    kind: str
    payload: str  # the exact text hashed and signed
    previous_hash: str
    entry_hash: str
    signatures: tuple[tuple[str, str], ...] = ()  # (fingerprint, base64 signature)


def canonical_payload(content: Mapping[str, Any]) -> str:
    """The text of a new entry: sorted keys, compact, UTF-8 characters kept as they are.
    Made once when the entry is written; verification never re-serialises it."""
    plain = {key: value.isoformat() if isinstance(value, date) else value
             for key, value in content.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(seq: int, kind: str, previous_hash: str, payload: str) -> str:
    data = b"".join([ENTRY_PREFIX, str(seq).encode("ascii"), b"\n", kind.encode("ascii"), b"\n",
                     previous_hash.encode("ascii"), b"\n", payload.encode("utf-8")])
    return hashlib.sha256(data).hexdigest()


def content_hash(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def next_entry(previous: Entry | None, kind: str, payload: str,
               signatures: tuple[tuple[str, str], ...] = ()) -> Entry:
    seq = previous.seq + 1 if previous else 1
    previous_hash = previous.entry_hash if previous else ""
    return Entry(seq, kind, payload, previous_hash, entry_hash(seq, kind, previous_hash, payload),
                 signatures)


def chain_problems(entries: Sequence[Entry]) -> list[str]:
    """Where the chain is broken, gapped or duplicated; the first problem names the entry."""
    problems: list[str] = []
    previous_hash = ""
    for index, entry in enumerate(entries):
        expected_seq = index + 1
        if entry.seq != expected_seq:
            kind = "重複" if entry.seq < expected_seq else "欠番"
            problems.append(f"記録 {expected_seq} の位置に seq {entry.seq} があります({kind})")
            break
        if entry.previous_hash != previous_hash:
            problems.append(f"記録 {entry.seq}: 直前の記録のハッシュと一致しません")
            break
        if entry_hash(entry.seq, entry.kind, entry.previous_hash, entry.payload) != entry.entry_hash:
            problems.append(f"記録 {entry.seq}: 内容がハッシュと一致しません(改変)")
            break
        previous_hash = entry.entry_hash
    return problems


# Fields of a disclosure payload that record the paperwork, not the interest itself: an
# amendment changing only these is no change, and an annual confirmation that repeats a
# reviewed version's substance is still what the reviewer saw.
BOOKKEEPING_FIELDS = frozenset({"number", "version", "reason", "declared_on", "disclosure_id",
                                "version_id", "written_at"})


def substance_of(content: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in content.items() if key not in BOOKKEEPING_FIELDS}


def substance_digest(payload: str) -> str:
    """SHA-256 of a disclosure payload's substance (see BOOKKEEPING_FIELDS)."""
    return content_hash(canonical_payload(substance_of(json.loads(payload))))


# -- when an entry was written -------------------------------------------------------------
# Every entry's payload states ``written_at``: the device clock when it was appended, in
# Japan time with its offset ("2026-12-03T18:04:01+09:00"), so its first ten characters
# are the day the practitioner saw. Entries written before this field existed have none.

def written_at_text(moment: datetime) -> str:
    return moment.astimezone(JST).isoformat(timespec="seconds")


def written_at_of(payload: Mapping[str, Any]) -> datetime | None:
    """The moment an entry says it was written, or None (none stated, or unreadable)."""
    value = payload.get("written_at")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
