"""The two files of a case referral (案件の引き継ぎ, docs/referral.md): the contact card
a practitioner hands out, and the package that carries one engagement to them.

No database here: the contents are a plain ``dict`` made and read by
``companion.services.referrals``.

Contact card (JSON, UTF-8)::

    {"format": "companion-contact-card", "version": 1,
     "card": {name, organisation, identity_public_key_pem, identity_fingerprint,
              agreement_public_key (X25519, raw, base64), agreement_fingerprint, made_at},
     "signature": base64 Ed25519 over CARD_PREFIX + the canonical JSON of "card"}

Package (binary)::

    MAGIC | header length (4 bytes, big-endian) | header (canonical JSON, UTF-8)
          | signature (64 bytes) | ciphertext

The signature (Ed25519, the sender's key named in the header) covers
``PACKAGE_PREFIX | MAGIC | header length | header | ciphertext``: a byte changed
anywhere is refused before anything is decrypted. The ciphertext is AES-256-GCM over
the zlib-compressed JSON contents, with ``MAGIC | header`` as associated data. Its key
is either agreed with the recipient's card (an ephemeral X25519 key, HKDF-SHA256) or a
random key wrapped with a passphrase given by phone (scrypt, the recovery file's
``wrap``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from companion.errors import KnownError
from companion.review.keys import b64, fingerprint, public_from_pem, public_pem, verifies
from companion.security import recovery

CARD_FORMAT = "companion-contact-card"
CARD_VERSION = 1
CARD_PREFIX = b"companion-contact-card/1\n"
MAX_CARD_BYTES = 64 * 1024

MAGIC = b"CMPREF1\n"
PACKAGE_PREFIX = b"companion-referral-package/1\n"
HEADER_FORMAT = "companion-referral"
HEADER_VERSION = 1
CONTENTS_FORMAT = "companion-referral-contents"
MiB = 1024 * 1024
MAX_PACKAGE_BYTES = 256 * MiB
MAX_CONTENTS_BYTES = 512 * MiB  # the contents once inflated (attachments are base64 inside)
MAX_HEADER_BYTES = 64 * 1024
SIGNATURE_BYTES = 64
NONCE_BYTES = 12
KEY_BYTES = 32
MIN_PASSPHRASE_LENGTH = 10
MODE_CARD = "card"
MODE_PASSPHRASE = "passphrase"
_HKDF_INFO = b"companion referral package v1 "


def canonical(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"not base64: {exc}") from exc


def agreement_fingerprint(public_key: bytes) -> str:
    """SHA-256 of the raw X25519 public key, hex (the card's key for packages)."""
    return hashlib.sha256(public_key).hexdigest()


def new_agreement_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def agreement_private_to_text(key: X25519PrivateKey) -> str:
    """The raw private key, base64: only ever handed to the keyring or an encrypted store."""
    return b64(key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                 serialization.NoEncryption()))


def agreement_private_from_text(text: str) -> X25519PrivateKey:
    try:
        return X25519PrivateKey.from_private_bytes(_unb64(text))
    except ValueError as exc:
        raise KnownError("引き継ぎ用の秘密鍵の形式が正しくありません: {reason}", reason=exc) from exc


def agreement_public_bytes(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# -- contact card --------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactCard:
    name: str
    organisation: str
    identity_pem: str
    identity_fingerprint: str
    agreement_key: bytes  # X25519 public key, raw 32 bytes
    made_at: str

    @property
    def agreement_fingerprint(self) -> str:
        return agreement_fingerprint(self.agreement_key)

    @property
    def label(self) -> str:
        """"佐藤 みのり(ゆざわ-Biz)" or the name alone."""
        return f"{self.name}({self.organisation})" if self.organisation else self.name

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "organisation": self.organisation,
                "identity_public_key_pem": self.identity_pem,
                "identity_fingerprint": self.identity_fingerprint,
                "agreement_public_key": b64(self.agreement_key),
                "agreement_fingerprint": self.agreement_fingerprint, "made_at": self.made_at}


def make_card(*, name: str, organisation: str, identity: Ed25519PrivateKey,
              agreement: X25519PrivateKey, made_at: str) -> tuple[ContactCard, bytes]:
    """The card and its file's content, signed by the identity key."""
    public = identity.public_key()
    card = ContactCard(name=name, organisation=organisation, identity_pem=public_pem(public),
                       identity_fingerprint=fingerprint(public),
                       agreement_key=agreement_public_bytes(agreement), made_at=made_at)
    body = card.as_dict()
    signature = identity.sign(CARD_PREFIX + canonical(body))
    document = {"format": CARD_FORMAT, "version": CARD_VERSION, "card": body,
                "signature": b64(signature)}
    return card, json.dumps(document, ensure_ascii=False, indent=2).encode() + b"\n"


