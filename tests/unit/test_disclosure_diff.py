"""The field-by-field diff between two versions of a disclosure."""

from __future__ import annotations

from datetime import date
from typing import Any

from companion.domain.disclosure_diff import EMPTY, changed_labels, diff_versions, format_value

ENGAGEMENT = "c0290103e55d4f5599ec8712e8e3574f"
OTHER_ENGAGEMENT = "68b4aef73eaa4e179d8a4eace693ae2d"
CLIENT = "9f1c2d3e4a5b6c7d8e9fa0b1c2d3e4f5"
NAMES = {ENGAGEMENT: "道の駅の売場改革と地元農家の出荷拡大", CLIENT: "株式会社 鳥海ふるさと振興",
         OTHER_ENGAGEMENT: "加工場の衛生管理と新商品の開発"}


def first_version(**changes: Any) -> dict[str, Any]:
    """A register payload as services/disclosures.py writes it (dates as ISO text)."""
    payload: dict[str, Any] = {
        "number": 1, "version": 1, "kind": "出資", "counterpart_name": "株式会社 鳥海ふるさと振興",
        "counterpart_client_id": CLIENT, "amount_yen": 500_000, "share_percent": 1.2,
        "role_title": "", "started_on": "2024-12-31", "ended_on": None,
        "declared_on": "2025-01-06", "description": "地域の道の駅を運営する会社への少額出資。",
        "mitigation": "", "status": "開示済", "reason": "新規開示",
        "engagement_ids": [ENGAGEMENT], "disclosure_id": "ab" * 16, "version_id": "cd" * 16,
    }
    payload.update(changes)
    return payload


def test_an_amendment_lists_only_the_changed_fields_old_to_new() -> None:
    old = first_version()
    new = first_version(version=2, amount_yen=800_000, share_percent=1.8,
                        declared_on="2025-12-13", reason="追加出資のため金額を変更",
                        version_id="ef" * 16)
    changes = diff_versions(old, new, names=NAMES)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("金額", "500,000円", "800,000円"),
        ("持分", "1.2%", "1.8%"),
        ("申告日", "2025/01/06", "2025/12/13"),
    ]
    assert changed_labels(changes) == "金額・持分・申告日"


def test_the_reason_and_the_ids_of_a_version_are_not_changes_of_the_interest() -> None:
    old = first_version()
    new = first_version(version=2, reason="年次確認(変更なし)", version_id="ef" * 16)
    assert diff_versions(old, new, names=NAMES) == []


def test_a_mitigation_added_reads_from_nothing() -> None:
    new = first_version(mitigation="出資先に関する支援の判断は委託元の担当者と共有する。")
    [change] = diff_versions(first_version(), new)
    assert change.label == "管理方法"
    assert change.old == EMPTY
    assert change.new.startswith("出資先に関する")


def test_ending_an_interest_shows_the_end_date_and_the_status() -> None:
    ended = first_version(ended_on="2026-03-31", status="終了")
    changes = {c.label: (c.old, c.new) for c in diff_versions(first_version(), ended)}
    assert changes == {"終了日": (EMPTY, "2026/03/31"), "状態": ("開示済", "終了")}


def test_linked_engagements_are_compared_as_a_set_and_named() -> None:
    old = first_version(engagement_ids=[ENGAGEMENT, OTHER_ENGAGEMENT])
    same = first_version(engagement_ids=[OTHER_ENGAGEMENT, ENGAGEMENT])
    assert diff_versions(old, same, names=NAMES) == []
    fewer = first_version(engagement_ids=[OTHER_ENGAGEMENT])
    [change] = diff_versions(old, fewer, names=NAMES)
    assert change.label == "関連する案件"
    assert change.old == "加工場の衛生管理と新商品の開発、道の駅の売場改革と地元農家の出荷拡大"
    assert change.new == "加工場の衛生管理と新商品の開発"


def test_an_unknown_engagement_is_shown_by_its_id_not_dropped() -> None:
    unknown = "0123456789abcdef0123456789abcdef"
    assert format_value("engagement_ids", [unknown]) == "案件(01234567…)"


def test_a_first_version_lists_every_field_that_has_a_value() -> None:
    changes = diff_versions(None, first_version(), names=NAMES)
    labels = [c.label for c in changes]
    assert labels == ["種類", "相手先", "相手先の支援先", "関連する案件", "金額", "持分", "開始日",
                      "申告日", "内容", "状態"]
    assert all(c.old == EMPTY for c in changes)
    assert "役職" not in labels and "管理方法" not in labels  # blank: nothing to show


def test_dates_and_blanks_compare_the_same_whatever_their_type() -> None:
    old = first_version(role_title="")
    new = first_version(started_on=date(2024, 12, 31), role_title="   ")
    assert diff_versions(old, new) == []


def test_amount_removed_reads_as_nothing() -> None:
    [change] = diff_versions(first_version(), first_version(amount_yen=None))
    assert (change.old, change.new) == ("500,000円", EMPTY)
