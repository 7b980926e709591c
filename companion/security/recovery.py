"""The recovery copy of the data key, wrapped by the user's passphrase.

The data key is random; the keyring holds it for everyday starts. This file, kept
beside the database, holds the same key encrypted with a key derived from the
recovery passphrase (scrypt, memory-hard, then AES-256-GCM). With the passphrase a new
laptop, or a machine whose keyring was lost, opens the data. The file names its KDF
parameters so they can be raised later without breaking old files.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from companion.atomic import write_atomically
from companion.errors import KnownError

FORMAT = "companion-recovery-key"
VERSION = 1
KEY_BYTES = 32
MIN_PASSPHRASE_LENGTH = 10
# scrypt cost: 2**17 * 8 * 128 bytes = 128 MiB of memory, about 0.3 s here. Stored in
# the file so that a later version can raise it.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1


@dataclass(frozen=True)
class RecoveryFile:
    key_id: str
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def associated_data(self) -> bytes:
        return f"{FORMAT}/{VERSION}/{self.key_id}".encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def normalise_passphrase(passphrase: str) -> bytes:
    # NFC so that the same Japanese passphrase typed on macOS and Windows is equal.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(unicodedata.normalize("NFC", passphrase.strip())) < MIN_PASSPHRASE_LENGTH:
        raise KnownError(
            f"復旧用パスフレーズは{MIN_PASSPHRASE_LENGTH}文字以上にしてください。",
            hint="忘れない文章(日本語可)をおすすめします。",
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(normalise_passphrase(passphrase))


def wrap(key: bytes, passphrase: str, *, key_id: str | None = None) -> RecoveryFile:
    salt, nonce = os.urandom(16), os.urandom(12)
    draft = RecoveryFile(key_id=key_id or uuid.uuid4().hex, salt=salt, nonce=nonce, wrapped_key=b"")
    wrapping_key = _derive(passphrase, salt, draft.n, draft.r, draft.p)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, key, draft.associated_data())
    return RecoveryFile(key_id=draft.key_id, salt=salt, nonce=nonce, wrapped_key=wrapped)


def unwrap(recovery: RecoveryFile, passphrase: str) -> bytes:
    wrapping_key = _derive(passphrase, recovery.salt, recovery.n, recovery.r, recovery.p)
    try:
        return AESGCM(wrapping_key).decrypt(recovery.nonce, recovery.wrapped_key,
                                             recovery.associated_data())
    except InvalidTag:
        raise KnownError("復旧用パスフレーズが違います。", hint="もう一度入力してください。") from None


def save(recovery: RecoveryFile, path: Path) -> None:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "key_id": recovery.key_id,
        "kdf": {"name": "scrypt", "n": recovery.n, "r": recovery.r, "p": recovery.p,
                "salt": _b64(recovery.salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(recovery.nonce)},
        "wrapped_key": _b64(recovery.wrapped_key),
    }
    write_atomically(path, json.dumps(document, indent=2).encode())


def load(path: Path) -> RecoveryFile:
    try:
        document = json.loads(path.read_bytes())
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError("unknown format")
        kdf, cipher = document["kdf"], document["cipher"]
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM":
            raise ValueError("unknown algorithm")
        return RecoveryFile(
            key_id=str(document["key_id"]),
            salt=base64.b64decode(kdf["salt"], validate=True),
            nonce=base64.b64decode(cipher["nonce"], validate=True),
            wrapped_key=base64.b64decode(document["wrapped_key"], validate=True),
            n=int(kdf["n"]), r=int(kdf["r"]), p=int(kdf["p"]),
        )
    except FileNotFoundError:
        raise KnownError(f"復旧用の鍵ファイルがありません: {path}") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KnownError(f"復旧用の鍵ファイルを読めません: {path} ({exc})") from exc
