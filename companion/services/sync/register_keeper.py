"""The register stays one chain: one device, the 記帳端末 (register keeper), appends to it.

The register (LogEntry, DisclosureVersion and the export and review entries) is one
hash chain whose positions are numbered 1, 2, 3 ...; two devices appending between
two syncs would both take the next position and fork it. So only the keeper appends
(services.register.append_entry refuses elsewhere). The other devices reach the
register's rows as ordinary synced rows, so each holds a prefix of the keeper's chain,
and a checkpoint given to a reviewer is a prefix everywhere.

On a device that does not keep the register, declaring, amending, ending or
confirming a disclosure records a ``PendingDisclosure`` (synced like any row). After
each sync the keeper seals the pending ones in the order they were written (HLC)
through the normal use cases, dated when they were written (``at=written_at``, so the
late-disclosure rule reads the day the practitioner wrote it), and records the version
it made, or why it could not (a draft that no longer holds, e.g. an interest ended on
the keeper meanwhile).

Who keeps the register is itself synced: a ``RegisterKeeper`` record, the latest by
HLC wins. Without sync, this device keeps it (nothing changes for one computer). The
device that sets up sync becomes the keeper; devices that join are not, until one
takes the register over (``become_register_keeper``, after a sync, when the keeper is
lost). The register's signing private key never enters the change log: it travels in
segments' encrypted secrets (``secrets_to_send`` / ``receive_secrets``), so a new
keeper can sign.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from companion.db.models import (
    Disclosure,
    DisclosureVersion,
    LogEntry,
    PendingDisclosure,
    RegisterKeeper,
    SigningKey,
    SyncPeer,
    SyncSetting,
)
from companion.db.types import utcnow
from companion.domain.calendar import JST
from companion.domain.enums import DisclosureKind, DisclosureStatus
from companion.domain.register_log import written_at_of
from companion.errors import KnownError, NotFoundError, ValidationError
from companion.keystore import KeyringUnavailable, SecretStore
from companion.review.keys import fingerprint, private_from_text
from companion.services import register
from companion.services.disclosures import (
    DisclosureDraft,
    current_draft,
    recertification_candidates,
    record_amendment,
    record_declaration,
    record_recertification,
    validate_draft,
)
from companion.services.session import current_device

ACTIONS = ("declare", "amend", "end", "recertify")
ACTION_LABELS = {"declare": "新規開示", "amend": "変更", "end": "関与の終了", "recertify": "年次確認"}


# -- who keeps the register -------------------------------------------------------------------

def _latest_keeper(session: Session) -> RegisterKeeper | None:
    """The keeper record whose create is latest by HLC (ties: the larger device id)."""
    log = SQLModel.metadata.tables["changelog"]
    keepers = SQLModel.metadata.tables["registerkeeper"]
    found = session.connection().execute(
        sa.select(keepers.c.id)
        .join(log, sa.and_(log.c.entity_id == keepers.c.id, log.c.entity == "registerkeeper"))
        .order_by(log.c.hlc.desc(), log.c.device_id.desc()).limit(1)).scalar()
    if found is None:  # a record without its log entry (never made by Companion): by time
        return session.exec(select(RegisterKeeper)
                            .order_by(col(RegisterKeeper.taken_at).desc())).first()
    return session.get(RegisterKeeper, found)


def register_keeper(session: Session) -> uuid.UUID | None:
    """The device that appends to the register: the latest keeper record's; without
    sync, this device; None when sync is set up here but no keeper record has arrived
    yet (a device that joined and has not synced)."""
    keeper = _latest_keeper(session)
    if keeper is not None:
        return keeper.device_id
    if session.exec(select(SyncSetting.id)).first() is not None:
        return None
    return current_device(session)


def is_register_keeper(session: Session) -> bool:
    return register_keeper(session) == current_device(session)


def keeper_name(session: Session) -> str:
    """How the keeper is called (its device name), for messages."""
    keeper = _latest_keeper(session)
    if keeper is None:
        return "" if register_keeper(session) is not None else "未確定(まだ同期していません)"
    if keeper.device_id == current_device(session):
        setting = session.exec(select(SyncSetting)).first()
        if setting is not None and setting.device_name:
            return setting.device_name
    peer = session.exec(select(SyncPeer).where(SyncPeer.device_id == keeper.device_id)).first()
    return (peer.name if peer is not None and peer.name else keeper.device_name
            or keeper.device_id.hex[:8])


def require_register_keeper(session: Session) -> None:
    """KnownError unless this device keeps the register (see the module)."""
    if not is_register_keeper(session):
        raise KnownError("登録簿はこの端末では記帳できません(記帳端末: {name})",
                         name=keeper_name(session),
                         hint="開示の記録は「封印待ち」として残り、次の同期で記帳端末が登録簿に記載します。")


def require_keeper_for(session: Session, what: str) -> None:
    """KnownError unless this device keeps the register, for a use case that appends
    to it: ``what`` is "review-export" or "import-review"."""
    if is_register_keeper(session):
        return
    hint = ("登録簿に書けるのは記帳端末だけです。記帳端末をなくしたときは、同期のあとで "
            "companion sync --take-register を実行すると、この端末が記帳端末になります。")
    if what == "review-export":
        raise KnownError("レビュー用バンドルの書き出しは記帳端末({name})で行ってください。",
                         name=keeper_name(session), hint=hint)
    raise KnownError("レビューの応答の取り込みは記帳端末({name})で行ってください。",
                     name=keeper_name(session), hint=hint)


def _has_private_key(row: SigningKey) -> bool:
    if row.private_pem:
        return True
    try:
        return bool(SecretStore().get(f"signing-key-{row.fingerprint}"))
    except KeyringUnavailable:
        return False


def become_register_keeper(session: Session, *, device_name: str) -> None:
    """Make this device the register keeper from now on (a synced keeper record). It
    must hold the private key in force (it arrives with a sync from the old keeper).
    The caller commits."""
    if is_register_keeper(session) and _latest_keeper(session) is not None:
        return
    in_force = session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_(None))
                            .order_by(col(SigningKey.created_at).desc())).first()
    if in_force is not None and not _has_private_key(in_force):
        raise KnownError("登録簿の署名鍵がこの端末にまだ届いていません。",
                         hint="記帳端末と一度同期してから、もう一度実行してください。")
    session.add(RegisterKeeper(device_id=current_device(session), device_name=device_name))
    session.flush()


# -- the register's private key, carried in segments' encrypted secrets ---------------------

def secrets_to_send(session: Session) -> dict[str, Any]:
    """The register's signing private keys held here ({"signing_keys": {fingerprint:
    PEM}}), for segments' encrypted secrets section; {} when there are none."""
    keys: dict[str, str] = {}
    for row in session.exec(select(SigningKey)):
        text = row.private_pem
        if not text:
            try:
                text = SecretStore().get(f"signing-key-{row.fingerprint}") or ""
            except KeyringUnavailable:
                text = ""
        if text:
            keys[row.fingerprint] = text
    return {"signing_keys": keys} if keys else {}


