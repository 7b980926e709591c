"""The window's language: Qt translators for Companion's own text and for Qt's.

Japanese is the source language of the UI: every string in the code is Japanese, inside
``self.tr()`` or ``QCoreApplication.translate()``. English comes from
``resources/translations/companion_en.qm``, compiled from the committed
``companion_en.ts`` by ``scripts/build-translations`` (``scripts/update-translations``
collects new strings into the .ts). Qt's own strings (standard buttons, the context
menu of a text field) come from Qt's ``qtbase_<lang>.qm`` when Qt ships it.

The language follows the system (``QLocale.system()``: Japanese unless it names another
language; a locale that names none, such as ``C``, keeps Japanese), unless
``COMPANION_LANG`` or the ``language`` setting (auto/ja/en) says otherwise.

Switching at run time (表示 > 言語, or the 設定 page) installs the new translators and
rebuilds the main window (``MainWindow.set_language``); see there for why.
"""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from companion.domain.calendar import fiscal_year_label
from companion.i18n import AUTO, ENGLISH, JAPANESE, normalise_choice, requested_language
from companion.paths import resource

log = logging.getLogger("companion.ui.i18n")

UI_TRANSLATOR = "companion-ui-translator"  # objectName of Companion's own translator
QT_TRANSLATOR = "companion-qt-translator"  # and of Qt's (qtbase)
QT_GAPS_TRANSLATOR = "companion-qt-gaps-translator"  # and of what qtbase_ja lacks
LANGUAGE_PROPERTY = "companion_language"  # the application's property: ja or en
LOCALES = {JAPANESE: "ja_JP", ENGLISH: "en_JP"}  # en_JP: English words, yyyy/MM/dd dates
# Each language is offered under its own name, so whoever cannot read the current
# language still finds theirs (these are deliberately not translated).
LANGUAGE_NAMES = {JAPANESE: "日本語", ENGLISH: "English"}


def translations_dir() -> Path:
    return resource("translations")


def system_ui_language() -> str:
    """ja or en from ``QLocale.system()`` (Windows and macOS settings, or the Unix locale
    variables): Japanese, or a locale that names no language -> ja; another -> en."""
    language = QLocale.system().language()
    if language in (QLocale.Language.Japanese, QLocale.Language.C,
                    QLocale.Language.AnyLanguage):
        return JAPANESE
    return ENGLISH


def resolve_ui_language(language: str | None) -> str:
    """ja or en for ``language`` (ja/en/auto/None, or a locale name such as en_US);
    ``COMPANION_LANG`` is not consulted here (see ``requested_ui_language``)."""
    choice = normalise_choice(language)
    return choice if choice in (JAPANESE, ENGLISH) else system_ui_language()


def requested_ui_language(setting: str | None) -> str:
    """What the user asked for at start: ``COMPANION_LANG``, else the setting (or auto)."""
    return requested_language(setting)


# Qt's own strings that Qt 6's qtbase_ja.qm does not translate (its catalogue keeps the
# Qt 5 texts without the accelerator): the file dialog would say "Look in:".
QT_JAPANESE_GAPS = {
    ("QFileDialog", "&Look in:"): "場所(&I):",
    ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
    ("QFileDialog", "Computer"): "コンピューター",
    ("QFileSystemModel", "Computer"): "コンピューター",
}


