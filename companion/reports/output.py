"""Writing export files safely: checked up front, written beside the target under a
temporary name, renamed into place only when complete (os.replace)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from companion.errors import KnownError


def check_output(out: Path, *, suffixes: Sequence[str]) -> Path:
    """The output path, checked before any work: the right extension, an existing,
    writable folder, and not a folder itself."""
    out = Path(out).expanduser()
    if out.suffix.lower() not in suffixes:
        raise KnownError(f"出力ファイルの拡張子は {' / '.join(suffixes)} にしてください: {out.name}")
    folder = out.parent.resolve() if str(out.parent) else Path.cwd()
    if not folder.is_dir():
        raise KnownError(f"出力先のフォルダがありません: {folder}")
    if out.is_dir():
        raise KnownError(f"出力先がフォルダです。ファイル名を指定してください: {out}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise KnownError(f"出力先のフォルダに書き込めません: {folder}",
                         hint="書き込みできるフォルダを指定してください。")
    return folder / out.name


@contextlib.contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path in the target folder; renamed over ``out`` only on success.

    The file keeps mkstemp's owner-only permissions: exports hold client data.
    """
    try:
        handle, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=out.suffix + ".partial",
                                        dir=out.parent)
    except OSError as exc:
        raise KnownError(f"出力先のフォルダに書き込めません: {out.parent}({exc.strerror})") from exc
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        try:
            os.replace(temporary, out)
        except PermissionError as exc:
            raise KnownError(f"{out.name} に書き込めません。",
                             hint="ほかのアプリで開いている場合は閉じてから、もう一度実行してください。"
                             ) from exc
    except OSError as exc:
        raise KnownError(f"ファイルを書き出せませんでした: {out}({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
