"""ホーム's last figures, kept encrypted for the next start.

The window shows them at once, marked as the last session's, while the database opens
and the fresh figures load (``ui/views/home.py``). They name clients, so the file is
sealed with AES-256-GCM under a key derived from the data key (``derive_key``): without
the data key it is noise. It is written atomically whenever ホーム's data loads or
changes, and read before the database opens with the key from the keyring only (never
a passphrase prompt: without the keyring the window simply waits for the fresh data).

Whatever is wrong with the file (missing, written by another version, sealed with
another key, cut short, tampered with) means "no cached figures": it is ignored and
overwritten by the next load, never an error the user sees. A data folder that cannot
be written loses only this speed-up.

Layout: ``MAGIC`` | 12-byte random nonce | AES-GCM(JSON), with ``MAGIC`` as the
associated data. The JSON carries ``FORMAT`` and the dataclasses' field names, so a
version whose ``HomeSummary`` differs ignores the file instead of misreading it.

Imported on the window's thread before the database layer: only ``home_types`` and the
standard library at load time; cryptography and the keyring are imported by the
functions, which run on the database worker.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from companion.errors import KnownError
from companion.paths import DataPaths
from companion.services.home_types import FollowUp, HomeSummary, QuietEngagement

if TYPE_CHECKING:
    from companion.db.database import Database

log = logging.getLogger("companion.services")

CACHE_FILE_NAME = "home-cache.bin"
MAGIC = b"CMPHOME1"
NONCE = 12
FORMAT = 1
KEY_PURPOSE = b"companion home cache v1"
# What a file must describe to be read: any change to these classes makes it stale.
SHAPE = {cls.__name__: [field.name for field in fields(cls)]
         for cls in (HomeSummary, FollowUp, QuietEngagement)}


@dataclass(frozen=True)
class CachedHome:
    """ホーム's figures as the last load left them, and when that was."""

    summary: HomeSummary
    saved_at: datetime  # timezone-aware


def cache_file(paths: DataPaths) -> Path:
    return paths.root / CACHE_FILE_NAME


# -- plain data <-> JSON ---------------------------------------------------------------

def _follow_up_data(item: FollowUp) -> dict[str, Any]:
    return {"visit_id": str(item.visit_id), "engagement_id": str(item.engagement_id),
            "engagement_title": item.engagement_title, "client_name": item.client_name,
            "follow_up_on": item.follow_up_on.isoformat(), "purpose": item.purpose,
            "kind": item.kind, "action_id": str(item.action_id) if item.action_id else None,
            "text": item.text, "owner": item.owner}


def _follow_up(data: dict[str, Any]) -> FollowUp:
    return FollowUp(visit_id=uuid.UUID(data["visit_id"]),
                    engagement_id=uuid.UUID(data["engagement_id"]),
                    engagement_title=str(data["engagement_title"]),
                    client_name=str(data["client_name"]),
                    follow_up_on=date.fromisoformat(data["follow_up_on"]),
                    purpose=str(data["purpose"]), kind=str(data["kind"]),
                    action_id=uuid.UUID(data["action_id"]) if data["action_id"] else None,
                    text=str(data["text"]), owner=str(data["owner"]))


def _quiet_data(item: QuietEngagement) -> dict[str, Any]:
    return {"engagement_id": str(item.engagement_id), "title": item.title,
            "client_name": item.client_name,
            "last_visit_at": item.last_visit_at.isoformat() if item.last_visit_at else None}


def _quiet(data: dict[str, Any]) -> QuietEngagement:
    last = data["last_visit_at"]
    return QuietEngagement(engagement_id=uuid.UUID(data["engagement_id"]),
                           title=str(data["title"]), client_name=str(data["client_name"]),
                           last_visit_at=datetime.fromisoformat(last) if last else None)


def encode(summary: HomeSummary, *, saved_at: datetime) -> bytes:
    counts = {name: getattr(summary, name) for name in (
        "fiscal_year", "active_engagements", "engagements_total", "visits_this_fiscal_year",
        "visits_total", "due_soon_count", "overdue_count", "long_overdue_count")}
    return json.dumps({
        "format": FORMAT, "shape": SHAPE, "saved_at": saved_at.isoformat(),
        "today": summary.today.isoformat(), **counts,
        "long_overdue_before": (summary.long_overdue_before.isoformat()
                                if summary.long_overdue_before else None),
        "due_soon": [_follow_up_data(item) for item in summary.due_soon],
        "overdue": [_follow_up_data(item) for item in summary.overdue],
        "quiet": [_quiet_data(item) for item in summary.quiet],
    }, ensure_ascii=False).encode("utf-8")