def receive_secrets(session: Session, secrets: dict[str, Any]) -> int:
    """Keep the signing private keys another device sent, for the key rows here that
    lack them (each must match its fingerprint); how many were kept."""
    keys = secrets.get("signing_keys") if isinstance(secrets, dict) else None
    if not isinstance(keys, dict):
        return 0
    table = SQLModel.metadata.tables["signingkey"]
    kept = 0
    for fp, text in keys.items():
        if not isinstance(fp, str) or not isinstance(text, str):
            continue
        try:
            if fingerprint(private_from_text(text).public_key()) != fp:
                continue
        except (ValueError, TypeError, KnownError):
            continue
        # Core, not the ORM: a secret column is never logged, and this is no change of
        # the record (every device holds the same key row).
        done = session.connection().execute(
            sa.update(table).where(table.c.fingerprint == fp, table.c.private_pem == "")
            .values(private_pem=text))
        kept += done.rowcount or 0
    return kept


# -- pending disclosure changes --------------------------------------------------------------

def _draft_payload(draft: DisclosureDraft) -> dict[str, Any]:
    return {
        "kind": draft.kind.name, "counterpart_name": draft.counterpart_name,
        "started_on": draft.started_on.isoformat(), "declared_on": draft.declared_on.isoformat(),
        "counterpart_client_id": draft.counterpart_client_id.hex
        if draft.counterpart_client_id else None,
        "amount_yen": draft.amount_yen, "share_percent": draft.share_percent,
        "role_title": draft.role_title,
        "ended_on": draft.ended_on.isoformat() if draft.ended_on else None,
        "description": draft.description, "mitigation": draft.mitigation,
        "status": draft.status.name, "reason": draft.reason,
        "engagement_ids": [e.hex for e in draft.engagement_ids],
    }


