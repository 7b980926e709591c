"""``companion search`` and ``companion list …`` on the lean read path (issue 19): with the
data key in the keyring they answer without SQLAlchemy, and what they print — tables,
JSON, errors — is exactly what the full path prints; a folder the lean path cannot read
as it is (an older schema) is still migrated by the full path; and reads run side by side
while the window holds the folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from companion_testing.cli import PASSPHRASE, companion, file_keyring_env

from companion.db.migrate import alembic_config, current_revision
from companion.db.schema_head import SCHEMA_HEAD
from companion.paths import DataPaths
from companion.services.storage import open_data_folder

NOWHERE = "00000000-0000-4000-8000-000000000000"
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "pydantic")


def _run(args: list[str], folder: Path, env: dict[str, str]) -> tuple[int, str, str, set[str]]:
    """(exit status, stdout, stderr without the import lines, top-level packages imported)."""
    result = companion(*args, data_dir=folder, env={**env, "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.split("|")[-1].strip().split(".")[0] for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    stderr = "\n".join(line for line in result.stderr.splitlines()
                       if not line.startswith("import time:"))
    return result.returncode, result.stdout, stderr, imported


@pytest.fixture
def keyed(demo_copy: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The demo folder, opened once with the passphrase so that the keyring has its key."""
    env = file_keyring_env(tmp_path / "keyring.json")
    assert companion("list", "engagements", data_dir=demo_copy, env=env).returncode == 0
    assert json.loads((tmp_path / "keyring.json").read_text()), "the key is in the keyring"
    return demo_copy, env


def _engagement_ids(folder: Path, env: dict[str, str]) -> list[str]:
    status, out, _err, _imported = _run(["list", "engagements", "--json"], folder, env)
    assert status == 0
    listed = json.loads(out)
    return [str(e["id"]) for e in sorted(listed, key=lambda e: -int(e["visit_count"]))]


def test_every_read_command_prints_on_the_lean_path_what_the_full_path_prints(
        keyed: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    folder, env = keyed
    ids = _engagement_ids(folder, env)
    busiest, quietest = ids[0], ids[-1]
    commands = [
        ["search", "販路", "--json"],
        ["search", "販路 開拓"],
        ["search", "補助金", "--limit", "3", "--json"],
        ["search", "雪国で見つからないはずの言葉", "--json"],
        ["search", "雪国で見つからないはずの言葉"],
        ["search", " \u3000 "],
        ["list", "engagements"],
        ["list", "engagements", "--json"],
        ["list", "visits"],
        ["list", "visits", "--json", "--engagement", busiest],
        ["list", "visits", "--engagement", quietest],
        ["list", "visits", "--engagement", NOWHERE],
        ["list", "visits", "--engagement", "案件その1"],
        ["list", "disclosures"],
        ["list", "disclosures", "--json"],
        ["list", "visits", "--all"],
        ["list", "visits", "--limit", "5", "--json"],
        ["list", "plan", busiest],
        ["list", "plan", busiest, "--json"],
        ["list", "plan", NOWHERE],
        ["list", "kpis", busiest, "--json"],
        ["list", "kpis", quietest],
    ]
    errors = {}
    for number, args in enumerate(commands):
        status, out, err, imported = _run(args, folder, env)
        # A keyring that does not know the key (a new computer): the passphrase opens
        # the folder the ordinary way.
        full_env = {**env, "COMPANION_BENCH_KEYRING": str(tmp_path / f"new-{number}.json")}
        full_status, full_out, full_err, full_imported = _run(args, folder, full_env)
        shown = " ".join(args)
        assert (status, out, err) == (full_status, full_out, full_err), shown
        assert not imported & set(HEAVY), f"{shown}: the lean path imported {imported & set(HEAVY)}"
        if status == 0:
            assert "sqlalchemy" in full_imported, f"{shown}: the full path was not taken"
        errors[shown] = err
    assert errors["search  \u3000 "] == "companion: エラー: 検索語を入力してください。"
    assert errors[f"list visits --engagement {NOWHERE}"].startswith(
        f"companion: エラー: 案件が見つかりません: {NOWHERE}")
    assert errors["list visits --engagement 案件その1"] == \
        "companion: エラー: 案件IDの形式が正しくありません: 案件その1"


def test_a_folder_at_an_older_schema_is_migrated_by_the_full_path(
        demo_copy: Path, tmp_path: Path) -> None:
    env = file_keyring_env(tmp_path / "keyring.json")
    expected = companion("list", "engagements", data_dir=demo_copy, env=env).stdout
    opened = open_data_folder(DataPaths(demo_copy), ask=lambda _purpose: PASSPHRASE)
    config = alembic_config()
    with opened.db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")  # as last opened by the previous version
        older = current_revision(connection)
    opened.db.close()
    assert older is not None and older != SCHEMA_HEAD

    status, out, err, imported = _run(["list", "engagements"], demo_copy, env)
    assert (status, out, err) == (0, expected, "")
    assert "alembic" in imported  # the lean path left it to the full path, which migrated
    assert any((demo_copy / "backups").glob(f"before-migration-{older}-*"))
    status, out, _err, imported = _run(["list", "engagements"], demo_copy, env)
    assert (status, out) == (0, expected)
    assert not imported & set(HEAVY)  # at the head now: the lean path again


_WINDOW = """
import sys
from pathlib import Path
from companion.folder_lock import FolderLock
from companion.paths import DataPaths
from companion.services.session import session_scope
from companion.services.engagements import list_engagements
from companion.services.storage import open_data_folder
paths = DataPaths(Path(sys.argv[1]))
opened = open_data_folder(paths, ask=lambda purpose: "", lock=FolderLock(paths, holder="Companion"))
with session_scope(opened.db, write=False) as session:
    list_engagements(session=session)
print(opened.db.folder_lock.access.value, flush=True)
sys.stdin.readline()
opened.db.close()
opened.db.folder_lock.release()
"""


def test_two_reads_at_once_while_the_window_holds_the_folder(
        keyed: tuple[Path, dict[str, str]]) -> None:
    folder, env = keyed
    reads = [["search", "販路", "--json"], ["list", "visits", "--json"]]
    expected = [_run(args, folder, env)[:3] for args in reads]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **env}
    environment.pop("COMPANION_PASSPHRASE", None)
    with subprocess.Popen([sys.executable, "-c", _WINDOW, str(folder)], text=True,
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          env=environment) as window:
        assert window.stdout is not None and window.stdout.readline().strip() == "shared"
        started = [subprocess.Popen(
            [sys.executable, "-m", "companion", *args, "--data-dir", str(folder)], text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
            env=environment) for args in reads]
        answers: list[Any] = []
        for process in started:
            with process:
                out, err = process.communicate(timeout=120)
            answers.append((process.returncode, out, err))
        window.communicate("\n", timeout=60)  # the window closes
    assert answers == expected
    assert window.returncode == 0
