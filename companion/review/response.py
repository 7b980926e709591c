"""The reviewer's signed response: a DSSE envelope around an in-toto Statement v1.

The subject is the SHA-256 of the bundle's manifest.json (which names every file), and
the predicate carries the checkpoint reviewed, the red-flag rules' version and a
finding per disclosure version. Using a standard envelope means other tools can check
the signature; the exact bytes received are kept and returned in later bundles.

Importing a response appends a ``review`` entry to the practitioner's register naming
the reviewer's key and the SHA-256 of the envelope's exact bytes
(``review_entry_payload``). A bundle's ``reviews/`` files are then verified against
the signed register (``bundle_review_problems``): each is the envelope an entry names,
signed by the reviewer key that entry records, for a checkpoint of this register; and
no review the register records is missing. A review forged by any other key, or
altered, or dropped, fails (docs/review-bundle-format.md).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.domain.enums import Finding
from companion.domain.register_log import Entry, canonical_payload
from companion.errors import KnownError
from companion.review import dsse
from companion.review.checkpoint import parse_checkpoint
from companion.review.keys import fingerprint, public_from_pem, public_pem
from companion.review.limits import load_json

STATEMENT_TYPE = "https://in-toto.io/Statement/v1"
PREDICATE_TYPE = "https://companion.invalid/review-response/v1"


@dataclass(frozen=True)
class FindingRecord:
    disclosure_number: int
    version: int
    version_id: str
    content_hash: str
    finding: str  # one of Finding's values
    conditions: str = ""
    comment: str = ""


@dataclass(frozen=True)
class ReviewResponse:
    manifest_sha256: str
    reviewer_name: str
    reviewer_organisation: str
    reviewer_fingerprint: str
    reviewer_pem: str
    reviewed_on: date
    checkpoint_text: str
    rules_version: str
    comment: str
    findings: tuple[FindingRecord, ...]
    envelope_text: str


def make_response(*, manifest_sha256: str, checkpoint_text: str, rules_version: str,
                  reviewer_key: Ed25519PrivateKey, reviewer_name: str, organisation: str,
                  reviewed_on: date, findings: list[FindingRecord], comment: str = "",
                  dispositions: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The signed response (DSSE JSON text). ``dispositions``: the reviewer's verdicts on
    red flags, as ``services.dispositions.disposition_records`` states them
    (``predicate.dispositions``; left out when None)."""
    for record in findings:
        Finding(record.finding)  # refuses an unknown finding before anything is signed
    predicate: dict[str, Any] = {
        "reviewer": {"name": reviewer_name, "organisation": organisation,
                     "fingerprint": fingerprint(reviewer_key.public_key()),
                     "public_key_pem": public_pem(reviewer_key.public_key())},
        "reviewed_on": reviewed_on.isoformat(),
        "checkpoint": checkpoint_text,
        "rules_version": rules_version,
        "comment": comment,
        "findings": [asdict(record) for record in findings],
    }
    if dispositions is not None:
        predicate["dispositions"] = [dict(item) for item in dispositions]
    statement = {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": "manifest.json", "digest": {"sha256": manifest_sha256}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }
    payload = json.dumps(statement, ensure_ascii=False, indent=1).encode("utf-8")
    return dsse.sign(dsse.IN_TOTO_PAYLOAD_TYPE, payload, reviewer_key).to_json()


def _field(mapping: Any, key: str) -> Any:
    if not isinstance(mapping, dict) or key not in mapping:
        raise KnownError("レビュー応答に {key} がありません。", key=key)
    return mapping[key]


def parse_response(text: str | bytes) -> ReviewResponse:
    """Parse and check the signature against the reviewer key the response names.
    Whether that key is trusted is the importer's decision."""
    envelope = dsse.parse(text)
    if envelope.payload_type != dsse.IN_TOTO_PAYLOAD_TYPE:
        raise KnownError("レビュー応答の種類が違います(payloadType: {payload_type})。", payload_type=envelope.payload_type)
    statement = load_json(envelope.payload, name="レビュー応答の中身")
    if _field(statement, "_type") != STATEMENT_TYPE or _field(statement, "predicateType") != PREDICATE_TYPE:
        raise KnownError("Companion のレビュー応答(in-toto Statement)ではありません。")
    predicate = _field(statement, "predicate")
    reviewer = _field(predicate, "reviewer")
    key = public_from_pem(str(_field(reviewer, "public_key_pem")))
    if not dsse.signed_by(envelope, key):
        raise KnownError("レビュー応答の署名が一致しません(改変か別の鍵)。")
    try:
        subject = statement["subject"][0]["digest"]["sha256"]
        findings = tuple(
            FindingRecord(int(f["disclosure_number"]), int(f["version"]), str(f["version_id"]),
                          str(f["content_hash"]), Finding(f["finding"]).value,
                          str(f.get("conditions", "")), str(f.get("comment", "")))
            for f in _field(predicate, "findings")
        )
        reviewed_on = date.fromisoformat(str(_field(predicate, "reviewed_on")))
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise KnownError("レビュー応答の項目が正しくありません: {reason}", reason=exc) from exc
    return ReviewResponse(
        manifest_sha256=str(subject), reviewer_name=str(_field(reviewer, "name")),
        reviewer_organisation=str(reviewer.get("organisation", "")),
        reviewer_fingerprint=fingerprint(key), reviewer_pem=public_pem(key),
        reviewed_on=reviewed_on, checkpoint_text=str(_field(predicate, "checkpoint")),
        rules_version=str(predicate.get("rules_version", "")),
        comment=str(predicate.get("comment", "")), findings=findings,
        envelope_text=text.decode("utf-8") if isinstance(text, bytes) else text,
    )


# -- reviews in the signed register and in a bundle ---------------------------------------

KIND_REVIEW = "review"  # register entry: a reviewer's signed response was imported here
REVIEWS_FOLDER = "reviews/"


def envelope_digest(envelope_text: str) -> str:
    """SHA-256 of the envelope's exact bytes, as a bundle carries it in ``reviews/``."""
    return hashlib.sha256(envelope_text.encode("utf-8")).hexdigest()


def review_entry_payload(response: ReviewResponse, *, written_at: str) -> str:
    """The register entry recording an imported response: the reviewer's key (so a
    verifier knows which keys are reviewer keys) and the envelope it vouches for."""
    reviewed = parse_checkpoint(response.checkpoint_text)
    return canonical_payload({
        "envelope_sha256": envelope_digest(response.envelope_text),
        "reviewer_fingerprint": response.reviewer_fingerprint,
        "reviewer_public_key_pem": response.reviewer_pem,
        "reviewer_name": response.reviewer_name,
        "reviewer_organisation": response.reviewer_organisation,
        "reviewed_on": response.reviewed_on.isoformat(),
        "bundle_manifest_sha256": response.manifest_sha256,
        "reviewed_size": reviewed.size,
        "reviewed_head": reviewed.head,
        "findings": len(response.findings),
        "written_at": written_at,
    })


@dataclass(frozen=True)
class RecordedReview:
    """A ``review`` entry of the register, its payload read."""

    entry: Entry
    envelope_sha256: str
    reviewer_fingerprint: str
    reviewer_pem: str
    reviewer_name: str
    reviewed_on: str

    def label(self) -> str:
        return f"記録 {self.entry.seq}(レビュー応答 {self.reviewer_name} {self.reviewed_on})"


def recorded_reviews(entries: Sequence[Entry]) -> tuple[list[RecordedReview], list[str]]:
    """The review entries of a register, and a line for each one that cannot be read or
    whose key is not the fingerprint it states."""
    found: list[RecordedReview] = []
    problems: list[str] = []
    for entry in entries:
        if entry.kind != KIND_REVIEW:
            continue
        try:
            payload = load_json(entry.payload, name=f"register.json: 記録 {entry.seq}")
            record = RecordedReview(entry, str(payload["envelope_sha256"]),
                                    str(payload["reviewer_fingerprint"]),
                                    str(payload["reviewer_public_key_pem"]),
                                    str(payload.get("reviewer_name", "")),
                                    str(payload.get("reviewed_on", "")))
            key = public_from_pem(record.reviewer_pem)
        except (KnownError, KeyError, TypeError):
            problems.append(f"register.json: 記録 {entry.seq}(レビュー応答の記録)を読めません")
            continue
        if fingerprint(key) != record.reviewer_fingerprint:
            problems.append(f"register.json: {record.label()} の鍵が記録された指紋と一致しません")
            continue
        found.append(record)
    return found, problems


def _reviewed_in_register(response: ReviewResponse, log_id: str, entries: Sequence[Entry]) -> bool:
    try:
        reviewed = parse_checkpoint(response.checkpoint_text)
    except KnownError:
        return False
    if reviewed.log_id != log_id or reviewed.size > len(entries):
        return False
    return reviewed.head == (entries[reviewed.size - 1].entry_hash if reviewed.size else "")


def bundle_review_problems(members: Mapping[str, bytes], log_id: str,
                           entries: Sequence[Entry]) -> list[str]:
    """Each file under ``reviews/`` is a signed response the register records: its
    exact bytes are an entry's ``envelope_sha256``, it is signed by the reviewer key
    that entry records, and it reviewed a checkpoint of this very register. Each
    review the register records is in ``reviews/``. One line per problem."""
    recorded, problems = recorded_reviews(entries)
    by_digest = {record.envelope_sha256: record for record in recorded}
    reviewer_keys = {record.reviewer_fingerprint for record in recorded}
    present: set[str] = set()
    for name in sorted(n for n in members if n.startswith(REVIEWS_FOLDER)):
        data = members[name]
        try:
            envelope = dsse.parse(data)
        except KnownError:
            problems.append(f"{name}: 署名付きのレビュー応答(DSSE)として読めません")
            continue
        digest = hashlib.sha256(data).hexdigest()
        record = by_digest.get(digest)
        if record is None:
            try:
                named = parse_response(data).reviewer_fingerprint
            except KnownError:
                named = ""
            if named and named not in reviewer_keys:
                problems.append(f"{name}: 記録(register.json)にないレビュー担当者の鍵 {named[:16]} で"
                                "署名されています(偽造の可能性)")
            else:
                problems.append(f"{name}: 記録(register.json)にあるどのレビュー応答とも一致しません"
                                "(後から加えられたか、改変された可能性)")
            continue
        present.add(digest)
        if not dsse.signed_by(envelope, public_from_pem(record.reviewer_pem)):
            problems.append(f"{name}: {record.label()} のレビュー担当者の鍵"
                            f" {record.reviewer_fingerprint[:16]} の署名がありません(偽造か改変)")
            continue
        try:
            response = parse_response(data)
        except KnownError as exc:
            problems.append(f"{name}: {exc.message}")
            continue
        if response.reviewer_fingerprint != record.reviewer_fingerprint:
            problems.append(f"{name}: 応答が名乗る鍵が {record.label()} の鍵と一致しません")
        elif not _reviewed_in_register(response, log_id, entries):
            problems.append(f"{name}: この記録のチェックポイントに対する応答ではありません"
                            "(別の実践者の記録か、書き換えられた記録への応答)")
    for record in recorded:
        if record.envelope_sha256 not in present:
            problems.append(f"reviews/: {record.label()} のレビュー応答がありません(削除された可能性)")
    return problems