def _draft_from(payload: dict[str, Any]) -> DisclosureDraft:
    def day(value: Any) -> date | None:
        return date.fromisoformat(value) if value else None

    started, declared = day(payload["started_on"]), day(payload["declared_on"])
    if started is None or declared is None:
        raise ValueError("dates")
    client = payload.get("counterpart_client_id")
    return DisclosureDraft(
        kind=DisclosureKind[payload["kind"]], counterpart_name=str(payload["counterpart_name"]),
        started_on=started, declared_on=declared,
        counterpart_client_id=uuid.UUID(client) if client else None,
        amount_yen=payload.get("amount_yen"), share_percent=payload.get("share_percent"),
        role_title=str(payload.get("role_title") or ""), ended_on=day(payload.get("ended_on")),
        description=str(payload.get("description") or ""),
        mitigation=str(payload.get("mitigation") or ""),
        status=DisclosureStatus[payload.get("status") or "DISCLOSED"],
        reason=str(payload.get("reason") or "新規開示"),
        engagement_ids=tuple(uuid.UUID(e) for e in payload.get("engagement_ids") or ()))


def _written_day(moment: datetime) -> date:
    return moment.astimezone(JST).date()


def record_pending(session: Session, *, action: str, disclosure_id: uuid.UUID | None,
                   draft: DisclosureDraft | None, ended_on: date | None = None,
                   reason: str = "") -> uuid.UUID:
    """Record a disclosure change written on a device that does not keep the register
    (「封印待ち」): checked now as the use case would check it, sealed by the keeper
    after the next sync. Returns the pending record's id. Commits."""
    if action not in ACTIONS:
        raise KnownError("開示の操作が正しくありません: {action}", action=action)
    written_at = register.clock()
    today = _written_day(written_at)
    payload: dict[str, Any] = {}
    if action in ("amend", "end", "recertify") and (
            disclosure_id is None or session.get(Disclosure, disclosure_id) is None):
        raise NotFoundError("開示が見つかりません: {id}", id=disclosure_id)
    if action in ("declare", "amend"):
        if draft is None:
            raise KnownError("開示の内容がありません。")
        if action == "amend":
            if not reason.strip():
                raise ValidationError("訂正・変更の理由を入力してください。", field="reason")
            draft = replace(draft, reason=reason)
        validate_draft(draft)
        if draft.declared_on > today:
            raise ValidationError("申告日に未来の日付({declared_on})は指定できません。今日({today})"
                                  "までの日付を入力してください。", field="declared_on",
                                  declared_on=draft.declared_on.isoformat(),
                                  today=today.isoformat())
        payload = _draft_payload(draft)
    elif action == "end":
        if ended_on is None:
            raise ValidationError("終了日を入力してください。", field="ended_on")
        if ended_on > today:
            raise ValidationError("終了日に未来の日付は指定できません。関与が終わってから記録してください。",
                                  field="ended_on")
        if not reason.strip():
            raise ValidationError("訂正・変更の理由を入力してください。", field="reason")
        payload = {"ended_on": ended_on.isoformat(), "reason": reason}
    elif action == "recertify":
        _check_recertifiable(session, disclosure_id, today)
    row = PendingDisclosure(action=action, disclosure_id=disclosure_id,
                            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                            written_at=written_at, device_id=current_device(session))
    session.add(row)
    session.commit()
    return row.id


