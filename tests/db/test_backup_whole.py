"""A backup is the whole data folder; restore verifies all of it, keeps the current state,
refuses a rolled-back register unless asked, and checks what it restored (issue 14)."""

from __future__ import annotations

import base64
import errno
import hashlib
import io
import json
import logging
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
import sqlcipher3
from companion_testing.factories import add_engagement, add_visit
from sqlmodel import select

from companion import cli
from companion.db.engine import key_literal
from companion.db.models import Attachment, Client, LogEntry
from companion.errors import KnownError
from companion.keystore import MemoryKeyring
from companion.paths import DataPaths
from companion.security import recovery
from companion.security.data_key import PassphrasePurpose
from companion.services import backup_archive, backups
from companion.services.attachments import attach_file, store_for
from companion.services.backups import (
    RESTORE_HISTORY,
    export_backup,
    list_backups,
    make_backup,
    restore_backup,
)
from companion.services.health import check_database
from companion.services.register import rotate_signing_key
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder
from companion.settings import Settings

PASSPHRASE = "りんご畑の見える事務所で"
OTHER_PASSPHRASE = "別のパソコンの合言葉です"
PHOTO = b"\xff\xd8\xff\xe0" + "新しい羊羹のパッケージ案".encode() * 5000


def ask(_purpose: PassphrasePurpose) -> str:
    return PASSPHRASE


def never_asked(_purpose: PassphrasePurpose) -> str:
    raise AssertionError("no passphrase should be needed")


def fill(opened: OpenedData, tmp_path: Path, *, client: str = "有限会社やまなか酒造") -> str:
    """A visit with a photo attached, a settings file and a signed register (2 entries)."""
    photo = tmp_path / "試作品の写真.jpg"
    photo.write_bytes(PHOTO)
    with session_scope(opened.db) as session:
        visit = add_visit(session, add_engagement(session, client_name=client), notes="試作品を確認")
        session.commit()
        attachment = attach_file(session=session, store=store_for(opened.db), source=photo,
                                 visit_id=visit.id)
        rotate_signing_key(session=session)
    Settings(opened.db.paths.settings_file).set("practitioner_name", "山田 花子")
    return attachment.sha256


@pytest.fixture(autouse=True)
def restore_umask() -> Iterator[None]:
    """``cli.main`` sets the process's umask (0077) as a command does."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


@pytest.fixture
def folder(data_paths: DataPaths, tmp_path: Path) -> Iterator[OpenedData]:
    opened = open_data_folder(data_paths, ask=ask, create=True)
    fill(opened, tmp_path)
    yield opened
    opened.db.close()


def open_folder(paths: DataPaths, passphrase: str = PASSPHRASE) -> OpenedData:
    return open_data_folder(paths, ask=lambda _purpose: passphrase)


def clients(paths: DataPaths, passphrase: str = PASSPHRASE) -> list[str]:
    opened = open_folder(paths, passphrase)
    try:
        with session_scope(opened.db, write=False) as session:
            return sorted(c.name for c in session.exec(select(Client)).all())
    finally:
        opened.db.close()


def register_size(opened: OpenedData) -> int:
    with session_scope(opened.db, write=False) as session:
        return len(session.exec(select(LogEntry)).all())


def state(paths: DataPaths) -> dict[str, bytes]:
    """Every file of the data folder but the lock's notes, by name, with its content."""
    return {str(p.relative_to(paths.root)): p.read_bytes() for p in sorted(paths.root.rglob("*"))
            if p.is_file() and ".lock" not in p.parts}


def rewrite(source: Path, target: Path, change: Any) -> Path:
    """A copy of a backup zip whose members (name -> bytes) ``change`` edits in place."""
    with zipfile.ZipFile(source) as zip_:
        members = {name: zip_.read(name) for name in zip_.namelist()}
    change(members)
    with zipfile.ZipFile(target, "w") as zip_:
        for name, data in members.items():
            zip_.writestr(name, data)
    return target