def decode(data: bytes) -> CachedHome:
    """Raises ValueError (or KeyError / TypeError) for anything but this version's file."""
    document = json.loads(data.decode("utf-8"))
    if document.get("format") != FORMAT or document.get("shape") != SHAPE:
        raise ValueError("written by another version")
    before = document["long_overdue_before"]
    summary = HomeSummary(
        today=date.fromisoformat(document["today"]),
        fiscal_year=int(document["fiscal_year"]),
        active_engagements=int(document["active_engagements"]),
        engagements_total=int(document["engagements_total"]),
        visits_this_fiscal_year=int(document["visits_this_fiscal_year"]),
        visits_total=int(document["visits_total"]),
        due_soon_count=int(document["due_soon_count"]),
        overdue_count=int(document["overdue_count"]),
        due_soon=[_follow_up(item) for item in document["due_soon"]],
        overdue=[_follow_up(item) for item in document["overdue"]],
        quiet=[_quiet(item) for item in document["quiet"]],
        long_overdue_count=int(document["long_overdue_count"]),
        long_overdue_before=date.fromisoformat(before) if before else None)
    saved_at = datetime.fromisoformat(document["saved_at"])
    if saved_at.tzinfo is None:
        raise ValueError("saved_at without a timezone")
    return CachedHome(summary=summary, saved_at=saved_at)


# -- sealing ---------------------------------------------------------------------------

def _cache_key(data_key: bytes) -> bytes:
    from companion.security.file_crypto import derive_key

    return derive_key(data_key, KEY_PURPOSE)


def seal(data_key: bytes, plain: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(NONCE)
    return MAGIC + nonce + AESGCM(_cache_key(data_key)).encrypt(nonce, plain, MAGIC)


def unseal(data_key: bytes, sealed: bytes) -> bytes:
    """Raises ValueError when the file is not ours, was cut short or altered, or was
    sealed with another key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(sealed) < len(MAGIC) + NONCE + 16 or not sealed.startswith(MAGIC):
        raise ValueError("not a ホーム cache file")
    nonce = sealed[len(MAGIC):len(MAGIC) + NONCE]
    try:
        return AESGCM(_cache_key(data_key)).decrypt(nonce, sealed[len(MAGIC) + NONCE:], MAGIC)
    except InvalidTag:
        raise ValueError("altered, or sealed with another key") from None


# -- reading and writing ---------------------------------------------------------------

def save_home_cache(paths: DataPaths, data_key: bytes, summary: HomeSummary, *,
                    now: datetime | None = None) -> bool:
    """Keep ``summary`` for the next start; False (and a log line) if it cannot be
    written. Never raises for a folder that cannot be written: the window goes on."""
    from companion.atomic import write_atomically

    saved_at = now or datetime.now().astimezone()
    try:
        write_atomically(cache_file(paths), seal(data_key, encode(summary, saved_at=saved_at)))
    except KnownError as exc:
        log.info("ホーム's figures not kept for the next start: %s", exc)
        return False
    return True


def load_home_cache(paths: DataPaths, data_key: bytes) -> CachedHome | None:
    """The figures the last load kept, or None when there are none that can be read."""
    return decoded(_opened(paths, data_key))


def opened_home_cache(paths: DataPaths) -> bytes | None:
    """The kept figures' JSON, opened with the data key from the keyring; None when
    there is no file, the keyring does not give the key, or the file is not ours to
    open. Nothing is written, nothing asked, no error raised (a problem with the key or
    the folder is the opening's to say). The reader process prints this
    (``home_cache_reader``)."""
    if not cache_file(paths).is_file():
        return None
    from companion.security.data_key import key_from_keyring

    key = key_from_keyring(paths)
    if key is None:
        log.info("ホーム's cached figures not read: the keyring does not give the key")
        return None
    return _opened(paths, key)


def cached_home(paths: DataPaths) -> CachedHome | None:
    """On the database worker, before the database opens: the last figures, read in
    this process (the window's start reads them in a second one: ``home_cache_reader``)."""
    return decoded(opened_home_cache(paths))


def decoded(data: bytes | None) -> CachedHome | None:
    """The figures in opened JSON; None when there is none, or it is not this version's."""
    if not data:
        return None
    try:
        return decode(data)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        log.info("ホーム's cached figures ignored (%s); waiting for the data", exc)
        return None


def _opened(paths: DataPaths, data_key: bytes) -> bytes | None:
    path = cache_file(paths)
    try:
        sealed = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        log.info("ホーム's cached figures unreadable (%s); waiting for the data", exc)
        return None
    try:
        return unseal(data_key, sealed)
    except ValueError as exc:
        log.info("ホーム's cached figures ignored (%s); waiting for the data", exc)
        return None


def keep_home(database: Database, *, summary: HomeSummary) -> bool:
    """On the database worker, after ホーム showed ``summary``: keep it for the next
    start, sealed with the open database's key (an unencrypted database, as in tests:
    nothing kept)."""
    if database.key is None:
        return False
    return save_home_cache(database.paths, database.key, summary)
