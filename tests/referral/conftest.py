"""Fixtures of the referral tests: two practitioners and a newcomer
(companion_testing/referral_practices.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from companion_testing.demo_folders import DemoFolders
from companion_testing.referral_practices import (
    RECEIVER_PASSPHRASE,
    SENDER_PASSPHRASE,
    Practice,
    practice_in,
)


@pytest.fixture
def sender(tmp_path: Path, demo_folders: DemoFolders) -> Iterator[Practice]:
    yield from practice_in(tmp_path / "sato", demo_folders, SENDER_PASSPHRASE, "佐藤 みのり",
                       "もがみ-Biz")


@pytest.fixture
def receiver(tmp_path: Path, demo_folders: DemoFolders) -> Iterator[Practice]:
    yield from practice_in(tmp_path / "takahashi", demo_folders, RECEIVER_PASSPHRASE, "高橋 健一",
                       "ゆざわ-Biz")


@pytest.fixture
def newcomer(tmp_path: Path) -> Iterator[Practice]:
    """A third practitioner whose data folder is new and empty."""
    yield from practice_in(tmp_path / "kudo", None, "鳥海山の見える新しい事務所", "工藤 さくら",
                       "にかほ市 商工会")

