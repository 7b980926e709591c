"""The sealed file format of the sync folder: whole or waiting, intact or refused."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.errors import KnownError
from companion.i18n import translate, using_language
from companion.services.sync import segments

DEVICE = "0123456789abcdef0123456789abcdef"
KEY = bytes(range(32))
PAYLOAD = {"format": 1, "device": DEVICE, "segment": 3,
           "entries": [{"entity": "visit", "after": '{"notes": "鈴木製麺所で新商品の試食会"}'}],
           "deps": {"fedcba9876543210fedcba9876543210": 12}}


def _sealed(signing: Ed25519PrivateKey, *, number: int = 3, generation: int = 1,
            key: bytes = KEY) -> bytes:
    return segments.seal(kind=segments.SEGMENT, device=DEVICE, number=number,
                         generation=generation, key=key, signing=signing, payload=PAYLOAD,
                         first=5, last=9)


def _open(path: Path, signing: Ed25519PrivateKey, *, keys: dict[int, bytes] | None = None
          ) -> segments.Sealed:
    held = {1: KEY} if keys is None else keys
    return segments.open_sealed(path, expect_kind=segments.SEGMENT, expect_device=DEVICE,
                                public_key=signing.public_key(), key_for=held.get)


@pytest.fixture
def signing() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_a_sealed_segment_opens_to_its_payload_and_holds_nothing_readable(
        tmp_path: Path, signing: Ed25519PrivateKey) -> None:
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    segments.write_file(path, _sealed(signing))
    assert path.name == "000000000003.cseg"
    opened = _open(path, signing)
    assert opened.payload == PAYLOAD
    assert (opened.header.first, opened.header.last, opened.header.generation) == (5, 9, 1)
    raw = path.read_bytes()
    assert "鈴木製麺所".encode() not in raw and b"notes" not in raw
    assert segments.read_header(path) == opened.header


def test_a_truncated_segment_waits_and_opens_once_complete(
        tmp_path: Path, signing: Ed25519PrivateKey) -> None:
    data = _sealed(signing)
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    for cut in (10, data.index(b"\n") + 1, len(data) // 2, len(data) - 1):
        path.write_bytes(data[:cut])
        with pytest.raises(segments.Incomplete):
            _open(path, signing)
        with pytest.raises(segments.Incomplete):
            segments.read_header(path)
    path.write_bytes(data)
    assert _open(path, signing).payload == PAYLOAD


@pytest.mark.parametrize("where", ["body", "signature", "header"])
def test_a_segment_changed_by_one_byte_is_refused(tmp_path: Path, signing: Ed25519PrivateKey,
                                                  where: str) -> None:
    data = bytearray(_sealed(signing))
    header_end = data.index(b"\n")
    index = {"body": header_end + 40, "signature": len(data) - 5,
             "header": data.index(b'"generation":1') + len('"generation":')}[where]
    data[index] ^= 0x01 if where != "header" else 0x03  # "1" -> "2": still a number
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    path.write_bytes(bytes(data))
    with pytest.raises(segments.Refused) as refused:
        _open(path, signing, keys={1: KEY, 2: KEY})
    assert refused.value.name == "000000000003.cseg"


def test_the_refusal_names_the_file_in_japanese_and_english() -> None:
    error = segments.refused_message("000000000003.cseg")
    assert error.message == "同期フォルダのファイル 000000000003.cseg は改変されているため取り込みません"
    with using_language("en"):
        assert translate(error.message) == (
            "The file 000000000003.cseg in the sync folder has been altered and is not taken in")


def test_another_devices_key_or_a_file_renamed_to_another_number_is_refused(
        tmp_path: Path, signing: Ed25519PrivateKey) -> None:
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    path.write_bytes(_sealed(signing))
    with pytest.raises(segments.Refused):
        _open(path, Ed25519PrivateKey.generate())
    renamed = tmp_path / segments.file_name(segments.SEGMENT, 4)
    os.replace(path, renamed)
    with pytest.raises(segments.Refused):
        _open(renamed, signing)


def test_a_longer_file_than_its_header_says_is_refused(tmp_path: Path,
                                                       signing: Ed25519PrivateKey) -> None:
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    path.write_bytes(_sealed(signing) + b"\x00")
    with pytest.raises(segments.Refused):
        _open(path, signing)


def test_a_generation_not_held_is_no_key_not_a_refusal(tmp_path: Path,
                                                       signing: Ed25519PrivateKey) -> None:
    path = tmp_path / segments.file_name(segments.SEGMENT, 3)
    path.write_bytes(_sealed(signing, generation=2, key=os.urandom(32)))
    with pytest.raises(segments.NoKey):
        _open(path, signing)


def test_strict_names_only() -> None:
    assert segments.number_of(segments.SEGMENT, "000000000012.cseg") == 12
    for name in ("000000000012 (1).cseg", "000000000012 (conflicted copy 2026-12-01).cseg",
                 "000000000012.cseg.tmp", "~$000000000012.cseg", ".tmp-000000000012.cseg.99",
                 "12.cseg", "000000000012.csnap"):
        assert segments.number_of(segments.SEGMENT, name) is None, name


def test_a_failed_write_leaves_nothing_and_says_the_disk_is_full(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def full(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    path = tmp_path / "segments" / segments.file_name(segments.SEGMENT, 1)
    with pytest.raises(KnownError) as error:
        segments.write_file(path, b"data")
    monkeypatch.setattr(os, "replace", real_replace)
    assert "ディスクの空き容量が足りません" in error.value.message
    assert list((tmp_path / "segments").iterdir()) == []
