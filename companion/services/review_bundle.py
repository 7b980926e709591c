"""Exporting the review bundle: gather the register and its context, sign, write.

The bundle's format is docs/review-bundle-format.md; the signing and sealing are in
``companion.review``. This module reads the database, refuses to sign a disclosure row
that no longer says what its register entry says, records the export as a register
entry of its own (the bundle's checkpoint covers it), and records the bundle sent, so
the next bundle can carry this one's checkpoint. The register's readable files are
made from the signed entries alone (``companion.review.derived``).
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import Session, col, select

from companion import __version__
from companion.db.database import BackgroundQuickCheck
from companion.db.models import (
    Client,
    Engagement,
    ExportedBundle,
    Review,
    ReviewFinding,
    Sponsor,
    Visit,
)
from companion.domain.calendar import JST, day_span, visit_hours
from companion.domain.enums import Finding
from companion.domain.red_flags import RULES_VERSION, RedFlag
from companion.domain.register_log import Entry
from companion.errors import KnownError, ValidationError
from companion.paths import DataPaths, check_output_path, resource
from companion.review.bundle import (
    BundleHeader,
    key_files,
    register_json,
    seal,
    sha256_hex,
    signed_checkpoint_files,
    write_zip,
)
from companion.review.checkpoint import Checkpoint
from companion.review.derived import (
    BOUND_FILES,
    csv_bytes,
    disclosure_entries,
    export_entries,
    latest_entries,
    red_flags_csv,
    register_files,
)
from companion.review.flag_records import flags_document
from companion.review.keys import b64, fingerprint, short_fingerprint, unb64
from companion.review.register_docx import (
    RegisterRow,
    VersionHistory,
    register_docx,
    row_from_payload,
    version_histories,
)
from companion.review.verify import inspect_bundle
from companion.services.dispositions import bundle_dispositions
from companion.services.red_flags import RedFlagInputs, red_flag_inputs
from companion.services.register import (
    append_export_entry,
    current_signing_key,
    log_entries,
    log_id_of,
    public_keys,
    register_binding_problems,
    signing_key_at,
)
from companion.services.review_import import record_reviews_in_register
from companion.services.sync.register_keeper import require_keeper_for

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_sha256: str
    checkpoint: Checkpoint
    fingerprint: str
    files: int
    problems: tuple[str, ...] = ()  # from verifying the file written (none expected)


def _red_flag_files(inputs: RedFlagInputs, flags: list[RedFlag], entries: list[Entry],
                    dispositions: list[dict[str, Any]]) -> dict[str, bytes]:
    """The rules' verdicts with the rules and what they read (``flag_records``), so a
    verifier computes them again, and the reviewers' dispositions of earlier flags."""
    document = flags_document(flags, entries, engagements=inputs.engagements,
                              mentions=inputs.mentions, reviewed=inputs.reviewed,
                              today=inputs.today, dispositions=dispositions)
    return {"red-flags.json": json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
            "red-flags.csv": red_flags_csv(document)}


def _engagement_files(session: Session, period: tuple[date, date]) -> dict[str, bytes]:
    engagements = session.exec(
        select(Engagement, Client.name, Sponsor.name)
        .join(Client, col(Client.id) == Engagement.client_id)
        .outerjoin(Sponsor, col(Sponsor.id) == Engagement.sponsor_id)
        .order_by(col(Engagement.start_on))
    ).all()
    start, end = day_span(*period, JST)  # the period's days in Japan time, as reports count
    counts: dict[uuid.UUID, dict[str, float]] = {}
    # The four columns counted, not whole visits (their texts are most of the file).
    for engagement_id, mode, started_at, ended_at in session.exec(
        select(Visit.engagement_id, Visit.mode, Visit.started_at, Visit.ended_at)
        .where(col(Visit.is_draft).is_(False), col(Visit.started_at) >= start,
               col(Visit.started_at) < end)
    ):
        summary = counts.setdefault(engagement_id, {"件数": 0, "訪問": 0, "オンライン": 0,
                                                    "電話": 0, "来所": 0, "時間": 0.0})
        summary["件数"] += 1
        summary[str(mode)] += 1
        summary["時間"] += visit_hours(started_at, ended_at)
    engagement_rows, visit_rows = [], []
    for engagement, client, sponsor in engagements:
        engagement_rows.append([engagement.id.hex, engagement.title, client, sponsor or "",
                                engagement.scheme, engagement.status, engagement.start_on,
                                engagement.planned_end_on, engagement.fee_terms,
                                "はい" if engagement.fee_paid_by_client else "いいえ"])
        if engagement.id in counts:
            done = counts[engagement.id]
            visit_rows.append([engagement.id.hex, engagement.title, client, int(done["件数"]),
                               int(done["訪問"]), int(done["オンライン"]), int(done["電話"]),
                               int(done["来所"]), round(done["時間"], 1)])
    return {
        "engagements.csv": csv_bytes(["案件ID", "案件名", "事業者", "委託元", "方式", "状態", "開始日",
                                 "終了予定日", "報酬条件", "報酬は事業者負担"], engagement_rows),
        "visits-summary.csv": csv_bytes(["案件ID", "案件名", "事業者", "件数", "訪問", "オンライン", "電話",
                                    "来所", "時間"], visit_rows),
    }


