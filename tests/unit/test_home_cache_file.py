"""ホーム's figures kept for the next start: sealed with a key derived from the data key,
read back exactly, and ignored (never an error) whenever the file cannot be trusted."""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from companion.paths import DataPaths
from companion.services import home_cache
from companion.services.home_cache import (
    CachedHome,
    cache_file,
    decode,
    encode,
    load_home_cache,
    save_home_cache,
    seal,
    unseal,
)
from companion.services.home_types import FollowUp, HomeSummary, QuietEngagement

DATA_KEY = bytes(range(32))
SAVED_AT = datetime(2026, 11, 19, 18, 5, tzinfo=UTC)
CLIENT = "有限会社やまなか酒造"


def summary() -> HomeSummary:
    engagement = uuid.UUID("6f1c2a52-3b7e-4a0e-9a55-0d8a41c6b001")
    visit = uuid.UUID("6f1c2a52-3b7e-4a0e-9a55-0d8a41c6b002")
    return HomeSummary(
        today=date(2026, 11, 20), fiscal_year=2026, active_engagements=3,
        engagements_total=4, visits_this_fiscal_year=41, visits_total=168,
        due_soon_count=1, overdue_count=2,
        due_soon=[FollowUp(visit_id=visit, engagement_id=engagement,
                           engagement_title="首都圏への販路開拓", client_name=CLIENT,
                           follow_up_on=date(2026, 11, 24), purpose="商談の準備")],
        overdue=[
            FollowUp(visit_id=visit, engagement_id=engagement, engagement_title="首都圏への販路開拓",
                     client_name=CLIENT, follow_up_on=date(2026, 11, 10), purpose="定期訪問",
                     kind="action", action_id=uuid.UUID("6f1c2a52-3b7e-4a0e-9a55-0d8a41c6b003"),
                     text="試飲会の案内状を送る", owner="事業者"),
            FollowUp(visit_id=visit, engagement_id=engagement, engagement_title="首都圏への販路開拓",
                     client_name=CLIENT, follow_up_on=date(2026, 8, 1), purpose="売上の振り返り"),
        ],
        quiet=[QuietEngagement(engagement_id=uuid.UUID("6f1c2a52-3b7e-4a0e-9a55-0d8a41c6b004"),
                               title="水産加工品の商品開発", client_name="株式会社みなと水産",
                               last_visit_at=datetime(2026, 8, 22, 1, 30, tzinfo=UTC)),
               QuietEngagement(engagement_id=uuid.UUID("6f1c2a52-3b7e-4a0e-9a55-0d8a41c6b005"),
                               title="事業承継の準備", client_name="丸福製麺所",
                               last_visit_at=None)],
        long_overdue_count=1, long_overdue_before=date(2026, 10, 21))


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    root = tmp_path / "data"
    root.mkdir()
    return DataPaths(root)


def test_the_figures_come_back_exactly_as_they_were_kept(paths: DataPaths) -> None:
    assert save_home_cache(paths, DATA_KEY, summary(), now=SAVED_AT)
    assert load_home_cache(paths, DATA_KEY) == CachedHome(summary=summary(), saved_at=SAVED_AT)
    assert sorted(p.name for p in paths.root.iterdir()) == ["home-cache.bin"]  # no partial left


def test_the_file_names_no_client_in_the_open(paths: DataPaths) -> None:
    save_home_cache(paths, DATA_KEY, summary(), now=SAVED_AT)
    sealed = cache_file(paths).read_bytes()
    for text in (CLIENT, "株式会社みなと水産", "首都圏への販路開拓", "試飲会の案内状を送る"):
        for encoding in ("utf-8", "utf-16-le", "shift_jis", "euc_jp"):
            assert text.encode(encoding) not in sealed
    assert CLIENT in unseal(DATA_KEY, sealed).decode("utf-8")  # it is there, sealed


@pytest.mark.parametrize("damage", ["missing", "empty", "not ours", "cut short", "one byte changed",
                                    "another key", "another version", "not json"])
def test_a_file_that_cannot_be_trusted_is_ignored(paths: DataPaths, damage: str) -> None:
    path = cache_file(paths)
    save_home_cache(paths, DATA_KEY, summary(), now=SAVED_AT)
    sealed = path.read_bytes()
    if damage == "missing":
        path.unlink()
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "not ours":
        path.write_bytes(b"PK\x03\x04" + sealed[4:])
    elif damage == "cut short":
        path.write_bytes(sealed[:-40])
    elif damage == "one byte changed":
        middle = len(sealed) // 2
        path.write_bytes(sealed[:middle] + bytes([sealed[middle] ^ 1]) + sealed[middle + 1:])
    elif damage == "another key":
        save_home_cache(paths, os.urandom(32), summary(), now=SAVED_AT)
    elif damage == "another version":
        document = json.loads(encode(summary(), saved_at=SAVED_AT))
        document["format"] = home_cache.FORMAT + 1
        path.write_bytes(seal(DATA_KEY, json.dumps(document).encode()))
    else:
        path.write_bytes(seal(DATA_KEY, "前回の表示".encode()))
    assert load_home_cache(paths, DATA_KEY) is None


def test_a_file_from_a_version_whose_figures_differ_is_not_misread() -> None:
    document = json.loads(encode(summary(), saved_at=SAVED_AT))
    document["shape"]["FollowUp"].remove("owner")
    with pytest.raises(ValueError, match="another version"):
        decode(json.dumps(document).encode())
    del document["overdue"]
    document["shape"] = home_cache.SHAPE
    with pytest.raises(KeyError):
        decode(json.dumps(document).encode())


def test_a_cache_that_cannot_be_written_is_only_a_lost_speed_up(paths: DataPaths) -> None:
    cache_file(paths).mkdir()  # its name is taken: the rename over it fails
    assert save_home_cache(paths, DATA_KEY, summary(), now=SAVED_AT) is False
    assert [p.name for p in paths.root.iterdir()] == ["home-cache.bin"]  # no partial left
    assert load_home_cache(paths, DATA_KEY) is None
