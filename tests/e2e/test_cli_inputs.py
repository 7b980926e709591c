"""Bad arguments and hostile input files end in one line, never a traceback (issue 14).

Each case runs the command line as a user does and checks the exit code, that stderr
is a single line naming the problem, and that no traceback was printed."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from companion_testing.cli import companion

DEEP_JSON = "[" * 100_000


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A demo data folder and a review bundle exported from it."""
    root = tmp_path_factory.mktemp("inputs")
    data = root / "data"
    assert companion("demo", data_dir=data).returncode == 0
    bundle = root / "review.zip"
    result = companion("review-export", "--out", str(bundle), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data, bundle


def one_line(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert result.returncode == code, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def sparse_file(path: Path, size: int) -> Path:
    """A file that says it is ``size`` bytes long without using the disk."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


# -- argument ranges ------------------------------------------------------------------

@pytest.mark.parametrize("limit", ["99999999999999999999", "-1", "0", "1001", "ten"])
def test_search_limit_outside_1_to_1000_is_refused(limit: str, tmp_path: Path) -> None:
    result = companion("search", "販路", "--limit", limit, data_dir=tmp_path / "data")
    one_line(result, 2, "--limit", "1〜1000", limit)


def test_search_limit_within_the_range_still_limits(practice: tuple[Path, Path]) -> None:
    data, _bundle = practice
    result = companion("search", "販路", "--limit", "1", "--json", data_dir=data)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count('"kind"') == 1


@pytest.mark.parametrize("command", [
    ["ledger", "--out", "ledger.csv"],
    ["export-figures", "--out", "figures.xlsx"],
    ["report", "00000000-0000-0000-0000-000000000000", "--out", "report.docx"],
])
@pytest.mark.parametrize("year", ["0", "1989", "2101", "99999999999999999999", "R8"])
def test_a_fiscal_year_outside_1990_to_2100_is_refused(command: list[str], year: str,
                                                       tmp_path: Path) -> None:
    out = tmp_path / command[command.index("--out") + 1]
    args = [part if part != out.name else str(out) for part in command]
    result = companion(*args, "--fiscal-year", year, data_dir=tmp_path / "data")
    one_line(result, 2, "1990〜2100", year)
    assert not out.exists()


def test_ledger_without_a_fiscal_year_still_exports_this_year(practice: tuple[Path, Path],
                                                              tmp_path: Path) -> None:
    data, _bundle = practice
    result = companion("ledger", "--out", str(tmp_path / "ledger.csv"), data_dir=data)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "ledger.csv").is_file()


# -- JSON nested too deeply -----------------------------------------------------------

def test_import_review_of_deeply_nested_json_names_the_file(practice: tuple[Path, Path],
                                                            tmp_path: Path) -> None:
    data, _bundle = practice
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON, encoding="utf-8")
    result = companion("import-review", str(deep), data_dir=data)
    one_line(result, 2, "deep.json", "入れ子が深すぎます", "64")


def test_verify_since_deeply_nested_json_names_the_file(practice: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    _data, bundle = practice
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON, encoding="utf-8")
    result = companion("verify", str(bundle), "--since", str(deep))
    one_line(result, 2, "deep.json", "入れ子が深すぎます")


def test_verify_of_a_bundle_with_deeply_nested_manifest_is_one_ng_line(
        practice: tuple[Path, Path], tmp_path: Path) -> None:
    """A hostile bundle fails verification (exit 1, like any tampered bundle)."""
    _data, bundle = practice
    crafted = tmp_path / "crafted.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(crafted, "w") as target:
        for name in source.namelist():
            target.writestr(name, DEEP_JSON if name == "manifest.json" else source.read(name))
    result = companion("verify", str(crafted))
    one_line(result, 1, "NG:", "manifest.json", "入れ子が深すぎます")


# -- sizes --------------------------------------------------------------------------

def test_import_review_refuses_a_huge_response_before_reading_it(practice: tuple[Path, Path],
                                                                  tmp_path: Path) -> None:
    data, _bundle = practice
    huge = sparse_file(tmp_path / "huge.dsse.json", 200 * 1024 * 1024)
    result = companion("import-review", str(huge), data_dir=data)
    one_line(result, 2, "huge.dsse.json", "大きすぎます", "16 MiB")


def test_verify_since_refuses_a_huge_file(practice: tuple[Path, Path], tmp_path: Path) -> None:
    _data, bundle = practice
    huge = sparse_file(tmp_path / "huge.txt", 200 * 1024 * 1024)
    result = companion("verify", str(bundle), "--since", str(huge))
    one_line(result, 2, "huge.txt", "大きすぎます", "16 MiB")


def test_verify_refuses_a_huge_bundle(tmp_path: Path) -> None:
    huge = sparse_file(tmp_path / "huge.zip", 300 * 1024 * 1024)
    result = companion("verify", str(huge))
    one_line(result, 2, "huge.zip", "大きすぎます", "256 MiB")


def test_verify_refuses_a_bundle_of_too_many_files(tmp_path: Path) -> None:
    crowded = tmp_path / "crowded.zip"
    with zipfile.ZipFile(crowded, "w") as archive:
        for index in range(2001):
            archive.writestr(f"f{index}.txt", b"")
    result = companion("verify", str(crowded))
    one_line(result, 1, "NG:", "crowded.zip", "多すぎます", "2000")


def test_verify_refuses_a_zip_bomb(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"\0" * (65 * 1024 * 1024))
    result = companion("verify", str(bomb))
    one_line(result, 1, "NG:", "manifest.json", "zip 爆弾", "64 MiB")


# -- folders, unreadable files, not UTF-8 ---------------------------------------------------

def test_verify_of_a_folder_is_an_error(tmp_path: Path) -> None:
    result = companion("verify", str(tmp_path))
    one_line(result, 2, "フォルダ", str(tmp_path))


def test_verify_since_a_folder_is_an_error(practice: tuple[Path, Path], tmp_path: Path) -> None:
    _data, bundle = practice
    result = companion("verify", str(bundle), "--since", str(tmp_path))
    one_line(result, 2, "フォルダ", str(tmp_path))


def test_import_review_of_a_folder_is_an_error(practice: tuple[Path, Path], tmp_path: Path) -> None:
    data, _bundle = practice
    result = companion("import-review", str(tmp_path), data_dir=data)
    one_line(result, 2, "フォルダ", str(tmp_path))


def test_import_review_of_a_file_that_is_not_utf8(practice: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    data, _bundle = practice
    sjis = tmp_path / "response.json"
    sjis.write_bytes('{"payloadType": "応答"}'.encode("shift_jis"))
    result = companion("import-review", str(sjis), data_dir=data)
    one_line(result, 2, "UTF-8 のテキストではありません", "response.json")


def test_verify_since_a_file_that_is_not_utf8(practice: tuple[Path, Path], tmp_path: Path) -> None:
    _data, bundle = practice
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)))
    result = companion("verify", str(bundle), "--since", str(binary))
    one_line(result, 2, "UTF-8 のテキストではありません", "photo.jpg")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="needs POSIX permissions that apply to this user")
@pytest.mark.parametrize("command", ["verify", "import-review", "since"])
def test_an_unreadable_file_is_an_error(command: str, practice: tuple[Path, Path],
                                        tmp_path: Path) -> None:
    data, bundle = practice
    locked = tmp_path / "locked.json"
    locked.write_text("{}", encoding="utf-8")
    locked.chmod(0)
    if command == "since":
        result = companion("verify", str(bundle), "--since", str(locked))
    else:
        result = companion(command, str(locked), data_dir=data)
    one_line(result, 2, "権限がありません", "locked.json")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX named pipes")
@pytest.mark.parametrize("command", ["verify", "import-review"])
def test_a_named_pipe_is_refused_rather_than_waited_on(command: str, practice: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    data, _bundle = practice
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    result = companion(command, str(pipe), data_dir=data)
    one_line(result, 2, "通常のファイルではありません", "pipe.json")


# -- in English ---------------------------------------------------------------------

def test_the_new_messages_are_translated(practice: tuple[Path, Path], tmp_path: Path) -> None:
    data, bundle = practice
    english = {"COMPANION_LANG": "en"}
    line = one_line(companion("search", "x", "--limit", "-1", env=english), 2)
    assert "Give a whole number from 1 to 1000: -1" in line
    line = one_line(companion("ledger", "--fiscal-year", "0", "--out", str(tmp_path / "l.csv"),
                              env=english), 2)
    assert "Give a fiscal year from 1990 to 2100: 0" in line
    deep = tmp_path / "deep.json"
    deep.write_text(DEEP_JSON, encoding="utf-8")
    line = one_line(companion("import-review", str(deep), data_dir=data, env=english), 2)
    assert line == f"companion: error: {deep}: the JSON is nested too deeply (limit 64 levels)"
    line = one_line(companion("verify", str(tmp_path), env=english), 2)
    assert line == f"companion: error: This is a folder, not a file: {tmp_path}"
    huge = sparse_file(tmp_path / "huge.json", 20 * 1024 * 1024)
    line = one_line(companion("verify", str(bundle), "--since", str(huge), env=english), 2)
    assert line == f"companion: error: The file is too large (limit 16 MiB): {huge}"
