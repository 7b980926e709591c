"""A practitioner's encrypted data folder with demo data (helpers: companion_testing)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta

import pytest
from companion_testing.clocks import register_clock_ticking
from companion_testing.demo_folders import DemoFolders
from companion_testing.review_bundles import PASSPHRASE, TODAY

from companion.domain.calendar import JST
from companion.paths import DataPaths
from companion.services.storage import OpenedData, open_data_folder


@pytest.fixture
def practice(data_paths: DataPaths, demo_folders: DemoFolders,
             device_clock: list[datetime]) -> Iterator[OpenedData]:
    """A copy of the small demo folder of TODAY (made once per run: demo_folders)."""
    demo_folders.copy_to(data_paths, passphrase=PASSPHRASE, today=TODAY)
    opened = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE)
    yield opened
    opened.db.close()


@pytest.fixture(autouse=True)
def device_clock() -> Iterator[list[datetime]]:
    """The device clock register entries state (``written_at``): the evening of TODAY,
    a minute later at every entry, so the tests do not depend on the day they run.
    Set ``device_clock[0]`` to move it."""
    with register_clock_ticking(datetime.combine(TODAY, time(19, 0), JST),
                                timedelta(minutes=1)) as now:
        yield now
