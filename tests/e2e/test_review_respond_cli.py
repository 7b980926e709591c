"""``companion review respond``: an auditor who scripts writes the signed response from a
findings file and a key file, with no window and no data folder; the practitioner
imports it. Bad findings, keys and fingerprints are one clear line, and nothing is
written."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from companion_testing.cli import companion
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.review.keys import fingerprint
from companion.review.response import parse_response
from companion.review.verify import inspect_bundle

AUDITOR = Ed25519PrivateKey.generate()
KEY_PASSPHRASE = "雪解けの水が田に入る頃"


@pytest.fixture(scope="module")
def practice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("respond")
    data = root / "data"
    assert companion("demo", data_dir=data).returncode == 0
    out = root / "令和8年度_開示.zip"
    result = companion("review-export", "--out", str(out), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data, out


def _pem(path: Path, *, passphrase: str | None = None) -> Path:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase
        else serialization.NoEncryption())
    path.write_bytes(AUDITOR.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8, encryption))
    return path


def _register_rows(bundle: Path) -> list[dict[str, str]]:
    """register.csv, as an auditor's script reads it: the latest version of each."""
    with zipfile.ZipFile(bundle) as archive:
        text = archive.read("register.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _findings(bundle: Path) -> dict[str, Any]:
    rows = _register_rows(bundle)
    findings: list[dict[str, Any]] = [
        {"disclosure_number": int(row["開示番号"]), "version": int(row["版"]), "finding": "問題なし"}
        for row in rows]
    findings[0] = {**findings[0], "finding": "管理下で容認",
                   "conditions": "出資先の評価は別の支援者が行うこと", "comment": "年1回確認します。"}
    if len(findings) > 1:
        findings[1] = {**findings[1], "finding": "要是正",
                       "comment": "報酬の額が委託元への報告と一致しません。訂正してください。"}
    return {"format": "companion-review-findings", "version": 1,
            "reviewer": {"name": "高橋 誠", "organisation": "みちのく経営研究所"},
            "reviewed_on": "2026-12-03", "comment": "全体として適切に管理されています。",
            "findings": findings}


def _write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_scripted_response_is_the_one_the_window_writes_and_is_imported(
        practice: tuple[Path, Path], tmp_path: Path) -> None:
    data, bundle = practice
    key = _pem(tmp_path / "auditor.pem")
    findings = _write_json(tmp_path / "findings.json", _findings(bundle))
    out = tmp_path / "response.dsse.json"
    nowhere = tmp_path / "auditor-has-no-data-folder"
    result = companion("review", "respond", str(bundle), "--findings", str(findings),
                       "--key", str(key), "--out", str(out), data_dir=nowhere)
    assert result.returncode == 0, result.stderr
    assert f"署名付きの応答を書き出しました(所見 {len(_register_rows(bundle))} 件): {out}" in result.stdout
    assert not nowhere.exists()
    response = parse_response(out.read_text(encoding="utf-8"))
    assert response.reviewer_fingerprint == fingerprint(AUDITOR.public_key())
    assert (response.reviewer_name, response.reviewer_organisation) == ("高橋 誠", "みちのく経営研究所")
    assert response.reviewed_on.isoformat() == "2026-12-03"
    assert [f.finding for f in response.findings][:2] == ["管理下で容認", "要是正"]
    assert response.findings[0].conditions == "出資先の評価は別の支援者が行うこと"
    view = inspect_bundle(bundle).view
    assert view is not None and view.checkpoint is not None
    assert response.checkpoint_text == view.checkpoint.text()

    short = fingerprint(AUDITOR.public_key())[:16]
    imported = companion("import-review", str(out), "--trust-key", short, data_dir=data)
    assert imported.returncode == 0, imported.stderr
    assert "高橋 誠 さんのレビュー結果" in imported.stdout
    later = tmp_path / "next.zip"
    assert companion("review-export", "--out", str(later), data_dir=data).returncode == 0
    verified = companion("verify", str(later))
    assert verified.returncode == 0, verified.stderr


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["findings"][0].update(finding="たぶん大丈夫"),
     "所見 1: finding は 問題なし / 管理下で容認 / 要是正 / 情報不足 のいずれかで指定してください: たぶん大丈夫"),
    (lambda d: d["findings"][1].update(comment=""), "所見 2(開示"),
    (lambda d: d["findings"][0].update(disclosure_number=999), "所見 1: 開示999 第"),
    (lambda d: d["findings"][0].update(commment="typo"), "所見 1 に知らない項目があります: commment"),
    (lambda d: d["findings"].append(dict(d["findings"][0])), "と重複しています"),
    (lambda d: d.update(findings=[]), "findings に所見を一つ以上、配列で指定してください。"),
    (lambda d: d["reviewer"].update(name=" "), "reviewer.name(レビュー担当者の氏名)を指定してください"),
    (lambda d: d["findings"][0].update(version_id="not-a-version"), "版ID not-a-version の版はこのバンドルにありません"),
])
def test_bad_findings_are_one_clear_line_and_nothing_is_written(
        practice: tuple[Path, Path], tmp_path: Path, change: Any, expected: str) -> None:
    _data, bundle = practice
    document = _findings(bundle)
    change(document)
    findings = _write_json(tmp_path / "findings.json", document)
    out = tmp_path / "response.dsse.json"
    result = companion("review", "respond", str(bundle), "--findings", str(findings),
                       "--key", str(_pem(tmp_path / "auditor.pem")), "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr, result.stderr
    assert not out.exists()


def test_an_encrypted_key_needs_its_passphrase(practice: tuple[Path, Path], tmp_path: Path) -> None:
    _data, bundle = practice
    key = _pem(tmp_path / "auditor.pem", passphrase=KEY_PASSPHRASE)
    findings = _write_json(tmp_path / "findings.json", _findings(bundle))
    out = tmp_path / "response.dsse.json"
    args = ("review", "respond", str(bundle), "--findings", str(findings), "--key", str(key),
            "--out", str(out))
    refused = companion(*args)
    assert refused.returncode == 2 and "COMPANION_REVIEWER_PASSPHRASE" in refused.stderr
    wrong = companion(*args, env={"COMPANION_REVIEWER_PASSPHRASE": "違うパスフレーズ"})
    assert wrong.returncode == 2 and "パスフレーズが違います" in wrong.stderr
    assert not out.exists()
    signed = companion(*args, env={"COMPANION_REVIEWER_PASSPHRASE": KEY_PASSPHRASE})
    assert signed.returncode == 0, signed.stderr
    assert parse_response(out.read_text(encoding="utf-8")).reviewer_fingerprint == \
        fingerprint(AUDITOR.public_key())


def test_a_tampered_bundle_gets_no_response(practice: tuple[Path, Path], tmp_path: Path) -> None:
    _data, bundle = practice
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace("出資".encode(), "寄付".encode())
                            if name == "register.csv" else data)
    findings = _write_json(tmp_path / "findings.json", _findings(bundle))
    out = tmp_path / "response.dsse.json"
    result = companion("review", "respond", str(tampered), "--findings", str(findings),
                       "--key", str(_pem(tmp_path / "auditor.pem")), "--out", str(out))
    assert result.returncode == 2 and "検証に失敗したバンドルには応答を作れません" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("command", "option"), [("import-review", "--trust-key"),
                                                 ("verify", "--expect-key")])
