"""Getting the data key of a data folder: from the OS keyring, or by passphrase.

First start: a random 256-bit key is made, wrapped by the recovery passphrase the user
chooses (``recovery-key.json``), and stored in the keyring. Later starts read it from
the keyring; when the keyring is unavailable (a headless Linux, a locked keychain) or
does not know the key (a new laptop), the user is asked for the passphrase every start.
The key is never written anywhere in plain text.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from companion.atomic import create_exclusively
from companion.errors import KnownError
from companion.keystore import KeyringUnavailable, SecretStore
from companion.paths import DataPaths
from companion.security import recovery

log = logging.getLogger("companion.security")

KEYRING_SERVICE = "Companion"


class PassphrasePurpose(Enum):
    CREATE = "create"  # first start: choose a new recovery passphrase
    UNLOCK = "unlock"  # the keyring cannot give the key: type the passphrase


# Asked for a passphrase; returns it, or raises KnownError when none can be had.
AskPassphrase = Callable[[PassphrasePurpose], str]


@dataclass(frozen=True)
class UnlockedKey:
    key: bytes
    key_id: str
    from_keyring: bool
    keyring_available: bool
    keyring_backend: str


def _keyring_name(key_id: str) -> str:
    return f"data-key-{key_id}"


def _store() -> SecretStore:
    return SecretStore(service=KEYRING_SERVICE)


def _remember(store: SecretStore, key_id: str, key: bytes) -> bool:
    """Put the key in the keyring; False (and a log line) when there is none."""
    try:
        store.put(_keyring_name(key_id), key.hex())
    except KeyringUnavailable as exc:
        log.warning("keyring unavailable (%s); the passphrase will be asked each start", exc)
        return False
    return True


def remember_key(key_id: str, key: bytes) -> bool:
    return _remember(_store(), key_id, key)


def has_data_key(paths: DataPaths) -> bool:
    return paths.recovery_file.is_file()


def create_data_key(paths: DataPaths, ask: AskPassphrase) -> UnlockedKey:
    """First start: make the key, write its recovery copy, keep it in the keyring.

    The recovery file is created exclusively: if another process made one meanwhile,
    this fails with KeyFileExists and nothing is overwritten (the caller holds the
    folder's exclusive lock, so this is a second line of defence)."""
    passphrase = ask(PassphrasePurpose.CREATE)
    recovery.check_new_passphrase(passphrase)
    key = os.urandom(recovery.KEY_BYTES)
    wrapped = recovery.wrap(key, passphrase)
    try:
        create_exclusively(paths.recovery_file, recovery.dumps(wrapped))
    except FileExistsError:
        raise KeyFileExists("鍵ファイルは既にあります: {path}",
                            hint="別の Companion が同時にデータを作成しました。もう一度起動してください。", path=paths.recovery_file) from None
    store = _store()
    stored = _remember(store, wrapped.key_id, key)
    log.info("created data key %s (keyring: %s)", wrapped.key_id, store.backend_name())
    return UnlockedKey(key, wrapped.key_id, from_keyring=False, keyring_available=stored,
                       keyring_backend=store.backend_name())


class KeyFileExists(KnownError):
    """A first start found that a key file had appeared: nothing was overwritten."""


def unlock_data_key(paths: DataPaths, ask: AskPassphrase) -> UnlockedKey:
    """The key of an existing data folder: keyring first, then the passphrase."""
    wrapped = recovery.load(paths.recovery_file)
    store = _store()
    available = True
    try:
        stored = store.get(_keyring_name(wrapped.key_id))
    except KeyringUnavailable as exc:
        log.warning("keyring unavailable (%s); asking for the recovery passphrase", exc)
        stored, available = None, False
    if stored:
        try:
            return UnlockedKey(bytes.fromhex(stored), wrapped.key_id, from_keyring=True,
                               keyring_available=True, keyring_backend=store.backend_name())
        except ValueError:
            log.warning("keyring entry for %s is not a key; asking for the passphrase",
                        wrapped.key_id)
    key = recovery.unwrap(wrapped, ask(PassphrasePurpose.UNLOCK))
    if available:
        available = _remember(store, wrapped.key_id, key)
    return UnlockedKey(key, wrapped.key_id, from_keyring=False, keyring_available=available,
                       keyring_backend=store.backend_name())


def key_from_keyring(paths: DataPaths) -> bytes | None:
    """The data key if the keyring gives it now, asking nothing and writing nothing;
    None when it would take the passphrase (no key file, no usable keyring, no entry,
    an entry that is not a key). The command line's lean read path: on None it opens
    the folder the ordinary way (``unlock_data_key``), which asks."""
    if not has_data_key(paths):
        return None
    try:
        stored = _store().get(_keyring_name(recovery.load(paths.recovery_file).key_id))
    except KnownError:  # an unreadable key file, or no usable keyring
        return None
    try:
        key = bytes.fromhex(stored) if stored else b""
    except ValueError:
        return None
    return key if len(key) == recovery.KEY_BYTES else None


def obtain_data_key(paths: DataPaths, ask: AskPassphrase) -> UnlockedKey:
    if has_data_key(paths):
        return unlock_data_key(paths, ask)
    if paths.database.is_file() and not is_plain_sqlite(paths):
        raise KnownError(
            "暗号化されたデータベースの鍵ファイルがありません: {path}",
            hint="バックアップの recovery-key.json をデータフォルダに戻してください。",
            path=paths.recovery_file,
        )
    return create_data_key(paths, ask)


def change_passphrase(paths: DataPaths, key: bytes, new_passphrase: str) -> None:
    recovery.check_new_passphrase(new_passphrase)
    current = recovery.load(paths.recovery_file)
    recovery.save(recovery.wrap(key, new_passphrase, key_id=current.key_id), paths.recovery_file)


SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(paths: DataPaths) -> bool:
    """An unencrypted SQLite file starts with a readable header; SQLCipher's does not."""
    try:
        with open(paths.database, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False
