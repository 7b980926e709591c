"""The review bundle verifies, and any tampering is caught and named."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from companion_testing.review_bundles import (
    export,
    first_key_fingerprint,
    published_recipe_commands,
    rewrite_zip,
    run_published_recipe,
)
from docx import Document

from companion.review.bundle import seal
from companion.review.keys import new_private_key
from companion.review.verify import inspect_bundle
from companion.services.storage import OpenedData


def test_a_fresh_bundle_verifies_and_holds_what_a_reviewer_needs(practice: OpenedData,
                                                                  tmp_path: Path) -> None:
    result = export(practice, tmp_path / "review.zip")
    verification = inspect_bundle(result.path)
    assert verification.ok, verification.problems
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
        register_csv = archive.read("register.csv")
        flags = json.loads(archive.read("red-flags.json"))
        docx_bytes = archive.read("register.docx")
    assert {"register.csv", "versions.csv", "register.json", "register.docx", "red-flags.csv",
            "engagements.csv", "visits-summary.csv", "README-reviewer.md", "verify_chain.py",
            "manifest.json", "manifest.sig", "SHA256SUMS", "SHA256SUMS.sig", "checkpoint.txt",
            "checkpoint.sig", "practitioner.pem"} <= names
    assert register_csv.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    assert "出資" in register_csv.decode("utf-8-sig")
    assert len({flag["rule"] for flag in flags["red_flags"]}) >= 2
    (tmp_path / "register.docx").write_bytes(docx_bytes)
    text = "\n".join(p.text for p in Document(str(tmp_path / "register.docx")).paragraphs)
    assert result.fingerprint[:4] in text.replace(" ", "")


@pytest.mark.parametrize("member", ["register.json", "register.csv", "red-flags.json",
                                    "checkpoint.txt", "manifest.json", "SHA256SUMS",
                                    "register.docx", "verify_chain.py"])
def test_flipping_one_byte_of_any_member_fails_naming_it(practice: OpenedData, tmp_path: Path,
                                                         member: str) -> None:
    good = export(practice, tmp_path / "review.zip").path
    with zipfile.ZipFile(good) as archive:
        data = bytearray(archive.read(member))
    data[len(data) // 2] ^= 0x01
    bad = rewrite_zip(good, tmp_path / "bad.zip", replace={member: bytes(data)})
    verification = inspect_bundle(bad)
    assert not verification.ok
    assert any(member in problem for problem in verification.problems), verification.problems


def test_removing_or_adding_a_member_fails_naming_it(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    removed = inspect_bundle(rewrite_zip(good, tmp_path / "removed.zip", drop="versions.csv"))
    assert any("versions.csv" in p and "ありません" in p for p in removed.problems)
    added = inspect_bundle(rewrite_zip(good, tmp_path / "added.zip",
                                       add={"追加資料.txt": "後から足した".encode()}))
    assert any("追加資料.txt" in p and "マニフェストにない" in p for p in added.problems)


def test_a_bundle_resigned_with_another_key_fails(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    with zipfile.ZipFile(good) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    impostor = new_private_key()
    from companion.review.bundle import BundleHeader
    from companion.review.checkpoint import Checkpoint

    plain = {n: d for n, d in members.items()
             if n not in ("manifest.json", "manifest.sig", "SHA256SUMS", "SHA256SUMS.sig")}
    header = BundleHeader(manifest["generator"], manifest["created_at"], "", "", "偽者",
                          manifest["log_id"], Checkpoint(manifest["log_id"],
                                                         manifest["checkpoint"]["size"],
                                                         manifest["checkpoint"]["head"]),
                          manifest["rules_version"])
    forged = seal(plain, header, impostor)
    bad = rewrite_zip(good, tmp_path / "forged.zip", replace=forged)
    problems = inspect_bundle(bad).problems
    assert any("manifest.json" in p and "署名" in p for p in problems), problems


def test_expect_key_pins_the_practitioner(practice: OpenedData, tmp_path: Path) -> None:
    result = export(practice, tmp_path / "review.zip")
    assert inspect_bundle(result.path, expect_key=result.fingerprint[:16]).ok
    problems = inspect_bundle(result.path, expect_key="0123456789abcdef").problems
    assert any("指紋" in p for p in problems)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 truncated", "ただのテキスト".encode()])
def test_not_a_bundle_is_one_clear_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bundle.zip"
    path.write_bytes(content)
    verification = inspect_bundle(path)
    assert not verification.ok and len(verification.problems) == 1


def test_path_traversal_and_duplicate_names_are_refused(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    evil = rewrite_zip(good, tmp_path / "evil.zip", add={"../../etc/passwd": b"x"})
    assert any("不正なファイル名" in p for p in inspect_bundle(evil).problems)
    duplicate = tmp_path / "dup.zip"
    shutil.copyfile(good, duplicate)
    with pytest.warns(UserWarning), zipfile.ZipFile(duplicate, "a") as archive:
        archive.writestr("register.csv", b"again")
    assert any("重複" in p for p in inspect_bundle(duplicate).problems)


def test_zip_bomb_is_refused(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    bomb = tmp_path / "bomb.zip"
    shutil.copyfile(good, bomb)
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.bin", bytes(50 * 1024 * 1024))
    assert any("zip 爆弾" in p for p in inspect_bundle(bomb).problems)


def test_the_reviewer_readme_recipe_verifies_with_standard_tools(practice: OpenedData,
                                                                 tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    commands = published_recipe_commands()
    assert any(c.startswith("unzip -Z1") for c in commands)
    assert any("openssl pkeyutl -verify" in c for c in commands)
    assert any(c.startswith('python3 -I "$VERIFIER" "$BUNDLE"') for c in commands)
    result = run_published_recipe(bundle, tmp_path / "good")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Signature Verified Successfully" in result.stdout


@pytest.mark.parametrize("member", ["register.csv", "manifest.json", "register.json"])
def test_the_recipe_rejects_a_tampered_bundle(practice: OpenedData, tmp_path: Path,
                                              member: str) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    with zipfile.ZipFile(bundle) as archive:
        data = bytearray(archive.read(member))
    data[-3] ^= 0x01
    bad = rewrite_zip(bundle, tmp_path / "bad.zip", replace={member: bytes(data)})
    identity = first_key_fingerprint(bundle)  # of the good bundle: the tampered one may not parse
    assert run_published_recipe(bad, tmp_path / "bad", identity=identity).returncode != 0
