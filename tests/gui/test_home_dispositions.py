"""ホーム: what a reviewer asked for (要対応 / 要説明) stays in view until the
practitioner records how it was resolved; with nothing open, the section is gone."""

from __future__ import annotations

import json
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytestqt.qtbot import QtBot

from companion.db.database import Database
from companion.db.models import Review
from companion.review import dsse
from companion.services.dispositions import list_dispositions, store_dispositions
from companion.services.session import session_scope
from companion.ui.main_window import MainWindow

ASKED = [
    {"flag_id": "7b21c4e9a0d35f12", "disposition": "要対応", "rule": "出資先からの報酬",
     "reason": "案件「道の駅の売場改革」の報酬は株式会社 鳥海ふるさと振興から支払われています。",
     "owner": "佐藤 みのり", "action": "成果報酬の算定根拠を委託元に書面で報告する",
     "due_on": "2025-10-31"},
    {"flag_id": "c9e1a2b3d4f50617", "disposition": "問題なし", "rule": "申告の遅れ",
     "reason": "開示2は関与の開始から52日後に申告されています。", "comment": "理由の説明を受けた。"},
]


@pytest.fixture
def asked(filled_db: Database) -> Database:
    statement = {"_type": "https://in-toto.io/Statement/v1", "subject": [],
                 "predicateType": "https://companion.invalid/review-response/v1",
                 "predicate": {"reviewed_on": "2025-09-30", "findings": [],
                               "dispositions": ASKED}}
    envelope = dsse.sign(dsse.IN_TOTO_PAYLOAD_TYPE,
                         json.dumps(statement, ensure_ascii=False).encode("utf-8"),
                         Ed25519PrivateKey.generate()).to_json()
    with session_scope(filled_db) as session:
        review = Review(reviewer="高橋 健一(秋田県よろず支援拠点)", reviewed_on=date(2025, 9, 30),
                        envelope=envelope)
        session.add(review)
        session.flush()
        store_dispositions(session=session, review_id=review.id)
        session.commit()
    return filled_db


def test_an_open_request_shows_on_home_until_its_resolution_is_recorded(
        qtbot: QtBot, asked: Database, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    section = window.home.open_dispositions
    qtbot.waitUntil(lambda: section.isVisible() and section.model.rowCount() == 1)
    assert "未対応 1件" in section.heading.text()  # 問題なし needs nothing from the practitioner
    row = [section.model.item(0, column).text() for column in range(section.model.columnCount())]
    assert row[0] == "要対応" and "出資先からの報酬" in row[1]
    assert "成果報酬の算定根拠" in row[2] and "期限切れ" in row[3]  # due 2025-10-31, today 11-20
    section.table.selectRow(0)
    monkeypatch.setattr("companion.ui.views.home_sections.QInputDialog.getMultiLineText",
                        lambda *_args, **_kwargs: ("委託元に算定根拠を書面で報告した(11月18日)。", True))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.resolve_button.click()
    assert not section.isVisible()
    with session_scope(asked, write=False) as session:
        assert list_dispositions(session=session, open_only=True) == []
