"""委託元の目標: a sponsor's own yearly targets for the figures it counts (延べ相談件数,
支援事業者数, 新規支援事業者数, ...; ``domain.sponsor_measures``), stored per sponsor,
fiscal year and measure (table ``sponsortarget``). The actuals are counted by
``reports.figures`` (``sponsor_target_standings``), never stored here.

A save is one use case and one transaction, recorded in the change log like every
other write (services.session), so undo and the history see it. Every entry is checked
before anything is written: one bad entry refuses the whole save. A target left empty
(None) removes the year's target: "no target" has one representation.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from companion.db.models import Sponsor, SponsorTarget
from companion.db.types import utcnow
from companion.domain.calendar import fiscal_year_label, fiscal_year_of
from companion.domain.enums import SponsorKind
from companion.domain.sponsor_measures import TARGET_MAX, TARGET_MIN, SponsorMeasure
from companion.errors import NotFoundError, ValidationError

MIN_YEAR, MAX_YEAR = 1990, 2100
YEARS_BACK, YEARS_AHEAD = 2, 1  # the years the editor offers around this one


@dataclass(frozen=True)
class TargetEntry:
    """One target as entered; ``target`` None removes the year's target."""

    sponsor_id: uuid.UUID
    fiscal_year: int
    measure: SponsorMeasure
    target: int | None


@dataclass(frozen=True)
class SponsorTargetRow:
    sponsor_id: uuid.UUID
    sponsor_name: str
    fiscal_year: int
    measure: SponsorMeasure
    target: int


@dataclass(frozen=True)
class SponsorChoice:
    id: uuid.UUID
    name: str
    kind: SponsorKind


@dataclass(frozen=True)
class TargetEditing:
    """What the editor shows: the sponsors (not archived, or with targets), the fiscal
    years offered (this year and around it, and every year with a target) and every
    stored target by (sponsor, year, measure)."""

    sponsors: list[SponsorChoice]
    years: list[int]
    targets: dict[tuple[uuid.UUID, int, SponsorMeasure], int]


@dataclass(frozen=True)
class TargetsSaved:
    added: int = 0
    changed: int = 0
    removed: int = 0

    @property
    def any(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _check_year(fiscal_year: int) -> None:
    if not MIN_YEAR <= fiscal_year <= MAX_YEAR:
        raise ValidationError("年度は {low}〜{high} の西暦で指定してください: {year}",
                              field="fiscal_year", low=MIN_YEAR, high=MAX_YEAR,
                              year=fiscal_year)


def _check_target(entry: TargetEntry) -> None:
    if entry.target is None:
        return
    if isinstance(entry.target, bool) or not isinstance(entry.target, int) or \
            not TARGET_MIN <= entry.target <= TARGET_MAX:
        raise ValidationError(
            "{year}の「{measure}」の目標は {low}〜{high} の整数で入力してください: {value}",
            field="target", year=fiscal_year_label(entry.fiscal_year),
            measure=entry.measure.value, low=TARGET_MIN, high=f"{TARGET_MAX:,}",
            value=entry.target)


def _check_measure(measure: object) -> SponsorMeasure:
    if isinstance(measure, SponsorMeasure):
        return measure
    raise ValidationError("指標を選んでください: {measure}", field="measure", measure=measure,
                          hint="延べ相談件数・支援事業者数などの指標から選んでください。")


def _sponsor(session: Session, sponsor_id: uuid.UUID) -> Sponsor:
    sponsor = session.get(Sponsor, sponsor_id)
    if sponsor is None:
        raise NotFoundError("委託元が見つかりません(削除された可能性があります)。")
    return sponsor


def list_sponsor_targets(*, session: Session, sponsor_id: uuid.UUID | None = None,
                         fiscal_year: int | None = None) -> list[SponsorTargetRow]:
    """Every stored target, by sponsor name, year and measure (in the enum's order)."""
    query = select(SponsorTarget, Sponsor.name).join(
        Sponsor, col(Sponsor.id) == SponsorTarget.sponsor_id)
    if sponsor_id is not None:
        _sponsor(session, sponsor_id)
        query = query.where(SponsorTarget.sponsor_id == sponsor_id)
    if fiscal_year is not None:
        query = query.where(SponsorTarget.fiscal_year == fiscal_year)
    order = {measure: index for index, measure in enumerate(SponsorMeasure)}
    rows = [SponsorTargetRow(sponsor_id=target.sponsor_id, sponsor_name=name,
                             fiscal_year=target.fiscal_year,
                             measure=SponsorMeasure(target.measure), target=target.target)
            for target, name in session.exec(query)]
    rows.sort(key=lambda r: (r.sponsor_name, str(r.sponsor_id), r.fiscal_year, order[r.measure]))
    return rows


def targets_for_editing(*, session: Session, today: date | None = None) -> TargetEditing:
    this_year = fiscal_year_of(today or date.today())
    stored = list(session.exec(select(SponsorTarget)))
    with_targets = {target.sponsor_id for target in stored}
    sponsors = [SponsorChoice(id=s.id, name=s.name, kind=SponsorKind(s.kind))
                for s in session.exec(select(Sponsor).order_by(col(Sponsor.name)))
                if not s.archived or s.id in with_targets]
    years = sorted({*range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1),
                    *(target.fiscal_year for target in stored)})
    return TargetEditing(
        sponsors=sponsors, years=years,
        targets={(t.sponsor_id, t.fiscal_year, SponsorMeasure(t.measure)): t.target
                 for t in stored})


def save_sponsor_targets(*, session: Session, entries: Sequence[TargetEntry]) -> TargetsSaved:
    """Store every entry in one transaction (None removes the target). A year outside
    1990–2100, a target that is not a whole number from 1 to 999,999, an unknown
    measure or sponsor is a ValidationError (or NotFoundError); nothing is saved then."""
    for entry in entries:
        _check_measure(entry.measure)
        _check_year(entry.fiscal_year)
        _check_target(entry)
    for sponsor_id in {entry.sponsor_id for entry in entries}:
        _sponsor(session, sponsor_id)
    added = changed = removed = 0
    for entry in entries:
        row = session.exec(select(SponsorTarget).where(
            SponsorTarget.sponsor_id == entry.sponsor_id,
            SponsorTarget.fiscal_year == entry.fiscal_year,
            SponsorTarget.measure == entry.measure)).first()
        if entry.target is None:
            if row is not None:
                session.delete(row)
                removed += 1
        elif row is None:
            session.add(SponsorTarget(sponsor_id=entry.sponsor_id,
                                      fiscal_year=entry.fiscal_year, measure=entry.measure,
                                      target=entry.target))
            added += 1
        elif row.target != entry.target:
            row.target = entry.target
            row.updated_at = utcnow()
            changed += 1
        session.flush()  # a second entry for the same key sees the first
    result = TargetsSaved(added=added, changed=changed, removed=removed)
    if result.any:
        session.commit()
    return result


def set_sponsor_target(*, session: Session, sponsor_id: uuid.UUID, fiscal_year: int,
                       measure: SponsorMeasure, target: int | None) -> TargetsSaved:
    """One target (``companion sponsor-target set``); None removes it."""
    return save_sponsor_targets(session=session, entries=[TargetEntry(
        sponsor_id=sponsor_id, fiscal_year=fiscal_year, measure=measure, target=target)])
