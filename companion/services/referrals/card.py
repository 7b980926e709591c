"""The practitioner's own keys and contact card (連絡先カード): the key for receiving
packages (made on first need; the private part in the OS keyring and in the encrypted
database) and the signed card that colleagues make packages to
(``write_contact_card``, ``read_contact_card``).
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import Session, col, select

from companion.atomic import write_atomically
from companion.db.models import (
    ReferralKey,
)
from companion.db.types import utcnow
from companion.errors import KnownError
from companion.keystore import KeyringUnavailable, SecretStore
from companion.review import referral_package as package_format
from companion.review.limits import check_readable
from companion.review.referral_package import (
    ContactCard,
    agreement_fingerprint,
    agreement_private_from_text,
    agreement_private_to_text,
    agreement_public_bytes,
)
from companion.services.register import current_signing_key
from companion.services.session import current_device

log = logging.getLogger("companion.referrals")


def _keyring_name(session: Session, public: bytes) -> str:
    """The key's name in the OS keyring, per data folder (its device id): one computer
    may hold two practitioners' folders, and each opens only packages to its own card."""
    return f"referral-key-{current_device(session)}-{agreement_fingerprint(public)[:32]}"


def private_key_of(session: Session, row: ReferralKey) -> X25519PrivateKey | None:
    try:
        stored = SecretStore().get(_keyring_name(session, base64.b64decode(row.public_key)))
    except KeyringUnavailable:
        stored = None
    text = stored or row.private_key
    return agreement_private_from_text(text) if text else None


def b64_public(key: X25519PrivateKey) -> str:
    return base64.b64encode(agreement_public_bytes(key)).decode("ascii")


def _agreement_key(session: Session) -> X25519PrivateKey:
    """This practitioner's key for receiving packages, made on first need (the private
    part in the OS keyring and in the encrypted database, like the signing key)."""
    for row in session.exec(select(ReferralKey).order_by(col(ReferralKey.created_at).desc())):
        key = private_key_of(session, row)
        if key is not None:
            return key
    key = package_format.new_agreement_key()
    public = agreement_public_bytes(key)
    session.add(ReferralKey(public_key=base64.b64encode(public).decode("ascii"),
                            private_key=agreement_private_to_text(key)))
    try:
        SecretStore().put(_keyring_name(session, public), agreement_private_to_text(key))
    except KeyringUnavailable as exc:
        log.warning("referral key kept only in the encrypted database: %s", exc)
    log.info("created referral key %s", agreement_fingerprint(public)[:16])
    return key


def required_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise KnownError("支援者の氏名が設定されていません。",
                         hint="設定 → 氏名 に入力してから、もう一度実行してください"
                              "(相手にはこの氏名と所属が表示されます)。")
    return name


@dataclass(frozen=True)
class CardWritten:
    path: Path
    card: ContactCard


def write_contact_card(*, session: Session, out: Path, name: str, organisation: str,
                       now: datetime | None = None) -> CardWritten:
    """連絡先カードを書き出す: the practitioner's name, 所属 and public keys, signed by the
    register's key (made now if there is none yet)."""
    name = required_name(name)
    identity = current_signing_key(session=session)
    agreement = _agreement_key(session)
    card, data = package_format.make_card(
        name=name, organisation=" ".join(organisation.split()), identity=identity,
        agreement=agreement, made_at=(now or utcnow()).astimezone(UTC).isoformat())
    write_atomically(out, data)
    session.commit()
    return CardWritten(path=out, card=card)


def read_contact_card(path: Path) -> ContactCard:
    """A contact card file, checked (its signature and fingerprints)."""
    check_readable(path, limit=package_format.MAX_CARD_BYTES)
    return package_format.read_card(path.read_bytes(), name=str(path))
