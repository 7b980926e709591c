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

Messages that are not in the catalog (most ``KnownError`` messages from the services)
stay Japanese; the catalog has the common ones a user meets before anything works
(missing data folder, locked or corrupt database, passphrase problems, bad files).
"""

from __future__ import annotations

import locale
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

LANGUAGE_ENV = "COMPANION_LANG"
JAPANESE, ENGLISH, AUTO = "ja", "en", "auto"
SUPPORTED = (JAPANESE, ENGLISH)
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

# The language of the command running now (set by ``using_language``; None: work it
# out from the environment and the default data folder).
_in_force: ContextVar[str | None] = ContextVar("companion_language", default=None)
_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rsa])?(?::[^{}]*)?\}")


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


def language_setting(settings_file: Path) -> str | None:
    """The data folder's ``language`` setting (None when it cannot be read)."""
    from companion.settings import Settings

    try:
        return str(Settings(settings_file).get("language"))
    except Exception:  # a broken settings file must not stop an error message
        return None


def cli_language(data_dir: str | os.PathLike[str] | None = None,
                 environ: Mapping[str, str] | None = None) -> str:
    """The command line's language: ``COMPANION_LANG``, the folder's setting, the locale."""
    environ = os.environ if environ is None else environ
    if normalise_choice(environ.get(LANGUAGE_ENV)) in SUPPORTED:
        return resolve(environ.get(LANGUAGE_ENV), environ)
    from companion.paths import resolve_data_paths

    try:
        settings_file = resolve_data_paths(data_dir).settings_file
    except Exception:  # no usable folder: the locale decides
        setting = None
    else:
        setting = language_setting(settings_file) if settings_file.is_file() else None
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


def _pattern(template: str) -> re.Pattern[str]:
    """A regular expression that matches ``template`` formatted with any values."""
    parts: list[str] = []
    position = 0
    seen: set[str] = set()
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position:match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>.+?)")
        seen.add(name)
        position = match.end()
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


def _english(text: str, fields: Mapping[str, Any]) -> str | None:
    catalog = _catalog()
    if fields:
        english = catalog.get(text)
        return None if english is None else english.format(**fields)
    if text in catalog:
        return catalog[text]
    for template, english in catalog.items():
        if "{" not in template:
            continue
        match = _pattern(template).fullmatch(text)
        if match is not None:
            return english.format(**match.groupdict())
    return None


def t(text: str, /, **fields: Any) -> str:
    """``text`` (a Japanese message or template) in the language in force.

    With ``fields``, ``text`` is a template (``"復元しました: {path}"``) formatted with
    them; without, an already formatted message is matched against the catalog's
    templates, so a service's ``KnownError`` message is translated when it is known.
    Anything not in the catalog stays Japanese.
    """
    if current_language() == ENGLISH:
        english = _english(text, fields)
        if english is not None:
            return english
    return text.format(**fields) if fields else text


def translate_error(error: BaseException) -> str:
    """A ``KnownError`` as one line: its message and hint, each translated if known."""
    message = getattr(error, "message", None)
    if message is None:
        return t(str(error))
    hint = getattr(error, "hint", "")
    return f"{t(message)} {t(hint) if hint else ''}".strip()
