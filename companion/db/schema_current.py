"""Whether the build-time schema head (``schema_head.py``) can be trusted: the migration
scripts on disk are exactly those it was written from. Without SQLAlchemy or Alembic, so
that the command line's lean read path (``db.lean``) can ask it as cheaply as
``db.migrate`` does; when it says no, Alembic is asked instead (a stale constant may cost
time, never skip a migration)."""

from __future__ import annotations

import os
from pathlib import Path

from companion.db.schema_head import SCHEMA_SCRIPTS

MIGRATION_SCRIPTS = Path(__file__).resolve().parent / "migrations" / "versions"


def schema_head_is_current() -> bool:
    """The migration scripts shipped are the ones ``SCHEMA_HEAD`` was written from."""
    try:
        names = os.listdir(MIGRATION_SCRIPTS)
    except OSError:
        return False
    return {name for name in names
            if name.endswith(".py") and name != "__init__.py"} == SCHEMA_SCRIPTS
