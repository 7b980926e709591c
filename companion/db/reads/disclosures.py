"""Reading the disclosure register: the latest version of every disclosure, with the
latest review finding that stands on it. The one query of the 開示 page, the services
(``services.disclosures``) and ``companion list disclosures`` on the lean path."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from companion.db.reads import Connection, day_of, id_parameter, placeholders, rows, uuid_of
from companion.domain.enums import DisclosureKind, DisclosureStatus, Finding
from companion.domain.register_log import substance_digest


@dataclass(frozen=True)
class DisclosureLine:
    disclosure_id: uuid.UUID
    number: int
    version: int
    kind: DisclosureKind
    counterpart_name: str
    amount_yen: int | None
    share_percent: float | None
    role_title: str
    started_on: date
    ended_on: date | None
    declared_on: date
    mitigation: str
    status: DisclosureStatus
    version_id: uuid.UUID | None = None
    finding: str = ""  # the latest review finding on this version, if any

    @property
    def shown_status(self) -> str:
        """What the register shows: レビュー済 when this (latest) version has a review
        finding, unless the interest has ended."""
        if self.finding and self.status is not DisclosureStatus.ENDED:
            return DisclosureStatus.REVIEWED.value
        return self.status.value


def latest_findings(connection: Connection,
                    version_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The most recent review finding on each of these versions."""
    found: dict[uuid.UUID, str] = {}
    if not version_ids:
        return found
    for version_id, finding in rows(connection, f"""
            SELECT f.version_id, f.finding
            FROM reviewfinding f JOIN review r ON r.id = f.review_id
            WHERE f.version_id IN ({placeholders(version_ids)})
            ORDER BY r.reviewed_on, r.created_at""", [id_parameter(v) for v in version_ids]):
        found[uuid_of(version_id)] = str(Finding[finding])
    return found


def findings_carried_forward(connection: Connection,
                             disclosure_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """For each disclosure, a finding on an earlier version with the same substance as
    the latest (an annual confirmation repeats what the reviewer saw, so the review
    still stands); disclosures without one are left out. Two queries for them all."""
    if not disclosure_ids:
        return {}
    histories: dict[uuid.UUID, list[tuple[uuid.UUID, str]]] = {}
    for version_id, disclosure_id, payload in rows(connection, f"""
            SELECT v.id, v.disclosure_id, l.payload
            FROM disclosureversion v JOIN logentry l ON l.seq = v.log_seq
            WHERE v.disclosure_id IN ({placeholders(disclosure_ids)})
            ORDER BY v.disclosure_id, v.version DESC""",
            [id_parameter(d) for d in disclosure_ids]):
        histories.setdefault(uuid_of(disclosure_id), []).append((uuid_of(version_id), payload))
    findings = latest_findings(connection, [version_id for history in histories.values()
                                            for version_id, _ in history])
    carried: dict[uuid.UUID, str] = {}
    for disclosure_id, history in histories.items():
        substance = substance_digest(history[0][1])
        for version_id, payload in history:
            if substance_digest(payload) != substance:
                break
            if version_id in findings:
                carried[disclosure_id] = findings[version_id]
                break
    return carried


def disclosure_lines(connection: Connection) -> list[DisclosureLine]:
    """The register: the latest version of every disclosure, by number."""
    found = rows(connection, """
        SELECT d.number, v.id, v.disclosure_id, v.version, v.kind, v.counterpart_name,
               v.amount_yen, v.share_percent, v.role_title, v.started_on, v.ended_on,
               v.declared_on, v.mitigation, v.status
        FROM disclosureversion v
        JOIN disclosure d ON d.id = v.disclosure_id
        JOIN (SELECT disclosure_id, max(version) AS v FROM disclosureversion
              GROUP BY disclosure_id) latest
             ON latest.disclosure_id = v.disclosure_id AND latest.v = v.version
        ORDER BY d.number""")
    findings = latest_findings(connection, [uuid_of(row[1]) for row in found])
    carried = findings_carried_forward(connection, [uuid_of(row[2]) for row in found
                                                    if uuid_of(row[1]) not in findings])
    lines = []
    for (number, version_id, disclosure_id, version, kind, counterpart_name, amount_yen,
         share_percent, role_title, started_on, ended_on, declared_on, mitigation,
         status) in found:
        key, disclosure = uuid_of(version_id), uuid_of(disclosure_id)
        finding = findings.get(key) or carried.get(disclosure, "")
        lines.append(DisclosureLine(
            disclosure_id=disclosure, number=number, version=version,
            kind=DisclosureKind[kind], counterpart_name=counterpart_name,
            amount_yen=amount_yen, share_percent=share_percent, role_title=role_title,
            started_on=date.fromisoformat(started_on), ended_on=day_of(ended_on),
            declared_on=date.fromisoformat(declared_on), mitigation=mitigation,
            status=DisclosureStatus[status], version_id=key, finding=finding))
    return lines
