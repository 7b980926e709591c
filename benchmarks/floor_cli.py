"""Floors for the command-line read benchmarks: the least a process can do for the same answer.

    python benchmarks/floor_cli.py search FOLDER QUERY
    python benchmarks/floor_cli.py list-engagements FOLDER
    python benchmarks/floor_cli.py list-visits FOLDER
    python benchmarks/floor_cli.py report FOLDER ENGAGEMENT OUT.docx
    python benchmarks/floor_cli.py verify BUNDLE.zip
    python benchmarks/floor_cli.py sql FOLDER STATEMENTS.json

Each gets the raw data key from the keyring the way Companion does (the key id from
``recovery-key.json``, the key from ``keyring.get_password``; the benchmark runs it with
the file-backed ``bench_keyring`` as backend), opens the SQLCipher database with
``sqlcipher3`` directly and runs the SQL Companion runs for that command (copied from
``companion/db/reads``: ``search_hits``, ``engagement_summaries``, ``visit_lines``), then
prints the rows: JSON for search (``--json``), a tab-separated table for the lists.
``report`` writes the engagement's plan and visit tables with python-docx's plain API (no
chart, no template). ``verify`` reads the bundle, checks every hash of SHA256SUMS and the
Ed25519 signatures of manifest.json and SHA256SUMS. ``sql`` runs statements a read was
recorded running (sql_trace.py: ``list disclosures --json``) and prints their rows as
JSON. Nothing from ``companion`` is imported: this is what a process that knew the
answer's SQL would cost.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

SEARCH_SQL = """
    SELECT d.kind, d.ref_id, d.engagement_id, f.title, f.body,
           e.title AS engagement_title, c.name AS client_name,
           COALESCE(v.started_at, p.due_on, e.start_on) AS happened,
           v.mode AS mode, s.name AS sponsor_name
    FROM search_fts f
    JOIN search_doc d ON d.doc_id = f.rowid
    JOIN engagement e ON e.id = d.engagement_id
    JOIN client c ON c.id = e.client_id
    LEFT JOIN sponsor s ON s.id = e.sponsor_id
    LEFT JOIN visit v ON d.kind = 'visit' AND v.id = d.ref_id
    LEFT JOIN planitem p ON d.kind = 'plan' AND p.id = d.ref_id
    WHERE {match} AND COALESCE(v.is_draft, 0) = 0 AND d.kind IN ('visit', 'engagement', 'plan')
    ORDER BY f.rowid DESC
    LIMIT 50
"""

LIST_ENGAGEMENTS_SQL = """
    SELECT e.id, e.title, c.name, s.name, e.status, e.scheme, e.start_on, e.planned_end_on,
           v.saved_visits, v.last_visit_at
    FROM engagement e
    JOIN client c ON c.id = e.client_id
    LEFT JOIN sponsor s ON s.id = e.sponsor_id
    LEFT JOIN visit_tally v ON v.engagement_id = e.id
    WHERE e.archived IS 0
    ORDER BY e.start_on DESC, e.title
"""

LIST_VISITS_SQL = """
    SELECT v.id, v.engagement_id, e.title, c.name, v.started_at, v.mode, v.place,
           v.purpose, v.follow_up_on
    FROM visit v
    JOIN engagement e ON e.id = v.engagement_id
    JOIN client c ON c.id = e.client_id
    WHERE v.is_draft IS 0
    ORDER BY v.started_at DESC, v.id DESC
    LIMIT 101
"""
VISITS_SHOWN = 100  # `list visits` shows the newest 100 (one more read: are there more?)


# ホーム (services/home.py read_home): its SQL, with the same parameters.
OPEN = "engagement.archived IS 0 AND engagement.status IN ('PREPARING', 'ACTIVE')"
FOLLOW_UPS = (  # (FROM, due column, order on the same day, WHERE, columns): visits', actions'
    ("visit JOIN engagement ON engagement.id = visit.engagement_id",
     "visit.follow_up_on", "visit.started_at",
     "visit.follow_up_on IS NOT NULL AND visit.follow_up_on < :until "
     f"AND visit.follow_up_done_at IS NULL AND coalesce(visit.is_draft, 0) IS 0 AND {OPEN}",
     "visit.id, visit.engagement_id, visit.follow_up_on, visit.purpose, NULL, NULL, NULL"),
    ("visitaction JOIN visit ON visit.id = visitaction.visit_id "
     "JOIN engagement ON engagement.id = visit.engagement_id",
     "visitaction.due_on", "visitaction.created_at",
     "visitaction.due_on IS NOT NULL AND visitaction.due_on < :until "
     f"AND visitaction.done_at IS NULL AND coalesce(visit.is_draft, 0) IS 0 AND {OPEN}",
     "visit.id, visit.engagement_id, visitaction.due_on, visit.purpose, "
     "visitaction.id, visitaction.text, visitaction.owner"),
)
QUIET_SQL = """
    SELECT engagement.id, engagement.title, client.name, visit_tally.last_visit_at
    FROM engagement JOIN client ON client.id = engagement.client_id
    LEFT JOIN visit_tally ON visit_tally.engagement_id = engagement.id
    WHERE engagement.archived IS 0 AND engagement.status = :active
      AND engagement.start_on <= :started_by
