"""Running the command line as a user does: a subprocess, no terminal, a data folder
given with --data-dir, the recovery passphrase from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "ゆざわの川沿いで朝を待つ"


def companion(*args: str, data_dir: Path | None = None, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "companion", *args]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
                   "COMPANION_PASSPHRASE": PASSPHRASE, **(env or {})}
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env=environment, stdin=subprocess.DEVNULL, check=False)