def _check_recertifiable(session: Session, disclosure_id: uuid.UUID | None, today: date) -> None:
    candidates = {line.disclosure_id for line in
                  recertification_candidates(session=session, today=today)}
    if disclosure_id not in candidates:
        raise KnownError("この開示は今年度の確認の対象ではありません(終了済み、または確認済み)。")
    waiting = session.exec(select(PendingDisclosure.id).where(
        PendingDisclosure.disclosure_id == disclosure_id, PendingDisclosure.action == "recertify",
        col(PendingDisclosure.sealed_at).is_(None), PendingDisclosure.refused == "")).first()
    if waiting is not None:
        raise KnownError("この開示の年次確認は、すでに封印待ちです。")


def record_pending_recertifications(session: Session, *,
                                    disclosure_ids: Sequence[uuid.UUID]) -> int:
    """「今年度は変更なし」 on a device that does not keep the register: one pending
    confirmation per disclosure, all or none (each checked first). Commits."""
    written_at = register.clock()
    today = _written_day(written_at)
    for disclosure_id in disclosure_ids:
        _check_recertifiable(session, disclosure_id, today)
    for disclosure_id in disclosure_ids:
        session.add(PendingDisclosure(action="recertify", disclosure_id=disclosure_id,
                                      payload="{}", written_at=written_at,
                                      device_id=current_device(session)))
    session.commit()
    return len(disclosure_ids)


@dataclass(frozen=True)
class PendingOverview:
    """What the 開示 page shows of sync: whether this device keeps the register, and
    the pending changes not in the register yet (waiting, or refused)."""

    keeper: bool
    keeper_name: str
    lines: list[PendingLine]


def pending_overview(session: Session) -> PendingOverview:
    return PendingOverview(is_register_keeper(session), keeper_name(session),
                           [line for line in list_pending(session) if line.state != "sealed"])


@dataclass(frozen=True)
class PendingLine:
    """A pending disclosure change as the 開示 page lists it."""

    id: uuid.UUID
    action: str  # declare | amend | end | recertify
    action_label: str  # 新規開示 / 変更 / 関与の終了 / 年次確認
    disclosure_id: uuid.UUID | None
    number: int | None  # 開示番号 (None for a declaration not sealed yet)
    counterpart_name: str
    written_at: datetime
    state: str  # "pending" (封印待ち) | "sealed" (記載済み) | "refused" (記載できませんでした)
    refused: str  # why sealing refused it
    sealed_at: datetime | None


def list_pending(session: Session) -> list[PendingLine]:
    """Every pending disclosure change, newest first, with its state."""
    numbers = dict(session.exec(select(Disclosure.id, Disclosure.number)).all())
    lines = []
    for row in session.exec(select(PendingDisclosure)
                            .order_by(col(PendingDisclosure.written_at).desc())):
        payload = json.loads(row.payload or "{}")
        name = str(payload.get("counterpart_name") or "")
        if not name and row.disclosure_id is not None:
            name = session.exec(
                select(DisclosureVersion.counterpart_name)
                .where(DisclosureVersion.disclosure_id == row.disclosure_id)
                .order_by(col(DisclosureVersion.version).desc()).limit(1)).first() or ""
        disclosure = row.disclosure_id
        if disclosure is None and row.sealed_version_id is not None:
            disclosure = session.exec(select(DisclosureVersion.disclosure_id).where(
                DisclosureVersion.id == row.sealed_version_id)).first()
        state = "refused" if row.refused else "sealed" if row.sealed_at else "pending"
        lines.append(PendingLine(row.id, row.action, ACTION_LABELS.get(row.action, row.action),
                                 disclosure, numbers.get(disclosure) if disclosure else None,
                                 name, row.written_at, state, row.refused, row.sealed_at))
    return lines


