"""Two kinds of failure (STYLE.md habit 5).

A KnownError is caused by the user or the environment (a missing folder, a locked or
corrupt database, a bad file). It carries a message a practitioner can act on and is
shown politely, as one line in the CLI or a message box in the app. Anything else is a
bug: it is logged with its traceback and shown in a crash dialog.

Messages are raised as their Japanese *template* (the message id) and the values that go
into it, never as text formatted beforehand::

    raise KnownError("ファイルがありません: {path}", hint="...", path=path)

``error.message`` and ``str(error)`` are the formatted Japanese; ``companion.i18n``
looks the template up in the catalogue (``companion.cli_messages_en``) and formats the
English with the same values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Message(str):
    """Formatted Japanese text that remembers its template and values, so it can be
    translated later (``companion.i18n.translate``) without parsing the text back.

    ``Message("復元しました: {path}", path=p)`` is the string ``"復元しました: /x"``;
    without values the template is the text as it is (braces and all)."""

    template: str
    fields: Mapping[str, Any]

    def __new__(cls, template: str, /, **fields: Any) -> Message:
        if isinstance(template, Message) and not fields:
            return template
        text = str(template).format(**fields) if fields else str(template)
        made = super().__new__(cls, text)
        made.template = str(template)
        made.fields = fields
        return made

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across process pools
        return (_message, (self.template, dict(self.fields)))


def _message(template: str, fields: dict[str, Any]) -> Message:
    return Message(template, **fields)


class KnownError(Exception):
    """A failure with a clear, user-facing message (Japanese by default).

    ``message`` and ``hint`` are templates (message ids) formatted with ``fields``; a
    ``Message`` may be given instead, with its own values."""

    def __init__(self, message: str, /, *, hint: str = "", **fields: Any) -> None:
        self.message = message if isinstance(message, Message) else Message(message, **fields)
        self.hint = (hint if isinstance(hint, Message) else
                     Message(hint, **fields) if hint else Message(""))
        self.fields = fields
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()

    def __reduce__(self) -> tuple[Any, ...]:  # subclasses' own arguments differ
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


def _rebuild(cls: type[KnownError], args: tuple[Any, ...],
             state: dict[str, Any]) -> KnownError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class NotFoundError(KnownError):
    """A record the user named does not exist."""


class ValidationError(KnownError):
    """Input that breaks a domain rule; nothing was saved."""

    def __init__(self, message: str, /, *, field: str = "", hint: str = "",
                 **fields: Any) -> None:
        super().__init__(message, hint=hint, **fields)
        self.field = field


class EngagementNotFound(NotFoundError, ValidationError):
    """An engagement id that names no engagement (deleted, or mistyped): the one place
    that says so. It is also a ValidationError of the field ``engagement``."""

    def __init__(self, engagement_id: object, *,
                 hint: str = "companion list engagements で案件IDを確認してください。"
                 ) -> None:
        super().__init__("案件が見つかりません: {id}", field="engagement", hint=hint,
                         id=engagement_id)
        self.engagement_id = engagement_id
