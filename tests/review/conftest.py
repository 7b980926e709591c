"""A practitioner's encrypted data folder with demo data (helpers: companion_testing)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from companion_testing.review_bundles import PASSPHRASE, TODAY

from companion.paths import DataPaths
from companion.services.demo import generate_demo
from companion.services.session import session_scope
from companion.services.storage import OpenedData, open_data_folder


@pytest.fixture
def practice(data_paths: DataPaths) -> Iterator[OpenedData]:
    opened = open_data_folder(data_paths, ask=lambda _purpose: PASSPHRASE, create=True)
    with session_scope(opened.db) as session:
        generate_demo(session=session, size="small", today=TODAY)
    yield opened
    opened.db.close()