class QtGapsTranslator(QTranslator):
    """Japanese for the few Qt strings ``qtbase_ja.qm`` lacks (``QT_JAPANESE_GAPS``)."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str:
        return QT_JAPANESE_GAPS.get((context, source_text))  # type: ignore[return-value]

    def isEmpty(self) -> bool:
        return False


def remove_translators(app: QCoreApplication) -> None:
    """Uninstall the translators ``install_translator`` installed (back to Japanese)."""
    for translator in app.findChildren(QTranslator):
        if translator.objectName() in (UI_TRANSLATOR, QT_TRANSLATOR, QT_GAPS_TRANSLATOR):
            app.removeTranslator(translator)
            translator.setParent(None)
            translator.deleteLater()
    QLocale.setDefault(QLocale(LOCALES[JAPANESE]))
    app.setProperty(LANGUAGE_PROPERTY, JAPANESE)


def _load(app: QCoreApplication, name: str, file_name: str, folder: str | Path) -> bool:
    translator = QTranslator(app)
    translator.setObjectName(name)
    if translator.load(file_name, str(folder)) and app.installTranslator(translator):
        return True
    translator.setParent(None)
    translator.deleteLater()
    return False


def language_is_built(language: str, *, folder: Path | None = None) -> bool:
    """Whether the UI can speak ``language`` (ja always; another when its .qm is there)."""
    wanted = resolve_ui_language(language)
    return wanted == JAPANESE or (folder or translations_dir()).joinpath(
        f"companion_{wanted}.qm").is_file()


def install_translator(app: QCoreApplication, language: str | None = AUTO, *,
                       folder: Path | None = None) -> str:
    """Speak ``language`` (ja, en or auto) from now on; returns the language in force.

    Replaces the translators installed before. English needs ``companion_en.qm`` (in
    ``folder``, by default ``resources/translations``); without it (translations not
    compiled: run ``scripts/build-translations``) the UI stays Japanese and "ja" is
    returned. Widgets built before keep their text: see ``MainWindow.set_language``.
    """
    wanted = resolve_ui_language(language)
    remove_translators(app)
    in_force = JAPANESE
    if wanted != JAPANESE:
        source = folder or translations_dir()
        if _load(app, UI_TRANSLATOR, f"companion_{wanted}.qm", source):
            in_force = wanted
        else:
            log.warning("no compiled translation companion_%s.qm in %s (run "
                        "scripts/build-translations); the UI stays Japanese", wanted, source)
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not _load(app, QT_TRANSLATOR, f"qtbase_{in_force}.qm", qt_folder):
        log.warning("Qt has no qtbase_%s.qm in %s; Qt's own text (file dialogs, standard "
                    "buttons) stays English", in_force, qt_folder)
    if in_force == JAPANESE:  # installed last: asked first, for its few strings only
        gaps = QtGapsTranslator(app)
        gaps.setObjectName(QT_GAPS_TRANSLATOR)
        app.installTranslator(gaps)
    QLocale.setDefault(QLocale(LOCALES[in_force]))
    app.setProperty(LANGUAGE_PROPERTY, in_force)
    log.info("UI language: %s (asked for %s)", in_force, language or AUTO)
    return in_force


def language_in_force(app: QCoreApplication | None = None) -> str:
    """ja or en: what ``install_translator`` last put in force (ja before it ran)."""
    app = app or QCoreApplication.instance()
    value = app.property(LANGUAGE_PROPERTY) if app is not None else None
    return value if value in (JAPANESE, ENGLISH) else JAPANESE


def enum_label(member: Enum) -> str:
    """A domain vocabulary value (``EngagementStatus.ACTIVE`` = 進行中) as the UI shows it.

    The values are Japanese and stored as they are; the screen translates them in the
    context of their enum class (``scripts/update-translations`` collects them from
    ``companion/domain/enums.py``)."""
    return QCoreApplication.translate(type(member).__name__, str(member.value))


def fiscal_year_text(fiscal_year: int, *, wareki: bool = True) -> str:
    """A fiscal year as the screen names it: 令和7年度 / 2025年度, or FY2025 in English
    (the era names mean nothing there; the year of its April does)."""
    if language_in_force() == ENGLISH:
        return f"FY{fiscal_year}"
    return fiscal_year_label(fiscal_year, wareki=wareki)


def vocabulary_label(vocabulary: type[Enum], value: str) -> str:
    """``enum_label`` for a value a row carries as plain text (``VisitLine.mode``)."""
    return QCoreApplication.translate(vocabulary.__name__, value)


def known_error_texts(error: BaseException) -> tuple[str, str]:
    """A ``KnownError``'s message and hint in the UI's language, from the one catalogue
    (``companion.cli_messages_en``) by their templates and values; a message with no
    English stays Japanese."""
    from companion.i18n import translate

    language = language_in_force()
    message = getattr(error, "message", None)
    hint = getattr(error, "hint", "")
    if message is None:
        return translate(str(error), language), ""
    return translate(message, language), translate(hint, language) if hint else ""
