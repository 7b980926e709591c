"""DSSE envelopes (Dead Simple Signing Envelope, v1) with Ed25519 signatures.

What is read accepts every envelope the DSSE specification allows: ``payload`` and
``sig`` in standard or URL-safe base64, padded or not, and ``keyid`` empty or absent
(it is an unauthenticated hint, so a signature is checked against the key whatever
``keyid`` says). What is written is standard, padded base64 with ``keyid`` set to the
signing key's fingerprint.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from companion.errors import KnownError
from companion.review.keys import b64, fingerprint, verifies
from companion.review.limits import load_json

IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"
_STANDARD = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_URL_SAFE = re.compile(r"[A-Za-z0-9\-_]*={0,2}")


def pae(payload_type: str, payload: bytes) -> bytes:
    """The pre-authentication encoding that is actually signed."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


def decode_base64(text: str, *, name: str) -> bytes:
    """Standard or URL-safe base64 (one alphabet, not both), with or without its ``=``
    padding, as DSSE allows; anything else is a KnownError naming the field."""
    if not isinstance(text, str):
        raise KnownError("{name} が文字列ではありません。", name=name)
    if _STANDARD.fullmatch(text):
        alphabet = text
    elif _URL_SAFE.fullmatch(text):
        alphabet = text.translate(str.maketrans("-_", "+/"))
    else:
        raise KnownError("{name} が base64 ではありません。", name=name)
    stripped = alphabet.rstrip("=")
    padded = stripped + "=" * (-len(stripped) % 4)
    if len(stripped) % 4 == 1 or (alphabet != stripped and alphabet != padded):
        raise KnownError("{name} が base64 ではありません(長さか = の数が正しくありません)。", name=name)
    try:
        return base64.b64decode(padded, validate=True)
    except (ValueError, binascii.Error):
        raise KnownError("{name} が base64 ではありません。", name=name) from None


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[tuple[str, bytes], ...]  # (keyid, signature); keyid may be ""

    def to_json(self) -> str:
        return json.dumps({
            "payloadType": self.payload_type,
            "payload": b64(self.payload),
            "signatures": [{"keyid": keyid, "sig": b64(sig)} for keyid, sig in self.signatures],
        }, indent=2)


def sign(payload_type: str, payload: bytes, key: Ed25519PrivateKey) -> Envelope:
    keyid = fingerprint(key.public_key())
    return Envelope(payload_type, payload, ((keyid, key.sign(pae(payload_type, payload))),))


def _signature(item: Any, index: int) -> tuple[str, bytes]:
    if not isinstance(item, dict):
        raise KnownError("署名 {index} がオブジェクトではありません。", index=index)
    keyid = item.get("keyid", "")
    if keyid is None:
        keyid = ""
    if not isinstance(keyid, str):
        raise KnownError("署名 {index} の keyid が文字列ではありません。", index=index)
    if "sig" not in item:
        raise KnownError("署名 {index} に sig がありません。", index=index)
    return keyid, decode_base64(item["sig"], name=f"signatures[{index}].sig")


def parse(text: str | bytes) -> Envelope:
    document: Any = load_json(text, name="署名付き応答(DSSE)")
    try:
        if not isinstance(document, dict):
            raise KnownError("JSON のオブジェクトではありません。")
        for key in ("payloadType", "payload", "signatures"):
            if key not in document:
                raise KnownError("{key} がありません。", key=key)
        payload_type = document["payloadType"]
        if not isinstance(payload_type, str):
            raise KnownError("payloadType が文字列ではありません。")
        signatures = document["signatures"]
        if not isinstance(signatures, list):
            raise KnownError("signatures が配列ではありません。")
        return Envelope(payload_type, decode_base64(document["payload"], name="payload"),
                        tuple(_signature(item, index) for index, item in enumerate(signatures)))
    except KnownError as exc:
        raise KnownError("署名付き応答(DSSE)として読めません: {message}", message=exc.message) from exc


def signed_by(envelope: Envelope, key: Ed25519PublicKey) -> bool:
    """Some signature of the envelope is ``key``'s over its PAE (``keyid`` is only a
    hint: DSSE lets it be empty, absent or wrong, and a signature decides)."""
    message = pae(envelope.payload_type, envelope.payload)
    return any(verifies(key, sig, message) for _keyid, sig in envelope.signatures)
