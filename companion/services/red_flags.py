"""Gathering the facts the red-flag rules need, and running the rules, in a Session's
transaction. The reads are written once, in ``db.reads.red_flags`` (the facts of every
disclosure version, engagement, sensitive mention and reviewed version; the command
line's lean path runs the same ones); here they run on the session's connection."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date

from sqlmodel import Session

from companion.db.reads import driver_connection
from companion.db.reads import red_flags as reads
from companion.db.reads.red_flags import RedFlagInputs as RedFlagInputs
from companion.domain.red_flags import RedFlag, TextMention


def sensitive_mentions(*, session: Session, engagement_ids: Collection[uuid.UUID] | None = None
                       ) -> list[TextMention]:
    """Sentences of visits and plan items that name a financial or board tie; with
    ``engagement_ids``, only those engagements' (``db.reads.red_flags.sensitive_mentions``)."""
    return reads.sensitive_mentions(driver_connection(session), engagement_ids)


def red_flag_inputs(*, session: Session, today: date,
                    mentions_of: Collection[uuid.UUID] | None = None) -> RedFlagInputs:
    """``mentions_of`` reads the text of those engagements alone: the flags of every
    other client's records are then incomplete (a report keeps only its client's)."""
    return reads.red_flag_inputs(driver_connection(session), today=today,
                                 mentions_of=mentions_of)


def compute_red_flags(*, session: Session, today: date,
                      mentions_of: Collection[uuid.UUID] | None = None) -> list[RedFlag]:
    return red_flag_inputs(session=session, today=today, mentions_of=mentions_of).flags()
