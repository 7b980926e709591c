"""Who may read the sync folder: the sync keys, and how a device comes to hold them.

The sync key (AES-256, one per *generation*) seals every segment. A device gets the
keys in one of three ways, each leaving a file in the folder that holds no key in the
clear:

- a **pairing offer** (``pairing/<offer>.json`` of the inviting device): the keys
  sealed with a key derived by scrypt (n=2**15, r=8, p=1) from a one-time code of 16
  Crockford base32 characters (80 bits) shown once on the inviting device, valid for 24
  hours. The new device names the offer (with a verifier of the code) in its own
  ``device.json``; the inviting device deletes the offer when it sees that, and a second
  use of the code is told the code was used;
- ``recovery.json``: the keys sealed with a key derived from the data key, beside a copy
  of the data key's own recovery file (scrypt over the recovery passphrase), so the
  practitioner's passphrase alone lets a new computer join;
- a **re-key** (``keys/<generation>.json``) after a device is removed: a new key sealed
  to each remaining device's X25519 key (ephemeral X25519 + HKDF-SHA256 + AES-GCM),
  signed by the device that removed it. The removed device gets nothing.

``device.json`` proves its device holds the current key (an HMAC of its public keys
under the sync key), so a stranger cannot add a device by writing a folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from companion.errors import KnownError
from companion.security import recovery
from companion.security.file_crypto import derive_key

FORMAT = 1
KEY_BYTES = 32
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
OFFER_VALID = timedelta(hours=24)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1

Keys = dict[int, bytes]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    return base64.b64decode(text, validate=True)


def keys_to_json(keys: Keys) -> dict[str, str]:
    return {str(generation): b64(key) for generation, key in sorted(keys.items())}


def keys_from_json(document: object) -> Keys:
    if not isinstance(document, dict):
        raise ValueError("keys")
    keys = {int(generation): unb64(key) for generation, key in document.items()}
    if any(len(key) != KEY_BYTES or generation < 1 for generation, key in keys.items()):
        raise ValueError("keys")
    return keys


def new_sync_key() -> bytes:
    return os.urandom(KEY_BYTES)


# --- the pairing code ------------------------------------------------------------------

def new_code() -> str:
    """A fresh pairing code: 16 Crockford base32 characters in groups of four."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def normalise_code(text: str) -> str:
    """The code as typed (lower case, without or with hyphens or spaces, O for 0, I or L
    for 1), as its 16 characters; a code of another length or with other characters is
    refused with a message that says what is wrong."""
    folded = unicodedata.normalize("NFKC", text).upper()
    cleaned = "".join(ch for ch in folded if ch not in " -\u3000\t")
    cleaned = cleaned.translate(str.maketrans("OIL", "011"))
    wrong = sorted({ch for ch in cleaned if ch not in CROCKFORD})
    if wrong:
        raise KnownError("ペアリングコードに使えない文字があります: {chars}",
                         hint="もう一方の端末に表示された 16 文字(英数字)を入力してください。",
                         chars=" ".join(wrong))
    if len(cleaned) != CODE_LENGTH:
        raise KnownError("ペアリングコードは 16 文字です(入力は {count} 文字)。",
                         hint="もう一方の端末に表示された 16 文字(英数字)を入力してください。",
                         count=len(cleaned))
    return cleaned


def _code_key(code: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=SCRYPT_N, r=SCRYPT_R,
                  p=SCRYPT_P).derive(code.encode("ascii"))


def _verifier(code_key: bytes) -> str:
    return hmac.new(code_key, b"companion pairing verifier v1", hashlib.sha256).hexdigest()


def make_offer(*, code: str, keys: Keys, inviter: str, now: datetime) -> dict[str, Any]:
    """A pairing offer: every sync key generation, sealed for ``code``."""
    offer = secrets.token_hex(16)
    salt = os.urandom(16)
    code_key = _code_key(normalise_code(code), salt)
    expires = (now + OFFER_VALID).isoformat(timespec="seconds")
    document: dict[str, Any] = {
        "format": FORMAT, "offer": offer, "inviter": inviter, "expires_at": expires,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": b64(salt)},
        "verifier": _verifier(code_key)}
    nonce = os.urandom(12)
    sealed = AESGCM(code_key).encrypt(nonce, json.dumps(keys_to_json(keys)).encode("ascii"),
                                      _offer_aad(document))
    document["cipher"] = {"name": "AES-256-GCM", "nonce": b64(nonce)}
    document["sealed_keys"] = b64(sealed)
    return document


def _offer_aad(document: dict[str, Any]) -> bytes:
    return (f"companion-sync-offer/{FORMAT}/{document['offer']}/{document['inviter']}/"
            f"{document['expires_at']}").encode("ascii")


