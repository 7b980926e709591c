"""委託元の指標: the yearly figures a sponsor (自治体, 商工会, Biz centre, bank) sets its
own targets for. Each is a figure the sponsor's yearly tables already count
(``companion.reports.figures``); the target is stored per sponsor, fiscal year and
measure (table ``sponsortarget``), the actual is read from those tables, never
counted a second way.

A member's name is its stable code (the database and ``--measure`` take it); its value
is the Japanese label sponsors write.
"""

from __future__ import annotations

from enum import StrEnum

TARGET_MIN, TARGET_MAX = 1, 999_999  # a yearly count: at least 1, under a million


class SponsorMeasure(StrEnum):
    CONSULTATIONS = "延べ相談件数"
    BUSINESSES = "支援事業者数"
    NEW_BUSINESSES = "新規支援事業者数"
    PLANNED_BUSINESSES = "計画策定事業者数"
    SALES_ROSE = "売上高が増加した事業者数"
    SUBSIDY_SUPPORTS = "補助金申請支援件数"
    STARTUP_SUPPORTS = "創業支援件数"
    SUCCESSION_SUPPORTS = "事業承継支援件数"
    FINANCE_SUPPORTS = "資金調達支援件数"

    @property
    def unit(self) -> str:
        """件 for consultations, 者 for businesses."""
        return "件" if self.name in _COUNTS_CONSULTATIONS else "者"


_COUNTS_CONSULTATIONS = frozenset({"CONSULTATIONS", "SUBSIDY_SUPPORTS", "STARTUP_SUPPORTS",
                                   "SUCCESSION_SUPPORTS", "FINANCE_SUPPORTS"})


def parse_measure(text: str) -> SponsorMeasure | None:
    """A measure by its code (CONSULTATIONS, any case) or its label (延べ相談件数)."""
    cleaned = text.strip()
    for measure in SponsorMeasure:
        if cleaned.upper() == measure.name or cleaned == measure.value:
            return measure
    return None
