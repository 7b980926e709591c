"""In-process benchmarks, run as their own process by run.py (so the runner stays light):

    python benchmarks/inprocess.py FOLDER ENGAGEMENT_ID [--runs N] [--query 販路]

Opens the data folder as the window does (key from the keyring, which run.py sets to the
benchmark's file-backed stand-in) and prints one JSON object: the median seconds of
opening the engagement page to its first paint with data (the app's own MainWindow,
benchmarks_gui.py), of a search through the service the search page calls, and with
``--scroll`` the time to fetch the whole visit list as scrolling to its end does.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _no_passphrase(_purpose: object) -> str:
    raise SystemExit("inprocess: the key must come from the keyring (run through run.py)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("engagement", type=uuid.UUID)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--query", default="販路")
    parser.add_argument("--scroll", action="store_true",
                        help="also fetch the whole visit list page by page, once")
    args = parser.parse_args(argv)

    from benchmarks_gui import engagement_page_seconds, visit_list_seconds

    from companion.paths import DataPaths
    from companion.services.search import search
    from companion.services.session import session_scope
    from companion.services.storage import open_data_folder

    db = open_data_folder(DataPaths(args.folder), ask=_no_passphrase).db
    try:
        times = []
        with session_scope(db, write=False) as session:
            hits = len(search(session=session, query=args.query))  # warm: plans, imports
            for _ in range(max(args.runs, 15)):
                started = time.perf_counter()
                search(session=session, query=args.query)
                times.append(time.perf_counter() - started)
        result = {"search": statistics.median(times), "hits": hits,
                  "engagement_page": engagement_page_seconds(db, args.engagement, args.runs)}
        if args.scroll:
            result["scroll"], result["scroll_rows"] = visit_list_seconds(db)
    finally:
        db.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
