"""The shortcuts ``companion verify`` takes (issue 19) give the answers of the long way:
JSON measured after parsing, substance digests only where a rule compares them, ids
made once per text, CSV cells left as None."""

from __future__ import annotations

import json
import uuid
from dataclasses import replace
from datetime import date

import pytest

from companion.domain.red_flags import (
    DisclosureFacts,
    ReviewedVersion,
    Rule,
    changed_after_review,
    id_of,
    latest_versions,
)
from companion.domain.register_log import KIND_DISCLOSURE, Entry, next_entry, substance_digest
from companion.errors import KnownError
from companion.review.derived import csv_bytes, disclosure_entries
from companion.review.flag_records import versions_from_entries, with_substance
from companion.review.limits import (
    MAX_JSON_DEPTH,
    UnreadableInput,
    json_depth_exceeds,
    load_json,
    nested_deeper,
)


def nested(depth: int) -> str:
    return '{"a": ' * (depth - 1) + "[1]" + "}" * (depth - 1)


def test_a_parsed_document_is_measured_as_its_text_is() -> None:
    samples = [nested(3), "[]", "1", '{"a": [[], {"b": [1, [2]]}], "c": "[[[["}',
               json.dumps({"note": "{" * 200, "rows": [[["三層"]]]}, ensure_ascii=False)]
    for text in samples:
        for limit in range(6):
            assert nested_deeper(json.loads(text), limit) == json_depth_exceeds(text, limit), (text, limit)


def test_load_json_takes_the_limit_and_refuses_one_more_level() -> None:
    assert load_json(nested(MAX_JSON_DEPTH), name="red-flags.json") is not None
    with pytest.raises(UnreadableInput, match=r"^red-flags\.json: JSON の入れ子が深すぎます\(上限 64 段\)"):
        load_json(nested(MAX_JSON_DEPTH + 1), name="red-flags.json")
    with pytest.raises(UnreadableInput, match=r"JSON の入れ子が深すぎます"):
        load_json(nested(MAX_JSON_DEPTH + 1).encode(), name="register.json")


def test_text_that_is_not_json_is_told_apart_from_text_nested_too_deeply() -> None:
    with pytest.raises(KnownError, match=r"^manifest\.json: JSON として読めません") as caught:
        load_json('{"files": [1, 2', name="manifest.json")
    assert not isinstance(caught.value, UnreadableInput)
    with pytest.raises(UnreadableInput, match=r"^manifest\.json: JSON の入れ子が深すぎます"):
        load_json('{"files": ' + "[" * 200 + "1", name="manifest.json")  # broken and deep


def test_brackets_in_strings_of_a_large_document_do_not_count() -> None:
    document = {"entries": [{"payload": json.dumps({"memo": "[[[{{{" * 30}), "seq": n}
                            for n in range(500)]}
    assert load_json(json.dumps(document).encode(), name="register.json") == document


def test_an_id_is_the_same_uuid_however_often_it_is_read() -> None:
    text = "5d0f6c1e9a2b4c3d8e7f6a5b4c3d2e1f"
    assert id_of(text) == uuid.UUID(text) == id_of(uuid.UUID(text))
    assert id_of("5D0F6C1E-9A2B-4C3D-8E7F-6A5B4C3D2E1F") == uuid.UUID(text)
    with pytest.raises(ValueError):
        id_of("開示ID")


def test_csv_cells_left_as_none_are_written_empty() -> None:
    assert csv_bytes(["番号", "終了日"], [[1, None], [None, "2026-03-31"]]) == \
        "\ufeff番号,終了日\r\n1,\r\n,2026-03-31\r\n".encode()