@pytest.mark.parametrize(("given", "expected"), [
    ("", " に鍵の指紋が指定されていません(空です)"),
    ("ab12 cd34", " の鍵の指紋が短すぎます(8 桁)"),
])
def test_a_fingerprint_option_needs_sixteen_hex_digits(
        practice: tuple[Path, Path], tmp_path: Path, command: str, option: str, given: str,
        expected: str) -> None:
    data, bundle = practice
    target = str(bundle) if command == "verify" else str(tmp_path / "response.dsse.json")
    result = companion(command, target, option, given, data_dir=data)
    assert result.returncode == 2
    assert f"{option}{expected}" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_finding_is_said_in_english_when_asked(practice: tuple[Path, Path],
                                                     tmp_path: Path) -> None:
    _data, bundle = practice
    document = _findings(bundle)
    document["findings"][0]["finding"] = "たぶん大丈夫"
    result = companion("review", "respond", str(bundle), "--findings",
                       str(_write_json(tmp_path / "findings.json", document)),
                       "--key", str(_pem(tmp_path / "auditor.pem")),
                       "--out", str(tmp_path / "response.dsse.json"), env={"COMPANION_LANG": "en"})
    assert result.returncode == 2
    assert result.stderr.strip() == ("companion: error: Finding 1: give finding as one of 問題なし / 管理下で容認 / "
                                     "要是正 / 情報不足: たぶん大丈夫")


def _flags(bundle: Path) -> list[dict[str, Any]]:
    """red-flags.json, as an auditor's script reads it: each flag with its id."""
    with zipfile.ZipFile(bundle) as archive:
        return list(json.loads(archive.read("red-flags.json"))["red_flags"])


