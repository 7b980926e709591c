"""A keyring backend for benchmark runs only: secrets in a JSON file of the benchmark's
own throw-away demo folder, so start-up is measured the way it runs on a desktop with
an OS keyring (key from the keyring, no passphrase KDF). Never use it for real data."""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend


class BenchmarkKeyring(KeyringBackend):
    priority = 1

    @property
    def _file(self) -> Path:
        return Path(os.environ["COMPANION_BENCH_KEYRING"])

    def _load(self) -> dict[str, str]:
        return json.loads(self._file.read_text()) if self._file.is_file() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        secrets = self._load()
        secrets[f"{service}/{username}"] = password
        self._file.write_text(json.dumps(secrets))

    def delete_password(self, service: str, username: str) -> None:
        secrets = self._load()
        secrets.pop(f"{service}/{username}", None)
        self._file.write_text(json.dumps(secrets))
