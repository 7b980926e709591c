"""Saves visits one transaction at a time, holding the data folder as the window does
(shared), and prints each visit's id after its commit returned.

Run by test_interleavings.py beside other commands on the same folder.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import select

from companion.db.models import Engagement, Visit
from companion.domain.enums import VisitMode
from companion.errors import KnownError
from companion.folder_lock import FolderLock
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import open_data_folder


def main(folder: str, passphrase: str, count: int) -> int:
    paths = DataPaths(Path(folder))
    lock = FolderLock(paths, holder="訪問記録の保存")
    try:
        opened = open_data_folder(paths, ask=lambda _purpose: passphrase, lock=lock)
        with session_scope(opened.db, write=False) as session:
            engagement_id = session.exec(select(Engagement.id)).first()
        if engagement_id is None:
            raise KnownError("案件がありません。")
        start = datetime(2026, 6, 1, 9, tzinfo=UTC)
        for number in range(count):
            with session_scope(opened.db) as session:
                visit = Visit(engagement_id=engagement_id, mode=VisitMode.PHONE,
                              started_at=start + timedelta(hours=number),
                              purpose=f"電話での進捗確認 {number + 1}",
                              notes="来月の商談会に向けて、試食用の小分け商品の原価を社長と確認した。")
                session.add(visit)
                session.commit()
                print(visit.id, flush=True)
        opened.db.close()
    except KnownError as exc:
        print(f"companion: エラー: {exc}", file=sys.stderr)
        return 2
    finally:
        lock.release()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
