"""The command line's language (companion.i18n): which one, and its English catalog."""

from __future__ import annotations

import ast
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli_messages_en import MESSAGES
from companion.errors import (
    EngagementNotFound,
    KnownError,
    Message,
    NotFoundError,
    ValidationError,
)
from companion.i18n import (
    LANGUAGE_ENV,
    cli_language,
    current_language,
    language_of_locale,
    requested_language,
    resolve,
    system_language,
    t,
    translate,
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


def test_a_known_error_is_translated_by_its_template_and_values(tmp_path: Path) -> None:
    from companion.db.database import require_database

    with pytest.raises(KnownError) as missing:
        require_database(DataPaths(tmp_path / "nowhere"))
    assert missing.value.message.template == "データフォルダが見つかりません: {path}"
    with using_language("en"):
        assert translate_error(missing.value) == (
            f"The data folder was not found: {tmp_path / 'nowhere'} "
            "Check the --data-dir option, or create data with companion demo.")
        zip_error = KnownError("zip ファイルが壊れています: {name} ({reason})",
                               name="a (b).zip", reason="Bad magic number")
        assert zip_error.message == "zip ファイルが壊れています: a (b).zip (Bad magic number)"
        assert translate(zip_error.message) == (
            "The zip file is damaged: a (b).zip (Bad magic number)")
        # formatted text is never parsed back: only the template is an id
        assert t("zip ファイルが壊れています: a.zip (x)") == "zip ファイルが壊れています: a.zip (x)"
        unknown = KnownError("知らないエラー", hint="復旧用パスフレーズが違います。")
        assert translate_error(unknown) == "知らないエラー The recovery passphrase is wrong."
        nested = Message("問題: {problem}", problem=Message("ファイルがありません: {path}",
                                                           path="/x"))
        assert translate(nested) == "Problem: There is no such file: /x"
        # a field's name goes in as a value and reaches English too
        assert translate(Message("{label}を入力してください。", label="事業者名")) == (
            "Enter the business name.")
    with using_language("ja"):
        assert translate_error(missing.value) == str(missing.value)


def test_a_known_error_keeps_its_template_and_values_across_processes() -> None:
    error = EngagementNotFound("42")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is EngagementNotFound
    assert (copy.message.template, copy.message.fields, str(copy)) == (
        error.message.template, error.message.fields, str(error))
    with using_language("en"):
        assert translate_error(copy) == (
            "Engagement not found: 42 Look the engagement ID up with companion list engagements.")


def test_braces_in_a_value_are_not_a_template() -> None:
    error = KnownError("ファイルがありません: {path}", path="/x/{a}.zip")
    assert str(error) == "ファイルがありません: /x/{a}.zip"
    with using_language("en"):
        assert translate_error(error) == "There is no such file: /x/{a}.zip"


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


def _calls_of_known_errors(tree: ast.AST) -> list[tuple[ast.Call, list[ast.expr]]]:
    """Calls that make a KnownError or a Message: each with its message and hint."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = (func.id if isinstance(func, ast.Name)
                else func.attr if isinstance(func, ast.Attribute) else "")
        if name == "__init__" and isinstance(func, ast.Attribute) and isinstance(
                func.value, ast.Call) and getattr(func.value.func, "id", "") == "super":
            name = "KnownError"  # a subclass's own message: super().__init__("...")
        if name not in ERROR_CLASSES:
            continue
        first = ARGUMENTS_BEFORE_THE_MESSAGE.get(name, 0)
        texts = [*node.args[first:first + 1],
                 *(keyword.value for keyword in node.keywords if keyword.arg == "hint")]
        calls.append((node, texts))
    return calls


def _error_classes() -> set[str]:
    """KnownError and every subclass defined in companion/, plus Message."""
    names = {"KnownError", "Message"}
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in PACKAGE.rglob("*.py")]
    grew = True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if (isinstance(node, ast.ClassDef) and node.name not in names
                        and any(getattr(base, "id", "") in names for base in node.bases)):
                    names.add(node.name)
                    grew = True
    return names


ERROR_CLASSES = _error_classes()
# RollbackRefused(lost, message), EngagementNotFound(engagement_id): no message argument
ARGUMENTS_BEFORE_THE_MESSAGE = {"RollbackRefused": 1, "EngagementNotFound": 1}
# Modules other engineers own while issue 15 is under way; their raise sites still format
# Japanese themselves. Remove each one from here when its errors are templates.
NOT_YET_TEMPLATES: set[str] = set()


def _templates() -> dict[str, str]:
    """Every KnownError/Message template written in companion/: text -> where."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call, texts in _calls_of_known_errors(tree):
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value:
                    found.setdefault(text.value, f"{path.relative_to(PACKAGE)}:{call.lineno}")
    return found


def test_known_errors_are_raised_as_templates_not_formatted_text() -> None:
    """A message formatted before it is raised cannot be looked up: f-strings are out."""
    formatted = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where in NOT_YET_TEMPLATES or where.startswith("db/migrations/"):
            continue
        for call, texts in _calls_of_known_errors(ast.parse(path.read_text(encoding="utf-8"))):
            if any(isinstance(text, ast.JoinedStr) for text in texts):
                formatted.append(f"{where}:{call.lineno}")
    assert formatted == []


def test_every_known_error_template_has_english() -> None:
    templates = _templates()
    assert "データフォルダが見つかりません: {path}" in templates
    assert {text: where for text, where in templates.items() if text not in MESSAGES} == {}


class _AnyValue:
    """A value that takes any format spec ({size:.0f}, {end:%H:%M})."""

    def __format__(self, spec: str) -> str:
        return "x"


def test_every_template_formats_with_the_values_its_english_uses() -> None:
    for japanese, english in MESSAGES.items():
        values = {name: _AnyValue() for name in PLACEHOLDER.findall(japanese)}
        english.format(**values)


def test_an_engagement_that_is_not_there_is_said_in_one_place() -> None:
    places = [f"{path.relative_to(PACKAGE)}" for path in PACKAGE.rglob("*.py")
              if "案件が見つかりません" in path.read_text(encoding="utf-8")
              and path.name != "cli_messages_en.py"]
    assert places == ["errors.py"]
    with pytest.raises(NotFoundError) as error:
        raise EngagementNotFound("42")
    assert isinstance(error.value, ValidationError) and error.value.field == "engagement"


def test_the_language_modules_load_no_qt() -> None:
    code = ("import sys, companion.i18n, companion.cli_messages_en\n"
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
