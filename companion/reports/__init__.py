"""Reports for sponsors: the engagement report (.docx) and the figures (.xlsx/.csv).

``export_report`` is the one call the CLI and the GUI make; the GUI may also run
``build_report`` (database work) and ``write_report`` (rendering) on separate workers.
Nothing here imports Qt.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from companion.reports.model import EngagementReport, Reporter, ReportResult

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["EngagementReport", "ReportResult", "Reporter", "export_report"]


def export_report(*, session: Session, engagement_id: uuid.UUID, out: Path,
                  fiscal_year: int | None = None, template: Path | None = None,
                  wareki: bool = True, outcomes: str | None = None, practitioner: str = "",
                  reporter: Reporter | None = None, today: date | None = None,
                  full_texts: bool = False, reiwa_gannen: bool = False) -> ReportResult:
    """Build an engagement's 実施報告書 from the database and write it to ``out``.

    ``reporter`` (or a plain ``practitioner`` name) is the 報告者, ``today`` the report
    date, ``full_texts`` prints visit texts whole, ``reiwa_gannen`` writes 2019年度 as
    令和元年度. Bad input (an unknown engagement, a fiscal year outside it, a missing or
    read-only output folder, a template that is not a .docx) raises one KnownError
    before anything is written; no partial file is ever left behind.
    """
    from companion.reports.builder import build_report
    from companion.reports.docx_writer import open_template, write_report
    from companion.reports.output import check_output

    check_output(out, suffixes=(".docx",))
    open_template(template)  # fail fast, before the queries
    report = build_report(session=session, engagement_id=engagement_id, fiscal_year=fiscal_year,
                          outcomes=outcomes, practitioner=practitioner, reporter=reporter,
                          today=today, full_texts=full_texts)
    return write_report(report, out, template=template, wareki=wareki,
                        reiwa_gannen=reiwa_gannen)
