"""Secrets in the OS keyring. Never written anywhere in plain text.

``MemoryKeyring`` is a real keyring backend that keeps secrets in process memory;
tests install it with ``keyring.set_keyring`` so no test touches the user's keychain.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from companion import APP_ID
from companion.errors import KnownError

log = logging.getLogger("companion.keystore")


class MemoryKeyring(KeyringBackend):
    """A keyring held in memory (tests, and nothing else)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class SecretStore:
    """Named secrets of one data folder, kept in the OS keyring."""

    def __init__(self, *, scope: str) -> None:
        self._service = f"{APP_ID}:{scope}"

    @staticmethod
    def backend_name() -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(self._service, name)
        except NoKeyringError as exc:
            raise KnownError(
                "OSのキーリングが使えません。", hint="復旧用パスフレーズで開いてください。"
            ) from exc
        except KeyringError as exc:
            raise KnownError(f"キーリングを読めません: {exc}") from exc

    def put(self, name: str, secret: str) -> None:
        try:
            keyring.set_password(self._service, name, secret)
        except KeyringError as exc:
            raise KnownError(f"キーリングに保存できません: {exc}") from exc
