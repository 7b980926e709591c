"""Bounds on what is read from outside (companion.review.limits, review.safezip): sizes
checked before reading, JSON depth checked before parsing, one KnownError naming the
file and the limit (issue 14)."""

from __future__ import annotations

import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from companion_testing.review_bundles import export, rewrite_zip

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.review import limits, safezip
from companion.review.dsse import IN_TOTO_PAYLOAD_TYPE, sign
from companion.review.keys import new_private_key
from companion.review.limits import (
    MAX_JSON_DEPTH,
    UnreadableInput,
    check_readable,
    json_depth_exceeds,
    load_json,
    read_text,
)
from companion.review.response import parse_response
from companion.review.verify import inspect_bundle, verify_since
from companion.services.reviewer import (
    STATE_FILE,
    load_state,
    open_bundle,
    read_response_file,
)
from companion.services.storage import OpenedData

DEEP = "[" * 100_000


def nested(depth: int) -> str:
    """A valid document ``depth`` levels deep: objects around one array."""
    return '{"a": ' * (depth - 1) + "[1]" + "}" * (depth - 1)


def test_depth_is_counted_exactly_at_the_limit() -> None:
    assert json.loads(nested(MAX_JSON_DEPTH)) is not None
    assert not json_depth_exceeds(nested(MAX_JSON_DEPTH))
    assert json_depth_exceeds(nested(MAX_JSON_DEPTH + 1))
    assert json_depth_exceeds(DEEP)  # unbalanced: json.loads would recurse all the same


def test_brackets_inside_strings_do_not_count() -> None:
    text = json.dumps({"note": "[" * 500 + '\\"{' * 500, "list": ["]]]" * 100, "{{{"]})
    assert not json_depth_exceeds(text)
    assert load_json(text, name="x")["list"][1] == "{{{"


@pytest.mark.parametrize("data", [DEEP, "{\"a\":" * 50_000, DEEP.encode()])
def test_load_json_refuses_deep_nesting_naming_the_source(data: str | bytes) -> None:
    with pytest.raises(UnreadableInput, match=r"^response\.json: JSON の入れ子が深すぎます\(上限 64 段\)"):
        load_json(data, name="response.json")


def test_load_json_names_the_source_of_every_failure() -> None:
    with pytest.raises(KnownError, match=r"^a\.json: JSON として読めません"):
        load_json("{", name="a.json")
    with pytest.raises(KnownError, match=r"^b\.json: UTF-8 のテキストではありません"):
        load_json(b"\xff\xfe", name="b.json")
    with pytest.raises(KnownError, match=r"^c\.json: 大きすぎます\(上限 1 KiB\)"):
        load_json(" " * 2000, name="c.json", limit=1024)
    with pytest.raises(KnownError, match=r"^d\.json: JSON として読めません"):
        load_json("1" * 5000, name="d.json")  # past Python's int digit limit: still one line


