"""Running the command line as a user does: a subprocess, no terminal, a data folder
given with --data-dir, the recovery passphrase from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "ゆざわの川沿いで朝を待つ"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


def file_keyring_env(keyring_file: Path) -> dict[str, str]:
    """A keyring as on a desktop, seen by every process of the test (the benchmarks'
    file-backed stand-in), whose key file is the test's own."""
    return {"PYTHONPATH": os.pathsep.join([str(BENCHMARKS), os.environ.get("PYTHONPATH", "")]),
            "PYTHON_KEYRING_BACKEND": "bench_keyring.BenchmarkKeyring",
            "COMPANION_BENCH_KEYRING": str(keyring_file)}


def companion(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "companion", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "COMPANION_PASSPHRASE": PASSPHRASE, **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env=environment, stdin=subprocess.DEVNULL, check=False)
