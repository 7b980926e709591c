"""Issue 18 items 6 and 9: the reviews a bundle carries are verified against the signed
register, and a response in any form DSSE allows is imported.

Importing a response appends a ``review`` entry to the register (the reviewer's key
and the SHA-256 of the envelope as received). A ``reviews/`` file that is not such an
envelope, signed by that key, fails ``companion verify`` even when the practitioner
signs the bundle again with their own key: a review forged by a key the register does
not record, an altered review, a review removed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from companion_testing.cli import companion
from companion_testing.review_bundles import TODAY, export, reseal_as_practitioner
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlmodel import col, select

from companion.db.models import LogEntry, Review, ReviewFinding
from companion.errors import KnownError
from companion.review import dsse
from companion.review.keys import fingerprint, fingerprint_prefix, new_private_key
from companion.review.response import FindingRecord, make_response
from companion.review.verify import inspect_bundle
from companion.services.review_import import import_review
from companion.services.session import session_scope
from companion.services.storage import OpenedData

AUDITOR = new_private_key()  # 高橋 誠, the reviewer the practitioner trusts


def _response(bundle: Path, key: Ed25519PrivateKey = AUDITOR, *, name: str = "高橋 誠",
              comment: str = "出資先の評価を別の支援者が行うことを確認しました。",
              needs_correction: str = "") -> str:
    """A signed response to every disclosure version of ``bundle``."""
    view = inspect_bundle(bundle).view
    assert view is not None and view.checkpoint is not None
    with zipfile.ZipFile(bundle) as archive:
        manifest = archive.read("manifest.json")
    records = []
    for entry in view.entries:
        if entry.kind != "disclosure":
            continue
        payload = json.loads(entry.payload)
        records.append(FindingRecord(payload["number"], payload["version"], payload["version_id"],
                                     hashlib.sha256(entry.payload.encode()).hexdigest(),
                                     "要是正" if payload["version_id"] == needs_correction
                                     else "管理下で容認",
                                     conditions="年1回、出資先の評価を別の支援者が行うこと",
                                     comment="確認しました"))
    return make_response(manifest_sha256=hashlib.sha256(manifest).hexdigest(),
                         checkpoint_text=view.checkpoint.text(), rules_version="2026.1",
                         reviewer_key=key, reviewer_name=name, organisation="みちのく経営研究所",
                         reviewed_on=date(2026, 11, 24), findings=records, comment=comment)


def _import(practice: OpenedData, text: str, key: Ed25519PrivateKey = AUDITOR) -> None:
    with session_scope(practice.db) as session:
        import_review(session=session, envelope_text=text,
                      trust_fingerprint=fingerprint(key.public_key())[:16])


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _reviewed_bundle(practice: OpenedData, folder: Path) -> tuple[Path, str]:
    """A bundle, the auditor's response to it imported, and the next bundle, which
    carries that response in reviews/."""
    first = export(practice, folder / "2026-11.zip").path
    response = _response(first)
    _import(practice, response)
    return export(practice, folder / "2026-12.zip").path, response


def test_an_imported_review_is_a_register_entry_and_the_next_bundle_verifies(
        practice: OpenedData, tmp_path: Path) -> None:
    later, response = _reviewed_bundle(practice, tmp_path)
    with session_scope(practice.db, write=False) as session:
        recorded = session.exec(select(LogEntry).where(LogEntry.kind == "review")).all()
    assert len(recorded) == 1
    payload = json.loads(recorded[0].payload)
    assert payload["reviewer_fingerprint"] == fingerprint(AUDITOR.public_key())
    assert payload["envelope_sha256"] == hashlib.sha256(response.encode()).hexdigest()
    assert payload["reviewer_name"] == "高橋 誠" and payload["written_at"].startswith(f"{TODAY.isoformat()}T")
    reviews = {n: d for n, d in _members(later).items() if n.startswith("reviews/")}
    assert list(reviews.values()) == [response.encode()]
    result = inspect_bundle(later)
    assert result.ok, result.problems


def test_a_review_forged_with_a_key_the_register_does_not_record_fails_verify(
        practice: OpenedData, tmp_path: Path) -> None:
    later, _response_text = _reviewed_bundle(practice, tmp_path)
    # The practitioner makes up a glowing review with a key of their own and signs the
    # bundle again: every sum and signature checks, the register does not vouch for it.
    forger = new_private_key()
    forged = _response(later, forger, name="高橋 誠", comment="すべて問題ありません。")
    bad = reseal_as_practitioner(practice, later, tmp_path / "forged.zip",
                                 replace={"reviews/002-2026-11-24.dsse.json": forged.encode()})
    problems = inspect_bundle(bad).problems
    assert [p for p in problems if p.startswith("reviews/")] == [
        f"reviews/002-2026-11-24.dsse.json: 記録(register.json)にないレビュー担当者の鍵 "
        f"{fingerprint(forger.public_key())[:16]} で署名されています(偽造の可能性)"]
    cli = companion("verify", str(bad))
    assert cli.returncode == 1 and "Traceback" not in cli.stderr
    assert "NG: reviews/002-2026-11-24.dsse.json: 記録(register.json)にないレビュー担当者の鍵" in cli.stderr


def test_an_altered_review_fails_verify(practice: OpenedData, tmp_path: Path) -> None:
    later, response = _reviewed_bundle(practice, tmp_path)
    name = next(n for n in _members(later) if n.startswith("reviews/"))
    document = json.loads(response)
    statement = json.loads(base64.b64decode(document["payload"]))
    statement["predicate"]["findings"][0]["finding"] = "問題なし"  # 管理下で容認 → 問題なし
    statement["predicate"]["findings"][0]["conditions"] = ""
    document["payload"] = base64.b64encode(json.dumps(statement, ensure_ascii=False).encode()).decode()
    bad = reseal_as_practitioner(practice, later, tmp_path / "altered.zip",
                                 replace={name: json.dumps(document, indent=2).encode()})
    problems = [p for p in inspect_bundle(bad).problems if p.startswith(name)]
    assert problems == [f"{name}: 記録(register.json)にあるどのレビュー応答とも一致しません"
                        "(後から加えられたか、改変された可能性)"]
    cli = companion("verify", str(bad))
    assert cli.returncode == 1 and f"NG: {name}: 記録(register.json)にあるどのレビュー応答とも一致しません" in cli.stderr


def test_a_review_removed_from_the_bundle_fails_verify(practice: OpenedData, tmp_path: Path) -> None:
    later, _response_text = _reviewed_bundle(practice, tmp_path)
    name = next(n for n in _members(later) if n.startswith("reviews/"))
    bad = reseal_as_practitioner(practice, later, tmp_path / "without.zip", drop=(name,))
    problems = inspect_bundle(bad).problems
    assert any(p.startswith("reviews/: 記録 ") and "(レビュー応答 高橋 誠 2026-11-24)" in p
               and p.endswith("のレビュー応答がありません(削除された可能性)") for p in problems), problems


def test_a_review_kept_before_reviews_were_recorded_is_recorded_at_the_next_export(
        practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "2026-11.zip").path
    response = _response(first)
    with session_scope(practice.db) as session:  # as an earlier Companion kept it: no entry
        session.add(Review(reviewer="高橋 誠", reviewed_on=date(2026, 11, 24),
                           reviewer_key_fingerprint=fingerprint(AUDITOR.public_key()),
                           envelope=response))
        session.commit()
    later = export(practice, tmp_path / "2026-12.zip").path
    assert inspect_bundle(later).ok, inspect_bundle(later).problems
    with session_scope(practice.db, write=False) as session:
        kinds = [e.kind for e in session.exec(select(LogEntry).order_by(col(LogEntry.seq)))]
    assert kinds[-2:] == ["review", "export"]
    export(practice, tmp_path / "2027-01.zip")  # recorded once, not at every export
    with session_scope(practice.db, write=False) as session:
        assert len(session.exec(select(LogEntry).where(LogEntry.kind == "review")).all()) == 1


def test_the_published_verifier_checks_the_reviews_and_rejects_a_forged_one(
        practice: OpenedData, tmp_path: Path) -> None:
    later, _response_text = _reviewed_bundle(practice, tmp_path)
    view = inspect_bundle(later).view
    assert view is not None
    verifier = Path(__file__).resolve().parents[2] / "resources" / "review" / "verify_chain.py"

    def published(bundle: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["python3", "-I", str(verifier), str(bundle), "--identity",
                               view.keys[0].fingerprint], capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, check=False)

    good = published(later)
    assert good.returncode == 0 and "OK: reviews/001-2026-11-24.dsse.json は 高橋 誠 さん" in good.stdout
    forged = reseal_as_practitioner(
        practice, later, tmp_path / "forged.zip",
        replace={"reviews/002-2026-11-24.dsse.json": _response(later, new_private_key()).encode()})
    bad = published(forged)
    assert bad.returncode == 1 and "Traceback" not in bad.stdout + bad.stderr
    assert "NG: reviews/002-2026-11-24.dsse.json: 記録(register.json)にあるどのレビュー応答とも一致しません" \
        in bad.stdout


# -- envelopes in every form DSSE allows -------------------------------------------------------

def _url_safe(text: str, *, padded: bool) -> str:
    encoded = base64.urlsafe_b64encode(base64.b64decode(text)).decode()
    return encoded if padded else encoded.rstrip("=")


def _variant(response: str, form: str) -> str:
    document = json.loads(response)
    signature = document["signatures"][0]
    if form in ("url-safe", "url-safe-padded"):
        padded = form == "url-safe-padded"
        document["payload"] = _url_safe(document["payload"], padded=padded)
        signature["sig"] = _url_safe(signature["sig"], padded=padded)
    elif form == "unpadded":
        document["payload"] = document["payload"].rstrip("=")
        signature["sig"] = signature["sig"].rstrip("=")
    elif form == "no-keyid":
        del signature["keyid"]
    elif form == "empty-keyid":
        signature["keyid"] = ""
    elif form == "other-keyid":  # only a hint: the signature decides
        signature["keyid"] = "reviewer-2026"
    return json.dumps(document)


@pytest.mark.parametrize("form", ["url-safe", "url-safe-padded", "unpadded", "no-keyid",
                                  "empty-keyid", "other-keyid"])
def test_import_accepts_every_envelope_dsse_allows(practice: OpenedData, tmp_path: Path,
                                                   form: str) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    response = _response(bundle)
    text = _variant(response, form)
    assert dsse.parse(text).payload == dsse.parse(response).payload
    _import(practice, text)
    with session_scope(practice.db, write=False) as session:
        review = session.exec(select(Review)).one()
        assert review.envelope == text  # kept exactly as received
        assert session.exec(select(ReviewFinding)).all()
    later = export(practice, tmp_path / "later.zip").path
    assert inspect_bundle(later).ok, inspect_bundle(later).problems


@pytest.mark.parametrize(("payload", "reason"), [
    ("eyJh+-", "base64 ではありません"),  # both alphabets at once
    ("eyJhIjox=", "base64 ではありません"),  # padding that is neither none nor right
    ("e", "base64 ではありません"),  # one character cannot be base64
])
def test_an_envelope_dsse_does_not_allow_is_refused(payload: str, reason: str) -> None:
    text = json.dumps({"payloadType": dsse.IN_TOTO_PAYLOAD_TYPE, "payload": payload,
                       "signatures": [{"sig": "AAAA"}]})
    with pytest.raises(KnownError) as error:
        dsse.parse(text)
    assert str(error.value.message).startswith("署名付き応答(DSSE)として読めません: payload が")
    assert reason in str(error.value.message)


def test_a_signature_with_a_wrong_key_is_refused_whatever_its_keyid_says(
        practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    document = json.loads(_response(bundle))
    stranger = new_private_key()
    document["signatures"] = [{"keyid": fingerprint(AUDITOR.public_key()), "sig": base64.b64encode(
        stranger.sign(dsse.pae(document["payloadType"], base64.b64decode(document["payload"])))
    ).decode()}]
    with session_scope(practice.db) as session, pytest.raises(KnownError, match="署名が一致しません"):
        import_review(session=session, envelope_text=json.dumps(document),
                      trust_fingerprint=fingerprint(AUDITOR.public_key()))


# -- fingerprints given by hand -----------------------------------------------------------------

@pytest.mark.parametrize(("given", "message"), [
    ("", "--trust-key に鍵の指紋が指定されていません(空です)。"),
    ("   ", "--trust-key に鍵の指紋が指定されていません(空です)。"),
    ("3f9a 0c1d", "--trust-key の鍵の指紋が短すぎます(8 桁): 3f9a 0c1d"),
    ("3f9a0c1d4e5b6a7g", "--trust-key の鍵の指紋に16進数でない文字があります: 3f9a0c1d4e5b6a7g"),
])
def test_a_trust_key_needs_sixteen_hex_digits_and_nothing_is_imported(
        practice: OpenedData, tmp_path: Path, given: str, message: str) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    with session_scope(practice.db) as session:
        with pytest.raises(KnownError) as error:
            import_review(session=session, envelope_text=_response(bundle), trust_fingerprint=given)
        assert error.value.message == message
        assert session.exec(select(Review)).all() == []
        assert session.exec(select(LogEntry).where(LogEntry.kind == "review")).all() == []


def test_a_trust_key_of_another_reviewer_is_refused(practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    other = fingerprint(new_private_key().public_key())[:16]
    with session_scope(practice.db) as session:
        with pytest.raises(KnownError, match=r"指定された指紋 [0-9a-f]{16} と一致しません"):
            import_review(session=session, envelope_text=_response(bundle), trust_fingerprint=other)
        assert session.exec(select(Review)).all() == []


def test_a_fingerprint_is_read_with_spaces_colons_and_capitals() -> None:
    full = fingerprint(AUDITOR.public_key())
    grouped = " ".join(full[i:i + 4] for i in range(0, 32, 4)).upper()
    assert fingerprint_prefix(grouped, option="--expect-key") == full[:32]
    assert fingerprint_prefix(":".join(full[i:i + 2] for i in range(0, 16, 2)),
                              option="--expect-key") == full[:16]
    with pytest.raises(KnownError, match="長すぎます"):
        fingerprint_prefix(full + "00", option="--expect-key")


# -- the register table ---------------------------------------------------------------------------

def test_the_register_table_shows_reviewed_versions_with_their_finding(
        practice: OpenedData, tmp_path: Path, qapp: object) -> None:
    from PySide6.QtCore import Qt

    from companion.services.disclosures import list_disclosures
    from companion.ui.models.disclosure_table import ASKS_FOREGROUND, DisclosureTableModel

    bundle = export(practice, tmp_path / "review.zip").path
    with session_scope(practice.db, write=False) as session:
        latest = list_disclosures(session=session)[0].version_id
    assert latest is not None
    _import(practice, _response(bundle, needs_correction=latest.hex))
    with session_scope(practice.db, write=False) as session:
        lines = list_disclosures(session=session)
    model = DisclosureTableModel()
    model.set_rows(lines)
    status = DisclosureTableModel.STATUS
    shown = [model.index(row, status).data() for row in range(model.rowCount())]
    tips = [model.index(row, status).data(Qt.ItemDataRole.ToolTipRole) for row in range(model.rowCount())]
    colours = [model.index(row, status).data(Qt.ItemDataRole.ForegroundRole)
               for row in range(model.rowCount())]
    reviewed = [row for row, line in enumerate(lines) if line.finding]
    assert reviewed and all(shown[row] == "レビュー済" for row in reviewed
                            if lines[row].status.value != "終了")
    assert tips[0] == "第三者レビューの所見: 要是正"
    corrected = next(row for row in reviewed if lines[row].finding == "要是正")
    assert colours[corrected].color() == ASKS_FOREGROUND
    accepted = next(row for row in reviewed if lines[row].finding == "管理下で容認")
    assert tips[accepted] == "第三者レビューの所見: 管理下で容認"
    assert colours[accepted] is None or colours[accepted].color() != ASKS_FOREGROUND
