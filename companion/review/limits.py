"""Bounds on every file and JSON document Companion reads from someone else.

A review bundle, a reviewer's response, a checkpoint or a file given to ``--since``
may be damaged or crafted. Each is checked here before it is read: its size with
``stat()`` (and the read itself is bounded), its encoding, and the nesting depth of its
JSON: of the document ``json.loads`` made, or, when it could not make one (its recursion
ends in RecursionError, or the text is not JSON), of the text, so a document nested too
deeply is refused as such and never ends in a traceback.
Each refusal is one :class:`UnreadableInput` line naming the file and the limit.
The zip-specific bounds are applied in ``companion.review.safezip``.
"""

from __future__ import annotations

import json
import re
import stat
from itertools import accumulate
from pathlib import Path
from typing import Any

from companion.errors import KnownError

MiB = 1024 * 1024
MAX_TEXT_BYTES = 16 * MiB  # a review response, a checkpoint, the reviewer's own state
MAX_SIGNATURE_BYTES = 4096  # a detached Ed25519 signature is 64 bytes
MAX_BUNDLE_BYTES = 256 * MiB  # the zip file itself
MAX_MEMBERS = 2000  # files in a bundle
MAX_MEMBER_BYTES = 64 * MiB  # one file in a bundle, uncompressed
MAX_TOTAL_BYTES = 256 * MiB  # all files in a bundle, uncompressed
MAX_RATIO = 200  # uncompressed / compressed; bundles hold text and docx, not bombs
MAX_JSON_DEPTH = 64  # Companion's own documents nest fewer than ten levels


class UnreadableInput(KnownError):
    """The file could not be read as input at all (missing, a folder, unreadable, too
    large, not UTF-8 text, JSON nested too deeply): the command could not do its work,
    which is not the same as having found a problem in what it read."""


def size_text(limit: int) -> str:
    """16 MiB, 4 KiB: the same in Japanese and English messages."""
    if limit >= MiB:
        return f"{limit // MiB} MiB"
    return f"{limit // 1024} KiB" if limit >= 1024 else f"{limit} B"


def check_readable(path: Path, *, limit: int) -> int:
    """The size of ``path`` if it is a regular file no larger than ``limit`` that can
    be opened for reading; otherwise UnreadableInput naming the reason."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput("ファイルではなくフォルダです: {path}", path=path)
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableInput("通常のファイルではありません: {path}", path=path)
        if info.st_size > limit:
            raise UnreadableInput("ファイルが大きすぎます(上限 {limit}): {path}", limit=size_text(limit), path=path)
        with path.open("rb"):
            pass
    except FileNotFoundError:
        raise UnreadableInput("ファイルがありません: {path}", path=path) from None
    except PermissionError:
        raise UnreadableInput("ファイルを読む権限がありません: {path}", path=path) from None
    except OSError as exc:
        raise UnreadableInput("ファイルを読めません: {path} ({reason})", path=path, reason=exc.strerror or exc) from None
    return info.st_size


def read_bytes(path: Path, *, limit: int) -> bytes:
    """The bytes of ``path``, refused before reading when it is larger than ``limit``
    (and never more than ``limit`` bytes read, should it grow meanwhile)."""
    check_readable(path, limit=limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise UnreadableInput("ファイルを読めません: {path} ({reason})", path=path, reason=exc.strerror or exc) from None
    if len(data) > limit:
        raise UnreadableInput("ファイルが大きすぎます(上限 {limit}): {path}", limit=size_text(limit), path=path)
    return data


def read_text(path: Path, *, limit: int = MAX_TEXT_BYTES) -> str:
    """The UTF-8 text of ``path`` (see :func:`read_bytes`)."""
    try:
        return read_bytes(path, limit=limit).decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableInput("UTF-8 のテキストではありません: {path}", path=path) from None


# Strings (whose brackets do not nest anything) and the brackets outside them.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON ``text`` nests arrays and objects more than ``limit`` deep, found
    without parsing it (the parser's recursion is what has to be protected)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > limit


def check_json(text: str, *, name: str, limit: int = MAX_TEXT_BYTES) -> None:
    """Refuse JSON ``text`` that is longer than ``limit`` or nested too deeply."""
    if len(text) > limit:
        raise UnreadableInput("{name}: 大きすぎます(上限 {limit})", name=name, limit=size_text(limit))
    if json_depth_exceeds(text):
        raise UnreadableInput("{name}: JSON の入れ子が深すぎます(上限 {depth} 段)", name=name, depth=MAX_JSON_DEPTH)


def load_json(data: str | bytes, *, name: str, limit: int = MAX_TEXT_BYTES) -> Any:
    """``json.loads`` for a document from outside: UTF-8, at most ``limit`` long, nested
    at most MAX_JSON_DEPTH deep. Every failure is a KnownError starting with ``name``."""
    if isinstance(data, bytes):
        if len(data) > limit:
            raise UnreadableInput("{name}: 大きすぎます(上限 {limit})", name=name, limit=size_text(limit))
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableInput("{name}: UTF-8 のテキストではありません", name=name) from None
    if len(data) > limit:
        raise UnreadableInput("{name}: 大きすぎます(上限 {limit})", name=name, limit=size_text(limit))
    # Parsed first, measured after: the parser's recursion is bounded (RecursionError), and
    # measuring what it made is cheaper than scanning the text for strings. What it cannot
    # parse is measured as text, so the refusal is the one check_json gives.
    try:
        value = json.loads(data)
    except (ValueError, RecursionError) as exc:
        check_json(data, name=name, limit=limit)
        if isinstance(exc, RecursionError):
            raise
        raise KnownError("{name}: JSON として読めません ({reason})", name=name, reason=exc) from exc
    if nested_deeper(value, MAX_JSON_DEPTH):
        raise UnreadableInput("{name}: JSON の入れ子が深すぎます(上限 {depth} 段)", name=name, depth=MAX_JSON_DEPTH)
    return value


def nested_deeper(value: Any, limit: int) -> bool:
    """Whether the arrays and objects of a parsed document nest more than ``limit`` deep
    (as ``json_depth_exceeds`` counts its text: ``[1]`` is 1 deep), found without recursion."""
    pending = [(value, 1)] if isinstance(value, dict | list) else []
    while pending:
        item, depth = pending.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        pending += [(child, depth + 1) for child in children if isinstance(child, dict | list)]
    return False
