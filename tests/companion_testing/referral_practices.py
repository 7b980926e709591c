"""Two practitioners, each with their own encrypted data folder: 佐藤 at もがみ-Biz who
refers a business, and 高橋 at ゆざわ-Biz who takes it over (copies of two small demo
folders made with different passphrases, so each has its own register key)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from companion.db.models import Engagement
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder
from companion_testing.demo_folders import DEMO_DAY, DemoFolders

SENDER_PASSPHRASE = "最上川の舟下りを待つ朝"
RECEIVER_PASSPHRASE = "小町の里に雪が降る夜"
REFERRED_TITLE = "看板の「くじら餅」の再定義と若い世代への情報発信"  # 松月堂, with a disclosure
TODAY = DEMO_DAY


@dataclass
class Practice:
    opened: OpenedData
    name: str
    organisation: str

    @property
    def db(self) -> Any:
        return self.opened.db

    def run(self, use_case: Callable[..., Any], /, *, write: bool = True,
            database: bool = False, **kwargs: Any) -> Any:
        with session_scope(self.db, write=write) as session:
            if database:
                kwargs["database"] = self.db
            return use_case(session=session, **kwargs)

    def read(self, fn: Callable[[Session], Any]) -> Any:
        with session_scope(self.db, write=False) as session:
            return fn(session)

    def engagement_id(self, title: str = REFERRED_TITLE) -> Any:
        return self.read(lambda s: s.exec(select(Engagement.id).where(Engagement.title == title)).one())

    def engagements(self) -> int:
        return int(self.read(lambda s: len(s.exec(select(Engagement.id)).all())))


def practice_in(root: Path, demo_folders: DemoFolders | None, passphrase: str, name: str,
              organisation: str) -> Iterator[Practice]:
    paths = DataPaths(root)
    if demo_folders is not None:
        demo_folders.copy_to(paths, passphrase=passphrase, today=TODAY)
    opened = open_data_folder(paths, ask=lambda _purpose: passphrase, create=demo_folders is None)
    yield Practice(opened, name, organisation)
    opened.db.close()
