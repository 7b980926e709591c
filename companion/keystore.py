"""Secrets in the OS keyring. Never written anywhere in plain text.

``MemoryKeyring`` is a real keyring backend that keeps secrets in process memory;
tests install it with ``keyring.set_keyring`` so no test touches the user's keychain.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError

from companion import APP_NAME
from companion.errors import KnownError

log = logging.getLogger("companion.keystore")

PLAIN_TEXT_BACKENDS = ("PlaintextKeyring", "keyrings.alt.file", "Windows.RegistryKeyring")


class MemoryKeyring(KeyringBackend):
    """A keyring held in memory (tests, and nothing else)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class KeyringUnavailable(KnownError):
    """No usable OS keyring (headless Linux, locked keychain): ask the user instead."""


class SecretStore:
    """Named secrets kept in the OS keyring under one service name."""

    def __init__(self, *, service: str = APP_NAME) -> None:
        self._service = service

    @staticmethod
    def backend_name() -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def _refuse_plain_text(self) -> None:
        # keyrings.alt's file backends keep secrets readable on disk: a data key there
        # would sit beside the database it unlocks.
        name = self.backend_name()
        if any(word in name for word in PLAIN_TEXT_BACKENDS):
            raise KeyringUnavailable("安全でないキーリング({name})は使いません。", name=name)

    def get(self, name: str) -> str | None:
        self._refuse_plain_text()
        try:
            return keyring.get_password(self._service, name)
        except KeyringError as exc:
            raise KeyringUnavailable("OSのキーリングを読めません: {reason}", reason=exc) from exc

    def put(self, name: str, secret: str) -> None:
        self._refuse_plain_text()
        try:
            keyring.set_password(self._service, name, secret)
        except KeyringError as exc:
            raise KeyringUnavailable("OSのキーリングに保存できません: {reason}", reason=exc) from exc
