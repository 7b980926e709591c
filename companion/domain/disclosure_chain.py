"""The hash chain over disclosure versions (tamper evidence).

Each version's content is serialised once to bytes (``canonical_bytes``); its hash is
SHA-256 over a fixed domain prefix, the previous version's hash and those bytes. The
chain runs over all versions of one practitioner in the order they were made, so
removing or editing any version breaks every hash after it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

DOMAIN_PREFIX = b"companion/disclosure-version/v1\n"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def canonical_bytes(content: Mapping[str, Any]) -> bytes:
    """Deterministic bytes of a version's content: sorted keys, UTF-8, no spaces."""
    plain = {key: _plain(value) for key, value in content.items()}
    return json.dumps(plain, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def chain_hash(previous_hash: str, content: bytes) -> str:
    return hashlib.sha256(DOMAIN_PREFIX + previous_hash.encode("ascii") + b"\n" + content).hexdigest()


def first_break(entries: list[tuple[str, bytes, str]]) -> int | None:
    """Index of the first (previous_hash, content, hash) entry that does not chain."""
    previous = ""
    for index, (stated_previous, content, stated_hash) in enumerate(entries):
        if stated_previous != previous or chain_hash(previous, content) != stated_hash:
            return index
        previous = stated_hash
    return None
