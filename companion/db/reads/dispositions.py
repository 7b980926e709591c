"""Reading reviewers' dispositions of red flags, and the register as ``companion list
disclosures --json`` prints it: the latest versions, the red flags with the records
behind them, and each flag's latest disposition.

The one definition of each read: the services (``services.dispositions``: ホーム's open
items, the next bundle's red-flags.json) run them through a Session, the command line
on the lean path (``db.lean``) on a connection of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from companion.db.reads import Connection, day_of, rows, uuid_of
from companion.db.reads.disclosures import DisclosureLine, disclosure_lines
from companion.db.reads.red_flags import red_flags
from companion.domain.red_flag_rules import VERSION
from companion.domain.red_flags import Disposition, RedFlag, flag_id


@dataclass(frozen=True)
class DispositionLine:
    id: uuid.UUID
    flag_id: str
    rule: str
    reason: str
    disposition: Disposition
    owner: str
    action: str
    due_on: date | None
    comment: str
    reviewer: str
    reviewed_on: date
    resolved_on: date | None
    resolution: str

    @property
    def is_open(self) -> bool:
        return self.disposition is not Disposition.NO_ISSUE and self.resolved_on is None

    def overdue(self, today: date) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < today


def disposition_lines(connection: Connection, *, open_only: bool = False) -> list[DispositionLine]:
    """Every disposition, the latest review first; ``open_only``: 要対応 and 要説明 not yet
    resolved, by due date (none last)."""
    lines = [
        DispositionLine(uuid_of(ident), flag, rule, reason, Disposition[disposition], owner,
                        action, day_of(due_on), comment, reviewer,
                        date.fromisoformat(reviewed_on), day_of(resolved_on), resolution)
        for (ident, flag, rule, reason, disposition, owner, action, due_on, comment,
             resolved_on, resolution, reviewer, reviewed_on) in rows(connection, """
            SELECT d.id, d.flag_id, d.rule, d.reason, d.disposition, d.owner, d.action,
                   d.due_on, d.comment, d.resolved_on, d.resolution, r.reviewer, r.reviewed_on
            FROM flagdisposition d JOIN review r ON r.id = d.review_id
            ORDER BY r.reviewed_on DESC, r.created_at DESC, d.created_at""")
    ]
    if open_only:
        lines = sorted((line for line in lines if line.is_open),
                       key=lambda line: (line.due_on or date.max, line.reviewed_on))
    return lines


@dataclass(frozen=True)
class FlagLine:
    id: str
    rule: str
    reason: str
    disclosures: tuple[int, ...]
    engagement_ids: tuple[uuid.UUID, ...]
    records: tuple[dict[str, Any], ...]
    disposition: str  # the latest reviewer's, or ""
    resolution: str


@dataclass(frozen=True)
class DisclosureListing:
    rules_version: str
    disclosures: list[DisclosureLine]
    red_flags: list[FlagLine]


def flag_lines(flags: Sequence[RedFlag], numbers: Mapping[uuid.UUID, int],
               dispositions: Sequence[DispositionLine]) -> list[FlagLine]:
    """Each flag with the numbers of the disclosures it names, the records behind it
    and its latest disposition (``dispositions``: the latest review first)."""
    latest: dict[str, DispositionLine] = {}
    for line in dispositions:
        latest.setdefault(line.flag_id, line)
    lines = []
    for flag in flags:
        ident = flag_id(flag)
        held = latest.get(ident)
        lines.append(FlagLine(
            ident, flag.rule.value, flag.reason,
            tuple(sorted(numbers[d] for d in flag.disclosure_ids if d in numbers)),
            flag.engagement_ids,
            tuple({"kind": e.kind, "id": e.ref_id.hex,
                   "date": e.when.isoformat() if e.when else None, "text": e.text}
                  for e in flag.evidence),
            held.disposition.value if held else "", held.resolution if held else ""))
    return lines


def disclosure_listing(connection: Connection, *, today: date) -> DisclosureListing:
    """The register's latest versions, the red flags on ``today`` with the records behind
    them and each flag's latest disposition."""
    lines = disclosure_lines(connection)
    numbers = {line.disclosure_id: line.number for line in lines}
    return DisclosureListing(VERSION, lines, flag_lines(red_flags(connection, today=today),
                                                        numbers, disposition_lines(connection)))
