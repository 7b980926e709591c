"""Signed checkpoints of the register: log id, number of entries, head hash."""

from __future__ import annotations

import re
from dataclasses import dataclass

from companion.errors import KnownError

HEADER = "companion-checkpoint/v1"
_PATTERN = re.compile(
    r"\A" + re.escape(HEADER) + r"\nlog ([0-9a-f]{32})\nsize (\d{1,9})\nhead ([0-9a-f]{64}|)\n\Z"
)


@dataclass(frozen=True)
class Checkpoint:
    """The register as it stood: its log id, its number of entries, its head hash."""

    log_id: str
    size: int
    head: str

    def text(self) -> str:
        return f"{HEADER}\nlog {self.log_id}\nsize {self.size}\nhead {self.head}\n"


def parse_checkpoint(text: str) -> Checkpoint:
    match = _PATTERN.match(text)
    if not match:
        raise KnownError("チェックポイントの形式が正しくありません。")
    return Checkpoint(match.group(1), int(match.group(2)), match.group(3))