def _reviewer_readme(*, practitioner: str, fp: str, period: str, created: str,
                     has_previous: bool) -> bytes:
    template = resource("review", "README-reviewer.md").read_text(encoding="utf-8")
    if has_previous:
        command = ("python3 -I verify_chain.py register.json --checkpoint checkpoint.txt "
                   "--since previous-checkpoint.txt")
        note = ("`previous-checkpoint.txt` は前回お送りしたバンドルのチェックポイントです。お手元に残っている"
                "前回のバンドルの `checkpoint.txt` と同じ内容であることも確かめてください(`--since` にそちらを"
                "指定しても構いません)。")
    else:
        command = "python3 -I verify_chain.py register.json --checkpoint checkpoint.txt"
        note = ("これが最初のバンドルです。この `checkpoint.txt` を保管しておき、次回のバンドルでは "
                "`--since` に指定して連続性を確かめてください。")
    text = template.format(practitioner=practitioner or "未設定", fingerprint=fp,
                           period=period, created=created, generator=__version__,
                           chain_command=command, since_note=note)
    return text.encode("utf-8")


def _refuse_damaged(check: BackgroundQuickCheck) -> None:
    """A signature vouches for the records: never sign what was read from a damaged
    file (SQLite's quick_check reads every page, seconds on ten years of data: it runs
    while the bundle is prepared, and is waited for before anything is committed;
    unless a check less than a day old found this very file whole, db.whole_check)."""
    problems = check.problems()
    if problems:
        raise KnownError("データベースが壊れているため、レビューバンドルに署名しません({problem})",
                         hint="companion check で確認し、バックアップから復元するか companion check --repair を実行してください。", problem=problems[0])


def _previous_checkpoint_files(session: Session, log_id: str, exports: list[Entry]
                               ) -> dict[str, bytes]:
    """The checkpoint of the bundle sent before, as it was sent (its row), or, with no
    row left, as the register records it (its export entry; Ed25519 signs the same text
    with the same key to the same signature). A register rewritten since then no
    longer holds the sent checkpoint, and that shows in this bundle on its own."""
    sent = session.exec(
        select(ExportedBundle).order_by(col(ExportedBundle.created_at).desc()).limit(1)
    ).first()
    if sent is not None:
        return {"previous-checkpoint.txt": sent.checkpoint.encode("ascii"),
                "previous-checkpoint.sig": unb64(sent.checkpoint_signature)}
    if not exports:
        return {}
    made = Checkpoint(log_id, exports[-1].seq, exports[-1].entry_hash)
    return signed_checkpoint_files(made, signing_key_at(session=session, size=made.size),
                                   prefix="previous-checkpoint")


def _refuse_unbound(session: Session) -> None:
    """What the bundle shows must be what the register signed: a disclosure row edited
    outside Companion is refused here, as ``companion check`` reports it."""
    problems = register_binding_problems(session=session)
    if problems:
        raise KnownError("開示の記録と一致しない行があるため、レビューバンドルに署名しません({problem})",
                         hint="companion check で確認し、改変前のバックアップから復元してください。",
                         problem=problems[0])