def _payload(disclosure: uuid.UUID, version: int, mitigation: str, declared: str) -> str:
    return json.dumps({
        "disclosure_id": disclosure.hex, "version_id": uuid.uuid4().hex, "number": 3,
        "version": version, "kind": "顧問契約", "counterpart_name": "株式会社みなと水産",
        "counterpart_client_id": None, "started_on": "2025-04-01", "ended_on": None,
        "declared_on": declared, "mitigation": mitigation, "status": "有効",
        "reason": "年次確認" if version > 1 else "新規", "engagement_ids": [],
        "written_at": f"{declared}T10:00:00+09:00"}, ensure_ascii=False, sort_keys=True)


def _register() -> list[Entry]:
    reviewed, other = uuid.uuid4(), uuid.uuid4()
    payloads = [_payload(reviewed, 1, "評価は別の支援者が行う。", "2025-04-10"),
                _payload(other, 1, "", "2025-05-01"),
                _payload(reviewed, 2, "評価は別の支援者が行う。", "2026-04-08"),  # confirmed
                _payload(other, 2, "報酬は受け取らない。", "2026-05-01")]
    entries: list[Entry] = []
    for payload in payloads:
        entries.append(next_entry(entries[-1] if entries else None, KIND_DISCLOSURE, payload))
    return entries


def test_substance_digests_are_made_for_the_reviewed_disclosures_and_agree() -> None:
    entries = _register()
    every = disclosure_entries(entries)
    full = versions_from_entries(entries)
    bare = versions_from_entries(entries, every=every, substance=False)
    assert full is not None and bare is not None
    first = next(v for v in full if v.version == 1 and v.mitigation)
    seen = [_reviewed(first)]
    digested = with_substance(bare, every, seen)
    for made, whole in zip(digested, full, strict=True):
        if made.disclosure_id == first.disclosure_id:
            assert made == whole and made.substance == substance_digest(
                next(e.payload for e in entries if id_of(json.loads(e.payload)["version_id"])
                     == made.version_id))
        else:
            assert made.substance == "" and replace(made, substance=whole.substance) == whole
    assert with_substance(bare, every, []) is bare
    # The annual confirmation repeats what was reviewed: no flag, as with every digest made.
    assert changed_after_review(latest_versions(digested), digested, seen) == \
        changed_after_review(latest_versions(full), full, seen) == []


def test_a_changed_substance_after_review_is_still_flagged() -> None:
    entries = _register()
    changed = json.loads(entries[2].payload) | {"mitigation": "評価から外れる。"}
    entries[2:] = []
    entries.append(next_entry(entries[-1], KIND_DISCLOSURE,
                              json.dumps(changed, ensure_ascii=False, sort_keys=True)))
    every = disclosure_entries(entries)
    bare = versions_from_entries(entries, every=every, substance=False)
    assert bare is not None
    first = next(v for v in bare if v.version == 1 and v.mitigation)
    digested = with_substance(bare, every, [_reviewed(first)])
    flags = changed_after_review(latest_versions(digested), digested, [_reviewed(first)])
    assert [f.rule for f in flags] == [Rule.CHANGED_AFTER_REVIEW]
    assert "第2版へ変更され" in flags[0].reason


def _reviewed(version: DisclosureFacts) -> ReviewedVersion:
    return ReviewedVersion(version.version_id, version.disclosure_id, version.content_hash,
                           date(2026, 1, 15))


def test_the_verifier_expects_the_texts_the_writer_writes() -> None:
    from companion.review.register_docx import cells_of, row_from_payload
    from companion.review.register_docx_read import payload_cells

    items = disclosure_entries(_register())
    for item in items:
        row = row_from_payload(item)
        assert row is not None and payload_cells(item) == cells_of(row)
    broken = replace(items[0], payload={**items[0].payload, "started_on": "令和7年4月1日"})
    assert payload_cells(broken) is None and row_from_payload(broken) is None


def test_verify_loads_neither_the_word_writer_nor_the_bundle_maker() -> None:
    import subprocess
    import sys

    script = ("import sys, companion.review.verify\n"
              "print(sorted(m for m in ('companion.review.register_docx', 'companion.review.bundle')"
              " if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
