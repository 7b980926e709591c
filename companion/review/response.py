"""The reviewer's signed response: a DSSE envelope around an in-toto Statement v1.

The subject is the SHA-256 of the bundle's manifest.json (which names every file), and
the predicate carries the checkpoint reviewed, the red-flag rules' version and a
finding per disclosure version. Using a standard envelope means other tools can check
the signature; the exact bytes received are kept and returned in later bundles.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.domain.enums import Finding
from companion.errors import KnownError
from companion.review import dsse
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
                  reviewed_on: date, findings: list[FindingRecord], comment: str = "") -> str:
    for record in findings:
        Finding(record.finding)  # refuses an unknown finding before anything is signed
    statement = {
        "_type": STATEMENT_TYPE,
        "subject": [{"name": "manifest.json", "digest": {"sha256": manifest_sha256}}],
        "predicateType": PREDICATE_TYPE,
        "predicate": {
            "reviewer": {"name": reviewer_name, "organisation": organisation,
                         "fingerprint": fingerprint(reviewer_key.public_key()),
                         "public_key_pem": public_pem(reviewer_key.public_key())},
            "reviewed_on": reviewed_on.isoformat(),
            "checkpoint": checkpoint_text,
            "rules_version": rules_version,
            "comment": comment,
            "findings": [asdict(record) for record in findings],
        },
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
