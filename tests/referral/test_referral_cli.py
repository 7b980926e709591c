"""``companion contact-card``, ``referral export`` and ``referral import`` as a user runs
them: subprocesses over two data folders (slow)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from companion_testing.cli import PASSPHRASE, companion

from companion.paths import DataPaths
from companion.services.storage import open_data_folder

pytestmark = pytest.mark.slow

REFERRED = "看板の「くじら餅」の再定義と若い世代への情報発信"
PHONE = {"COMPANION_REFERRAL_PASSPHRASE": "くじら餅は四角くて甘い"}


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("referral-demo") / "data"
    result = companion("demo", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder


def practice(template: Path, folder: Path, name: str, organisation: str) -> Path:
    shutil.copytree(template, folder, ignore=shutil.ignore_patterns(".lock"))
    (folder / "settings.json").write_text(json.dumps(
        {"practitioner_name": name, "organisation": organisation}, ensure_ascii=False),
        encoding="utf-8")
    return folder


@pytest.fixture
def two_centres(demo_template: Path, tmp_path: Path) -> tuple[Path, Path]:
    """佐藤 (sender) and a new, empty folder of 高橋 (receiver): their own register keys."""
    sender = practice(demo_template, tmp_path / "sato", "佐藤 みのり", "もがみ-Biz")
    receiver = tmp_path / "takahashi"
    made = open_data_folder(DataPaths(receiver), ask=lambda _purpose: PASSPHRASE, create=True)
    made.db.close()
    (receiver / "settings.json").write_text(json.dumps(
        {"practitioner_name": "高橋 健一", "organisation": "ゆざわ-Biz"}, ensure_ascii=False),
        encoding="utf-8")
    return sender, receiver


def engagement_id(folder: Path, title: str = REFERRED) -> str:
    result = companion("list", "engagements", "--json", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return str(next(row["id"] for row in json.loads(result.stdout) if row["title"] == title))


def engagements(folder: Path) -> list[str]:
    result = companion("list", "engagements", "--json", data_dir=folder)
    assert result.returncode == 0, result.stderr
    return sorted(row["title"] for row in json.loads(result.stdout))


def export_args(folder: Path, out: Path, *recipient: str) -> list[str]:
    return ["referral", "export", engagement_id(folder), *recipient, "--out", str(out),
            "--consent-date", "2026-11-18", "--consent-scope", "支援の経過と計画を引き継ぐこと",
            "--consent-how", "口頭"]


def test_card_export_import_round_trip(two_centres: tuple[Path, Path], tmp_path: Path) -> None:
    sender, receiver = two_centres
    made = companion("contact-card", "--out", str(tmp_path / "高橋.companion-card"),
                     data_dir=receiver)
    assert made.returncode == 0, made.stderr
    assert "連絡先カードを書き出しました" in made.stdout and "高橋 健一(ゆざわ-Biz)" in made.stdout
    out = tmp_path / "引き継ぎ_松月堂.companion-referral"
    exported = companion(*export_args(sender, out, "--to", str(tmp_path / "高橋.companion-card")),
                         data_dir=sender)
    assert exported.returncode == 0, exported.stderr
    assert "宛先: 高橋 健一(ゆざわ-Biz)" in exported.stdout
    assert "含めないもの: 利益相反の開示" in exported.stdout

    shown = companion("referral", "import", str(out), "--dry-run", data_dir=receiver)
    assert shown.returncode == 0, shown.stderr
    assert "送り主: 佐藤 みのり(もがみ-Biz)" in shown.stdout
    assert f"案件: {REFERRED}" in shown.stdout and "何も取り込んでいません" in shown.stdout
    assert engagements(receiver) == []

    imported = companion("referral", "import", str(out), data_dir=receiver)
    assert imported.returncode == 0, imported.stderr
    assert "新しい案件として取り込みました" in imported.stdout
    assert "事業者を新しく登録しました: 有限会社 松月堂" in imported.stdout
    assert engagements(receiver) == [REFERRED]
    again = companion("referral", "import", str(out), data_dir=receiver)
    assert again.returncode == 2 and "取り込み済みです" in again.stderr
    assert engagements(receiver) == [REFERRED]
    checked = companion("check", data_dir=receiver)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # The sender's engagement records when and to whom it was referred (export-all shows it).
    opened = companion("export-all", "--out", str(tmp_path / "sato-export"), data_dir=sender)
    assert opened.returncode == 0, opened.stderr
    lines = (tmp_path / "sato-export" / "referralsent.jsonl").read_text(encoding="utf-8").splitlines()
    (sent,) = [json.loads(line) for line in lines]
    assert (sent["engagement_id"], sent["recipient_name"], sent["consent_how"]) == (
        engagement_id(sender), "高橋 健一", "口頭")
    keys = (tmp_path / "sato-export" / "referralkey.jsonl")
    assert not keys.exists() or "private_key" not in keys.read_text(encoding="utf-8")


def test_a_tampered_package_is_refused_with_exit_2(two_centres: tuple[Path, Path],
                                                   tmp_path: Path) -> None:
    sender, receiver = two_centres
    out = tmp_path / "p.companion-referral"
    exported = companion(*export_args(sender, out, "--passphrase"), data_dir=sender, env=PHONE)
    assert exported.returncode == 0, exported.stderr
    assert "パスフレーズを知っている人" in exported.stdout
    data = bytearray(out.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered = tmp_path / "tampered.companion-referral"
    tampered.write_bytes(bytes(data))
    refused = companion("referral", "import", str(tampered), data_dir=receiver, env=PHONE)
    assert refused.returncode == 2
    assert "引き継ぎパッケージが改ざんされたか、壊れています" in refused.stderr
    assert engagements(receiver) == []
    wrong = companion("referral", "import", str(out), data_dir=receiver,
                      env={"COMPANION_REFERRAL_PASSPHRASE": "くじら餅は丸くて辛い"})
    assert wrong.returncode == 2 and "パスフレーズが違います" in wrong.stderr
    right = companion("referral", "import", str(out), data_dir=receiver, env=PHONE)
    assert right.returncode == 0, right.stderr
    assert engagements(receiver) == [REFERRED]


def test_bad_options_are_one_line_and_write_nothing(two_centres: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    sender, _receiver = two_centres
    out = tmp_path / "p.companion-referral"
    no_consent = companion("referral", "export", engagement_id(sender), "--passphrase",
                           "--out", str(out), data_dir=sender, env=PHONE)
    assert no_consent.returncode == 2 and "--consent-date" in no_consent.stderr
    bad_visits = companion(*export_args(sender, out, "--passphrase"), "--visits", "先週の分",
                           data_dir=sender, env=PHONE)
    assert bad_visits.returncode == 2
    assert "--visits の訪問記録IDの形式が正しくありません: 先週の分" in bad_visits.stderr
    no_passphrase = companion(*export_args(sender, out, "--passphrase"), data_dir=sender)
    assert no_passphrase.returncode == 2 and "COMPANION_REFERRAL_PASSPHRASE" in no_passphrase.stderr
    english = companion(*export_args(sender, out, "--to", str(tmp_path / "none.card")),
                        data_dir=sender, env={"COMPANION_LANG": "en"})
    assert english.returncode == 2 and "companion: error:" in english.stderr.lower()
    assert not out.exists()


def test_passphrase_is_not_needed_to_see_the_sender(two_centres: tuple[Path, Path],
                                                    tmp_path: Path) -> None:
    sender, receiver = two_centres
    out = tmp_path / "p.companion-referral"
    assert companion(*export_args(sender, out, "--passphrase"), data_dir=sender,
                     env=PHONE).returncode == 0
    asked = companion("referral", "import", str(out), data_dir=receiver)
    assert asked.returncode == 2
    assert "送り主: 佐藤 みのり(もがみ-Biz)" in asked.stdout
    assert "引き継ぎのパスフレーズが必要です" in asked.stderr
