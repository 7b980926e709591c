"""Ed25519 signing keys, their PEM form and fingerprints (openssl-compatible)."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from companion.errors import KnownError


def new_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_to_text(key: Ed25519PrivateKey) -> str:
    """Unencrypted PKCS#8 PEM: only ever handed to the keyring or an encrypted store."""
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def private_from_text(text: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KnownError("署名鍵の形式が正しくありません(Ed25519 ではありません)。")
    return key


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_from_pem(text: str | bytes) -> Ed25519PublicKey:
    data = text.encode("ascii") if isinstance(text, str) else text
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise KnownError("公開鍵を読めません: {reason}", reason=exc) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise KnownError("公開鍵が Ed25519 ではありません。")
    return key


def fingerprint(key: Ed25519PublicKey) -> str:
    """SHA-256 of the DER SubjectPublicKeyInfo, as `openssl pkey -outform DER | sha256sum`."""
    der = key.public_bytes(serialization.Encoding.DER,
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest()


def short_fingerprint(value: str) -> str:
    """Grouped for reading aloud on the phone: ab12 cd34 ... (first 32 hex digits)."""
    return " ".join(value[i:i + 4] for i in range(0, 32, 4))


MIN_FINGERPRINT_DIGITS = 16


def fingerprint_prefix(text: str, *, option: str) -> str:
    """A fingerprint, or its first 16 or more hex digits, as given to ``option``
    (``--expect-key``, ``--trust-key``): spaces and colons are ignored, letters may be
    capitals. An empty, short or non-hex value is refused: an empty prefix would match
    every key."""
    digits = "".join(text.split()).replace(":", "").lower()
    if not digits:
        raise KnownError("{option} に鍵の指紋が指定されていません(空です)。", option=option,
                         hint="鍵の指紋を 16 桁以上の16進数で指定してください。")
    if any(c not in "0123456789abcdef" for c in digits):
        raise KnownError("{option} の鍵の指紋に16進数でない文字があります: {given}", option=option,
                         given=text, hint="鍵の指紋を 16 桁以上の16進数(0-9, a-f)で指定してください。")
    if len(digits) < MIN_FINGERPRINT_DIGITS:
        raise KnownError("{option} の鍵の指紋が短すぎます({count} 桁): {given}", option=option,
                         count=len(digits), given=text,
                         hint="取り違えを防ぐため、鍵の指紋は 16 桁以上で指定してください。")
    if len(digits) > 64:
        raise KnownError("{option} の鍵の指紋が長すぎます({count} 桁): {given}", option=option,
                         count=len(digits), given=text, hint="鍵の指紋は 64 桁です。")
    return digits


def verifies(key: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise KnownError("base64 として読めません: {reason}", reason=exc) from exc