def with_manifest(members: dict[str, bytes]) -> None:
    """Recompute the manifest of format 2 for ``members`` (a well-made forgery)."""
    manifest = json.loads(members["backup.json"])
    manifest["members"] = [
        {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in members.items() if name != "backup.json"]
    members["backup.json"] = json.dumps(manifest).encode()


def refused(paths: DataPaths, opened: OpenedData, candidate: Path, match: str) -> None:
    before = state(paths)
    with pytest.raises(KnownError, match=match) as raised:
        restore_backup(paths, candidate, current=opened.db, current_key=opened.key.key,
                       ask=ask)
    assert candidate.name in raised.value.message or str(candidate) in raised.value.message
    assert state(paths) == before


# -- the backup file ------------------------------------------------------------------------

def test_an_exported_backup_holds_the_whole_data_with_a_manifest_of_hashes(
        folder: OpenedData, tmp_path: Path) -> None:
    paths = folder.db.paths
    exported = export_backup(folder.db, tmp_path / "持ち出し.zip")
    with zipfile.ZipFile(exported) as zip_:
        names = set(zip_.namelist())
        manifest = json.loads(zip_.read("backup.json"))
        for member in manifest["members"]:
            data = zip_.read(member["name"])
            assert len(data) == member["size"]
            assert hashlib.sha256(data).hexdigest() == member["sha256"]
    blobs = {f"attachments/{p.parent.name}/{p.name}" for p in paths.attachments.rglob("*")
             if p.is_file()}
    assert len(blobs) == 1
    assert names == {"companion.db", "recovery-key.json", "settings.json", "backup.json"} | blobs
    assert {m["name"] for m in manifest["members"]} == names - {"backup.json"}
    assert manifest["format"] == "companion-backup" and manifest["version"] == 2
    with zipfile.ZipFile(exported) as zip_:
        assert zip_.read("recovery-key.json") == paths.recovery_file.read_bytes()
        assert zip_.read("settings.json") == paths.settings_file.read_bytes()
    assert not any(paths.staging.glob("*")) if paths.staging.exists() else True
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("持ち出し")) == ["持ち出し.zip"]


