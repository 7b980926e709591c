"""Fixtures of the sync tests (helpers: companion_testing.sync_devices)."""

from __future__ import annotations

from pathlib import Path

import pytest
from companion_testing.sync_devices import FolderTemplate, make_folder_template


@pytest.fixture(scope="module")
def folder_template(tmp_path_factory: pytest.TempPathFactory,
                    migrated_template: Path) -> FolderTemplate:
    """An empty, migrated data folder to copy for each computer (made once per module)."""
    return make_folder_template(tmp_path_factory.mktemp("sync") / "template",
                                migrated=migrated_template)