"""


@dataclass
class Home:
    """What ホーム shows. A follow-up row: visit id, engagement id, due day, purpose,
    action id, text, owner (the last three NULL for a visit's own follow-up date),
    engagement title, client name. A quiet row: engagement id, title, client, last visit."""

    active: int
    engagements: int
    visits_this_year: int
    visits: int
    due_soon_count: int = 0
    overdue_count: int = 0
    long_overdue_count: int = 0
    due_soon: list[Any] = field(default_factory=list)
    overdue: list[Any] = field(default_factory=list)
    quiet: list[Any] = field(default_factory=list)


def stored(day: date) -> str:
    """Local midnight of a day, as the visit table stores moments (UTC text)."""
    moment = datetime.combine(day, clock()).astimezone().astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def follow_ups(db: Any, *, since: date | None, until: date, newest_first: bool = False,
               before: date | None = None) -> tuple[int, int, list[Any]]:
    """One ``_open_follow_ups`` of home.py: visits' follow-ups and next actions due from
    ``since`` to before ``until``, counted (and those due before ``before``), and the first
    50 of each merged by due day."""
    params = {"until": until.isoformat(), "since": since.isoformat() if since else None,
              "before": before.isoformat() if before else None}
    total, older, rows = 0, 0, []
    for joins, due, then, where, columns in FOLLOW_UPS:
        condition = where + (f" AND {due} >= :since" if since else "")
        counted = db.execute(f"SELECT count(*), count(CASE WHEN {due} < :before THEN 1 END) "
                             f"FROM {joins} WHERE {condition}", params).fetchone()
        total, older = total + counted[0], older + counted[1]
        rows += db.execute(
            f"SELECT {columns}, engagement.title, client.name FROM {joins} "
            f"JOIN client ON client.id = engagement.client_id WHERE {condition} "
            f"ORDER BY {due}{' DESC' if newest_first else ''}, {then} LIMIT 50", params
        ).fetchall()
    rows.sort(key=lambda row: row[2], reverse=newest_first)
    return total, older, rows[:50]


def home_queries(folder: Path, today: date) -> Home:
    """ホーム's queries for ``today``, with the same parameters as home.py's."""
    db = connect(folder)
    year = today.year if today.month >= 4 else today.year - 1

    def count(sql: str, *params: str) -> int:
        return int(db.execute(sql, params).fetchone()[0])

    home = Home(
        active=count("SELECT count(*) FROM engagement WHERE engagement.archived IS 0 "
                     "AND engagement.status = ?", "ACTIVE"),
        engagements=count("SELECT count(*) FROM engagement WHERE engagement.archived IS 0"),
        visits_this_year=count(
            "SELECT count(*) FROM visit WHERE visit.is_draft IS 0 AND visit.started_at >= ? "
            "AND visit.started_at < ?", stored(date(year, 4, 1)), stored(date(year + 1, 4, 1))),
        visits=count("SELECT coalesce(sum(saved_visits), 0) FROM visit_tally"))
    home.due_soon_count, _, home.due_soon = follow_ups(db, since=today,
                                                       until=today + timedelta(days=8))
    home.overdue_count, home.long_overdue_count, home.overdue = follow_ups(
        db, since=None, until=today, newest_first=True, before=today - timedelta(days=30))
    since = stored(today - timedelta(days=60))
    quiet = db.execute(QUIET_SQL, {"active": "ACTIVE", "started_by": (
        today - timedelta(days=60)).isoformat()}).fetchall()
    home.quiet = sorted((row for row in quiet if row[-1] is None or row[-1] < since),
                        key=lambda row: (row[-1] is not None, row[-1] or ""))[:50]
    db.close()
    return home


def data_key(folder: Path) -> bytes:
    """The raw key from the keyring, found by the key id of the folder's recovery file."""
    import keyring

    key_id = json.loads((folder / "recovery-key.json").read_text(encoding="utf-8"))["key_id"]
    stored = keyring.get_password("Companion", f"data-key-{key_id}")
    if not stored:
        raise SystemExit(f"floor: no key for {key_id} in the keyring ({keyring.get_keyring()})")
    return bytes.fromhex(stored)


def connect(folder: Path) -> Any:
    """The database opened as Companion opens it: raw key, no KDF, WAL."""
    import sqlcipher3

    key = data_key(folder)
    connection = sqlcipher3.connect(str(folder / "companion.db"))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


def search(folder: Path, query: str) -> list[Any]:
    connection = connect(folder)
    if len(query) >= 3:  # the trigram index
        sql = SEARCH_SQL.format(match="search_fts MATCH ?")
        params: tuple[str, ...] = ('"' + query.replace('"', '""') + '"',)
    else:  # shorter than a trigram: LIKE on the same table, as Companion does
        sql = SEARCH_SQL.format(match="(f.title LIKE ? ESCAPE '\\' OR f.body LIKE ? ESCAPE '\\')")
        params = (f"%{query}%", f"%{query}%")
    rows: list[Any] = connection.execute(sql, params).fetchall()
    return rows


REPORT_SQL = (
    """SELECT engagement.title, engagement.essential_issue, client.name FROM engagement
       JOIN client ON client.id = engagement.client_id WHERE engagement.id = ?""",
    """SELECT plan.fiscal_year, plan.level, plan.title, plan.owner, plan.due_on, plan.status,
              plan.progress FROM planitem AS plan WHERE plan.engagement_id = ?
       ORDER BY plan.fiscal_year, plan.position""",
    """SELECT visit.id, visit.started_at, visit.ended_at, visit.mode, visit.place,
              visit.purpose, visit.issues, visit.decisions FROM visit
       WHERE visit.engagement_id = ? AND visit.is_draft IS 0 ORDER BY visit.started_at""",
    """SELECT visitaction.visit_id, visitaction.text FROM visitaction
       JOIN visit ON visit.id = visitaction.visit_id
       WHERE visit.engagement_id = ? AND visit.is_draft IS 0 ORDER BY visitaction.created_at""",
)


def report(folder: Path, engagement: str, out: Path) -> int:
    """The report's floor: the engagement, its plan and its visits with their next actions
    read with four queries, and written as headings, paragraphs and two tables with
    python-docx's plain API (no template, no chart, no KPIs). Returns the visits written."""
    import docx

    db = connect(folder)
    key = engagement.replace("-", "")
    (title, issue, client), plan, visits, actions = (
        db.execute(REPORT_SQL[0], (key,)).fetchone(),
        *(db.execute(sql, (key,)).fetchall() for sql in REPORT_SQL[1:]))
    next_actions: dict[str, list[str]] = {}
    for visit_id, text in actions:
        next_actions.setdefault(visit_id, []).append(text)
    document = docx.Document()
    document.add_heading("支援実施報告書", 0)
    document.add_paragraph(f"{client} {title}")
    document.add_heading("1 支援の概要", 1)
    document.add_paragraph(issue)
    document.add_heading("3 支援計画", 1)
    table = document.add_table(rows=1, cols=5)
    for cell, heading in zip(table.rows[0].cells, ("年度", "区分", "項目", "期限", "進捗"),
                             strict=True):
        cell.text = heading
    for year, level, item, _owner, due, _status, progress in plan:
        for cell, value in zip(table.add_row().cells,
                               (year, level, item, due or "", f"{progress}%"), strict=True):
            cell.text = str(value)
    document.add_heading("4 支援の記録", 1)
    table = document.add_table(rows=1, cols=6)
    for cell, heading in zip(table.rows[0].cells,
                             ("日時", "形態", "場所", "目的", "要点", "次のアクション"), strict=True):
        cell.text = heading
    for visit_id, started, ended, mode, place, purpose, issues, decisions in visits:
        cells = table.add_row().cells
        cells[0].text = f"{started[:16]}\n{ended[11:16] if ended else ''}"
        cells[1].text, cells[2].text, cells[3].text = mode, place, purpose
        cells[4].text = "\n".join(part for part in (issues, decisions) if part)
        cells[5].text = "\n".join(next_actions.get(visit_id, []))
    document.save(str(out))
    db.close()
    return len(visits)


def verify(bundle: Path) -> list[str]:
    import hashlib
    import zipfile

    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    with zipfile.ZipFile(bundle) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    stated = {name: digest for digest, name in
              (line.split("  ", 1) for line in members["SHA256SUMS"].decode().splitlines())}
    problems = [name for name, data in members.items()
                if name not in ("SHA256SUMS", "SHA256SUMS.sig")
                and stated.get(name) != hashlib.sha256(data).hexdigest()]
    public = load_pem_public_key(members["practitioner.pem"])
    for signed, signature in (("manifest.json", "manifest.sig"), ("SHA256SUMS", "SHA256SUMS.sig")):
        public.verify(members[signature], members[signed])  # type: ignore[union-attr, call-arg]
    return problems


def main(argv: list[str]) -> int:
    command, target = argv[0], Path(argv[1])
    if command == "search":
        rows = search(target, argv[2])
    elif command in ("list-engagements", "list-visits"):  # a table, as the command prints
        sql = LIST_ENGAGEMENTS_SQL if command == "list-engagements" else LIST_VISITS_SQL
        found = connect(target).execute(sql).fetchall()
        for row in found if command == "list-engagements" else found[:VISITS_SHOWN]:
            print("\t".join("" if value is None else str(value) for value in row))
        return 0
    elif command == "report":
        print(json.dumps({"visits": report(target, argv[2], Path(argv[3]))}))
        return 0
    elif command == "sql":
        db = connect(target)
        statements = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        print(json.dumps([db.execute(sql).fetchall() for sql in statements], ensure_ascii=False))
        return 0
    elif command == "verify":
        problems = verify(target)
        print(json.dumps({"ok": not problems, "problems": problems}))
        return 1 if problems else 0
    else:
        raise SystemExit(f"floor: unknown command {command}")
    print(json.dumps([list(row) for row in rows], ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
