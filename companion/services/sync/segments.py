"""The sync folder's sealed files: segments (a device's changes) and snapshots (a whole
state), encrypted with the sync key and signed by the writing device.

A file is three parts, so that a reader can tell a file still arriving from one that
was altered without knowing anything but the file itself:

1. one header line of JSON (plain, nothing private: the kind, the writing device, the
   number, the key generation, the range of that device's change-log sequences inside,
   and the length of what follows). For a snapshot it also holds the applied vector,
   so that writers can decide what to compact without decrypting it;
2. ``length`` bytes: a 12-byte nonce and the AES-256-GCM ciphertext of the zlib-compressed
   JSON payload, with the header line as associated data;
3. 64 bytes: the writing device's Ed25519 signature of parts 1 and 2.

A file shorter than its header says is *incomplete* (a sync engine is still writing it:
skip it quietly, look again next time). A whole file whose signature or tag fails, or
whose header disagrees with its name, is *refused* and never applied. Files are written
to a temporary name in the same folder, synced, and renamed (``os.replace``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from companion.atomic import fsync_directory, write_error
from companion.errors import KnownError

MAGIC = "companion-sync"
FORMAT = 1
SEGMENT = "segment"
SNAPSHOT = "snapshot"
SUFFIX = {SEGMENT: ".cseg", SNAPSHOT: ".csnap"}
NONCE_BYTES = 12
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 64 * 1024
MAX_BODY_BYTES = 1024 * 1024 * 1024  # 1 GiB: ten years of a practice, compressed
MAX_PAYLOAD_BYTES = 4 * MAX_BODY_BYTES
TEMP_PREFIX = ".tmp-"  # never matches a strict name: readers ignore it

_NUMBER = r"(\d{12})"
NAME = {SEGMENT: re.compile(_NUMBER + r"\.cseg"), SNAPSHOT: re.compile(_NUMBER + r"\.csnap")}


def file_name(kind: str, number: int) -> str:
    return f"{number:012d}{SUFFIX[kind]}"


def number_of(kind: str, name: str) -> int | None:
    """The number in a strict file name, or None for anything else ("000001 (1).cseg",
    "… conflicted copy …", temporary names)."""
    match = NAME[kind].fullmatch(name)
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Header:
    kind: str
    device: str  # hex of the writing device
    number: int
    generation: int
    first: int  # first own change-log sequence inside (last + 1 when none)
    last: int  # last own change-log sequence inside (or covered, for a snapshot)
    length: int
    vector: dict[str, int] = field(default_factory=dict)  # snapshots: what they hold

    def line(self) -> bytes:
        document: dict[str, Any] = {
            "magic": MAGIC, "format": FORMAT, "kind": self.kind, "device": self.device,
            "number": self.number, "generation": self.generation, "first": self.first,
            "last": self.last, "length": self.length}
        if self.kind == SNAPSHOT:
            document["vector"] = self.vector
        return json.dumps(document, sort_keys=True, separators=(",", ":")).encode("ascii") + b"\n"


@dataclass(frozen=True)
class Sealed:
    """A file read whole and checked: its header and decrypted payload."""

    header: Header
    payload: dict[str, Any]


class Incomplete(Exception):
    """The file is not whole yet (still arriving): look again at the next scan."""


class Refused(Exception):
    """The file is whole but altered or not ours: never applied. ``str`` is a reason
    for the log; ``name`` is the file's name, for the user."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(reason)
        self.name = name


class NoKey(Exception):
    """The file is sealed with a key generation this device does not hold (it was
    removed, or the new key has not arrived yet)."""


def seal(*, kind: str, device: str, number: int, generation: int, key: bytes,
         signing: Ed25519PrivateKey, payload: dict[str, Any], first: int, last: int,
         vector: dict[str, int] | None = None) -> bytes:
    """The bytes of a sealed file."""
    plain = zlib.compress(json.dumps(payload, ensure_ascii=False, sort_keys=True,
                                     separators=(",", ":")).encode("utf-8"), 6)
    nonce = os.urandom(NONCE_BYTES)
    length = NONCE_BYTES + len(plain) + 16
    header = Header(kind=kind, device=device, number=number, generation=generation,
                    first=first, last=last, length=length, vector=dict(vector or {})).line()
    body = nonce + AESGCM(key).encrypt(nonce, plain, header)
    assert len(body) == length
    return header + body + signing.sign(header + body)


