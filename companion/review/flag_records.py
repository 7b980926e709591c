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
import uuid
from collections.abc import Mapping, Sequence
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
    mention_to_json,
    mentions_from_json,
    reviewed_from_json,
    reviewed_to_json,
)
from companion.domain.register_log import Entry, substance_digest
from companion.review.derived import disclosure_entries, latest_entries


def flag_records(flags: Sequence[RedFlag], entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Each flag naming the disclosures by id (numbers are per device and only shown),
    the register entry of each one's latest version, and the other records behind it
    (visits and plan items with the date and the sentence, engagements)."""
    latest = {item.disclosure_id: item for item in latest_entries(disclosure_entries(entries))}
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


def versions_from_entries(entries: Sequence[Entry]) -> list[DisclosureFacts] | None:
    facts = []
    for item in disclosure_entries(entries):
        made = disclosure_facts_from_payload(item.payload, content_hash=item.content_hash,
                                             substance=_substance(item.entry.payload))
        if made is None:
            return None
        facts.append(made)
    return facts


def _substance(payload: str) -> str:
    try:
        return substance_digest(payload)
    except (ValueError, TypeError, AttributeError, RecursionError):
        return ""


def _latest(versions: list[DisclosureFacts]) -> list[DisclosureFacts]:
    latest: dict[uuid.UUID, DisclosureFacts] = {}
    for v in versions:
        if v.disclosure_id not in latest or v.version > latest[v.disclosure_id].version:
            latest[v.disclosure_id] = v
    return sorted(latest.values(), key=lambda v: v.number)


def _describe(record: Mapping[str, Any]) -> str:
    return f"【{record.get('rule')}】{record.get('reason')}"


def _canonical(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def recompute_problems(document: object, entries: Sequence[Entry],
                       engagements_csv: bytes | None = None) -> list[str]:
    """Compute the flags again from ``register.json`` and the document's inputs with
    this program's rules, and report each flag the bundle lacks or adds."""
    if not isinstance(document, dict):
        return []  # reported by red_flag_problems
    version = document.get("rules_version")
    if version != VERSION:
        return [f"red-flags.json: 規則の版 {version} はこの検証ツール(規則の版 {VERSION})では"
                "再計算できません"]
    if document.get("rules") != RULES:
        return [f"red-flags.json: 規則の内容が公開されている版 {VERSION} の規則と一致しません"]
    inputs = document.get("inputs")
    versions = versions_from_entries(entries)
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
    flags = all_red_flags(latest=_latest(versions), all_versions=versions,
                          engagements=engagements, mentions=mentions, reviewed=reviewed,
                          today=today)
    expected = {_canonical(r): r for r in flag_records(flags, entries)}
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