def read_card(data: bytes, *, name: str) -> ContactCard:
    """A contact card's content, its signature and fingerprints checked."""
    if len(data) > MAX_CARD_BYTES:
        raise KnownError("連絡先カードが大きすぎます: {path}", path=name,
                         hint="Companion の「連絡先カードを書き出す」で作ったファイルを指定してください。")
    try:
        document = json.loads(data.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != CARD_FORMAT:
            raise ValueError("not a contact card")
        if document.get("version") != CARD_VERSION:
            raise ValueError(f"version {document.get('version')!r}")
        body = document["card"]
        card = ContactCard(
            name=str(body["name"]), organisation=str(body["organisation"]),
            identity_pem=str(body["identity_public_key_pem"]),
            identity_fingerprint=str(body["identity_fingerprint"]),
            agreement_key=_unb64(body["agreement_public_key"]), made_at=str(body["made_at"]))
        signature = _unb64(document["signature"])
        if len(card.agreement_key) != KEY_BYTES:
            raise ValueError("agreement key is not 32 bytes")
        X25519PublicKey.from_public_bytes(card.agreement_key)
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise KnownError("連絡先カードとして読めません: {path}({reason})", path=name, reason=exc,
                         hint="Companion の「連絡先カードを書き出す」で作ったファイルを指定してください。"
                         ) from exc
    try:
        identity = public_from_pem(card.identity_pem)
    except KnownError:
        identity = None
    if (identity is None or fingerprint(identity) != card.identity_fingerprint
            or body != card.as_dict()
            or not verifies(identity, signature, CARD_PREFIX + canonical(body))):
        raise KnownError("連絡先カードの署名が正しくありません。書き換えられたか、壊れています: {path}",
                         path=name, hint="相手にカードをもう一度送ってもらってください。")
    return card


# -- package -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sender:
    name: str
    organisation: str
    fingerprint: str

    @property
    def label(self) -> str:
        return f"{self.name}({self.organisation})" if self.organisation else self.name


@dataclass(frozen=True)
class SealedPackage:
    """A package whose signature is checked; its contents are still encrypted."""

    header: dict[str, Any]
    header_bytes: bytes
    ciphertext: bytes
    sender: Sender
    package_id: str
    made_at: str
    mode: str  # MODE_CARD or MODE_PASSPHRASE

    @property
    def recipient(self) -> dict[str, Any]:
        recipient: dict[str, Any] = self.header["recipient"]
        return recipient


def check_passphrase(passphrase: str) -> None:
    import unicodedata

    if len(unicodedata.normalize("NFC", passphrase.strip())) < MIN_PASSPHRASE_LENGTH:
        raise KnownError("引き継ぎのパスフレーズは{length}文字以上にしてください。",
                         length=MIN_PASSPHRASE_LENGTH,
                         hint="電話で読み上げやすい、推測されにくい文(日本語可)をおすすめします。")


def seal(contents: dict[str, Any], *, sender: Ed25519PrivateKey, sender_name: str,
         sender_organisation: str, package_id: str, made_at: str,
         to_card: ContactCard | None = None, passphrase: str | None = None) -> bytes:
    """The package file's content: ``contents`` encrypted to the card (or with the
    passphrase) and signed by ``sender``. Exactly one of ``to_card``, ``passphrase``."""
    if (to_card is None) == (passphrase is None):
        raise ValueError("give a card or a passphrase")
    plain = zlib.compress(canonical(contents), 6)
    if len(plain) > MAX_PACKAGE_BYTES - MAX_HEADER_BYTES:
        raise KnownError("引き継ぎパッケージが大きすぎます({size} MiB、上限 {limit} MiB)。",
                         size=len(plain) // MiB, limit=MAX_PACKAGE_BYTES // MiB,
                         hint="添付ファイルを含めないか、訪問記録を選んで小さくしてください。")
    recipient: dict[str, Any]
    if to_card is not None:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_public = agreement_public_bytes(ephemeral)
        key = _card_key(ephemeral.exchange(X25519PublicKey.from_public_bytes(to_card.agreement_key)),
                        ephemeral_public, to_card.agreement_key, package_id)
        recipient = {"mode": MODE_CARD, "name": to_card.name,
                     "organisation": to_card.organisation,
                     "identity_fingerprint": to_card.identity_fingerprint,
                     "agreement_public_key": b64(to_card.agreement_key),
                     "ephemeral_public_key": b64(ephemeral_public)}
    else:
        assert passphrase is not None
        check_passphrase(passphrase)
        key = os.urandom(KEY_BYTES)
        wrapped = recovery.wrap(key, passphrase, key_id=package_id)
        recipient = {"mode": MODE_PASSPHRASE, "wrapped_key": json.loads(recovery.dumps(wrapped))}
    nonce = os.urandom(NONCE_BYTES)
    public = sender.public_key()
    header = {
        "format": HEADER_FORMAT, "version": HEADER_VERSION, "package_id": package_id,
        "made_at": made_at,
        "sender": {"name": sender_name, "organisation": sender_organisation,
                   "public_key_pem": public_pem(public), "fingerprint": fingerprint(public)},
        "recipient": recipient,
        "cipher": {"name": "AES-256-GCM", "nonce": b64(nonce), "compression": "zlib"},
    }
    header_bytes = canonical(header)
    ciphertext = AESGCM(key).encrypt(nonce, plain, MAGIC + header_bytes)
    framed = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    signature = sender.sign(PACKAGE_PREFIX + framed + ciphertext)
    return framed + signature + ciphertext


def _card_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes,
              package_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_public + recipient_public,
                info=_HKDF_INFO + package_id.encode()).derive(shared)


