"""Encrypted files (attachments): AES-256-GCM in 1 MiB chunks, streamed.

Layout: ``MAGIC`` | 7-byte random nonce prefix | chunks. Each chunk is sealed with the
nonce ``prefix | chunk counter (4 bytes) | last-chunk flag (1 byte)`` (the STREAM
construction), so chunks cannot be reordered, dropped or the file truncated without
the decryption failing. Memory stays at one chunk whatever the file size.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from companion.errors import KnownError

MAGIC = b"CMPENC1\n"
CHUNK = 1 << 20
TAG = 16
PREFIX = 7


class ByteSink(Protocol):
    def write(self, data: bytes, /) -> int: ...


def derive_key(data_key: bytes, purpose: bytes) -> bytes:
    """A separate key per use of the data key (the database uses it directly)."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(data_key)


def blob_name(name_key: bytes, sha256_hex: str) -> str:
    """The stored name of a file: keyed, so the folder does not reveal whose files
    (a plain SHA-256 would let anyone confirm a known document is there)."""
    return hmac.new(name_key, bytes.fromhex(sha256_hex), hashlib.sha256).hexdigest()


def _nonce(prefix: bytes, counter: int, last: bool) -> bytes:
    return prefix + counter.to_bytes(4, "big") + (b"\x01" if last else b"\x00")


def encrypt_stream(key: bytes, source: BinaryIO, target: BinaryIO) -> None:
    aead, prefix = AESGCM(key), os.urandom(PREFIX)
    target.write(MAGIC + prefix)
    counter, chunk = 0, source.read(CHUNK)
    while True:
        following = source.read(CHUNK)
        last = not following
        target.write(aead.encrypt(_nonce(prefix, counter, last), chunk, MAGIC))
        if last:
            return
        counter, chunk = counter + 1, following


def decrypt_stream(key: bytes, source: BinaryIO) -> Iterator[bytes]:
    """Plaintext chunks; raises KnownError when the file was altered or is not ours."""
    aead = AESGCM(key)
    header = source.read(len(MAGIC) + PREFIX)
    if len(header) != len(MAGIC) + PREFIX or not header.startswith(MAGIC):
        raise KnownError("暗号化ファイルの形式ではありません。")
    prefix = header[len(MAGIC):]
    counter, sealed = 0, source.read(CHUNK + TAG)
    while True:
        following = source.read(CHUNK + TAG)
        last = not following
        try:
            yield aead.decrypt(_nonce(prefix, counter, last), sealed, MAGIC)
        except InvalidTag:
            raise KnownError("暗号化ファイルが壊れているか、改変されています。") from None
        if last:
            return
        counter, sealed = counter + 1, following


def decrypt_file(key: bytes, path: Path, target: ByteSink) -> str:
    """Decrypt ``path`` into ``target``; returns the SHA-256 of the plaintext."""
    digest = hashlib.sha256()
    with open(path, "rb") as source:
        for chunk in decrypt_stream(key, source):
            digest.update(chunk)
            target.write(chunk)
    return digest.hexdigest()
