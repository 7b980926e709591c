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
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path

from companion.atomic import write_atomically
from companion.errors import KnownError

FORMAT = "companion-recovery-key"
VERSION = 1
KEY_BYTES = 32
MIN_PASSPHRASE_LENGTH = 10
# scrypt cost: 2**17 * 8 * 128 bytes = 128 MiB of memory, about 0.3 s here. Stored in
# the file so that a later version can raise it.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# What ``load`` accepts: a recovery file may come from a crafted backup, and these
# decide the memory and time of unwrapping (scrypt needs 128 * n * r bytes).
MAX_FILE_BYTES = 64 * 1024
N_RANGE, R_RANGE, P_RANGE = (2**14, 2**20), (1, 16), (1, 4)
MAX_SCRYPT_MEMORY = 256 * 1024**2
SALT_BYTES, NONCE_BYTES, WRAPPED_BYTES = (16, 64), 12, KEY_BYTES + 16
_KEY_ID = re.compile(r"[0-9a-fA-F-]{8,64}")


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
            "復旧用パスフレーズは{length}文字以上にしてください。",
            hint="忘れない文章(日本語可)をおすすめします。",
            length=MIN_PASSPHRASE_LENGTH,
        )


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # cryptography is imported only to wrap or unwrap: a start whose key comes from the
    # keyring reads this file for its key id alone (the command line's lean read path).
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(normalise_passphrase(passphrase))


def wrap(key: bytes, passphrase: str, *, key_id: str | None = None) -> RecoveryFile:
    salt, nonce = os.urandom(16), os.urandom(12)
    draft = RecoveryFile(key_id=key_id or uuid.uuid4().hex, salt=salt, nonce=nonce, wrapped_key=b"")
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapping_key = _derive(passphrase, salt, draft.n, draft.r, draft.p)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, key, draft.associated_data())
    return RecoveryFile(key_id=draft.key_id, salt=salt, nonce=nonce, wrapped_key=wrapped)


def unwrap(recovery: RecoveryFile, passphrase: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    wrapping_key = _derive(passphrase, recovery.salt, recovery.n, recovery.r, recovery.p)
    try:
        return AESGCM(wrapping_key).decrypt(recovery.nonce, recovery.wrapped_key,
                                             recovery.associated_data())
    except InvalidTag:
        raise KnownError("復旧用パスフレーズが違います。", hint="もう一度入力してください。") from None


def save(recovery: RecoveryFile, path: Path) -> None:
    write_atomically(path, dumps(recovery))


def dumps(recovery: RecoveryFile) -> bytes:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "key_id": recovery.key_id,
        "kdf": {"name": "scrypt", "n": recovery.n, "r": recovery.r, "p": recovery.p,
                "salt": _b64(recovery.salt)},
        "cipher": {"name": "AES-256-GCM", "nonce": _b64(recovery.nonce)},
        "wrapped_key": _b64(recovery.wrapped_key),
    }
    return json.dumps(document, indent=2).encode()


def load(path: Path) -> RecoveryFile:
    """Read a recovery file, refusing anything outside the bounds below."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise KnownError("復旧用の鍵ファイルがありません: {path}", path=path) from None
    except OSError as exc:
        raise KnownError("復旧用の鍵ファイルを読めません: {path} ({reason})", path=path, reason=exc.strerror or exc) from exc
    return parse(data, name=str(path))


def parse(data: bytes, *, name: str) -> RecoveryFile:
    """A recovery file's content (from the data folder or a backup zip), checked.

    The file may come from anywhere (a backup handed over on a USB stick), and its KDF
    parameters decide how much memory and time unwrapping takes: they are bounded
    before anything is derived, so a crafted file is refused at once."""
    if len(data) > MAX_FILE_BYTES:
        raise KnownError("復旧用の鍵ファイルが大きすぎます: {path}", path=name)
    try:
        document = json.loads(data)
        if document.get("format") != FORMAT or document.get("version") != VERSION:
            raise ValueError("unknown format")
        kdf, cipher = document["kdf"], document["cipher"]
        if kdf["name"] != "scrypt" or cipher["name"] != "AES-256-GCM":
            raise ValueError("unknown algorithm")
        loaded = RecoveryFile(
            key_id=document["key_id"],
            salt=base64.b64decode(kdf["salt"], validate=True),
            nonce=base64.b64decode(cipher["nonce"], validate=True),
            wrapped_key=base64.b64decode(document["wrapped_key"], validate=True),
            n=kdf["n"], r=kdf["r"], p=kdf["p"],
        )
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise KnownError("復旧用の鍵ファイルを読めません: {path} ({reason})", path=name, reason=exc) from exc
    problem = _out_of_bounds(loaded)
    if problem:
        raise KnownError("復旧用の鍵ファイルの値が許容範囲外です: {path} ({reason})",
                         hint="改変されたか、Companion 以外で作られたファイルです。", path=name, reason=problem)
    return loaded


def _out_of_bounds(recovery: RecoveryFile) -> str:
    """What in a loaded recovery file is outside what Companion writes or accepts."""
    def whole(value: object, low: int, high: int) -> bool:
        return type(value) is int and low <= value <= high

    if not whole(recovery.n, *N_RANGE) or recovery.n & (recovery.n - 1):
        return f"scrypt n={recovery.n}: a power of two from 2**14 to 2**20"
    if not whole(recovery.r, *R_RANGE):
        return f"scrypt r={recovery.r}: {R_RANGE[0]}..{R_RANGE[1]}"
    if 128 * recovery.n * recovery.r > MAX_SCRYPT_MEMORY:
        return f"scrypt n={recovery.n}, r={recovery.r}: more than 256 MiB of memory"
    if not whole(recovery.p, *P_RANGE):
        return f"scrypt p={recovery.p}: {P_RANGE[0]}..{P_RANGE[1]}"
    if not SALT_BYTES[0] <= len(recovery.salt) <= SALT_BYTES[1]:
        return f"salt of {len(recovery.salt)} bytes: {SALT_BYTES[0]}..{SALT_BYTES[1]}"
    if len(recovery.nonce) != NONCE_BYTES:
        return f"nonce of {len(recovery.nonce)} bytes: {NONCE_BYTES}"
    if len(recovery.wrapped_key) != WRAPPED_BYTES:
        return f"wrapped key of {len(recovery.wrapped_key)} bytes: {WRAPPED_BYTES}"
    if not isinstance(recovery.key_id, str) or not _KEY_ID.fullmatch(recovery.key_id):
        return "key_id: 8 to 64 hexadecimal digits or dashes"
    return ""
