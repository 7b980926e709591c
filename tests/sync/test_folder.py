"""The sync folder's layout: strict names, own files only, clear refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from companion.errors import KnownError
from companion.services.sync import folder as layout
from companion.services.sync import segments

OWN = "0123456789abcdef0123456789abcdef"
OTHER = "fedcba9876543210fedcba9876543210"


def test_only_strict_names_are_sync_files(tmp_path: Path) -> None:
    device = layout.device_folder(tmp_path, OTHER)
    device.segments.mkdir(parents=True)
    for name in ("000000000001.cseg", "000000000002.cseg", "000000000002 (1).cseg",
                 "000000000002 (Taro's conflicted copy 2026-12-01).cseg",
                 ".tmp-000000000003.cseg.4242", "~$000000000003.cseg", "desktop.ini"):
        (device.segments / name).write_bytes(b"x")
    (tmp_path / "Icon\r").write_bytes(b"")
    (tmp_path / "not-a-device").mkdir()
    assert layout.device_ids(tmp_path) == [OTHER]
    assert [number for number, _path in device.numbered(segments.SEGMENT)] == [1, 2]


def test_a_device_writes_and_deletes_only_in_its_own_folder(tmp_path: Path) -> None:
    own = layout.own_folder(tmp_path, OWN)
    own.make()
    own.write(own.segments / "000000000001.cseg", b"sealed")
    assert (own.segments / "000000000001.cseg").read_bytes() == b"sealed"
    other = layout.device_folder(tmp_path, OTHER)
    other.segments.mkdir(parents=True)
    (other.segments / "000000000001.cseg").write_bytes(b"theirs")
    with pytest.raises(RuntimeError):
        own.write(other.segments / "000000000002.cseg", b"x")
    with pytest.raises(RuntimeError):
        own.remove(other.segments / "000000000001.cseg")
    with pytest.raises(RuntimeError):
        own.write(tmp_path / layout.MARKER, b"x")
    with pytest.raises(RuntimeError):
        own.write(own.root / ".." / OTHER / "device.json", b"x")
    assert (other.segments / "000000000001.cseg").read_bytes() == b"theirs"


def test_stale_temporaries_of_a_stopped_process_are_removed_from_its_own_folder(
        tmp_path: Path) -> None:
    own = layout.own_folder(tmp_path, OWN)
    own.make()
    stale = own.segments / ".tmp-000000000004.cseg.999999999"
    live = own.segments / f".tmp-000000000005.cseg.{os.getpid()}"
    stale.write_bytes(b"half")
    live.write_bytes(b"half")
    own.remove_stale_temporaries()
    assert not stale.exists() and live.exists()


def test_a_file_where_the_folder_belongs_or_no_folder_is_said_clearly(tmp_path: Path) -> None:
    a_file = tmp_path / "OneDrive"
    a_file.write_text("not a folder")
    problem = layout.folder_problem(a_file)
    assert problem is not None and "ファイルがあります" in problem.message
    missing = layout.folder_problem(tmp_path / "NAS")
    assert missing is not None and "見つかりません" in missing.message
    with pytest.raises(KnownError):
        layout.require_folder(a_file)
    assert layout.folder_problem(tmp_path) is None


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="permissions")
def test_an_unwritable_folder_is_said_clearly(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        problem = layout.folder_problem(locked)
        assert problem is not None and "書き込めません" in problem.message
    finally:
        locked.chmod(0o700)


def test_half_arrived_json_reads_as_missing(tmp_path: Path) -> None:
    path = tmp_path / "device.json"
    path.write_text('{"format": 1, "dev')
    assert layout.read_json(path) is None
    path.write_text('{"format": 1}')
    assert layout.read_json(path) == {"format": 1}
