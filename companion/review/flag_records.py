"""The red flags as a bundle states them (``red-flags.json``), and recomputing them.

The export writes, beside each flag, the rules it applied (``rules``: the parameters of
``companion.domain.red_flag_rules``, with their version) and what the rules read that
is not a register entry (``inputs``: the engagements, the sentences of visit notes that
matched, the versions reviewed, the day of the computation). Every flag is a pure
function of ``register.json`` and these inputs, so ``companion verify`` computes them
again and reports a flag that is missing or extra; the engagements are also compared
with ``engagements.csv``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from companion.domain.red_flag_rules import RULES, VERSION
from companion.domain.red_flags import (
    DisclosureFacts,
    EngagementFacts,
    RedFlag,
    ReviewedVersion,
    TextMention,
    all_red_flags,
    disclosure_facts_from_payload,
    engagement_facts_from_json,
    engagement_facts_to_json,
    flag_id,
    latest_versions,
    mention_to_json,
    mentions_from_json,
    reviewed_from_json,
    reviewed_to_json,
)
from companion.domain.register_log import Entry, canonical_payload, content_hash, substance_of
from companion.review.derived import DisclosureEntry, disclosure_entries, latest_entries


def flag_records(flags: Sequence[RedFlag], entries: Sequence[Entry], *,
                 every: Sequence[DisclosureEntry] | None = None) -> list[dict[str, Any]]:
    """Each flag naming the disclosures by id (numbers are per device and only shown),
    the register entry of each one's latest version, and the other records behind it
    (visits and plan items with the date and the sentence, engagements). ``every``:
    ``disclosure_entries(entries)`` when the caller has it already."""
    every = disclosure_entries(entries) if every is None else every
    latest = {item.disclosure_id: item for item in latest_entries(every)}
    records = []
    for flag in flags:
        named = [latest[d.hex] for d in flag.disclosure_ids if d.hex in latest]
        records.append({
            "id": flag_id(flag), "rule": flag.rule.value, "reason": flag.reason,
            "disclosures": sorted(item.payload["number"] for item in named),
            "disclosure_ids": [item.disclosure_id for item in named],
            "entry_hashes": [item.entry.entry_hash for item in named],
            "engagement_ids": [e.hex for e in flag.engagement_ids],
            "records": [{"kind": e.kind, "id": e.ref_id.hex,
                         "date": e.when.isoformat() if e.when else None,
                         "text": e.text, "phrase": e.phrase} for e in flag.evidence],
        })
    return records


def inputs_json(*, engagements: Sequence[EngagementFacts], mentions: Sequence[TextMention],
                reviewed: Sequence[ReviewedVersion], today: date) -> dict[str, Any]:
    sentences = list(dict.fromkeys(json.dumps(mention_to_json(m), ensure_ascii=False, sort_keys=True)
                                   for m in mentions))
    return {
        "today": today.isoformat(),
        "engagements": [engagement_facts_to_json(e) for e in
                        sorted(engagements, key=lambda e: e.engagement_id.hex)],
        "mentions": [json.loads(s) for s in sorted(sentences)],
        "reviewed": [reviewed_to_json(r) for r in
                     sorted(reviewed, key=lambda r: (r.version_id.hex, r.reviewed_on))],
    }


def flags_document(flags: Sequence[RedFlag], entries: Sequence[Entry], *,
                   engagements: Sequence[EngagementFacts], mentions: Sequence[TextMention],
                   reviewed: Sequence[ReviewedVersion], today: date,
                   dispositions: Sequence[Mapping[str, Any]] = ()) -> dict[str, Any]:
    return {"rules_version": VERSION, "rules": RULES,
            "inputs": inputs_json(engagements=engagements, mentions=mentions, reviewed=reviewed,
                                  today=today),
            "red_flags": flag_records(flags, entries),
            "dispositions": list(dispositions)}


def versions_from_entries(entries: Sequence[Entry], *,
                          every: Sequence[DisclosureEntry] | None = None,
                          substance: bool = True) -> list[DisclosureFacts] | None:
    """The facts of every disclosure version, in the order of ``disclosure_entries``
    (None when one cannot be read). ``substance=False``: without their substance
    digests (see ``with_substance``)."""
    facts = []
    for item in disclosure_entries(entries) if every is None else every:
        made = disclosure_facts_from_payload(
            item.payload, content_hash=item.content_hash,
            substance=_substance(item.payload) if substance else "")
        if made is None:
            return None
        facts.append(made)
    return facts


def with_substance(versions: list[DisclosureFacts], every: Sequence[DisclosureEntry],
                   reviewed: Sequence[ReviewedVersion]) -> list[DisclosureFacts]:
    """``versions`` (made from ``every`` without substance digests) with the digests the
    rules read: ``changed_after_review`` compares a reviewed version's substance with
    that of the latest version of the same disclosure, and no rule reads any other, so
    only the versions of reviewed disclosures need theirs (most registers: none)."""
    by_id = {v.version_id: v for v in versions}
    wanted = {by_id[r.version_id].disclosure_id for r in reviewed if r.version_id in by_id}
    if not wanted:
        return versions
    return [replace(v, substance=_substance(item.payload)) if v.disclosure_id in wanted else v
            for v, item in zip(versions, every, strict=True)]


def _substance(payload: dict[str, Any]) -> str:
    """``substance_digest`` of the entry's payload text, from the payload already
    decoded (an entry whose payload is not a JSON object has no facts at all)."""
    try:
        return content_hash(canonical_payload(substance_of(payload)))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return ""


def _describe(record: Mapping[str, Any]) -> str:
    return f"【{record.get('rule')}】{record.get('reason')}"


def _canonical(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def recompute_problems(document: object, entries: Sequence[Entry],
                       engagements_csv: bytes | None = None, *,
                       every: Sequence[DisclosureEntry] | None = None) -> list[str]:
    """Compute the flags again from ``register.json`` and the document's inputs with
    this program's rules, and report each flag the bundle lacks or adds. ``every``:
    ``disclosure_entries(entries)`` when the caller has it already."""
    if not isinstance(document, dict):
        return []  # reported by red_flag_problems
    version = document.get("rules_version")
    if version != VERSION:
        return [f"red-flags.json: 規則の版 {version} はこの検証ツール(規則の版 {VERSION})では"
                "再計算できません"]
    if document.get("rules") != RULES:
        return [f"red-flags.json: 規則の内容が公開されている版 {VERSION} の規則と一致しません"]
    inputs = document.get("inputs")
    every = disclosure_entries(entries) if every is None else every
    versions = versions_from_entries(entries, every=every, substance=False)
    if versions is None:
        return ["red-flags.json: register.json の開示の記録を読めないため、注意事項を再計算できません"]
    try:
        assert isinstance(inputs, dict)
        today = date.fromisoformat(str(inputs["today"]))
        engagements = [engagement_facts_from_json(e) for e in inputs["engagements"]]
        mentions = [m for value in inputs["mentions"] for m in mentions_from_json(value)]
        reviewed = [reviewed_from_json(r) for r in inputs["reviewed"]]
    except (AssertionError, KeyError, TypeError, ValueError, AttributeError):
        return ["red-flags.json: 注意事項の判定に使った記録(inputs)の形式が正しくありません"]
    problems = _engagement_csv_problems(engagements, engagements_csv)
    versions = with_substance(versions, every, reviewed)
    flags = all_red_flags(latest=latest_versions(versions), all_versions=versions,
                          engagements=engagements, mentions=mentions, reviewed=reviewed,
                          today=today)
    expected = {_canonical(r): r for r in flag_records(flags, entries, every=every)}
    stated_list = [r for r in document.get("red_flags") or [] if isinstance(r, dict)]
    stated = {_canonical(r): r for r in stated_list}
    for key, record in expected.items():
        if key not in stated:
            problems.append(f"red-flags.json: 再計算した注意事項がありません: {_describe(record)}")
    for key, record in stated.items():
        if key not in expected:
            problems.append(f"red-flags.json: 再計算では出ない注意事項があります: {_describe(record)}")
    return problems


_CSV_FIELDS = {"案件名": "title", "状態": "status", "開始日": "start_on", "報酬条件": "fee_terms"}


def _engagement_csv_problems(engagements: Sequence[EngagementFacts], data: bytes | None) -> list[str]:
    """The engagements the rules read are those engagements.csv lists."""
    if data is None:
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        return ["engagements.csv: 読めません"]
    by_id = {row.get("案件ID", ""): row for row in rows}
    problems = []
    for engagement in engagements:
        row = by_id.pop(engagement.engagement_id.hex, None)
        facts = engagement_facts_to_json(engagement)
        paid = "はい" if engagement.fee_paid_by_client else "いいえ"
        if row is None or any(row.get(column, "") != (facts[name] or "")
                              for column, name in _CSV_FIELDS.items()) \
                or row.get("報酬は事業者負担") != paid:
            problems.append(f"red-flags.json: 案件「{engagement.title}」の判定に使った記録が "
                            "engagements.csv と一致しません")
    for row in by_id.values():
        problems.append(f"red-flags.json: 案件「{row.get('案件名')}」が判定に使われていません")
    return problems
