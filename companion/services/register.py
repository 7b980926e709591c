"""The practitioner's register log and signing keys.

Every disclosure version, and every signing key, is an entry in one append-only log
(docs/review-bundle-format.md). Entry 1 is the first key; a rotation is an entry
signed by both the old and the new key. Nothing here commits: the use cases that
append entries own their transactions.
"""

from __future__ import annotations

import json
import logging

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from companion.db.models import LogEntry, SigningKey
from companion.db.types import utcnow
from companion.domain.register_log import (
    KEY_ENTRY_PREFIX,
    KIND_KEY,
    Entry,
    canonical_payload,
    next_entry,
)
from companion.errors import KnownError
from companion.keystore import KeyringUnavailable, SecretStore
from companion.review.keys import (
    b64,
    fingerprint,
    new_private_key,
    private_from_text,
    private_to_text,
    public_pem,
)

log = logging.getLogger("companion.register")


def _as_entry(row: LogEntry) -> Entry:
    signatures = tuple((s["fingerprint"], s["sig"]) for s in json.loads(row.signatures))
    return Entry(row.seq, row.kind, row.payload, row.previous_hash, row.entry_hash, signatures)


def log_entries(*, session: Session) -> list[Entry]:
    return [_as_entry(row) for row in session.exec(select(LogEntry).order_by(col(LogEntry.seq)))]


def log_id_of(entries: list[Entry]) -> str:
    """A log is named by its first entry (its first key), so the id cannot be reused."""
    return entries[0].entry_hash[:32] if entries else ""


def append_entry(*, session: Session, kind: str, payload: str,
                 signatures: tuple[tuple[str, str], ...] = ()) -> LogEntry:
    last = session.exec(select(LogEntry).order_by(col(LogEntry.seq).desc()).limit(1)).first()
    entry = next_entry(_as_entry(last) if last else None, kind, payload, signatures)
    row = LogEntry(seq=entry.seq, kind=entry.kind, payload=entry.payload,
                   previous_hash=entry.previous_hash, entry_hash=entry.entry_hash,
                   signatures=json.dumps([{"fingerprint": fp, "sig": sig} for fp, sig in signatures]))
    session.add(row)
    session.flush()
    return row


def _keyring_name(fp: str) -> str:
    return f"signing-key-{fp}"


def _remember_private(key: Ed25519PrivateKey) -> None:
    try:
        SecretStore().put(_keyring_name(fingerprint(key.public_key())), private_to_text(key))
    except KeyringUnavailable as exc:
        log.warning("signing key kept only in the encrypted database: %s", exc)


def _load_private(row: SigningKey) -> Ed25519PrivateKey:
    try:
        stored = SecretStore().get(_keyring_name(row.fingerprint))
    except KeyringUnavailable:
        stored = None
    if not (stored or row.private_pem):
        # Data brought in with import-all: the open export never carries private keys.
        raise KnownError(
            "署名鍵の秘密鍵がありません(鍵の指紋 {fingerprint})。", fingerprint=row.fingerprint[:16],
            hint="export-all には秘密鍵が含まれません。署名を続けるには、元のデータの"
                 "バックアップを companion restore で復元してください。")
    return private_from_text(stored or row.private_pem)


def _key_payload(key: Ed25519PrivateKey, replaces: str | None, seq: int) -> str:
    return canonical_payload({
        "fingerprint": fingerprint(key.public_key()),
        "public_key_pem": public_pem(key.public_key()),
        "replaces": replaces,
        "valid_from_seq": seq,
    })


def _next_seq(session: Session) -> int:
    last = session.exec(select(LogEntry.seq).order_by(col(LogEntry.seq).desc()).limit(1)).first()
    return (last or 0) + 1


def _add_key(session: Session, key: Ed25519PrivateKey, previous: Ed25519PrivateKey | None) -> None:
    replaces = fingerprint(previous.public_key()) if previous else None
    payload = _key_payload(key, replaces, _next_seq(session))
    message = KEY_ENTRY_PREFIX + payload.encode("utf-8")
    signers = [key] + ([previous] if previous else [])
    signatures = tuple((fingerprint(k.public_key()), b64(k.sign(message))) for k in signers)
    append_entry(session=session, kind=KIND_KEY, payload=payload, signatures=signatures)
    session.add(SigningKey(fingerprint=fingerprint(key.public_key()),
                           public_pem=public_pem(key.public_key()), private_pem=private_to_text(key)))
    _remember_private(key)


def current_signing_key(*, session: Session) -> Ed25519PrivateKey:
    """The key in force, created (as the log's first entry) on first use."""
    row = session.exec(
        select(SigningKey).where(col(SigningKey.retired_at).is_(None))
        .order_by(col(SigningKey.created_at).desc())
    ).first()
    if row is not None:
        return _load_private(row)
    if session.exec(select(LogEntry).limit(1)).first() is not None:
        raise KnownError("署名鍵が見つかりません。", hint="バックアップから復元してください。")
    key = new_private_key()
    _add_key(session, key, None)
    log.info("created signing key %s", fingerprint(key.public_key()))
    return key


def rotate_signing_key(*, session: Session) -> str:
    """Replace the key in force; the new key's entry is signed by both keys."""
    old = current_signing_key(session=session)
    old_row = session.exec(
        select(SigningKey).where(SigningKey.fingerprint == fingerprint(old.public_key()))
    ).one()
    new = new_private_key()
    _add_key(session, new, old)
    old_row.retired_at = utcnow()
    session.commit()
    return fingerprint(new.public_key())


def public_keys(*, session: Session) -> dict[str, str]:
    return {row.fingerprint: row.public_pem
            for row in session.exec(select(SigningKey).order_by(col(SigningKey.created_at)))}


def signing_key_fingerprint(*, session: Session) -> str | None:
    """The fingerprint of the review key in force, without making one (None: none yet)
    and without asking the keyring for its private part."""
    return session.exec(
        select(SigningKey.fingerprint).where(col(SigningKey.retired_at).is_(None))
        .order_by(col(SigningKey.created_at).desc())
    ).first()


def create_signing_key(*, session: Session) -> str:
    """Make the review key now (the register log's first entry) if there is none yet;
    returns the fingerprint of the key in force."""
    key = current_signing_key(session=session)
    session.commit()
    return fingerprint(key.public_key())
