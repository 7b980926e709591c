"""What the 指標 tab shows, read in one transaction: an engagement's KPIs with their
entries (``services.kpis.kpi_overview``) and, per KPI, the report builder's yearly rows
and chart series (``builder.kpi_rows_and_series``), so the screen and the Word report
show the same figures.

It lives with the reports because it uses the builder; the window runs it as a read
op on the database worker (``companion.ui.ops``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from companion.reports.builder import kpi_rows_and_series
from companion.reports.model import KpiRow, KpiSeries
from companion.services.kpis import KpiOverview, kpi_overview


@dataclass(frozen=True)
class KpiBoard:
    """The KPIs with their entries, and per KPI name the builder's rows by fiscal year
    and its chart series."""

    overview: KpiOverview
    rows: dict[str, dict[int, KpiRow]]
    series: dict[str, KpiSeries]


def kpi_board(*, session: Session, engagement_id: uuid.UUID, today: date) -> KpiBoard:
    overview = kpi_overview(session=session, engagement_id=engagement_id, today=today)
    years = sorted(set(overview.fiscal_years)
                   | {year for kpi in overview.kpis for year in kpi.targets})
    rows, series = kpi_rows_and_series(session, [engagement_id], years, years)
    by_name: dict[str, dict[int, KpiRow]] = {}
    for _engagement, row in rows:
        by_name.setdefault(row.name, {})[row.fiscal_year] = row
    return KpiBoard(overview=overview, rows=by_name,
                    series={one.name: one for _engagement, one in series})
