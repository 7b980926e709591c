"""DSSE envelopes (Dead Simple Signing Envelope, v1) with Ed25519 signatures."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from companion.errors import KnownError
from companion.review.keys import b64, fingerprint, unb64, verifies
from companion.review.limits import load_json

IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json"


def pae(payload_type: str, payload: bytes) -> bytes:
    """The pre-authentication encoding that is actually signed."""
    kind = payload_type.encode("utf-8")
    return b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(payload), payload)


@dataclass(frozen=True)
class Envelope:
    payload_type: str
    payload: bytes
    signatures: tuple[tuple[str, bytes], ...]  # (keyid, signature)

    def to_json(self) -> str:
        return json.dumps({
            "payloadType": self.payload_type,
            "payload": b64(self.payload),
            "signatures": [{"keyid": keyid, "sig": b64(sig)} for keyid, sig in self.signatures],
        }, indent=2)


def sign(payload_type: str, payload: bytes, key: Ed25519PrivateKey) -> Envelope:
    keyid = fingerprint(key.public_key())
    return Envelope(payload_type, payload, ((keyid, key.sign(pae(payload_type, payload))),))


def parse(text: str | bytes) -> Envelope:
    document: Any = load_json(text, name="署名付き応答(DSSE)")
    try:
        if not isinstance(document, dict):
            raise ValueError("not an object")
        signatures = tuple((str(s["keyid"]), unb64(str(s["sig"])))
                           for s in document["signatures"])
        return Envelope(str(document["payloadType"]), unb64(str(document["payload"])), signatures)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise KnownError("署名付き応答(DSSE)として読めません: {reason}", reason=exc) from exc
    except KnownError as exc:
        raise KnownError("署名付き応答(DSSE)として読めません: {message}", message=exc.message) from exc


def signed_by(envelope: Envelope, key: Ed25519PublicKey) -> bool:
    keyid = fingerprint(key)
    message = pae(envelope.payload_type, envelope.payload)
    return any(k == keyid and verifies(key, sig, message) for k, sig in envelope.signatures)
