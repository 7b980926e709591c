"""Importing a reviewer's signed response onto the disclosure versions it reviewed.

A response is accepted only when it is for a bundle this practitioner really sent,
signed by a reviewer key they trust, and names versions that exist; otherwise nothing
is imported. The envelope is kept exactly as received for later bundles, and the
import is a ``review`` entry of the signed register (the reviewer's key and the
envelope's digest): a bundle's ``reviews/`` are verified against those entries. The
reviewer's dispositions of red flags are stored with the review
(``services.dispositions.store_dispositions``). The register being append-only, an
import cannot be undone.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from companion.db.models import (
    DisclosureVersion,
    ExportedBundle,
    LogEntry,
    Review,
    ReviewerKey,
    ReviewFinding,
)
from companion.domain.enums import Finding
from companion.errors import KnownError
from companion.review import dsse
from companion.review.checkpoint import parse_checkpoint
from companion.review.keys import fingerprint_prefix
from companion.review.response import (
    KIND_REVIEW,
    envelope_digest,
    parse_response,
    review_entry_payload,
)
from companion.services.disclosures import ResponsePreview, preview_response
from companion.services.dispositions import store_dispositions
from companion.services.register import append_entry, current_signing_key, written_for_next
from companion.services.reviewer import read_response_file
from companion.services.sync.register_keeper import require_keeper_for

log = logging.getLogger("companion.review")


@dataclass(frozen=True)
class ImportResult:
    review_id: uuid.UUID
    reviewer: str
    findings: int
    newly_trusted_key: bool
    dispositions: int = 0  # the reviewer's dispositions of red flags stored


def import_review(*, session: Session, envelope_text: str,
                  trust_fingerprint: str | None = None) -> ImportResult:
    """``trust_fingerprint``: the reviewer key's fingerprint, or its first 16 or more
    hex digits, as confirmed with the reviewer (only needed for a first-time key)."""
    wanted = None if trust_fingerprint is None else fingerprint_prefix(trust_fingerprint,
                                                                       option="--trust-key")
    require_keeper_for(session, "import-review")  # it is a register entry
    response = parse_response(envelope_text)
    bundle = session.exec(
        select(ExportedBundle).where(ExportedBundle.manifest_sha256 == response.manifest_sha256)
    ).first()
    if bundle is None:
        raise KnownError("この応答は、ここから送ったどのバンドルに対するものでもありません。",
                         hint="別の実践者か別の端末のバンドルへの応答ではないか確認してください。")
    if parse_checkpoint(response.checkpoint_text) != parse_checkpoint(bundle.checkpoint):
        raise KnownError("応答のチェックポイントが送ったバンドルと一致しません。")
    # The same signed statement, however its JSON is laid out, is the same response.
    signed = dsse.parse(response.envelope_text).payload
    if any(dsse.parse(review.envelope).payload == signed
           for review in session.exec(select(Review).where(col(Review.envelope) != "")).all()):
        raise KnownError("この応答は既に取り込まれています。")
    known = session.exec(
        select(ReviewerKey).where(ReviewerKey.fingerprint == response.reviewer_fingerprint)
    ).first()
    if known is None and wanted is None:
        raise KnownError(
            "未登録のレビュー担当者の鍵で署名されています(指紋 {reviewer_fingerprint}…)。",
            hint="担当者に指紋を確認し、--trust-key で指定して取り込んでください。",
            reviewer_fingerprint=response.reviewer_fingerprint[:16],
        )
    if known is None and wanted is not None and not response.reviewer_fingerprint.startswith(wanted):
        raise KnownError(
            "応答の鍵の指紋 {reviewer_fingerprint}… が、指定された指紋 {wanted} と一致しません。",
            hint="何も取り込んでいません。担当者に指紋をもう一度確認してください。",
            reviewer_fingerprint=response.reviewer_fingerprint[:16], wanted=wanted)
    review = Review(reviewer=response.reviewer_name, reviewed_on=response.reviewed_on,
                    bundle_sha256=response.manifest_sha256,
                    reviewer_key_fingerprint=response.reviewer_fingerprint,
                    rules_version=response.rules_version, checkpoint=response.checkpoint_text,
                    envelope=response.envelope_text, comment=response.comment)
    findings = []
    for record in response.findings:
        try:
            version_id = uuid.UUID(record.version_id)
        except ValueError:
            raise KnownError("応答の版IDが正しくありません: {version_id}", version_id=record.version_id) from None
        version = session.get(DisclosureVersion, version_id)
        if version is None:
            raise KnownError("応答にある開示{disclosure_number} 第{version}版がありません。",
                             hint="何も取り込んでいません。", disclosure_number=record.disclosure_number, version=record.version)
        findings.append(ReviewFinding(review_id=review.id, version_id=version.id,
                                      finding=Finding(record.finding), reviewed_hash=record.content_hash,
                                      conditions=record.conditions, comment=record.comment))
    if known is None:
        session.add(ReviewerKey(fingerprint=response.reviewer_fingerprint, name=response.reviewer_name,
                                organisation=response.reviewer_organisation,
                                public_pem=response.reviewer_pem))
    session.add(review)
    session.add_all(findings)
    session.flush()
    # The reviewer's dispositions of red flags (問題なし / 要対応 / 要説明): the open
    # ones show on ホーム until resolved, and the next bundle says how each was.
    dispositions = store_dispositions(session=session, review_id=review.id)
    # The register records the reviewer's key and this very envelope (see
    # companion.review.response): the key must stay entry 1, so it is made first if
    # this register has none yet.
    if session.exec(select(LogEntry.id).limit(1)).first() is None:
        current_signing_key(session=session)
    append_entry(session=session, kind=KIND_REVIEW,
                 payload=review_entry_payload(response, written_at=written_for_next(session)))
    session.commit()
    return ImportResult(review.id, response.reviewer_name, len(findings), known is None,
                        dispositions)


def preview_response_file(*, session: Session, path: Path) -> ResponsePreview:
    """Read a reviewer's response file (bounded, see ``read_response_file``) and check
    it before importing (``preview_response``): the window asks about a first-time key."""
    return preview_response(session=session, envelope_text=read_response_file(path))


def record_reviews_in_register(*, session: Session) -> int:
    """Append a ``review`` register entry for each kept response the register does not
    record yet (imported by a Companion that did not record them), so the next bundle's
    ``reviews/`` verify. The caller commits; returns how many were recorded."""
    recorded = {json.loads(payload).get("envelope_sha256") for payload in session.exec(
        select(LogEntry.payload).where(LogEntry.kind == KIND_REVIEW))}
    added = 0
    for review in session.exec(select(Review).where(col(Review.envelope) != "")
                               .order_by(col(Review.created_at))):
        if envelope_digest(review.envelope) in recorded:
            continue
        try:
            response = parse_response(review.envelope)
        except KnownError as exc:
            # Kept by an earlier Companion, but no longer a valid response: it is left
            # out of the register, and the bundle's check names it.
            log.warning("review %s not recorded in the register: %s", review.id, exc.message)
            continue
        append_entry(session=session, kind=KIND_REVIEW,
                     payload=review_entry_payload(response, written_at=written_for_next(session)))
        recorded.add(envelope_digest(review.envelope))
        added += 1
    return added
