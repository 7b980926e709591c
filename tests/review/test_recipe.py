"""The auditor's recipe needs nothing from the audited: the published verifier
(resources/review/verify_chain.py, its SHA-256 printed in README.md and the format
document) and the published recipe (resources/review/README-reviewer.md), run as a
script with the system's python3 -I, openssl, sha256sum and unzip only (no Companion),
reject what ``companion verify`` rejects."""

from __future__ import annotations

import ast
import base64
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest
from companion_testing.cli import companion
from companion_testing.review_bundles import export, rewrite_register, rewrite_zip
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.domain.register_log import (
    KEY_ENTRY_PREFIX,
    KIND_EXPORT,
    canonical_payload,
    next_entry,
)
from companion.paths import resource
from companion.review import dsse
from companion.review.bundle import SIGNED_FILES, BundleHeader, register_json, seal
from companion.review.checkpoint import Checkpoint
from companion.review.keys import b64, fingerprint, new_private_key, public_pem
from companion.review.response import FindingRecord, make_response
from companion.review.verify import inspect_bundle, parse_register, published_verifier_sha256
from companion.services.register import current_signing_key, log_entries, rotate_signing_key
from companion.services.session import session_scope
from companion.services.storage import OpenedData

SYSTEM_TOOLS = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # python3 here is the system's
PUBLISHED_VERIFIER = resource("review", "verify_chain.py")
PUBLISHED_RECIPE = resource("review", "README-reviewer.md")
REPO = Path(__file__).resolve().parents[2]


def _identity(practice: OpenedData) -> str:
    """The fingerprint the practitioner tells the auditor by phone: the register's first key."""
    with session_scope(practice.db, write=False) as session:
        first = log_entries(session=session)[0]
    return str(json.loads(first.payload)["fingerprint"])


def _recipe_commands() -> list[str]:
    text = PUBLISHED_RECIPE.read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", text, flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def _recipe(bundle: Path, work: Path, identity: str) -> subprocess.CompletedProcess[str]:
    """The published recipe, verbatim, in a new folder holding only the bundle; the
    verifier is the auditor's own copy (the published file), never the bundle's."""
    work.mkdir()
    shutil.copyfile(bundle, work / "受け取ったバンドル.zip")
    env = {**SYSTEM_TOOLS, "VERIFIER": str(PUBLISHED_VERIFIER), "IDENTITY": identity,
           "BUNDLE": "受け取ったバンドル.zip"}
    return subprocess.run(["bash", "-c", "set -e\n" + "\n".join(_recipe_commands())], cwd=work,
                          capture_output=True, text=True, env=env, check=False)