def _tampered(name: str, reason: object) -> KnownError:
    return KnownError(
        "引き継ぎパッケージが改ざんされたか、壊れています。取り込めません: {path}({reason})",
        path=name, reason=reason,
        hint="何も取り込んでいません。送り主にパッケージをもう一度送ってもらってください。")


def read_package(data: bytes, *, name: str) -> SealedPackage:
    """Parse a package and check its signature against the sender's key it names;
    anything changed or cut is refused here, before any decryption."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise KnownError("引き継ぎパッケージが大きすぎます(上限 {limit} MiB): {path}",
                         limit=MAX_PACKAGE_BYTES // MiB, path=name)
    if not data.startswith(MAGIC):
        raise KnownError("引き継ぎパッケージではありません: {path}", path=name,
                         hint="Companion の「引き継ぎパッケージを作成」で作ったファイルを指定してください。")
    start = len(MAGIC) + 4
    if len(data) < start:
        raise _tampered(name, "too short")
    (length,) = struct.unpack(">I", data[len(MAGIC):start])
    if length > MAX_HEADER_BYTES or len(data) < start + length + SIGNATURE_BYTES + 16:
        raise _tampered(name, "header length")
    header_bytes = data[start:start + length]
    signature = data[start + length:start + length + SIGNATURE_BYTES]
    ciphertext = data[start + length + SIGNATURE_BYTES:]
    try:
        header = json.loads(header_bytes.decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
        if header.get("format") != HEADER_FORMAT:
            raise ValueError("not a referral header")
        sender_part = header["sender"]
        key = public_from_pem(str(sender_part["public_key_pem"]))
        mode = header["recipient"]["mode"]
        sender = Sender(name=str(sender_part["name"]),
                        organisation=str(sender_part["organisation"]),
                        fingerprint=str(sender_part["fingerprint"]))
        package_id, made_at = str(header["package_id"]), str(header["made_at"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, RecursionError, KnownError) as exc:
        raise _tampered(name, exc) from exc
    if fingerprint(key) != sender.fingerprint:
        raise _tampered(name, "sender fingerprint")
    if not verifies(key, signature, PACKAGE_PREFIX + data[:start + length] + ciphertext):
        raise _tampered(name, "signature")
    if header.get("version") != HEADER_VERSION or mode not in (MODE_CARD, MODE_PASSPHRASE):
        raise KnownError("この版の Companion では読めない引き継ぎパッケージです: {path}", path=name,
                         hint="Companion を新しい版にしてから取り込んでください。")
    return SealedPackage(header=header, header_bytes=header_bytes, ciphertext=ciphertext,
                         sender=sender, package_id=package_id, made_at=made_at, mode=mode)


def _decrypt(package: SealedPackage, key: bytes, *, name: str) -> dict[str, Any]:
    try:
        nonce = _unb64(package.header["cipher"]["nonce"])
        plain = AESGCM(key).decrypt(nonce, package.ciphertext, MAGIC + package.header_bytes)
    except (InvalidTag, ValueError, KeyError, TypeError) as exc:
        raise _tampered(name, "decryption") from exc
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(plain, MAX_CONTENTS_BYTES)
        if inflater.unconsumed_tail:
            raise KnownError("引き継ぎパッケージの中身が大きすぎます(上限 {limit} MiB): {path}",
                             limit=MAX_CONTENTS_BYTES // MiB, path=name)
        contents = json.loads(text.decode("utf-8"))
    except (zlib.error, ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise _tampered(name, exc) from exc
    if not isinstance(contents, dict) or contents.get("format") != CONTENTS_FORMAT:
        raise _tampered(name, "contents")
    if contents.get("package_id") != package.package_id:
        raise _tampered(name, "package id")
    return contents


def open_with_card(package: SealedPackage, agreement: X25519PrivateKey, *,
                   name: str) -> dict[str, Any]:
    """The contents of a package made for this card's key."""
    try:
        ephemeral = _unb64(package.recipient["ephemeral_public_key"])
        ours = agreement_public_bytes(agreement)
        shared = agreement.exchange(X25519PublicKey.from_public_bytes(ephemeral))
    except (ValueError, KeyError, TypeError) as exc:
        raise _tampered(name, exc) from exc
    return _decrypt(package, _card_key(shared, ephemeral, ours, package.package_id), name=name)


def open_with_passphrase(package: SealedPackage, passphrase: str, *, name: str) -> dict[str, Any]:
    """The contents of a package sealed with a passphrase."""
    try:
        wrapped = recovery.parse(canonical(package.recipient["wrapped_key"]), name=name)
    except (KnownError, KeyError, TypeError) as exc:
        raise _tampered(name, "wrapped key") from exc
    try:
        key = recovery.unwrap(wrapped, passphrase)
    except KnownError:
        raise KnownError("引き継ぎのパスフレーズが違います。",
                         hint="送り主から電話などで聞いたパスフレーズを、もう一度入力してください。"
                         ) from None
    return _decrypt(package, key, name=name)
