"""How a SQLCipher connection is keyed and how long it waits for a busy file: shared by
the engine (``db.engine``) and the command line's lean read path (``db.lean``), which
opens the driver without SQLAlchemy."""

from __future__ import annotations

BUSY_TIMEOUT_MS = 5000


def key_literal(key: bytes) -> str:
    """A raw 256-bit key for SQLCipher: no KDF on open, since the key is random."""
    if len(key) != 32:
        raise ValueError("the database key must be 32 bytes")
    return f"\"x'{key.hex()}'\""
