"""Writing the 実務従事 ledger in the format its file name asks for: .docx (the form a
中小企業診断士 hands in), .xlsx (the same as a workbook) or .csv (one row per day, for
spreadsheets). ``companion ledger`` and the 活動日数台帳 window both come here."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from companion.reports.ledger_csv import write_ledger_csv
from companion.reports.ledger_docx import Practitioner, write_ledger_docx
from companion.reports.ledger_xlsx import write_ledger_xlsx
from companion.reports.output import check_output
from companion.services.visits.ledger import ActivityLedger, activity_ledger

if TYPE_CHECKING:
    from datetime import date

    from sqlmodel import Session

LEDGER_SUFFIXES = (".docx", ".xlsx", ".csv")
RENEWAL_VIEW_YEARS = 5


def write_ledger(ledger: ActivityLedger, out: Path, *, practitioner: Practitioner,
                 wareki: bool = True) -> Path:
    """Write ``ledger`` to ``out`` in the format of its extension (complete or not at
    all)."""
    target = check_output(out, suffixes=LEDGER_SUFFIXES)
    suffix = target.suffix.lower()
    if suffix == ".docx":
        return write_ledger_docx(ledger, target, practitioner=practitioner, wareki=wareki)
    if suffix == ".xlsx":
        return write_ledger_xlsx(ledger, target, practitioner=practitioner, wareki=wareki)
    return write_ledger_csv(ledger, target)


def export_ledger_file(*, session: Session, fiscal_year: int, out: Path,
                       years: int = RENEWAL_VIEW_YEARS, practitioner: Practitioner,
                       wareki: bool = True, today: date | None = None) -> ActivityLedger:
    """Check ``out``, read the ledger of ``years`` fiscal years ending with
    ``fiscal_year`` and write it."""
    check_output(out, suffixes=LEDGER_SUFFIXES)
    ledger = activity_ledger(session=session, fiscal_year=fiscal_year, years=years, today=today)
    write_ledger(ledger, out, practitioner=practitioner, wareki=wareki)
    return ledger
