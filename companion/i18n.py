"""Which language Companion speaks, and the command line's own translations (no Qt).

Japanese is the source language: every message is written in Japanese in the code and
English is looked up. The window uses Qt's translator (``companion.ui.i18n``); the
command line cannot import Qt, so it looks its fixed messages up here, in the small
catalog ``companion.cli_messages_en`` (Japanese template -> English template).

The language in force is, first to last:

1. ``COMPANION_LANG`` (``ja``, ``en`` or ``auto``) - for one command, a script or a test;
2. the ``language`` setting of the data folder (``auto``/``ja``/``en``);
3. the system: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set (on
   Windows, the user's locale) - Japanese when it names Japanese, English when it names
   another language. A locale that names no language (``C``, ``POSIX``, unset) keeps
   Japanese, the language the app is written in and the one its users mostly speak.

A ``KnownError`` carries its message as a template (the message id) and the values that
go into it (``companion.errors.Message``), so it is translated by looking the template up
and formatting the English, never by parsing formatted Japanese back. The window shows
errors through the same catalogue (``companion.ui.i18n.known_error_texts``).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from companion.errors import Message

if TYPE_CHECKING:
    from companion.settings import Settings

LANGUAGE_ENV = "COMPANION_LANG"
JAPANESE, ENGLISH, AUTO = "ja", "en", "auto"
SUPPORTED = (JAPANESE, ENGLISH)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# The language of the command running now (set by ``using_language``; None: work it
# out from the environment and the default data folder).
_in_force: ContextVar[str | None] = ContextVar("companion_language", default=None)


def language_of_locale(name: str | None) -> str | None:
    """``ja_JP.UTF-8``/``Japanese_Japan`` -> ja, ``en_US``/``de_DE`` -> en; None for a
    locale that names no language (``C``, ``POSIX``, empty)."""
    if not name:
        return None
    base = name.split(".")[0].split("@")[0].strip()
    if not base or base.upper() in ("C", "POSIX"):
        return None
    return JAPANESE if base.lower().startswith("ja") else ENGLISH


def system_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the system asks for (see the module's docstring, step 3)."""
    environ = os.environ if environ is None else environ
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:  # POSIX: the first one set decides, even if it names no language
            return language_of_locale(value) or JAPANESE
    if os.name == "nt":  # pragma: no cover - Windows sets no LANG
        return language_of_locale(locale.getlocale(locale.LC_CTYPE)[0]) or JAPANESE
    return JAPANESE


def normalise_choice(value: str | None) -> str | None:
    """``ja``/``en``/``auto`` (also ``en_US``, ``JA``) or None when it names nothing."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.lower() == AUTO:
        return AUTO
    return language_of_locale(value)


def requested_language(setting: str | None = None,
                       environ: Mapping[str, str] | None = None) -> str:
    """``COMPANION_LANG`` if it is set, else the ``language`` setting: ja, en or auto."""
    environ = os.environ if environ is None else environ
    return (normalise_choice(environ.get(LANGUAGE_ENV)) or normalise_choice(setting)
            or AUTO)


def resolve(requested: str | None, environ: Mapping[str, str] | None = None) -> str:
    """ja or en: ``requested`` when it is one of them, else the system's language."""
    choice = normalise_choice(requested)
    return choice if choice in SUPPORTED else system_language(environ)


def folder_settings(data_dir: str | os.PathLike[str] | None = None) -> Settings | None:
    """The data folder's settings, read once (None when there is no usable folder or
    its settings cannot be read: a broken settings file must not stop an error message)."""
    from companion.paths import resolve_data_paths
    from companion.settings import Settings

    try:
        return Settings(resolve_data_paths(data_dir).settings_file)
    except Exception:  # no usable folder: the locale decides
        return None


def cli_language(data_dir: str | os.PathLike[str] | None = None,
                 environ: Mapping[str, str] | None = None, *,
                 settings: Settings | None = None) -> str:
    """The command line's language: ``COMPANION_LANG``, the folder's setting (from
    ``settings`` when the command has read them, else from ``data_dir``), the locale."""
    environ = os.environ if environ is None else environ
    if normalise_choice(environ.get(LANGUAGE_ENV)) in SUPPORTED:
        return resolve(environ.get(LANGUAGE_ENV), environ)
    if settings is None:
        settings = folder_settings(data_dir)
    setting = str(settings.get("language")) if settings is not None else None
    return resolve(requested_language(setting, environ), environ)


@contextmanager
def using_language(language: str) -> Iterator[str]:
    """Within the block, ``t`` and ``translate_error`` speak ``language`` (ja/en/auto)."""
    resolved = resolve(language)
    token = _in_force.set(resolved)
    try:
        yield resolved
    finally:
        _in_force.reset(token)


def current_language() -> str:
    return _in_force.get() or cli_language()


def _catalog() -> Mapping[str, str]:
    from companion.cli_messages_en import MESSAGES

    return MESSAGES


def translate(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` (default: the one in force).

    A ``Message`` (``companion.errors``) is looked up by its template and the English
    formatted with its values (translated in turn when they are messages); a plain
    string is looked up as it is. Anything not in the catalogue stays Japanese."""
    if (language or current_language()) != ENGLISH:
        return str(text)
    catalog = _catalog()
    if isinstance(text, Message) and text.fields:
        english = catalog.get(text.template)
        if english is None:
            return str(text)
        # values are translated too: a nested message, or a field name such as 事業者名
        values = {name: translate(value, ENGLISH) if isinstance(value, str) else value
                  for name, value in text.fields.items()}
        try:
            return english.format(**values)
        except (KeyError, IndexError, ValueError):  # a catalogue slip must not hide the error
            return str(text)
    return catalog.get(str(text), str(text))


def t(text: str, /, **fields: Any) -> str:
    """``text`` (a Japanese message or template, the message id) in the language in
    force, formatted with ``fields``. Anything not in the catalogue stays Japanese."""
    return translate(Message(text, **fields) if fields else text)


def translate_error(error: BaseException) -> str:
    """A ``KnownError`` as one line: its message and hint, each translated if known."""
    message = getattr(error, "message", None)
    if message is None:
        return translate(str(error))
    hint = getattr(error, "hint", "")
    return f"{translate(message)} {translate(hint) if hint else ''}".strip()