def test_an_export_is_staged_in_the_staging_folder_and_never_written_into_the_data_folder(
        folder: OpenedData, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = folder.db.paths
    staged: list[Path] = []
    real_write = backup_archive.write

    def spying(target: Path, **parts: Any) -> None:
        staged.append(parts["database"])
        real_write(target, **parts)

    monkeypatch.setattr(backup_archive, "write", spying)
    before = sorted(p.name for p in paths.root.iterdir())
    with pytest.raises(KnownError, match="データフォルダの中には書き出せません"):
        export_backup(folder.db, paths.root / "backup.zip")
    with pytest.raises(KnownError, match="データフォルダの中には書き出せません"):
        export_backup(folder.db, paths.database)
    assert not staged
    export_backup(folder.db, paths.root.parent / "backup.zip")
    assert staged[0].parent == paths.staging
    assert not staged[0].exists() and not list(paths.staging.iterdir())
    assert sorted(p.name for p in paths.root.iterdir() if p.name != ".staging") == before


# -- restoring it ---------------------------------------------------------------------------

def test_restore_into_an_empty_folder_brings_back_attachments_settings_and_passes_check(
        folder: OpenedData, tmp_path: Path) -> None:
    exported = export_backup(folder.db, tmp_path / "backup.zip")
    expected = clients(folder.db.paths)
    keyring.set_keyring(MemoryKeyring())  # a new laptop: its keyring knows nothing
    laptop = DataPaths(tmp_path / "laptop")
    laptop.root.mkdir()
    result = restore_backup(laptop, exported, current=None, current_key=None, ask=ask)
    assert result.problems == () and result.safety_backup is None and result.rolled_back == 0
    assert Settings(laptop.settings_file).get("practitioner_name") == "山田 花子"
    opened = open_folder(laptop)
    try:
        assert check_database(opened.db).ok
        with session_scope(opened.db, write=False) as session:
            (attachment,) = session.exec(select(Attachment)).all()
        photo = io.BytesIO()
        store_for(opened.db).read_into(attachment.sha256, photo)
        assert photo.getvalue() == PHOTO
    finally:
        opened.db.close()
    assert clients(laptop) == expected


def test_a_backup_of_another_key_is_re_encrypted_attachments_included(
        folder: OpenedData, tmp_path: Path) -> None:
    """A new laptop already started once (its own key and data): restoring the old
    laptop's export asks for that passphrase and re-encrypts everything with this key."""
    old_laptop = DataPaths(tmp_path / "old-laptop")
    other = open_data_folder(old_laptop, ask=lambda _p: OTHER_PASSPHRASE, create=True)
    try:
        (tmp_path / "old").mkdir()
        sha256 = fill(other, tmp_path / "old", client="株式会社むかしの事業者")
        exported = export_backup(other.db, tmp_path / "old-laptop.zip")
    finally:
        other.db.close()
    paths = folder.db.paths
    asked: list[PassphrasePurpose] = []

    def answer(purpose: PassphrasePurpose) -> str:
        asked.append(purpose)
        return OTHER_PASSPHRASE

    result = restore_backup(paths, exported, current=folder.db, current_key=folder.key.key,
                            ask=answer, close_current=folder.db.close, allow_rollback=True)
    assert asked == [PassphrasePurpose.UNLOCK] and result.problems == ()
    assert clients(paths) == ["株式会社むかしの事業者"]
    reopened = open_folder(paths)  # this folder's own passphrase and key
    try:
        photo = io.BytesIO()
        store_for(reopened.db).read_into(sha256, photo)
        assert photo.getvalue() == PHOTO
        assert check_database(reopened.db).ok
    finally:
        reopened.db.close()


def test_restoring_keeps_the_current_attachments_for_the_safety_backup(
        folder: OpenedData, tmp_path: Path) -> None:
    paths = folder.db.paths
    exported = export_backup(folder.db, tmp_path / "backup.zip")
    later = tmp_path / "あとの資料.pdf"
    later.write_bytes(b"%PDF-1.4 " + b"x" * 3000)
    with session_scope(folder.db) as session:
        engagement = add_engagement(session, client_name="あとから来た事業者")
        session.commit()
        added = attach_file(session=session, store=store_for(folder.db), source=later,
                            engagement_id=engagement.id)
    result = restore_backup(paths, exported, current=folder.db, current_key=folder.key.key,
                            ask=never_asked, close_current=folder.db.close)
    assert result.safety_backup is not None and result.problems == ()
    assert "あとから来た事業者" not in clients(paths)
    back = restore_backup(paths, result.safety_backup.path, current=None,
                          current_key=folder.key.key, ask=never_asked)
    assert back.problems == ()  # its attachment is still in the store
    reopened = open_folder(paths)
    try:
        assert store_for(reopened.db).problems(added.sha256) is None
    finally:
        reopened.db.close()


def test_an_old_format_backup_still_restores_and_check_reports_what_it_lacks(
        folder: OpenedData, tmp_path: Path) -> None:
    """Format 1 held the database and the key file only: restored, and the attachment
    it cannot bring back is reported, not hidden behind 復元しました."""
    exported = export_backup(folder.db, tmp_path / "new.zip")
    with zipfile.ZipFile(exported) as zip_:
        database, key_file = zip_.read("companion.db"), zip_.read("recovery-key.json")
    old = tmp_path / "old-format.zip"
    with zipfile.ZipFile(old, "w") as zip_:
        zip_.writestr("companion.db", database)
        zip_.writestr("recovery-key.json", key_file)
        zip_.writestr("backup.json", json.dumps({
            "format": "companion-backup", "version": 1,
            "database_sha256": hashlib.sha256(database).hexdigest()}))
    keyring.set_keyring(MemoryKeyring())
    laptop = DataPaths(tmp_path / "laptop")
    laptop.root.mkdir()
    result = restore_backup(laptop, old, current=None, current_key=None, ask=ask)
    assert clients(laptop) == clients(folder.db.paths)
    assert len(result.problems) == 1 and "試作品の写真.jpg" in result.problems[0]


# -- verifying before touching anything -----------------------------------------------------

@pytest.fixture
def exported(folder: OpenedData, tmp_path: Path) -> Path:
    return export_backup(folder.db, tmp_path / "backup.zip")


def test_an_altered_attachment_is_refused_before_anything_changes(
        folder: OpenedData, exported: Path, tmp_path: Path) -> None:
    def alter(members: dict[str, bytes]) -> None:
        name = next(n for n in members if n.startswith("attachments/"))
        members[name] = members[name][:-1] + bytes([members[name][-1] ^ 1])

    candidate = rewrite(exported, tmp_path / "altered.zip", alter)
    refused(folder.db.paths, folder, candidate, "一致しません")


def test_a_member_the_manifest_does_not_list_is_refused(
        folder: OpenedData, exported: Path, tmp_path: Path) -> None:
    def smuggle(members: dict[str, bytes]) -> None:
        members["attachments/../../evil.py"] = b"print('hi')"

    refused(folder.db.paths, folder, rewrite(exported, tmp_path / "extra.zip", smuggle),
            "形式ではありません")

    def smuggle_listed(members: dict[str, bytes]) -> None:  # even when listed
        members["notes.txt"] = b"hello"
        with_manifest(members)

    refused(folder.db.paths, folder, rewrite(exported, tmp_path / "listed.zip", smuggle_listed),
            "形式ではありません")


def test_a_member_the_manifest_lists_but_the_zip_lacks_is_refused(
        folder: OpenedData, exported: Path, tmp_path: Path) -> None:
    def drop(members: dict[str, bytes]) -> None:
        del members[next(n for n in members if n.startswith("attachments/"))]

    refused(folder.db.paths, folder, rewrite(exported, tmp_path / "short.zip", drop), "一致しません")


def test_too_many_or_too_large_members_are_refused_from_what_the_zip_declares(
        folder: OpenedData, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = folder.db.paths
    monkeypatch.setattr(backup_archive, "MAX_MEMBERS", 3)
    refused(paths, folder, exported, r"項目が多すぎます: backup\.zip\(5 件\)")
    monkeypatch.setattr(backup_archive, "MAX_MEMBERS", 100)
    monkeypatch.setattr(backup_archive, "MAX_BLOB_BYTES", 1000)
    refused(paths, folder, exported, "大きすぎます")
    monkeypatch.setattr(backup_archive, "MAX_BLOB_BYTES", 10**9)
    monkeypatch.setattr(backup_archive, "MAX_TOTAL_BYTES", 1000)
    refused(paths, folder, exported, "大きすぎます")


def test_a_member_that_inflates_past_its_declared_size_is_cut_off(tmp_path: Path) -> None:
    packed = io.BytesIO(b"x" * 5000)
    with pytest.raises(KnownError, match="大きすぎます"):
        backup_archive._copy_bounded(packed, io.BytesIO(), 4096, tmp_path / "bomb.zip")


def test_a_damaged_database_or_settings_in_a_backup_is_refused(
        folder: OpenedData, exported: Path, tmp_path: Path) -> None:
    def damage_database(members: dict[str, bytes]) -> None:
        database = bytearray(members["companion.db"])
        database[len(database) // 2] ^= 0xFF
        members["companion.db"] = bytes(database)
        with_manifest(members)  # consistent hashes: only the database check can tell

    refused(folder.db.paths, folder, rewrite(exported, tmp_path / "db.zip", damage_database),
            "バックアップ")

    def nest_settings(members: dict[str, bytes]) -> None:
        members["settings.json"] = b"[" * 60000 + b"]" * 60000
        with_manifest(members)

    refused(folder.db.paths, folder, rewrite(exported, tmp_path / "deep.zip", nest_settings),
            "壊れています")


# -- the key file inside a backup -----------------------------------------------------------

def key_document(**changes: Any) -> dict[str, Any]:
    wrapped = recovery.wrap(b"k" * 32, PASSPHRASE)
    document: dict[str, Any] = json.loads(recovery.dumps(wrapped))
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = document
        for parent in parents:
            target = target[parent]
        target[last] = value
    return document


@pytest.mark.parametrize(("changes", "reason"), [
    ({"kdf__n": 2**24}, "n=16777216"),
    ({"kdf__n": 3 * 2**14}, "n=49152"),
    ({"kdf__n": 2**13}, "n=8192"),
    ({"kdf__n": "131072"}, "n=131072"),
    ({"kdf__r": 17}, "r=17"),
    ({"kdf__r": 0}, "r=0"),
    ({"kdf__p": 5}, "p=5"),
    ({"kdf__n": 2**20, "kdf__r": 8}, "256 MiB"),
    ({"kdf__salt": base64.b64encode(b"s" * 8).decode()}, "salt"),
    ({"cipher__nonce": base64.b64encode(b"n" * 16).decode()}, "nonce"),
    ({"wrapped_key": base64.b64encode(b"w" * 4096).decode()}, "wrapped key"),
    ({"key_id": "../../../etc/passwd"}, "key_id"),
    ({"key_id": 12345678}, "key_id"),
])
def test_recovery_files_outside_the_bounds_are_refused_before_any_derivation(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changes: dict[str, Any],
        reason: str) -> None:
    path = tmp_path / "recovery-key.json"
    path.write_text(json.dumps(key_document(**changes)))
    monkeypatch.setattr(recovery, "_derive", never_derived)
    with pytest.raises(KnownError, match="許容範囲外") as raised:
        recovery.load(path)
    assert reason in raised.value.message and str(path) in raised.value.message


def never_derived(*_args: Any) -> bytes:
    raise AssertionError("scrypt must not run on a refused file")


def test_a_huge_or_deeply_nested_recovery_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "recovery-key.json"
    path.write_bytes(b" " * (64 * 1024 + 1))
    with pytest.raises(KnownError, match="大きすぎます"):
        recovery.load(path)
    path.write_bytes(b"[" * 30000 + b"]" * 30000)
    with pytest.raises(KnownError, match="読めません"):
        recovery.load(path)
    path.write_text(json.dumps(key_document()))
    assert recovery.load(path).n == recovery.SCRYPT_N  # what Companion writes is accepted


def test_a_backup_with_a_crafted_key_file_is_refused_at_once_in_one_line(
        folder: OpenedData, exported: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def craft(members: dict[str, bytes]) -> None:
        document = json.loads(members["recovery-key.json"])
        document["kdf"]["n"] = 2**24  # 16 GiB of memory for scrypt
        members["recovery-key.json"] = json.dumps(document).encode()
        with_manifest(members)

    crafted = rewrite(exported, tmp_path / "crafted.zip", craft)
    monkeypatch.setattr(recovery, "_derive", never_derived)
    started = time.monotonic()
    refused(folder.db.paths, folder, crafted, "許容範囲外")
    folder.db.close()
    laptop = tmp_path / "laptop"
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    assert cli.main(["restore", str(crafted), "--data-dir", str(laptop)]) == cli.EXIT_ERROR
    assert time.monotonic() - started < 10
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "許容範囲外" in err and "Traceback" not in err
    assert not (laptop / "companion.db").exists() and not (laptop / "recovery-key.json").exists()


# -- the signed register ----------------------------------------------------------------------

def test_a_backup_with_a_shorter_register_needs_allow_rollback_and_is_recorded(
        folder: OpenedData, exported: Path, caplog: pytest.LogCaptureFixture) -> None:
    paths = folder.db.paths
    with session_scope(folder.db) as session:
        rotate_signing_key(session=session)  # the register grows after the backup
    assert register_size(folder) == 3
    before = state(paths)
    with pytest.raises(KnownError, match=r"記録が 1 件失われます\(現在 3 件、バックアップ 2 件\): backup\.zip"):
        restore_backup(paths, exported, current=folder.db, current_key=folder.key.key, ask=ask)
    assert state(paths) == before

    with caplog.at_level(logging.WARNING, logger="companion.backups"):
        result = restore_backup(paths, exported, current=folder.db, current_key=folder.key.key,
                                ask=ask, close_current=folder.db.close, allow_rollback=True)
    assert result.rolled_back == 1 and result.safety_backup is not None
    assert any("rolled the signed register back by 1" in r.getMessage() for r in caplog.records)
    (line,) = (paths.root / RESTORE_HISTORY).read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["rolled_back_entries"] == 1
    assert record["register_before"]["entries"] == 3 and record["register_after"]["entries"] == 2
    assert record["register_before"]["head"] != record["register_after"]["head"]
    assert record["safety_backup"] == str(result.safety_backup.path)
    assert record["source"] == str(exported) and record["format"] == 2
    reopened = open_folder(paths)
    try:
        assert register_size(reopened) == 2
    finally:
        reopened.db.close()


def test_a_backup_whose_register_diverges_is_a_rollback_of_all_it_does_not_share(
        folder: OpenedData, tmp_path: Path) -> None:
    other = open_data_folder(DataPaths(tmp_path / "other"), ask=ask, create=True)
    try:
        (tmp_path / "o").mkdir()
        fill(other, tmp_path / "o", client="別の事業者")
        with session_scope(other.db) as session:
            rotate_signing_key(session=session)  # longer than ours, but another chain
        foreign = export_backup(other.db, tmp_path / "other.zip")
    finally:
        other.db.close()
    with pytest.raises(KnownError, match=r"記録が 2 件失われます\(現在 2 件、バックアップ 3 件\)"):
        restore_backup(folder.db.paths, foreign, current=folder.db,
                       current_key=folder.key.key, ask=ask)


def test_a_backup_of_the_same_length_that_diverges_is_a_rollback(folder: OpenedData) -> None:
    paths = folder.db.paths
    earlier = make_backup(folder.db)
    with session_scope(folder.db) as session:
        rotate_signing_key(session=session)
    first = restore_backup(paths, earlier.path, current=folder.db, current_key=folder.key.key,
                           ask=ask, close_current=folder.db.close, allow_rollback=True)
    assert first.safety_backup is not None
    reopened = open_folder(paths)
    try:
        with session_scope(reopened.db) as session:
            rotate_signing_key(session=session)  # entry 3 again, but another one
        with pytest.raises(KnownError, match=r"記録が 1 件失われます\(現在 3 件、バックアップ 3 件\)"):
            restore_backup(paths, first.safety_backup.path, current=reopened.db,
                           current_key=reopened.key.key, ask=ask)
    finally:
        reopened.db.close()


def test_a_backup_that_extends_the_register_or_a_folder_without_one_is_no_rollback(
        folder: OpenedData, tmp_path: Path) -> None:
    paths = folder.db.paths
    older = make_backup(folder.db)
    with session_scope(folder.db) as session:
        rotate_signing_key(session=session)
    newer = export_backup(folder.db, tmp_path / "newer.zip")
    result = restore_backup(paths, older.path, current=folder.db, current_key=folder.key.key,
                            ask=ask, close_current=folder.db.close, allow_rollback=True)
    assert result.rolled_back == 1
    reopened = open_folder(paths)
    try:  # back to the longer register: it extends the current one
        result = restore_backup(paths, newer, current=reopened.db, current_key=reopened.key.key,
                                ask=ask, close_current=reopened.db.close)
    finally:
        reopened.db.close()
    assert result.rolled_back == 0
    records = [json.loads(line) for line in
               (paths.root / RESTORE_HISTORY).read_text(encoding="utf-8").splitlines()]
    assert [r["rolled_back_entries"] for r in records] == [1, 0]


def test_the_command_line_refuses_a_rollback_unless_allowed(
        folder: OpenedData, exported: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with session_scope(folder.db) as session:
        rotate_signing_key(session=session)
    folder.db.close()
    data_dir = str(folder.db.paths.root)
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    assert cli.main(["restore", str(exported), "--data-dir", data_dir]) == cli.EXIT_ERROR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "1 件失われます" in err and "--allow-rollback" in err
    assert cli.main(["restore", str(exported), "--allow-rollback", "--data-dir", data_dir]) == 0
    out, err = capsys.readouterr()
    assert "復元前の状態を保存しました" in out and "復元しました" in out
    assert "1 件分、以前の状態に戻しました" in err


# -- failures leave nothing behind ----------------------------------------------------------

def disk_full(path: Path) -> OSError:
    return OSError(errno.ENOSPC, "No space left on device", str(path))


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing_behind(
        folder: OpenedData, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = folder.db.paths

    def filling_the_disk(_engine: Any, target: Path, *, key: bytes | None = None) -> None:
        target.with_name(target.name + ".partial").write_bytes(b"\0" * 100_000)
        target.with_name(target.name + "-wal").write_bytes(b"\0" * 100_000)
        target.write_bytes(b"\0" * 100_000)
        raise disk_full(target)

    monkeypatch.setattr(backups, "copy_database", filling_the_disk)
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません") as raised:
        make_backup(folder.db)
    assert str(paths.backups) in raised.value.message
    assert list(paths.backups.iterdir()) == []

    def sqlite_full(_engine: Any, target: Path, *, key: bytes | None = None) -> None:
        target.write_bytes(b"\0" * 100_000)
        raise sqlcipher3.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "copy_database", sqlite_full)
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません"):
        make_backup(folder.db)
    assert list(paths.backups.iterdir()) == []


def test_a_backup_is_one_self_contained_file_that_leaves_no_wal(folder: OpenedData) -> None:
    info = make_backup(folder.db)
    connection = sqlcipher3.connect(str(info.path))
    try:
        connection.execute(f"PRAGMA key = {key_literal(folder.key.key)}")
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        connection.close()
    assert sorted(p.name for p in folder.db.paths.backups.iterdir()) == [info.path.name]


def test_an_export_on_a_full_disk_says_so_and_leaves_nothing_behind(
        folder: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = folder.db.paths
    real_add = backup_archive._add

    def add_until_full(zip_: zipfile.ZipFile, name: str, source: Path) -> dict[str, Any]:
        if name.startswith("attachments/"):
            raise disk_full(tmp_path / "usb")
        return real_add(zip_, name, source)

    monkeypatch.setattr(backup_archive, "_add", add_until_full)
    out = tmp_path / "usb" / "backup.zip"
    out.parent.mkdir()
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません") as raised:
        export_backup(folder.db, out)
    assert str(out) in raised.value.message
    assert list(out.parent.iterdir()) == []
    assert list(paths.staging.iterdir()) == []


def test_a_restore_on_a_full_disk_says_so_and_changes_nothing(
        folder: OpenedData, exported: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = folder.db.paths

    def copy_until_full(_packed: Any, unpacked: Any, _size: int, _source: Path) -> str:
        raise disk_full(Path(unpacked.name))

    monkeypatch.setattr(backup_archive, "_copy_bounded", copy_until_full)
    before = state(paths)
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません"):
        restore_backup(paths, exported, current=folder.db, current_key=folder.key.key, ask=ask)
    assert state(paths) == before
    assert list(paths.staging.iterdir()) == []
    assert list_backups(paths) == []  # not even the safety backup: nothing was replaced


# -- the command line ---------------------------------------------------------------------------

def test_restore_over_a_database_that_does_not_open_moves_it_aside(
        folder: OpenedData, exported: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    paths = folder.db.paths
    folder.db.close()
    damaged = b"\0" * 4096 + b"this is not a database any more" * 100
    paths.database.write_bytes(damaged)
    for suffix in ("-wal", "-shm"):
        paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    assert cli.main(["restore", str(exported), "--data-dir", str(paths.root)]) == 0
    out = capsys.readouterr().out
    (aside,) = paths.backups.glob("replaced-*.db")
    assert aside.read_bytes() == damaged and str(aside) in out
    assert clients(paths) == ["有限会社やまなか酒造"]


def test_the_command_line_reports_what_check_finds_after_a_restore(
        folder: OpenedData, exported: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def drop_attachments(members: dict[str, bytes]) -> None:
        for name in [n for n in members if n.startswith("attachments/")]:
            del members[name]
        with_manifest(members)

    incomplete = rewrite(exported, tmp_path / "incomplete.zip", drop_attachments)
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.setenv("COMPANION_PASSPHRASE", PASSPHRASE)
    laptop = tmp_path / "laptop"
    assert cli.main(["restore", str(incomplete), "--data-dir", str(laptop)]) == cli.EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert "復元しました" in out
    assert "問題: 添付ファイル 試作品の写真.jpg" in err


def test_the_command_line_says_where_the_backup_went(
        folder: OpenedData, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder.db.close()
    out = tmp_path / "持ち出し.zip"
    data_dir = str(folder.db.paths.root)
    assert cli.main(["backup", "--out", str(out), "--data-dir", data_dir]) == 0
    assert str(out) in capsys.readouterr().out and zipfile.is_zipfile(out)
    inside = str(folder.db.paths.root / "backup.zip")
    assert cli.main(["backup", "--out", inside, "--data-dir", data_dir]) == cli.EXIT_ERROR
    assert "データフォルダの中には書き出せません" in capsys.readouterr().err
    assert not Path(inside).exists()
