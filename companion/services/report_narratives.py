"""The practitioner's own words in the 実施報告書: 成果と今後の課題, 次年度の方針 and
自走化の状況, kept per engagement and fiscal year (table ``reportnarrative``).

A save is one use case and one transaction; the change log records it like every
other write (services.session), so undo and the history see it. Saving three empty
texts deletes the year's row: "nothing written" has one representation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from companion.db.models import Engagement, ReportNarrative
from companion.db.types import utcnow
from companion.domain.calendar import fiscal_year_label
from companion.domain.plan import covered_fiscal_years
from companion.errors import EngagementNotFound, Message, ValidationError

TEXT_LIMIT = 4000  # characters per section: about two A4 pages
FIELDS = (("achievements", "成果と今後の課題"), ("next_year_policy", "次年度の方針"),
          ("self_running", "自走化の状況"))


@dataclass(frozen=True)
class NarrativeText:
    achievements: str = ""
    next_year_policy: str = ""
    self_running: str = ""

    @property
    def empty(self) -> bool:
        return not (self.achievements or self.next_year_policy or self.self_running)


@dataclass(frozen=True)
class NarrativeYear:
    """One year's texts as stored (empty when nothing was written), and the latest
    earlier year's, which the editor offers as a start for this year."""

    engagement_id: uuid.UUID
    fiscal_year: int
    text: NarrativeText
    saved: bool
    previous_year: int | None
    previous: NarrativeText | None


@dataclass(frozen=True)
class NarrativeSaved:
    fiscal_year: int
    changed: bool
    deleted: bool = False


def _engagement(session: Session, engagement_id: uuid.UUID) -> Engagement:
    engagement = session.get(Engagement, engagement_id)
    if engagement is None:
        raise EngagementNotFound(engagement_id)
    return engagement


def _text_of(row: ReportNarrative | None) -> NarrativeText:
    if row is None:
        return NarrativeText()
    return NarrativeText(row.achievements, row.next_year_policy, row.self_running)


def _clean(value: str, label: str, field: str) -> str:
    text = "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n")
                     .split("\n")).strip("\n")
    if "\x00" in text:
        raise ValidationError("{label}に使えない文字が含まれています。", field=field, label=label)
    if len(text) > TEXT_LIMIT:
        raise ValidationError("{label}が長すぎます({length}文字)。{limit}文字以内にしてください。",
                              field=field, label=label, length=len(text), limit=TEXT_LIMIT)
    return text


def _check_year(engagement: Engagement, fiscal_year: int, today: date) -> None:
    years = covered_fiscal_years(engagement.start_on, engagement.planned_end_on, today=today)
    if fiscal_year not in years:
        raise ValidationError(
            "{year}はこの案件の期間外です。{first}〜{last}の年度を選んでください。",
            field="fiscal_year", year=fiscal_year_label(fiscal_year),
            first=fiscal_year_label(years[0]), last=fiscal_year_label(years[-1]))


def get_narrative(*, session: Session, engagement_id: uuid.UUID,
                  fiscal_year: int) -> NarrativeYear:
    _engagement(session, engagement_id)
    rows = list(session.exec(
        select(ReportNarrative).where(ReportNarrative.engagement_id == engagement_id,
                                      col(ReportNarrative.fiscal_year) <= fiscal_year)
        .order_by(col(ReportNarrative.fiscal_year).desc())))
    current = next((r for r in rows if r.fiscal_year == fiscal_year), None)
    earlier = next((r for r in rows if r.fiscal_year < fiscal_year), None)
    return NarrativeYear(
        engagement_id=engagement_id, fiscal_year=fiscal_year, text=_text_of(current),
        saved=current is not None, previous_year=earlier.fiscal_year if earlier else None,
        previous=_text_of(earlier) if earlier else None)


def save_narrative(*, session: Session, engagement_id: uuid.UUID, fiscal_year: int,
                   text: NarrativeText, today: date | None = None) -> NarrativeSaved:
    """Store the year's three texts. A year outside the engagement, a text over
    ``TEXT_LIMIT`` characters or a NUL character is a ValidationError naming the field;
    nothing is saved then."""
    engagement = _engagement(session, engagement_id)
    _check_year(engagement, fiscal_year, today or date.today())
    cleaned = {field: _clean(getattr(text, field), Message(label), field)
               for field, label in FIELDS}
    row = session.exec(select(ReportNarrative).where(
        ReportNarrative.engagement_id == engagement_id,
        ReportNarrative.fiscal_year == fiscal_year)).first()
    if not any(cleaned.values()):
        if row is None:
            return NarrativeSaved(fiscal_year=fiscal_year, changed=False)
        session.delete(row)
        session.commit()
        return NarrativeSaved(fiscal_year=fiscal_year, changed=True, deleted=True)
    if row is None:
        row = ReportNarrative(engagement_id=engagement_id, fiscal_year=fiscal_year,
                              achievements=cleaned["achievements"],
                              next_year_policy=cleaned["next_year_policy"],
                              self_running=cleaned["self_running"])
        session.add(row)
    else:
        if all(getattr(row, field) == value for field, value in cleaned.items()):
            return NarrativeSaved(fiscal_year=fiscal_year, changed=False)
        for field, value in cleaned.items():
            setattr(row, field, value)
        row.updated_at = utcnow()
    session.commit()
    return NarrativeSaved(fiscal_year=fiscal_year, changed=True)

