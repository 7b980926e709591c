"""Importing a reviewer's signed response onto the disclosure versions it reviewed.

A response is accepted only when it is for a bundle this practitioner really sent,
signed by a reviewer key they trust, and names versions that exist; otherwise nothing
is imported. The envelope is kept exactly as received for later bundles.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from companion.db.models import (
    DisclosureVersion,
    ExportedBundle,
    Review,
    ReviewerKey,
    ReviewFinding,
)
from companion.domain.enums import Finding
from companion.errors import KnownError
from companion.review import dsse
from companion.review.checkpoint import parse_checkpoint
from companion.review.response import parse_response
from companion.services.disclosures import ResponsePreview, preview_response
from companion.services.reviewer import read_response_file


@dataclass(frozen=True)
class ImportResult:
    review_id: uuid.UUID
    reviewer: str
    findings: int
    newly_trusted_key: bool


def import_review(*, session: Session, envelope_text: str,
                  trust_fingerprint: str | None = None) -> ImportResult:
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
    wanted = (trust_fingerprint or "").replace(" ", "").lower()
    if known is None and not (wanted and response.reviewer_fingerprint.startswith(wanted) and len(wanted) >= 16):
        raise KnownError(
            "未登録のレビュー担当者の鍵で署名されています(指紋 {reviewer_fingerprint}…)。",
            hint="担当者に指紋を確認し、--trust-key で指定して取り込んでください。",
            reviewer_fingerprint=response.reviewer_fingerprint[:16],
        )
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
    session.commit()
    return ImportResult(review.id, response.reviewer_name, len(findings), known is None)


def preview_response_file(*, session: Session, path: Path) -> ResponsePreview:
    """Read a reviewer's response file (bounded, see ``read_response_file``) and check
    it before importing (``preview_response``): the window asks about a first-time key."""
    return preview_response(session=session, envelope_text=read_response_file(path))