def _sealing_moment(session: Session, written_at: datetime) -> datetime:
    """The moment a sealed entry states: when the change was written, unless the
    register already holds a later entry (the keeper wrote one meanwhile), then that
    entry's moment: the chain's times never go back (a verifier reads that as a clock
    set back), and the entry is never dated later than it must be."""
    last = session.exec(select(LogEntry.payload).order_by(col(LogEntry.seq).desc())
                        .limit(1)).first()
    previous = written_at_of(json.loads(last)) if last else None
    return max(written_at, previous) if previous is not None else written_at


def _seal_one(session: Session, row: PendingDisclosure) -> uuid.UUID:
    """The version sealing one pending change makes (KnownError: it no longer holds)."""
    payload = json.loads(row.payload or "{}")
    at = _sealing_moment(session, row.written_at)
    today = _written_day(at)
    try:
        if row.action == "declare":
            return record_declaration(session=session, draft=_draft_from(payload), at=at).id
        if row.disclosure_id is None:
            raise KnownError("開示が見つかりません: {id}", id=None)
        if row.action == "amend":
            draft = _draft_from(payload)
            return record_amendment(session=session, disclosure_id=row.disclosure_id,
                                    draft=draft, reason=draft.reason, at=at).id
        if row.action == "end":
            latest = current_draft(session=session, disclosure_id=row.disclosure_id)
            if latest.status is DisclosureStatus.ENDED:
                raise KnownError("この開示は既に終了しています。")
            ended_on = date.fromisoformat(payload["ended_on"])
            draft = replace(latest, ended_on=ended_on, status=DisclosureStatus.ENDED,
                            declared_on=today)
            return record_amendment(session=session, disclosure_id=row.disclosure_id,
                                    draft=draft, reason=str(payload.get("reason") or ""),
                                    at=at).id
        if row.action == "recertify":
            return record_recertification(session=session, disclosure_id=row.disclosure_id,
                                          today=today, at=at).id
    except (KeyError, TypeError, ValueError):
        raise KnownError("封印待ちの開示の内容が読めません。") from None
    raise KnownError("開示の操作が正しくありません: {action}", action=row.action)


def _in_written_order(session: Session) -> list[PendingDisclosure]:
    log = SQLModel.metadata.tables["changelog"]
    rows = session.exec(select(PendingDisclosure).where(
        col(PendingDisclosure.sealed_at).is_(None), PendingDisclosure.refused == "")).all()
    stamps = {row_id: (hlc, device.hex) for row_id, hlc, device in session.connection().execute(
        sa.select(log.c.entity_id, log.c.hlc, log.c.device_id)
        .where(log.c.entity == "pendingdisclosure", log.c.row_version == 1))}
    return sorted(rows, key=lambda r: (stamps.get(r.id, (0, "")), r.written_at))


def seal_pending(session: Session) -> int:
    """On the register keeper: write every pending disclosure change into the register,
    in the order they were written, each dated when written; one that no longer holds
    is marked refused with the reason. Returns how many were sealed. The caller
    commits."""
    if not is_register_keeper(session):
        return 0
    sealed = 0
    for row in _in_written_order(session):
        try:
            with session.begin_nested():
                version_id = _seal_one(session, row)
        except KnownError as exc:
            row.refused = str(exc.message) or "記載できませんでした"
            session.add(row)
            continue
        row.sealed_version_id = version_id
        row.sealed_at = utcnow()
        session.add(row)
        sealed += 1
    session.flush()
    return sealed