@dataclass(frozen=True)
class PreparedBundle:
    """Everything a bundle holds, read from the database in one transaction and signed
    with the key in force; writing it (``write_review_bundle``) needs no database."""

    out: Path
    files: dict[str, bytes]
    header: BundleHeader
    signer: Ed25519PrivateKey
    fingerprint: str
    checkpoint: Checkpoint
    latest: list[RegisterRow]  # the register as register.docx lists it
    flags: list[RedFlag]
    histories: list[VersionHistory]  # every version, for register.docx
    flags_document: dict[str, Any]  # red-flags.json: records behind the flags, dispositions
    practitioner: str
    today: date


@dataclass(frozen=True)
class WrittenBundle:
    """A bundle file written (not yet recorded as sent)."""

    path: Path
    manifest_sha256: str
    checkpoint: Checkpoint
    checkpoint_signature: str  # base64
    fingerprint: str
    files: int
    problems: tuple[str, ...] = ()  # from reading it back as a reviewer will (none expected)


def prepare_review_bundle(*, session: Session, out: Path, period_from: date | None = None,
                          period_to: date | None = None, practitioner: str = "",
                          today: date | None = None, data_folder: DataPaths | None = None,
                          progress: Progress = lambda _step: None) -> PreparedBundle:
    """Check the database, read the register and its context, sign what needs the key.
    The first bundle makes the signing key: that is committed here (the window records
    the bundle in a later transaction). With ``data_folder``, ``out`` is refused when it
    lies inside it (``check_output_path``), before anything is read."""
    if data_folder is not None:
        out = check_output_path(out, data_folder)
    today = today or date.today()
    period = (period_from or date(today.year - 1, 4, 1), period_to or today)
    if period[1] < period[0]:
        raise ValidationError("期間の終わりが始まりより前です。", field="period")
    progress("データベースを検査しています")
    check = BackgroundQuickCheck(session.get_bind().engine)
    try:
        return _prepare_checked(session=session, out=out, period=period, practitioner=practitioner,
                                today=today, progress=progress, check=check)
    except BaseException:
        with contextlib.suppress(BaseException):  # the preparation's own error is the one told
            check.problems()
        raise


def _prepare_checked(*, session: Session, out: Path, period: tuple[date, date],
                     practitioner: str, today: date, progress: Progress,
                     check: BackgroundQuickCheck) -> PreparedBundle:
    require_keeper_for(session, "review-export")  # the bundle is a register entry
    _refuse_unbound(session)
    progress("署名鍵と記録を準備しています")
    signer = current_signing_key(session=session)
    record_reviews_in_register(session=session)  # reviews/ verify against the register
    before = log_entries(session=session)
    progress("注意事項を判定しています")
    inputs = red_flag_inputs(session=session, today=today)
    flags = inputs.flags()
    context = {**_red_flag_files(inputs, flags, before, bundle_dispositions(session=session)),
               **_engagement_files(session, period)}
    # This export is itself a register entry: deleting the record of bundles sent
    # means rewriting the chain a reviewer holds a checkpoint of.
    append_export_entry(session=session, period=(period[0].isoformat(), period[1].isoformat()),
                        files={name: sha256_hex(context[name]) for name in BOUND_FILES})
    entries = log_entries(session=session)
    log_id = log_id_of(entries)
    checkpoint = Checkpoint(log_id, len(entries), entries[-1].entry_hash)
    fp = fingerprint(signer.public_key())
    files: dict[str, bytes] = {
        "register.json": register_json(log_id, entries),
        **register_files(entries),
        **context,
        **key_files(public_keys(session=session), signer),
        **signed_checkpoint_files(checkpoint, signer),
        "verify_chain.py": resource("review", "verify_chain.py").read_bytes(),
    }
    files.update(_previous_checkpoint_files(session, log_id, export_entries(before)))
    earlier = "previous-checkpoint.txt" in files
    for index, review in enumerate(session.exec(select(Review).order_by(col(Review.created_at))), 1):
        if review.envelope:
            files[f"reviews/{index:03d}-{review.reviewed_on.isoformat()}.dsse.json"] = review.envelope.encode()
    created = datetime.now(UTC)
    files["README-reviewer.md"] = _reviewer_readme(
        practitioner=practitioner, fp=fp, period=f"{period[0].isoformat()} 〜 {period[1].isoformat()}",
        created=created.astimezone().strftime("%Y-%m-%d %H:%M"), has_previous=earlier)
    header = BundleHeader(generator=f"Companion {__version__}", created_at=created.isoformat(),
                          period_from=period[0].isoformat(), period_to=period[1].isoformat(),
                          practitioner_name=practitioner, log_id=log_id, checkpoint=checkpoint,
                          rules_version=RULES_VERSION)
    _refuse_damaged(check)  # nothing read from a damaged file is signed or committed
    session.commit()  # the export entry (and a signing key made for this bundle)
    latest = [row for row in (row_from_payload(item) for item in
                              latest_entries(disclosure_entries(entries))) if row is not None]
    histories = version_histories(disclosure_entries(entries), _findings_by_version(session))
    return PreparedBundle(out=out, files=files, header=header, signer=signer, fingerprint=fp,
                          checkpoint=checkpoint, latest=latest, flags=flags,
                          histories=histories, flags_document=json.loads(files["red-flags.json"]),
                          practitioner=practitioner, today=today)