def _with_dispositions(bundle: Path) -> dict[str, Any]:
    first, second, third = _flags(bundle)[:3]
    return {**_findings(bundle), "dispositions": [
        {"flag_id": first["id"], "disposition": "要対応", "owner": "佐藤 みのり",
         "action": "出資先の案件から外れ、評価は別の支援者に引き継ぐ", "due_on": "2027-01-31"},
        {"flag_id": second["id"], "disposition": "要説明",
         "comment": "出資の打診にどう回答したか、訪問記録の日付とあわせて説明してください。"},
        {"flag_id": third["id"], "disposition": "問題なし", "comment": "理由の説明を受けた。"},
    ]}


def test_a_scripted_response_carries_dispositions_and_the_next_bundle_shows_them_open(
        practice: tuple[Path, Path], tmp_path: Path) -> None:
    data, bundle = practice
    flags = _flags(bundle)
    findings = _write_json(tmp_path / "findings.json", _with_dispositions(bundle))
    out = tmp_path / "response.dsse.json"
    result = companion("review", "respond", str(bundle), "--findings", str(findings),
                       "--key", str(_pem(tmp_path / "auditor.pem")), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "注意事項への判断: 3 件" in result.stdout
    from companion.review import dsse

    predicate = json.loads(dsse.parse(out.read_text(encoding="utf-8")).payload)["predicate"]
    signed = {d["flag_id"]: d for d in predicate["dispositions"]}
    assert signed[flags[0]["id"]]["owner"] == "佐藤 みのり"
    assert signed[flags[0]["id"]]["due_on"] == "2027-01-31"
    assert signed[flags[1]["id"]]["reason"] == flags[1]["reason"]  # named as the bundle states it
    assert signed[flags[2]["id"]]["disposition"] == "問題なし"

    short = fingerprint(AUDITOR.public_key())[:16]
    imported = companion("import-review", str(out), "--trust-key", short, data_dir=data)
    assert imported.returncode == 0, imported.stderr
    later = tmp_path / "next.zip"
    assert companion("review-export", "--out", str(later), data_dir=data).returncode == 0
    with zipfile.ZipFile(later) as archive:
        carried = {d["flag_id"]: d for d in json.loads(archive.read("red-flags.json"))["dispositions"]}
    assert carried[flags[0]["id"]]["status"] == "未対応"
    assert carried[flags[0]["id"]]["action"] == "出資先の案件から外れ、評価は別の支援者に引き継ぐ"
    assert carried[flags[1]["id"]]["status"] == "未対応"
    assert carried[flags[2]["id"]]["status"] == "対応不要"


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["dispositions"][0].update(owner=""),
     "注意事項への判断 1: 要対応には管理計画(担当者)が必要です"),
    (lambda d: d["dispositions"][0].pop("due_on"), "注意事項への判断 1: 要対応には管理計画(期限)が必要です"),
    (lambda d: d["dispositions"][0].update(due_on="2027/01/31"),
     "注意事項への判断 1: due_on は YYYY-MM-DD で指定してください: 2027/01/31"),
    (lambda d: d["dispositions"][1].update(comment=" "),
     "注意事項への判断 2: 要説明には説明を求める事項を記入してください"),
    (lambda d: d["dispositions"][1].update(disposition="様子見"),
     "注意事項への判断 2: disposition は 問題なし / 要対応 / 要説明 のいずれかで指定してください: 様子見"),
    (lambda d: d["dispositions"][2].update(flag_id="0123456789abcdef"),
     "注意事項への判断 3: flag_id 0123456789abcdef の注意事項はこのバンドルの red-flags.json にありません"),
    (lambda d: d["dispositions"].append(dict(d["dispositions"][0])), "判断 1 と重複しています"),
    (lambda d: d["dispositions"][2].update(owner_name="佐藤"), "注意事項への判断 3 に知らない項目があります: owner_name"),
    (lambda d: d.update(dispositions={"flag_id": "x"}), "dispositions は注意事項への判断の配列で指定してください"),
])
def test_bad_dispositions_are_one_clear_line_and_nothing_is_written(
        practice: tuple[Path, Path], tmp_path: Path, change: Any, expected: str) -> None:
    _data, bundle = practice
    document = _with_dispositions(bundle)
    change(document)
    findings = _write_json(tmp_path / "findings.json", document)
    out = tmp_path / "response.dsse.json"
    result = companion("review", "respond", str(bundle), "--findings", str(findings),
                       "--key", str(_pem(tmp_path / "auditor.pem")), "--out", str(out))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr, result.stderr
    assert not out.exists()
