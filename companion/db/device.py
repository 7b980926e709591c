"""Which device a data folder writes as: the device id of its change log.

A device id names one line of writes: its change-log entries are numbered 1, 2, 3 ...
with no gaps (``ChangeLog.sequence``), so that sync can later say "I have device D up
to 812". Two computers must therefore never write as the same device, and one
computer must never number a second line of writes like the first.

The id lives in ``device.json`` in the data folder, beside the database but never in a
backup or an export, and is bound to the database file it was made for: the folder's
path and the file's identity (device and inode number). It is kept as long as that
binding holds, so it survives restarts. A new id is made (written before the first
change is logged) whenever it does not hold:

- a backup restored on another computer, or in a new folder: no ``device.json``;
- a data folder copied to another computer, or moved: another path or file identity;
- a backup restored over this folder, a salvaged (``check --repair``) or recreated
  database: the database is a new file, so the log it holds, which may stop short of
  what this device had already numbered, continues under a new id.

A new id is always safe (the old one simply stops growing); only a reused one is not.
What this does not catch: an old copy written over the database file in place (the
same file identity, e.g. ``cp old.db companion.db`` on Linux), which Companion never
does.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from typing import Any

from companion.atomic import write_atomically
from companion.db.types import utcnow
from companion.paths import DataPaths

log = logging.getLogger("companion.db")

FORMAT = "companion-device"


def _binding(paths: DataPaths) -> dict[str, Any]:
    stat = os.stat(paths.database)
    return {"folder": str(paths.root), "file_device": stat.st_dev, "file_inode": stat.st_ino}


def _recorded(paths: DataPaths) -> tuple[uuid.UUID, dict[str, Any]] | None:
    try:
        data = json.loads(paths.device_file.read_bytes())
        if data.get("format") != FORMAT:
            return None
        return uuid.UUID(data["device_id"]), data["database"]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None  # missing or unreadable: a new id is always safe


def local_device_id(paths: DataPaths) -> uuid.UUID:
    """This folder's device id for the database file it holds now; made (and written
    to ``device.json``) when there is none for this file yet."""
    binding = _binding(paths)
    recorded = _recorded(paths)
    if recorded is not None and recorded[1] == binding:
        return recorded[0]
    device_id = uuid.uuid4()
    record = {"format": FORMAT, "device_id": str(device_id), "database": binding,
              "created_at": utcnow().isoformat(timespec="seconds")}
    write_atomically(paths.device_file, (json.dumps(record, indent=2) + "\n").encode("utf-8"))
    log.info("data folder %s writes as device %s from now on (%s)", paths.root, device_id,
             "first write" if recorded is None else "the database file is not the one "
             f"device {recorded[0]} wrote to")
    return device_id