def _checked_kdf(document: dict[str, Any]) -> bytes:
    kdf = document["kdf"]
    if (kdf.get("name"), kdf.get("n"), kdf.get("r"), kdf.get("p")) != (
            "scrypt", SCRYPT_N, SCRYPT_R, SCRYPT_P):
        raise ValueError("unknown key derivation")
    salt = unb64(kdf["salt"])
    if not 16 <= len(salt) <= 64:
        raise ValueError("salt")
    return salt


def code_matches(record: dict[str, Any], code: str) -> bool:
    """Whether ``code`` is the one of an offer or of a device.json's ``paired_with``
    (both carry ``kdf`` and ``verifier``); costs one scrypt."""
    try:
        salt = _checked_kdf(record)
        return hmac.compare_digest(_verifier(_code_key(code, salt)), str(record["verifier"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return False


def open_offer(document: dict[str, Any], code: str) -> Keys:
    """The keys of an offer whose code ``code_matches``; a KnownError when the offer
    was altered."""
    try:
        salt = _checked_kdf(document)
        cipher = document["cipher"]
        sealed = AESGCM(_code_key(code, salt)).decrypt(
            unb64(cipher["nonce"]), unb64(document["sealed_keys"]), _offer_aad(document))
        return keys_from_json(json.loads(sealed))
    except (InvalidTag, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KnownError("ペアリングの申し出のファイルが壊れているか、改変されています。",
                         hint="もう一方の端末で新しいペアリングコードを表示してください。") from exc


def offer_expired(document: dict[str, Any], now: datetime) -> bool:
    try:
        return now >= datetime.fromisoformat(str(document["expires_at"]))
    except (KeyError, ValueError, TypeError):
        return True


def pairing_proof(document: dict[str, Any]) -> dict[str, Any]:
    """What the new device writes in its device.json about the offer it used: enough to
    recognise the code again (and say it was used), nothing that opens the keys."""
    return {"offer": document["offer"], "kdf": document["kdf"],
            "verifier": document["verifier"]}


# --- device keys and membership ---------------------------------------------------------

def new_agreement_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def agreement_private_to_text(key: X25519PrivateKey) -> str:
    return b64(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption()))


def agreement_private_from_text(text: str) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(unb64(text))


def agreement_public_text(key: X25519PrivateKey) -> str:
    return b64(key.public_key().public_bytes(serialization.Encoding.Raw,
                                             serialization.PublicFormat.Raw))


def membership(key: bytes, *, device: str, signing_public: str, agreement_public: str) -> str:
    """Proof that a device.json was written by a holder of the sync key ``key``."""
    message = json.dumps([device, signing_public, agreement_public]).encode("ascii")
    return hmac.new(derive_key(key, b"companion sync membership v1"), message,
                    hashlib.sha256).hexdigest()


def device_document(*, device: str, signing_public: str, agreement_public: str,
                    generation: int, key: bytes, name: str,
                    paired_with: dict[str, Any] | None) -> dict[str, Any]:
    """This device's device.json; its name is sealed with the sync key (names can say
    whose computer it is, and the folder holds nothing readable)."""
    nonce = os.urandom(12)
    sealed_name = AESGCM(derive_key(key, b"companion sync names v1")).encrypt(
        nonce, name.encode("utf-8"), device.encode("ascii"))
    document: dict[str, Any] = {
        "format": FORMAT, "device": device, "signing_public": signing_public,
        "agreement_public": agreement_public, "generation": generation,
        "membership": membership(key, device=device, signing_public=signing_public,
                                 agreement_public=agreement_public),
        "name": b64(nonce + sealed_name)}
    if paired_with is not None:
        document["paired_with"] = paired_with
    return document


def read_device_document(document: dict[str, Any], *, device: str, keys: Keys
                         ) -> tuple[Ed25519PublicKey, str, str, int] | None:
    """(signing key, its PEM, agreement public key, generation) of a device.json whose
    membership proves it holds a key generation we hold; None otherwise."""
    try:
        if document.get("format") != FORMAT or document.get("device") != device:
            return None
        generation = int(document["generation"])
        key = keys.get(generation)
        if key is None:
            return None
        signing_pem = str(document["signing_public"])
        agreement = str(document["agreement_public"])
        expected = membership(key, device=device, signing_public=signing_pem,
                              agreement_public=agreement)
        if not hmac.compare_digest(expected, str(document["membership"])):
            return None
        public = serialization.load_pem_public_key(signing_pem.encode("ascii"))
        if not isinstance(public, Ed25519PublicKey) or len(unb64(agreement)) != 32:
            return None
        return public, signing_pem, agreement, generation
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def device_name(document: dict[str, Any], keys: Keys) -> str:
    try:
        key = keys[int(document["generation"])]
        sealed = unb64(document["name"])
        return AESGCM(derive_key(key, b"companion sync names v1")).decrypt(
            sealed[:12], sealed[12:], str(document["device"]).encode("ascii")).decode("utf-8")
    except (InvalidTag, ValueError, KeyError, TypeError, UnicodeDecodeError):
        return ""


# --- re-keying after a removal ----------------------------------------------------------

def _wrapping_key(shared: bytes, *, generation: int, device: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=None,
                info=f"companion sync rekey v1/{generation}/{device}".encode("ascii")
                ).derive(shared)


def wrap_for(agreement_public: str, key: bytes, *, generation: int, device: str) -> dict[str, str]:
    """``key`` sealed so that only the holder of ``agreement_public``'s private key opens
    it (an ephemeral X25519 agreement)."""
    ephemeral = X25519PrivateKey.generate()
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(unb64(agreement_public)))
    nonce = os.urandom(12)
    sealed = AESGCM(_wrapping_key(shared, generation=generation, device=device)).encrypt(
        nonce, key, f"{generation}/{device}".encode("ascii"))
    return {"ephemeral": agreement_public_text(ephemeral), "nonce": b64(nonce),
            "sealed": b64(sealed)}


def unwrap_for(agreement: X25519PrivateKey, wrapped: dict[str, Any], *, generation: int,
               device: str) -> bytes | None:
    try:
        shared = agreement.exchange(X25519PublicKey.from_public_bytes(unb64(wrapped["ephemeral"])))
        key = AESGCM(_wrapping_key(shared, generation=generation, device=device)).decrypt(
            unb64(wrapped["nonce"]), unb64(wrapped["sealed"]), f"{generation}/{device}".encode("ascii"))
    except (InvalidTag, ValueError, KeyError, TypeError):
        return None
    return key if len(key) == KEY_BYTES else None


def _canonical(document: dict[str, Any]) -> bytes:
    unsigned = {key: value for key, value in document.items() if key != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":")).encode("utf-8")


def rekey_document(*, generation: int, by: str, key: bytes, recipients: dict[str, str],
                   removed: list[dict[str, Any]], signing: Ed25519PrivateKey) -> dict[str, Any]:
    """keys/<generation>.json: the new key for each remaining device (device hex ->
    agreement public key), which devices were removed and after which of their entries,
    signed by the device that wrote it."""
    document: dict[str, Any] = {
        "format": FORMAT, "generation": generation, "by": by, "removed": removed,
        "wrapped": {device: wrap_for(public, key, generation=generation, device=device)
                    for device, public in sorted(recipients.items())}}
    document["signature"] = b64(signing.sign(_canonical(document)))
    return document


def rekey_signed_by(document: dict[str, Any], public: Ed25519PublicKey) -> bool:
    try:
        public.verify(unb64(document["signature"]), _canonical(document))
    except (InvalidSignature, ValueError, KeyError, TypeError):
        return False
    return True


# --- recovery.json ----------------------------------------------------------------------

def _recovery_key(data_key: bytes) -> bytes:
    return derive_key(data_key, b"companion sync recovery v1")


def recovery_document(*, data_key: bytes, recovery_file: bytes, keys: Keys,
                      device: str) -> dict[str, Any]:
    """recovery.json: the sync keys sealed with a key derived from the data key, and the
    data key's own recovery file (sealed by the recovery passphrase)."""
    nonce = os.urandom(12)
    generation = max(keys)
    sealed = AESGCM(_recovery_key(data_key)).encrypt(
        nonce, json.dumps(keys_to_json(keys)).encode("ascii"),
        f"companion-sync-recovery/{FORMAT}/{device}".encode("ascii"))
    return {"format": FORMAT, "device": device, "generation": generation,
            "recovery_sha256": hashlib.sha256(recovery_file).hexdigest(),
            "recovery_file": json.loads(recovery_file), "nonce": b64(nonce),
            "sealed_keys": b64(sealed)}


def recovery_is_current(document: dict[str, Any] | None, *, recovery_file: bytes,
                        generation: int) -> bool:
    return (document is not None and document.get("generation") == generation
            and document.get("recovery_sha256") == hashlib.sha256(recovery_file).hexdigest())


def open_recovery(document: dict[str, Any], passphrase: str) -> Keys:
    """The sync keys of a recovery.json, with the recovery passphrase. A wrong
    passphrase raises recovery's own KnownError ("復旧用パスフレーズが違います。")."""
    wrapped = recovery.parse(json.dumps(document.get("recovery_file")).encode("utf-8"),
                             name="recovery.json")
    data_key = recovery.unwrap(wrapped, passphrase)
    try:
        sealed = AESGCM(_recovery_key(data_key)).decrypt(
            unb64(document["nonce"]), unb64(document["sealed_keys"]),
            f"companion-sync-recovery/{FORMAT}/{document['device']}".encode("ascii"))
        return keys_from_json(json.loads(sealed))
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise KnownError("同期フォルダの回復用ファイルが壊れているか、改変されています: {name}",
                         name="recovery.json") from exc


def signing_public_pem(key: Ed25519PrivateKey) -> str:
    return key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo
                                         ).decode("ascii")