def parse_header(line: bytes, *, name: str) -> Header:
    """The header line of a file, checked for shape (a bad one is refused)."""
    try:
        document = json.loads(line)
        if not isinstance(document, dict) or document.get("magic") != MAGIC:
            raise ValueError("not a sync file")
        if document.get("format") != FORMAT:
            raise ValueError(f"format {document.get('format')!r}")
        kind = document["kind"]
        if kind not in SUFFIX:
            raise ValueError(f"kind {kind!r}")
        numbers = [document[key] for key in ("number", "generation", "first", "last", "length")]
        if any(type(value) is not int or value < 0 for value in numbers):
            raise ValueError("numbers")
        vector = document.get("vector", {})
        if not isinstance(vector, dict) or any(
                type(value) is not int for value in vector.values()):
            raise ValueError("vector")
        device = document["device"]
        if not isinstance(device, str) or not re.fullmatch(r"[0-9a-f]{32}", device):
            raise ValueError("device")
    except (ValueError, KeyError, TypeError, RecursionError) as exc:
        raise Refused(name, f"header: {exc}") from exc
    number, generation, first, last, length = numbers
    if length > MAX_BODY_BYTES or length < NONCE_BYTES + 16:
        raise Refused(name, f"length {length}")
    return Header(kind=kind, device=device, number=number, generation=generation,
                  first=first, last=last, length=length,
                  vector={str(k): int(v) for k, v in vector.items()})


def read_header(path: Path) -> Header:
    """The header of ``path`` alone (cheap: no decryption). Raises Incomplete while the
    file is still arriving, Refused when it cannot be a sync file."""
    try:
        with open(path, "rb") as handle:
            line = handle.readline(MAX_HEADER_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except FileNotFoundError:
        raise Incomplete(path.name) from None  # deleted (compacted) meanwhile
    except OSError as exc:
        raise Incomplete(f"{path.name}: {exc.strerror}") from exc
    if not line.endswith(b"\n"):
        if len(line) > MAX_HEADER_BYTES:
            raise Refused(path.name, "header too long")
        raise Incomplete(path.name)
    header = parse_header(line[:-1], name=path.name)
    whole = len(line) + header.length + SIGNATURE_BYTES
    if size < whole:
        raise Incomplete(path.name)
    if size > whole:
        raise Refused(path.name, f"{size} bytes, the header says {whole}")
    return header


def open_sealed(path: Path, *, expect_kind: str, expect_device: str,
                public_key: Ed25519PublicKey,
                key_for: Callable[[int], bytes | None]) -> Sealed:
    """Read ``path`` whole, check its name, size, signature and tag, and decrypt it.

    Raises Incomplete (not whole yet), NoKey (sealed with a generation not held here)
    or Refused (altered, or not this device's file)."""
    name = path.name
    number = number_of(expect_kind, name)
    if number is None:
        raise Refused(name, "not a strict file name")
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_HEADER_BYTES + MAX_BODY_BYTES + SIGNATURE_BYTES + 1)
    except FileNotFoundError:
        raise Incomplete(name) from None
    except OSError as exc:
        raise Incomplete(f"{name}: {exc.strerror}") from exc
    end = data.find(b"\n", 0, MAX_HEADER_BYTES + 1)
    if end < 0:
        if len(data) > MAX_HEADER_BYTES:
            raise Refused(name, "header too long")
        raise Incomplete(name)
    line = data[:end + 1]
    header = parse_header(line[:-1], name=name)
    whole = len(line) + header.length + SIGNATURE_BYTES
    if len(data) < whole:
        raise Incomplete(name)
    if len(data) > whole:
        raise Refused(name, f"{len(data)} bytes, the header says {whole}")
    if header.kind != expect_kind or header.device != expect_device or header.number != number:
        raise Refused(name, "the header does not match the file's name or folder")
    body = data[len(line):len(line) + header.length]
    signature = data[len(line) + header.length:]
    try:
        public_key.verify(signature, line + body)
    except InvalidSignature:
        raise Refused(name, "signature") from None
    key = key_for(header.generation)
    if key is None:
        raise NoKey(name)
    try:
        compressed = AESGCM(key).decrypt(body[:NONCE_BYTES], body[NONCE_BYTES:], line)
    except InvalidTag:
        raise Refused(name, "AES-GCM tag") from None
    try:
        inflater = zlib.decompressobj()
        plain = inflater.decompress(compressed, MAX_PAYLOAD_BYTES)
        if inflater.unconsumed_tail:
            raise ValueError("payload too large")
        payload = json.loads(plain)
        if not isinstance(payload, dict) or payload.get("format") != FORMAT:
            raise ValueError("payload format")
    except (zlib.error, ValueError, RecursionError) as exc:
        raise Refused(name, f"payload: {exc}") from exc
    return Sealed(header=header, payload=payload)


def write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (``write_with``)."""
    write_with(path, lambda handle: handle.write(data))


def write_with(path: Path, produce: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` whole or not at all: ``produce`` writes to a temporary name in the
    same folder (which readers ignore), which is synced, then renamed. A failure (full
    disk, no permission) removes the temporary file and raises a KnownError naming
    ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_error(path.parent, exc) from exc
    temporary = path.with_name(f"{TEMP_PREFIX}{path.name}.{os.getpid()}")
    try:
        with open(temporary, "wb") as handle:
            produce(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        fsync_directory(path.parent)
    except OSError as exc:
        raise write_error(path, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


def refused_message(name: str) -> KnownError:
    """What the user reads about a refused file."""
    return KnownError("同期フォルダのファイル {name} は改変されているため取り込みません", name=name)
