"""What a whole start of the window loads: charts, Word files and reports only when first
used, never for ホーム (``companion --exit-when-ready`` as a process, as a user starts it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LATER = ("matplotlib", "docx", "openpyxl", "companion.reports")

CHECK = """
import sys
from companion.app import run
code = run(data_dir=sys.argv[1], exit_when_ready=True)
later = {later!r}
loaded = sorted(m for m in sys.modules if m.startswith(later))
print("LOADED", " ".join(loaded))
sys.exit(code)
"""


def test_a_start_to_home_loads_no_charts_documents_or_reports(tmp_path: Path) -> None:
    env = {**os.environ, "COMPANION_PASSPHRASE": "雪どけの田んぼに水が入る",
           "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    result = subprocess.run([sys.executable, "-c", CHECK.format(later=LATER),
                             str(tmp_path / "profile")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("LOADED")]
    assert line.split()[1:] == []


def test_pyside_learns_which_modules_use_it_without_keeping_their_sources() -> None:
    import linecache

    import PySide6.QtCore  # noqa: F401  (its import hook is what is looked at)

    from companion.app import read_no_source_for_pyside

    feature = sys.modules["shibokensupport.feature"]
    read_no_source_for_pyside()
    read_no_source_for_pyside()  # once is enough: not wrapped twice
    import companion.domain.calendar
    import companion.ui.views.home

    assert feature._mod_uses_pyside(companion.ui.views.home) is True
    assert feature._mod_uses_pyside(companion.domain.calendar) is False
    assert feature._mod_uses_pyside(sys) is False  # built in: no file
    assert companion.ui.views.home.__file__ not in linecache.cache
    assert companion.domain.calendar.__file__ not in linecache.cache