def _findings_by_version(session: Session) -> dict[str, list[str]]:
    """The reviewers' findings per version id (hex), oldest review first."""
    found: dict[str, list[str]] = {}
    for finding, review in session.exec(
            select(ReviewFinding, Review).join(Review, col(Review.id) == ReviewFinding.review_id)
            .order_by(col(Review.reviewed_on), col(Review.created_at))):
        text = f"{review.reviewed_on.isoformat()} {review.reviewer}: {Finding(finding.finding).value}"
        detail = "。".join(t for t in (finding.conditions, finding.comment) if t)
        found.setdefault(finding.version_id.hex, []).append(f"{text}({detail})" if detail else text)
    return found


def write_review_bundle(prepared: PreparedBundle, *, verify: bool = False,
                        progress: Progress = lambda _step: None) -> WrittenBundle:
    """Make register.docx, seal and sign the bundle and write the zip file; no
    database (the window runs this on its second pool). With ``verify``, read the file
    back and verify it as a reviewer will (``WrittenBundle.problems``)."""
    progress("開示一覧(Word)を作成しています")
    files = dict(prepared.files)
    checkpoint = prepared.checkpoint
    files["register.docx"] = register_docx(
        prepared.latest, flags=prepared.flags, practitioner=prepared.practitioner,
        fingerprint=short_fingerprint(prepared.fingerprint), made_on=prepared.today,
        checkpoint=f"記録 {checkpoint.size} 件まで(最後の記録のハッシュ {checkpoint.head[:16]}…)",
        histories=prepared.histories,
        flag_records=prepared.flags_document.get("red_flags", []),
        dispositions=prepared.flags_document.get("dispositions", []))
    progress("署名しています")
    sealed = seal(files, prepared.header, prepared.signer)
    progress("書き出しています")
    path = write_zip(sealed, prepared.out)
    problems = tuple(inspect_bundle(path).problems) if verify else ()
    return WrittenBundle(path=path, manifest_sha256=sha256_hex(sealed["manifest.json"]),
                         checkpoint=prepared.checkpoint,
                         checkpoint_signature=b64(sealed["checkpoint.sig"]),
                         fingerprint=prepared.fingerprint, files=len(sealed), problems=problems)


def record_review_bundle(*, session: Session, written: WrittenBundle) -> ExportResult:
    """Record a written bundle as sent: the next bundle carries its checkpoint, and a
    reviewer's response to it can be imported."""
    session.add(ExportedBundle(manifest_sha256=written.manifest_sha256,
                               checkpoint=written.checkpoint.text(),
                               checkpoint_signature=written.checkpoint_signature,
                               file_name=written.path.name))
    session.commit()
    return ExportResult(written.path, written.manifest_sha256, written.checkpoint,
                        written.fingerprint, written.files, written.problems)


def export_review_bundle(*, session: Session, out: Path, period_from: date | None = None,
                         period_to: date | None = None, practitioner: str = "",
                         today: date | None = None,
                         progress: Progress = lambda _step: None) -> ExportResult:
    """Prepare, write and record the signed bundle in one session (the command line;
    the window runs the three steps as a chain of ops)."""
    prepared = prepare_review_bundle(session=session, out=out, period_from=period_from,
                                     period_to=period_to, practitioner=practitioner,
                                     today=today, progress=progress)
    written = write_review_bundle(prepared, progress=progress)
    return record_review_bundle(session=session, written=written)