def test_a_file_is_checked_by_stat_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)
    with pytest.raises(UnreadableInput, match=r"上限 16 MiB\): " + re.escape(str(huge)) + "$"):
        read_text(huge)
    with pytest.raises(UnreadableInput, match="ファイルではなくフォルダです"):
        check_readable(tmp_path, limit=1)
    with pytest.raises(UnreadableInput, match="ファイルがありません"):
        check_readable(tmp_path / "none", limit=1)
    (tmp_path / "sjis.txt").write_bytes("応答".encode("shift_jis"))
    with pytest.raises(UnreadableInput, match="UTF-8 のテキストではありません"):
        read_text(tmp_path / "sjis.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(UnreadableInput, match="通常のファイルではありません"):
        read_text(tmp_path / "pipe")


def test_a_response_file_is_bounded_and_names_itself(tmp_path: Path) -> None:
    deep = tmp_path / "deep.dsse.json"
    deep.write_text(DEEP, encoding="utf-8")
    with pytest.raises(KnownError, match=r"deep\.dsse\.json: JSON の入れ子が深すぎます"):
        read_response_file(deep)
    big = tmp_path / "big.dsse.json"
    with big.open("wb") as handle:
        handle.truncate(limits.MAX_TEXT_BYTES + 1)
    with pytest.raises(KnownError, match="大きすぎます"):
        read_response_file(big)


def test_a_deep_statement_inside_a_signed_envelope_is_refused() -> None:
    envelope = sign(IN_TOTO_PAYLOAD_TYPE, DEEP.encode(), new_private_key()).to_json()
    with pytest.raises(KnownError, match="レビュー応答の中身: JSON の入れ子が深すぎます"):
        parse_response(envelope)
    with pytest.raises(KnownError, match="署名付き応答\\(DSSE\\): JSON の入れ子が深すぎます"):
        parse_response(DEEP)


# -- zip bundles --------------------------------------------------------------------

def test_the_entry_count_is_read_before_the_central_directory(tmp_path: Path) -> None:
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        for index in range(limits.MAX_MEMBERS + 1):
            archive.writestr(f"{index}.txt", b"")
    with crowded.open("rb") as handle:
        assert safezip.declared_entries(handle) == limits.MAX_MEMBERS + 1
    with pytest.raises(KnownError, match=r"多すぎます\(2001 個、上限 2000 個\): crowded.zip"):
        safezip.read_zip(crowded)


def test_a_zip_comment_does_not_hide_the_entry_count(tmp_path: Path) -> None:
    commented = tmp_path / "commented.zip"
    with zipfile.ZipFile(commented, "w") as archive:
        archive.writestr("a.txt", b"a")
        archive.comment = "佐藤 みのり(ゆざわ-Biz)から".encode() * 100
    with commented.open("rb") as handle:
        assert safezip.declared_entries(handle) == 1
    assert safezip.read_zip(commented) == {"a.txt": b"a"}


def test_member_and_total_sizes_are_bounded(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    archive_path = tmp_path / "sizes.zip"
    with zipfile.ZipFile(archive_path, "w") as archive:
        for name in ("a.txt", "b.txt", "c.txt"):
            archive.writestr(name, os.urandom(600))
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 500)
    with pytest.raises(KnownError, match=r"zip 爆弾の疑い.*: a\.txt"):
        safezip.read_zip(archive_path)
    monkeypatch.setattr(safezip, "MAX_MEMBER_BYTES", 1000)
    monkeypatch.setattr(safezip, "MAX_TOTAL_BYTES", 1500)
    with pytest.raises(KnownError, match=r"合計サイズが大きすぎます.*: sizes\.zip"):
        safezip.read_zip(archive_path)


def test_a_bundle_file_larger_than_the_limit_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.zip"
    with huge.open("wb") as handle:
        handle.truncate(limits.MAX_BUNDLE_BYTES + 1)
    verification = inspect_bundle(huge)
    assert verification.problems == [f"ファイルが大きすぎます(上限 256 MiB): {huge}"]


# -- JSON inside a bundle -------------------------------------------------------------

def test_deep_json_in_any_bundle_member_is_a_problem_not_a_crash(practice: OpenedData,
                                                                 tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    for member in ("manifest.json", "register.json"):
        bad = rewrite_zip(good, tmp_path / f"bad-{member}.zip", replace={member: DEEP.encode()})
        problems = inspect_bundle(bad).problems
        assert any(p.startswith(f"{member}: JSON の入れ子が深すぎます") for p in problems), problems


def test_a_deep_register_payload_is_a_problem_not_a_crash(practice: OpenedData,
                                                          tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    with zipfile.ZipFile(good) as archive:
        register = json.loads(archive.read("register.json"))
    for entry in register["entries"]:
        entry["payload"] = DEEP
    bad = rewrite_zip(good, tmp_path / "bad.zip",
                      replace={"register.json": json.dumps(register).encode()})
    problems = inspect_bundle(bad).problems
    assert "register.json: 記録 1 の鍵を読めません" in problems


def test_the_reviewer_reads_deep_red_flags_as_a_problem(practice: OpenedData, tmp_path: Path
                                                        ) -> None:
    good = export(practice, tmp_path / "review.zip").path
    bad = rewrite_zip(good, tmp_path / "bad.zip", replace={"red-flags.json": DEEP.encode()})
    opened = open_bundle(path=bad, paths=DataPaths(tmp_path / "reviewer"))
    assert "red-flags.json: 注意事項の形式が正しくありません" in opened.problems


def test_the_reviewers_own_state_file_is_bounded(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "reviewer")
    paths.root.mkdir()
    (paths.root / STATE_FILE).write_text(DEEP, encoding="utf-8")
    with pytest.raises(KnownError, match=r"前回までに確認した記録のファイルを読めません.*入れ子が深すぎます"):
        load_state(paths)
    (paths.root / STATE_FILE).unlink()
    (paths.root / STATE_FILE).mkdir()  # a folder where the file belongs is not a first use
    with pytest.raises(KnownError, match="フォルダです"):
        load_state(paths)


def test_since_a_file_that_cannot_be_read_raises_rather_than_reports(practice: OpenedData,
                                                                     tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    (tmp_path / "deep.json").write_text(DEEP, encoding="utf-8")
    with pytest.raises(UnreadableInput, match=r"deep\.json: JSON の入れ子が深すぎます"):
        verify_since(bundle, tmp_path / "deep.json")
    with pytest.raises(UnreadableInput, match="フォルダです"):
        verify_since(bundle, tmp_path)
    checkpoint = tmp_path / "checkpoint.txt"
    with zipfile.ZipFile(bundle) as archive:
        checkpoint.write_bytes(archive.read("checkpoint.txt"))
        checkpoint.with_suffix(".sig").write_bytes(archive.read("checkpoint.sig"))
    assert verify_since(bundle, checkpoint).ok  # a signed checkpoint still reads
    checkpoint.with_suffix(".sig").write_bytes(b"\0" * 5000)
    with pytest.raises(UnreadableInput, match=r"上限 4 KiB"):
        verify_since(bundle, checkpoint)
