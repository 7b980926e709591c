"""Reads the visit form makes in one transaction when it opens: the engagements to
choose from, the visit being reopened (a draft, or a saved visit to amend), and what
the form offers beside it for the engagement chosen.

It composes ``services.visits.capture`` and ``services.visits.form_context``; the
window runs it as a read op on the database worker (``companion.ui.ops``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from companion.services.visits.capture import VisitRecord, load_visit
from companion.services.visits.form_context import (
    EngagementChoice,
    VisitContext,
    engagement_choices,
    likeliest_engagement,
    visit_form_context,
)


@dataclass(frozen=True)
class VisitFormData:
    choices: list[EngagementChoice]
    record: VisitRecord | None  # None: a new visit
    context: VisitContext | None  # None: no engagement to choose yet


def visit_form_data(*, session: Session, today: date, engagement_id: uuid.UUID | None,
                    visit_id: uuid.UUID | None) -> VisitFormData:
    """What the form opens with: the visit ``visit_id`` (or a new one), on its
    engagement, on ``engagement_id``, or else on the likeliest engagement."""
    choices = engagement_choices(session=session)
    record = load_visit(session=session, visit_id=visit_id) if visit_id else None
    chosen = record.draft.engagement_id if record else engagement_id
    likeliest = likeliest_engagement(choices)
    if chosen is None and likeliest is not None:
        chosen = likeliest.id
    context = (visit_form_context(session=session, engagement_id=chosen, today=today,
                                  exclude_visit_id=visit_id) if chosen else None)
    return VisitFormData(choices=choices, record=record, context=context)
