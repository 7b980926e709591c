"""The SQL a Companion read runs, recorded once, for a floor that runs it again.

Some reads (``list disclosures --json``: the register, the red flags' facts, the
dispositions) run several queries whose text is built in ``companion/db/reads``;
copying them into floor_cli.py would drift. This records the statements the read
actually executes, with their parameters inlined (SQLite's expanded SQL), on the
benchmark's own connection; ``floor_cli.py sql FOLDER FILE`` then runs exactly those
and prints their rows, without importing Companion. Recording is not measured.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from floor_cli import connect


def record_disclosure_listing(folder: Path, out: Path, today: date) -> int:
    """The statements of ``list disclosures --json`` into ``out`` (a JSON list); their count."""
    from companion.db.reads.dispositions import disclosure_listing

    statements: list[str] = []
    connection = connect(folder)
    connection.set_trace_callback(statements.append)
    try:
        disclosure_listing(connection, today=today)
    finally:
        connection.close()
    wanted = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    out.write_text(json.dumps(wanted, ensure_ascii=False), encoding="utf-8")
    return len(wanted)


if __name__ == "__main__":
    print(record_disclosure_listing(Path(sys.argv[1]), Path(sys.argv[2]), date.today()))