def _verifier(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["python3", "-I", str(PUBLISHED_VERIFIER), *args], cwd=cwd,
                          capture_output=True, text=True, env=SYSTEM_TOOLS, check=False)


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(members: dict[str, bytes], target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return target


# -- the published verifier and its hash --------------------------------------------------

def test_the_verifier_hash_is_printed_in_readme_docs_and_the_recipe() -> None:
    digest = hashlib.sha256(PUBLISHED_VERIFIER.read_bytes()).hexdigest()
    assert published_verifier_sha256() == digest
    for document in (REPO / "README.md", REPO / "docs" / "review-bundle-format.md", PUBLISHED_RECIPE):
        text = document.read_text(encoding="utf-8")
        stated = set(re.findall(r"\b[0-9a-f]{64}\b", text))
        assert stated == {digest}, f"{document.name}: {stated} (verify_chain.py is {digest})"
    assert any(c.startswith(f'echo "{digest}  $VERIFIER" | sha256sum -c') for c in _recipe_commands())


def test_the_verifier_is_one_file_of_the_standard_library_only() -> None:
    tree = ast.parse(PUBLISHED_VERIFIER.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {str(node.module).split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported and imported <= sys.stdlib_module_names, imported - sys.stdlib_module_names


def _load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("published_verify_chain", PUBLISHED_VERIFIER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_verifiers_own_ed25519_agrees_with_openssl_backed_cryptography() -> None:
    ed25519_verify = _load_verifier().ed25519_verify
    for index in range(8):
        key = Ed25519PrivateKey.generate()
        public = key.public_key().public_bytes_raw()
        message = f"companion-checkpoint/v1\nsize {index}\n".encode() * (index + 1)
        signature = key.sign(message)
        assert ed25519_verify(public, message, signature)
        assert not ed25519_verify(public, message + b"x", signature)
        forged = bytearray(signature)
        forged[index * 7] ^= 0x01
        assert not ed25519_verify(public, message, bytes(forged))
        other = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
        assert not ed25519_verify(other, message, signature)


# -- a good bundle, and one after a real key rotation ---------------------------------------

def test_a_good_bundle_passes_companion_verify_and_the_recipe(practice: OpenedData,
                                                              tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    assert inspect_bundle(bundle).ok
    result = _recipe(bundle, tmp_path / "audit", _identity(practice))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NG" not in result.stdout
    assert "OK:" in result.stdout
    assert result.stdout.count("Signature Verified Successfully") >= 7  # key, ckpt, manifest, sums x2
    assert (tmp_path / "audit" / "bundle" / "register.csv").is_file()


def test_a_rotated_key_is_followed_from_the_identity_key(practice: OpenedData, tmp_path: Path) -> None:
    identity = _identity(practice)
    export(practice, tmp_path / "first.zip")
    with session_scope(practice.db) as session:
        new_fp = rotate_signing_key(session=session)
    bundle = export(practice, tmp_path / "second.zip").path
    assert inspect_bundle(bundle, expect_key=identity[:16]).ok  # the identity is pinned, not the key of the day
    pinned_new = inspect_bundle(bundle, expect_key=new_fp[:16]).problems
    assert any("識別鍵" in p for p in pinned_new), pinned_new
    result = _recipe(bundle, tmp_path / "audit", identity)
    assert result.returncode == 0, result.stdout + result.stderr
    parts = {p.name for p in (tmp_path / "audit" / "signatures").iterdir()}
    assert any(re.fullmatch(r"\d\d-key-\d+-previous\.sig", name) for name in parts), parts
    assert (tmp_path / "audit" / "signatures" / "current.pem").read_text() == \
        _members(bundle)[f"keys/{new_fp}.pem"].decode()
    signatures = tmp_path / "audit" / "signatures"
    old_key = next(signatures.glob("*-previous-checkpoint.pem")).read_text()  # the bundle before
    assert old_key == (signatures / "identity.pem").read_text() != (signatures / "current.pem").read_text()
    assert "鍵の更新 1回" in result.stdout


def test_since_an_older_bundle_zip_tells_an_extension_from_a_fork(practice: OpenedData,
                                                                 tmp_path: Path) -> None:
    identity = _identity(practice)
    first = export(practice, tmp_path / "first.zip").path
    second = export(practice, tmp_path / "second.zip").path
    extended = _verifier(str(second), "--identity", identity, "--since", str(first), cwd=tmp_path)
    assert extended.returncode == 0, extended.stdout
    assert "前回の" in extended.stdout and "件が追記されています" in extended.stdout
    rewrite_register(practice.db)  # the record of bundles sent, forgotten and the chain re-hashed
    forked = export(practice, tmp_path / "forked.zip").path
    alone = _verifier(str(forked), "--identity", identity, cwd=tmp_path)
    assert alone.returncode == 0, alone.stdout  # on its own it claims, consistently, to be first
    result = _verifier(str(forked), "--identity", identity, "--since", str(second), cwd=tmp_path)
    assert result.returncode == 1 and "NG: 分岐: 記録" in result.stdout, result.stdout


# -- what must fail, in companion verify and in the recipe ----------------------------------

def _forged_rotation(practice: OpenedData, good: Path, target: Path) -> Path:
    """Someone without the practitioner's key appends a key entry signed only by a key of
    their own and signs the whole bundle with it: every hash and every signature on the
    bundle's files checks, only the rotation is not signed by the key it replaces."""
    members = _members(good)
    log_id, entries = parse_register(members["register.json"])
    impostor = new_private_key()
    fp = fingerprint(impostor.public_key())
    export_entry = entries[-1]
    assert export_entry.kind == KIND_EXPORT
    old_fp = json.loads(next(e for e in reversed(entries) if e.kind == "key").payload)["fingerprint"]
    payload = canonical_payload({"fingerprint": fp, "public_key_pem": public_pem(impostor.public_key()),
                                 "replaces": old_fp, "valid_from_seq": export_entry.seq,
                                 "written_at": json.loads(export_entry.payload)["written_at"]})
    signature = b64(impostor.sign(KEY_ENTRY_PREFIX + payload.encode()))
    key_entry = next_entry(entries[-2], "key", payload, ((fp, signature),))
    content = json.loads(export_entry.payload)
    content.update(size=key_entry.seq, head=key_entry.entry_hash)
    forged_export = next_entry(key_entry, KIND_EXPORT, canonical_payload(content))
    forged = [*entries[:-1], key_entry, forged_export]
    checkpoint = Checkpoint(log_id, len(forged), forged_export.entry_hash)
    manifest = json.loads(members["manifest.json"])
    plain = {n: d for n, d in members.items() if n not in SIGNED_FILES}
    plain["register.json"] = register_json(log_id, forged)
    plain["checkpoint.txt"] = checkpoint.text().encode()
    plain["checkpoint.sig"] = impostor.sign(plain["checkpoint.txt"])
    plain["practitioner.pem"] = public_pem(impostor.public_key()).encode()
    plain[f"keys/{fp}.pem"] = plain["practitioner.pem"]
    header = BundleHeader(manifest["generator"], manifest["created_at"], manifest["period"]["from"],
                          manifest["period"]["to"], manifest["practitioner"]["name"], log_id,
                          checkpoint, manifest["rules_version"])
    return _write(seal(plain, header, impostor), target)


def _extra_file(_practice: OpenedData, good: Path, target: Path) -> Path:
    return Path(rewrite_zip(good, target, add={"appendix-2026.csv": "開示番号,補足\r\n1,後から足した\r\n".encode()}))


def _dotdot_name(_practice: OpenedData, good: Path, target: Path) -> Path:
    return Path(rewrite_zip(good, target, add={"../register.csv": b"\xef\xbb\xbf\xe9\x96\x8b\r\n"}))


def _absolute_name(_practice: OpenedData, good: Path, target: Path) -> Path:
    return Path(rewrite_zip(good, target, add={"/tmp/companion-h10-absolute.txt": b"x"}))


def _symlink(_practice: OpenedData, good: Path, target: Path) -> Path:
    shutil.copyfile(good, target)
    link = zipfile.ZipInfo("keys/current-key.pem", date_time=(2026, 11, 20, 19, 0, 0))
    link.create_system = 3  # unix: unzip restores it as a link
    link.external_attr = 0o120777 << 16
    with zipfile.ZipFile(target, "a") as archive:
        archive.writestr(link, b"../../../.ssh/authorized_keys")
    return target


def _missing_sums(_practice: OpenedData, good: Path, target: Path) -> Path:
    return Path(rewrite_zip(good, target, drop="SHA256SUMS"))


# how each is made, what ``companion verify`` names, what the published verifier names
TAMPERING = {
    "forged rotation": (_forged_rotation, "の鍵の登録に鍵", "鍵の登録に置き換えられる鍵"),
    "extra file": (_extra_file, "appendix-2026.csv: マニフェストにない", "appendix-2026.csv: SHA256SUMS にない"),
    "../ name": (_dotdot_name, "不正なファイル名", "'../register.csv'"),
    "absolute name": (_absolute_name, "不正なファイル名", "'/tmp/companion-h10-absolute.txt'"),
    "symbolic link": (_symlink, "keys/current-key.pem: マニフェストにない", "シンボリックリンク"),
    "missing SHA256SUMS": (_missing_sums, "SHA256SUMS: ファイルがありません", "SHA256SUMS: ファイルがありません"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_each_tampering_is_rejected_by_companion_verify_and_the_recipe(
        practice: OpenedData, tmp_path: Path, case: str) -> None:
    make, in_verify, in_chain = TAMPERING[case]
    good = export(practice, tmp_path / "review.zip").path
    bad = make(practice, good, tmp_path / "bad.zip")
    problems = inspect_bundle(bad).problems
    assert any(in_verify in p for p in problems), problems
    cli = companion("verify", str(bad))
    assert cli.returncode != 0 and "Traceback" not in cli.stdout + cli.stderr
    assert in_verify in cli.stdout + cli.stderr
    alone = _verifier(str(bad), "--identity", _identity(practice), cwd=tmp_path)
    assert alone.returncode == 1 and "Traceback" not in alone.stdout + alone.stderr
    assert any(line.startswith("NG: ") and in_chain in line for line in alone.stdout.splitlines()), \
        alone.stdout
    recipe = _recipe(bad, tmp_path / "audit", _identity(practice))
    assert recipe.returncode != 0, recipe.stdout + recipe.stderr
    if case == "forged rotation":  # hashes and signatures by the bundle's own key check...
        assert "Signature Verified Successfully" in recipe.stdout
        assert in_chain in recipe.stdout  # ...the published verifier stops it
    else:
        assert not (tmp_path / "audit" / "bundle").exists()  # refused before anything was unpacked
    assert not Path("/tmp/companion-h10-absolute.txt").exists()


def test_openssl_alone_rejects_the_forged_rotation(practice: OpenedData, tmp_path: Path) -> None:
    """The signatures the verifier writes out are checked again by openssl, which does not
    take the verifier's word: the forged rotation's missing old-key signature fails there."""
    good = export(practice, tmp_path / "review.zip").path
    bad = _forged_rotation(practice, good, tmp_path / "bad.zip")
    _verifier(str(bad), "--identity", _identity(practice), "--openssl", "parts", cwd=tmp_path)
    previous = sorted((tmp_path / "parts").glob("*-key-*-previous.msg"))
    assert len(previous) == 1
    stem = str(previous[0])[:-len(".msg")]
    check = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", stem + ".pem", "-rawin",
                            "-in", stem + ".msg", "-sigfile", stem + ".sig"], capture_output=True,
                           text=True, env=SYSTEM_TOOLS, check=False)
    assert check.returncode != 0
    assert (tmp_path / "parts" / "identity.pem").read_bytes() == _members(good)["practitioner.pem"]


def test_without_the_verifier_the_shell_steps_alone_reject_each_tampering(
        practice: OpenedData, tmp_path: Path) -> None:
    """The commands of section 2 (no Python) catch an extra file, ../ and missing sums."""
    good = export(practice, tmp_path / "review.zip").path
    shell_only = [c for c in _recipe_commands() if "$VERIFIER" not in c and "signatures/" not in c]
    for index, case in enumerate(("extra file", "../ name", "absolute name", "symbolic link", "missing SHA256SUMS")):
        bad = TAMPERING[case][0](practice, good, tmp_path / f"{index}.zip")
        work = tmp_path / f"shell-{index}"
        work.mkdir()
        shutil.copyfile(bad, work / "b.zip")
        result = subprocess.run(["bash", "-c", "set -e\n" + "\n".join(shell_only)], cwd=work,
                                capture_output=True, text=True, check=False,
                                env={**SYSTEM_TOOLS, "BUNDLE": "b.zip"})
        assert result.returncode != 0, case
        assert not (work / "bundle").exists(), case


def test_a_wrong_identity_fingerprint_fails(practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    stranger = fingerprint(new_private_key().public_key())
    result = _verifier(str(bundle), "--identity", stranger, cwd=tmp_path)
    assert result.returncode == 1 and "識別鍵" in result.stdout
    assert _recipe(bundle, tmp_path / "audit", stranger).returncode != 0
    short = _verifier(str(bundle), "--identity", "abcd", cwd=tmp_path)
    assert short.returncode == 1 and "16桁以上" in short.stdout


def _resigned(practice: OpenedData, good: Path, target: Path, changes: dict[str, bytes]) -> Path:
    """The bundle with ``changes``, listed and signed again with the practitioner's own key."""
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    log_id = manifest["log_id"]
    header = BundleHeader(manifest["generator"], manifest["created_at"], manifest["period"]["from"],
                          manifest["period"]["to"], manifest["practitioner"]["name"], log_id,
                          Checkpoint(log_id, manifest["checkpoint"]["size"], manifest["checkpoint"]["head"]),
                          manifest["rules_version"])
    with session_scope(practice.db, write=False) as session:
        key = current_signing_key(session=session)
    plain = {n: d for n, d in members.items() if n not in SIGNED_FILES}
    return _write(seal({**plain, **changes}, header, key), target)


def test_a_bundle_carrying_another_verifier_is_a_problem(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    copy = _members(good)["verify_chain.py"]
    altered = copy.replace(b"return 1\n", b"return 0\n")
    assert altered != copy
    bad = _resigned(practice, good, tmp_path / "bad.zip", {"verify_chain.py": altered})
    problems = inspect_bundle(bad).problems
    assert any(p.startswith("verify_chain.py: 公開版") for p in problems), problems
    note = _verifier(str(bad), "--identity", _identity(practice), cwd=tmp_path)
    assert "バンドルの verify_chain.py はこのスクリプトと異なります" in note.stdout


def test_a_listed_file_with_a_name_the_recipe_refuses_fails_everywhere(practice: OpenedData,
                                                                       tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    bad = _resigned(practice, good, tmp_path / "bad.zip",
                    {"補足資料.csv": "開示番号,補足\r\n1,顧問契約書の写し\r\n".encode()})
    assert any("補足資料.csv: バンドルに使えないファイル名" in p for p in inspect_bundle(bad).problems)
    alone = _verifier(str(bad), "--identity", _identity(practice), cwd=tmp_path)
    assert alone.returncode == 1 and "'補足資料.csv'" in alone.stdout
    assert _recipe(bad, tmp_path / "audit", _identity(practice)).returncode != 0
    assert not (tmp_path / "audit" / "bundle").exists()


# -- the DSSE envelope, checked by an independent implementation ----------------------------

def test_a_review_response_validates_with_securesystemslib(practice: OpenedData,
                                                           tmp_path: Path) -> None:
    from securesystemslib.dsse import Envelope
    from securesystemslib.signer._key import SSlibKey

    written = export(practice, tmp_path / "review.zip")
    reviewer = new_private_key()
    text = make_response(manifest_sha256=written.manifest_sha256, checkpoint_text=written.checkpoint.text(),
                         rules_version="2026.1", reviewer_key=reviewer, reviewer_name="高橋 誠",
                         organisation="東北地域中小企業支援センター", reviewed_on=date(2026, 11, 24),
                         findings=[FindingRecord(1, 1, "", "0" * 64, "問題なし", "", "")], comment="")
    envelope = Envelope.from_dict(json.loads(text))
    keyid = fingerprint(reviewer.public_key())
    raw = reviewer.public_key().public_bytes_raw().hex()
    key = SSlibKey(keyid, "ed25519", "ed25519", {"public": raw})
    assert keyid in envelope.verify([key], 1)
    assert envelope.pae() == dsse.pae(dsse.IN_TOTO_PAYLOAD_TYPE, base64.b64decode(json.loads(text)["payload"]))
    statement = json.loads(envelope.payload)
    assert statement["predicate"]["reviewer"]["name"] == "高橋 誠"
    stranger = SSlibKey(keyid, "ed25519", "ed25519",
                        {"public": new_private_key().public_key().public_bytes_raw().hex()})
    from securesystemslib.exceptions import VerificationError
    with pytest.raises(VerificationError):
        envelope.verify([stranger], 1)
