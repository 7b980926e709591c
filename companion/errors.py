"""Two kinds of failure (STYLE.md habit 5).

A KnownError is caused by the user or the environment (a missing folder, a locked or
corrupt database, a bad file). It carries a message a practitioner can act on and is
shown politely, as one line in the CLI or a message box in the app. Anything else is a
bug: it is logged with its traceback and shown in a crash dialog.
"""


class KnownError(Exception):
    """A failure with a clear, user-facing message (Japanese by default)."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotFoundError(KnownError):
    """A record the user named does not exist."""


class ValidationError(KnownError):
    """Input that breaks a domain rule; nothing was saved."""

    def __init__(self, message: str, *, field: str = "", hint: str = "") -> None:
        super().__init__(message, hint=hint)
        self.field = field
