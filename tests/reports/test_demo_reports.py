"""Every demo engagement makes a complete report and the figures add up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlmodel import select

from companion.db.database import Database
from companion.db.models import Engagement
from companion.domain.calendar import JST, fiscal_year_of
from companion.reports import export_report
from companion.reports.figures import export_figures
from companion.services.demo import generate_demo
from companion.services.engagements import list_visits
from companion.services.session import session_scope

TODAY = date(2026, 11, 23)


@pytest.mark.slow
def test_every_demo_engagement_reports_cleanly(db: Database, tmp_path: Path) -> None:
    with session_scope(db) as writing:
        generate_demo(session=writing, size="small", today=TODAY)
    with session_scope(db, write=False) as session:
        engagements = list(session.exec(select(Engagement)))
        assert engagements
        total_visits = 0
        for engagement in engagements:
            year = fiscal_year_of(engagement.start_on)
            result = export_report(session=session, engagement_id=engagement.id,
                                   out=tmp_path / f"{engagement.id}.docx", fiscal_year=year,
                                   today=TODAY)
            # the template is complete; only the practitioner's texts are not written
            # in the demo (services/demo.py makes none yet)
            assert all("未記入" in warning for warning in result.warnings), result.warnings
            document = docx.Document(str(result.path))
            visits = list_visits(session=session, engagement_id=engagement.id)
            in_year = [v for v in visits
                       if fiscal_year_of(v.started_at.astimezone(JST).date()) == year]
            tables = {t.rows[0].cells[0].text: t for t in document.tables}
            if in_year:
                assert len(tables["日時・形態"].rows) - 1 == len(in_year)
            texts = [p.text for p in document.paragraphs]
            assert "5 利益相反の開示" in texts
            assert "該当なし" in texts or "開示番号" in tables
            total_visits += len(visits)
        figures = export_figures(session=session, out=tmp_path / "figures.xlsx", today=TODAY)
    rows = list(openpyxl.load_workbook(figures.path)["訪問件数"].iter_rows(values_only=True))
    assert rows[-1][-1] == total_visits
