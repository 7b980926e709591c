"""Export files are checked up front (extension, folder); they are then written with
``companion.atomic.atomic_output``: beside the target under a temporary name, renamed
into place only when complete."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from companion.errors import KnownError


def check_output(out: Path, *, suffixes: Sequence[str]) -> Path:
    """The output path, checked before any work: the right extension, an existing,
    writable folder, and not a folder itself."""
    out = Path(out).expanduser()
    if out.suffix.lower() not in suffixes:
        raise KnownError("出力ファイルの拡張子は {suffixes} にしてください: {name}", suffixes=' / '.join(suffixes), name=out.name)
    folder = out.parent.resolve() if str(out.parent) else Path.cwd()
    if not folder.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=folder)
    if out.is_dir():
        raise KnownError("書き出し先がフォルダです: {path}", hint="ファイル名を指定してください。", path=out)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KnownError("出力先のフォルダに書き込めません: {folder}",
                         hint="書き込みできるフォルダを指定してください。", folder=folder)
    return folder / out.name
