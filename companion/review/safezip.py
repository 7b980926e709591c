"""Reading zip files from other people safely: no path tricks, no bombs, no duplicates."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from companion.errors import KnownError

MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; bundles hold text and docx, not bombs


def _checked_name(name: str) -> str:
    path = PurePosixPath(name)
    if (not name or name.startswith("/") or "\\" in name or ":" in name
            or any(part in ("..", "") for part in path.parts) or name.endswith("/")):
        raise KnownError(f"不正なファイル名がバンドルに含まれています: {name!r}")
    return name


def read_zip(path: Path) -> dict[str, bytes]:
    """Every member's bytes, by name. Raises KnownError naming the problem."""
    if not path.is_file():
        raise KnownError(f"ファイルがありません: {path}")
    if not zipfile.is_zipfile(path):
        raise KnownError(f"zip ファイルではありません(壊れているか途中で切れています): {path.name}")
    members: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_MEMBERS:
                raise KnownError(f"ファイル数が多すぎます({len(infos)}): {path.name}")
            for info in infos:
                if info.is_dir():
                    continue
                name = _checked_name(info.filename)
                if name in members:
                    raise KnownError(f"同じ名前のファイルが重複しています: {name}")
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > MAX_MEMBER_BYTES or ratio > MAX_RATIO:
                    raise KnownError(f"展開サイズが異常に大きいファイルがあります(zip 爆弾の疑い): {name}")
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise KnownError(f"展開後の合計サイズが大きすぎます: {path.name}")
                with archive.open(info) as handle:
                    data = handle.read(MAX_MEMBER_BYTES + 1)
                if len(data) != info.file_size:
                    raise KnownError(f"ファイルのサイズが記録と違います: {name}")
                members[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError) as exc:
        raise KnownError(f"zip ファイルが壊れています: {path.name} ({exc})") from exc
    return members
