"""The command line's language (companion.i18n): which one, and its English catalog."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli_messages_en import MESSAGES
from companion.errors import KnownError
from companion.i18n import (
    LANGUAGE_ENV,
    cli_language,
    current_language,
    language_of_locale,
    requested_language,
    resolve,
    system_language,
    t,
    translate_error,
    using_language,
)
from companion.paths import DataPaths
from companion.settings import Settings

PACKAGE = Path(__file__).resolve().parents[2] / "companion"
PLACEHOLDER = re.compile(r"\{(\w+)")
JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


@pytest.mark.parametrize(("name", "language"), [
    ("ja_JP.UTF-8", "ja"), ("ja", "ja"), ("Japanese_Japan", "ja"), ("JA_jp", "ja"),
    ("en_US.UTF-8", "en"), ("de_DE@euro", "en"), ("English_United States", "en"),
    ("C", None), ("C.UTF-8", None), ("POSIX", None), ("", None), (None, None),
])
def test_a_locale_names_japanese_another_language_or_none(name: str | None,
                                                          language: str | None) -> None:
    assert language_of_locale(name) == language


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),  # LC_ALL comes first
    ({"LC_MESSAGES": "fr_FR", "LANG": "ja_JP.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, "ja"),  # names no language: the source language
    ({"LC_ALL": "", "LANG": "en_GB"}, "en"),  # an empty variable is not set
])
def test_the_system_language_follows_the_posix_locale_variables(
        environ: dict[str, str], language: str) -> None:
    assert system_language(environ) == language


def test_companion_lang_overrides_the_setting_which_overrides_the_locale(
        tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data")
    paths.root.mkdir()
    assert cli_language(paths.root, {"LANG": "en_US.UTF-8"}) == "en"
    Settings(paths.settings_file).set("language", "ja")
    assert cli_language(paths.root, {"LANG": "en_US.UTF-8"}) == "ja"
    assert cli_language(paths.root, {"LANG": "ja_JP.UTF-8", LANGUAGE_ENV: "en"}) == "en"
    assert cli_language(paths.root, {"LANG": "en_US.UTF-8", LANGUAGE_ENV: "auto"}) == "en"
    Settings(paths.settings_file).set("language", "auto")
    assert cli_language(paths.root, {"LANG": "ja_JP.UTF-8"}) == "ja"
    assert cli_language(tmp_path / "missing", {"LANG": "en_US"}) == "en"
    assert requested_language("en", {LANGUAGE_ENV: "nonsense!"}) == "en"
    assert resolve("en_US") == "en"


def test_t_formats_in_the_language_in_force() -> None:
    with using_language("en"):
        assert current_language() == "en"
        assert t("復元しました: {path}", path="/tmp/x.zip") == "Restored: /tmp/x.zip"
        assert t("見たことのない文") == "見たことのない文"  # not in the catalog: Japanese
        with using_language("ja"):
            assert t("復元しました: {path}", path="a") == "復元しました: a"
        assert current_language() == "en"
    assert current_language() == "ja"  # tests run with COMPANION_LANG=ja


def test_a_formatted_known_error_is_matched_against_the_templates(tmp_path: Path) -> None:
    from companion.db.database import require_database

    with pytest.raises(KnownError) as missing:
        require_database(DataPaths(tmp_path / "nowhere"))
    with using_language("en"):
        assert translate_error(missing.value) == (
            f"The data folder was not found: {tmp_path / 'nowhere'} "
            "Check the --data-dir option, or create data with companion demo.")
        zip_error = KnownError("zip ファイルが壊れています: a (b).zip (Bad magic number)")
        assert t(zip_error.message) == "The zip file is damaged: a (b).zip (Bad magic number)"
        unknown = KnownError("知らないエラー", hint="復旧用パスフレーズが違います。")
        assert translate_error(unknown) == "知らないエラー The recovery passphrase is wrong."
    with using_language("ja"):
        assert translate_error(missing.value) == str(missing.value)


def test_the_catalog_keeps_every_placeholder_and_has_no_japanese_left() -> None:
    for japanese, english in MESSAGES.items():
        assert set(PLACEHOLDER.findall(japanese)) == set(PLACEHOLDER.findall(english)), japanese
        assert not JAPANESE.search(english), english


def _translated_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [str(node.args[0].value) for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "t"
            and node.args and isinstance(node.args[0], ast.Constant)]


@pytest.mark.parametrize("module", ["cli.py", "app.py"])
def test_every_fixed_message_of_the_command_line_is_in_the_catalog(module: str) -> None:
    literals = _translated_literals(PACKAGE / module)
    assert literals
    assert [text for text in literals if text not in MESSAGES] == []


def test_the_common_known_errors_are_in_the_catalog() -> None:
    """The errors met before anything works: data folder, database, passphrase, files."""
    common = [
        "データフォルダが見つかりません: /x", "データベースがありません: /x/companion.db",
        "データベースを開けません(壊れているか、鍵が違います): /x/companion.db",
        "データベースが他のプログラムで使用中です: /x/companion.db",
        "ディスクの空き容量が足りません。", "データベースに書き込めません: /x/companion.db",
        "このデータベースは新しいバージョンの Companion で作成されています(改訂 abc123)。",
        "復旧用パスフレーズが必要です。", "復旧用パスフレーズが違います。",
        "復旧用パスフレーズは10文字以上にしてください。",
        "暗号化されたデータベースの鍵ファイルがありません: /x/recovery-key.json",
        "復旧用の鍵ファイルを読めません: /x/recovery-key.json (Expecting value)",
        "zip ファイルではありません(壊れているか途中で切れています): b.zip",
        "ファイルがありません: /x/b.zip", "バックアップファイルがありません: /x/b.zip",
        "Companion のバックアップ形式ではありません: b.zip",
        "保存先のフォルダがありません: /x", "案件IDの形式が正しくありません: 12",
        "案件が見つかりません: 12", "このデータフォルダは別の Companion で使用中です: /x",
        "二つのパスフレーズが一致しません。",
    ]
    with using_language("en"):
        untranslated = [message for message in common if JAPANESE.search(t(message))]
    assert untranslated == []


def test_the_language_modules_load_no_qt() -> None:
    code = ("import sys, companion.i18n, companion.cli_messages_en\n"
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
