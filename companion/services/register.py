"""The practitioner's register log and signing keys.

Every disclosure version, and every signing key, is an entry in one append-only log
(docs/review-bundle-format.md). Entry 1 is the first key; a rotation is an entry
signed by both the old and the new key. Nothing here commits: the use cases that
append entries own their transactions.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from companion.db.models import (
    Disclosure,
    DisclosureEngagement,
    DisclosureVersion,
    LogEntry,
    SigningKey,
)
from companion.db.types import utcnow
from companion.domain.register_log import (
    KEY_ENTRY_PREFIX,
    KIND_DISCLOSURE,
    KIND_EXPORT,
    KIND_KEY,
    Entry,
    canonical_payload,
    next_entry,
    written_at_of,
    written_at_text,
)
from companion.errors import KnownError, Message
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

# The device clock every new entry states as its ``written_at`` (tests replace it).
clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # noqa: E731


# How far behind the last entry the device clock may be (an adjustment by the network
# time service) before it is taken for a wrong clock; within it, the entry states the
# last entry's moment, so the chain's times never go back.
CLOCK_SLACK = timedelta(minutes=10)


def written_now(at: datetime | None = None) -> str:
    """``written_at`` for an entry appended now (``at``: a moment given by the caller,
    as the demo does for the history it makes up)."""
    return written_at_text(at or clock())


def written_for_next(session: Session, at: datetime | None = None) -> str:
    """``written_at`` for the next entry: now, by the device clock. A clock behind the
    last entry (set back, or a dead clock battery) would make the register look
    backdated to a reviewer, so it is refused with a way out, and nothing is written."""
    if at is not None:
        return written_now(at)
    moment = clock()
    last = session.exec(select(LogEntry.payload).order_by(col(LogEntry.seq).desc()).limit(1)).first()
    previous = written_at_of(json.loads(last)) if last else None
    if previous is not None and moment < previous:
        if previous - moment > CLOCK_SLACK:
            raise KnownError(
                "この端末の時計({now})が、最後の記録の日時({last})より前になっています。",
                hint="時計(日付と時刻)を正しく合わせてから、もう一度記録してください。",
                now=written_at_text(moment)[:16].replace("T", " "),
                last=written_at_text(previous)[:16].replace("T", " "))
        moment = previous
    return written_at_text(moment)


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
    """Append one entry to the register. Only the register keeper appends (with sync,
    one device: services.sync.register_keeper), so the chain never forks."""
    # Imported here: the keeper module builds on the disclosure use cases, which build
    # on this one.
    from companion.services.sync.register_keeper import require_register_keeper

    require_register_keeper(session)
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


def _key_payload(key: Ed25519PrivateKey, replaces: str | None, seq: int, written_at: str) -> str:
    return canonical_payload({
        "fingerprint": fingerprint(key.public_key()),
        "public_key_pem": public_pem(key.public_key()),
        "replaces": replaces,
        "valid_from_seq": seq,
        "written_at": written_at,
    })


def _next_seq(session: Session) -> int:
    last = session.exec(select(LogEntry.seq).order_by(col(LogEntry.seq).desc()).limit(1)).first()
    return (last or 0) + 1


def _add_key(session: Session, key: Ed25519PrivateKey, previous: Ed25519PrivateKey | None,
             at: datetime | None = None) -> None:
    replaces = fingerprint(previous.public_key()) if previous else None
    payload = _key_payload(key, replaces, _next_seq(session), written_for_next(session, at))
    message = KEY_ENTRY_PREFIX + payload.encode("utf-8")
    signers = [key] + ([previous] if previous else [])
    signatures = tuple((fingerprint(k.public_key()), b64(k.sign(message))) for k in signers)
    append_entry(session=session, kind=KIND_KEY, payload=payload, signatures=signatures)
    session.add(SigningKey(fingerprint=fingerprint(key.public_key()),
                           public_pem=public_pem(key.public_key()), private_pem=private_to_text(key)))
    _remember_private(key)


def current_signing_key(*, session: Session, at: datetime | None = None) -> Ed25519PrivateKey:
    """The key in force, created (as the log's first entry, written ``at``) on first use."""
    row = session.exec(
        select(SigningKey).where(col(SigningKey.retired_at).is_(None))
        .order_by(col(SigningKey.created_at).desc())
    ).first()
    if row is not None:
        return _load_private(row)
    if session.exec(select(LogEntry).limit(1)).first() is not None:
        raise KnownError("署名鍵が見つかりません。", hint="バックアップから復元してください。")
    key = new_private_key()
    _add_key(session, key, None, at)
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


def signing_key_at(*, session: Session, size: int) -> Ed25519PrivateKey:
    """The key that was in force when the log had ``size`` entries (the last key entry
    at or before it): Ed25519 signs deterministically, so signing that checkpoint again
    gives the signature sent then."""
    payload = session.exec(
        select(LogEntry.payload).where(LogEntry.kind == KIND_KEY, col(LogEntry.seq) <= size)
        .order_by(col(LogEntry.seq).desc()).limit(1)
    ).first()
    if payload is None:
        raise KnownError("署名鍵が見つかりません。", hint="バックアップから復元してください。")
    row = session.exec(
        select(SigningKey).where(SigningKey.fingerprint == json.loads(payload)["fingerprint"])
    ).first()
    if row is None:
        raise KnownError("署名鍵が見つかりません。", hint="バックアップから復元してください。")
    return _load_private(row)


def append_export_entry(*, session: Session, period: tuple[str, str],
                        files: dict[str, str]) -> LogEntry:
    """Record in the register that a review bundle is made now, covering every entry
    before this one; ``files`` are the digests of the bundle's files that are not read
    from the register (derived.BOUND_FILES). The caller commits."""
    last = session.exec(select(LogEntry).order_by(col(LogEntry.seq).desc()).limit(1)).first()
    payload = canonical_payload({
        "size": last.seq if last else 0, "head": last.entry_hash if last else "",
        "period_from": period[0], "period_to": period[1], "files": dict(sorted(files.items())),
        "written_at": written_for_next(session),
    })
    return append_entry(session=session, kind=KIND_EXPORT, payload=payload)


# -- each disclosure row against its register entry ---------------------------------------

def _stated(disclosure: Disclosure, version: DisclosureVersion,
            engagement_ids: list[str]) -> dict[str, object]:
    """A version's columns as its register payload states them."""
    def day(value: object) -> object:
        return value.isoformat() if value is not None and hasattr(value, "isoformat") else value

    return {
        "number": disclosure.number, "version": version.version, "kind": str(version.kind),
        "counterpart_name": version.counterpart_name,
        "counterpart_client_id": version.counterpart_client_id.hex
        if version.counterpart_client_id else None,
        "amount_yen": version.amount_yen, "share_percent": version.share_percent,
        "role_title": version.role_title, "started_on": day(version.started_on),
        "ended_on": day(version.ended_on), "declared_on": day(version.declared_on),
        "description": version.description, "mitigation": version.mitigation,
        "status": str(version.status), "reason": version.reason,
        "engagement_ids": sorted(engagement_ids), "disclosure_id": disclosure.id.hex,
        "version_id": version.id.hex,
    }


def register_binding_problems(*, session: Session) -> list[str]:
    """Disclosure versions whose columns no longer say what their register entry says
    (a column edited outside Companion): what every list, export and bundle reads
    must be what was signed. One line per version, naming the fields."""
    links: dict[object, list[str]] = {}
    for version_id, engagement_id in session.exec(
            select(DisclosureEngagement.version_id, DisclosureEngagement.engagement_id)):
        links.setdefault(version_id, []).append(engagement_id.hex)
    payloads = {seq: payload for seq, payload in session.exec(
        select(LogEntry.seq, LogEntry.payload).where(LogEntry.kind == KIND_DISCLOSURE))}
    problems: list[str] = []
    for disclosure, version in session.exec(
        select(Disclosure, DisclosureVersion)
        .join(Disclosure, col(Disclosure.id) == DisclosureVersion.disclosure_id)
        .order_by(col(DisclosureVersion.log_seq))
    ):
        text = payloads.get(version.log_seq)
        try:
            signed = json.loads(text) if text is not None else None
        except ValueError:
            signed = None
        if not isinstance(signed, dict):
            problems.append(Message("開示{number}の第{version}版: 対応する記録(記録 {seq})がありません",
                                    number=disclosure.number, version=version.version,
                                    seq=version.log_seq))
            continue
        stated = _stated(disclosure, version, links.get(version.id, []))
        differing = [name for name, value in stated.items()
                     if name in signed and signed[name] != value]
        if differing:
            problems.append(Message("開示{number}の第{version}版: {fields} が記録 {seq} と一致しません"
                                    "(データベースの改変の可能性)", number=disclosure.number,
                                    version=version.version, fields="・".join(differing),
                                    seq=version.log_seq))
    return problems
