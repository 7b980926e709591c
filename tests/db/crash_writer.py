"""Writes visits one transaction at a time, printing each id after its commit returned.

Run by test_crash_safety.py, which kills this process at random moments.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from companion.db.models import Engagement, Visit
from companion.domain.enums import VisitMode
from companion.paths import DataPaths
from companion.security.data_key import PassphrasePurpose
from companion.services.session import session_scope
from companion.services.storage import open_data_folder

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from companion_testing.factories import add_engagement


def main(folder: str, passphrase: str, count: int) -> None:
    def ask(_purpose: PassphrasePurpose) -> str:
        return passphrase

    opened = open_data_folder(DataPaths(Path(folder)), ask=ask, create=True)
    with session_scope(opened.db) as session:
        engagement = session.exec(select(Engagement)).first() or add_engagement(session)
        session.commit()
        engagement_id = engagement.id
    print("ready", flush=True)
    start = datetime(2025, 5, 1, tzinfo=UTC)
    for number in range(count):
        with session_scope(opened.db) as session:
            visit = Visit(engagement_id=engagement_id, started_at=start + timedelta(hours=number),
                          mode=VisitMode.PHONE, purpose=f"電話相談 {number}",
                          notes="資金繰りの確認。来月の仕入れ計画を社長と見直した。" * 3)
            session.add(visit)
            session.commit()
            print(visit.id.hex, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
