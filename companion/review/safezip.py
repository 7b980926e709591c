"""Reading zip files from other people safely: no path tricks, no bombs, no duplicates.

The bounds (companion.review.limits) are checked before anything is read: the file's
size, the number of entries its end record declares (before the central directory is
parsed), each entry's declared size and ratio and their total; each entry is then read
through a reader that stops one byte past its declared size."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from companion.errors import KnownError
from companion.review.limits import (
    MAX_BUNDLE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    UnreadableInput,
    check_readable,
    size_text,
)

_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22


def _checked_name(name: str) -> str:
    path = PurePosixPath(name)
    if (not name or name.startswith("/") or "\\" in name or ":" in name
            or any(part in ("..", "") for part in path.parts) or name.endswith("/")):
        raise KnownError("不正なファイル名がバンドルに含まれています: {name!r}", name=name)
    return name


def declared_entries(handle: BinaryIO) -> int:
    """The entry count in the zip's end record (0 if there is none), read before
    zipfile parses a central directory that could list millions of entries. A ZIP64
    archive declares 0xFFFF here, which is above any bound."""
    size = handle.seek(0, 2)
    handle.seek(max(0, size - _END_RECORD_SIZE - 0xFFFF))
    tail = handle.read()
    at = len(tail) - _END_RECORD_SIZE
    if not tail[at:].startswith(_END_RECORD):  # the end record is followed by a comment
        at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return 0
    return int.from_bytes(tail[at + 10:at + 12], "little")


def read_zip(path: Path) -> dict[str, bytes]:
    """Every member's bytes, by name. Raises KnownError naming the problem."""
    check_readable(path, limit=MAX_BUNDLE_BYTES)
    members: dict[str, bytes] = {}
    total = 0
    try:
        with path.open("rb") as raw:
            if not zipfile.is_zipfile(raw):
                raise KnownError("zip ファイルではありません(壊れているか途中で切れています): {name}", name=path.name)
            count = declared_entries(raw)
            if count > MAX_MEMBERS:
                raise UnreadableInput(
                    "zip の中のファイルが多すぎます({count} 個、上限 {limit} 個): {name}", count=count, limit=MAX_MEMBERS, name=path.name)
            with zipfile.ZipFile(raw) as archive:
                infos = archive.infolist()
                if len(infos) > MAX_MEMBERS:
                    raise UnreadableInput(
                        "zip の中のファイルが多すぎます({count} 個、上限 {limit} 個): {name}", count=len(infos), limit=MAX_MEMBERS, name=path.name)
                for info in infos:
                    if info.is_dir():
                        continue
                    name = _checked_name(info.filename)
                    if name in members:
                        raise KnownError("同じ名前のファイルが重複しています: {name}", name=name)
                    ratio = info.file_size / max(info.compress_size, 1)
                    if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO:
                        raise UnreadableInput(
                            "展開サイズが異常に大きいファイルがあります(zip 爆弾の疑い、上限 {limit}・圧縮率 {ratio} 倍まで): {name}", limit=size_text(MAX_MEMBER_BYTES), ratio=MAX_RATIO, name=name)
                    total += info.file_size
                    if total > MAX_TOTAL_BYTES:
                        raise UnreadableInput(
                            "展開後の合計サイズが大きすぎます(上限 {limit}): {name}", limit=size_text(MAX_TOTAL_BYTES), name=path.name)
                    with archive.open(info) as handle:
                        data = handle.read(info.file_size + 1)
                    if len(data) != info.file_size:
                        raise KnownError("ファイルのサイズが記録と違います: {name}", name=name)
                    members[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise KnownError("zip ファイルが壊れています: {name} ({reason})", name=path.name, reason=exc) from exc
    return members
