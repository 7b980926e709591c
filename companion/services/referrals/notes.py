"""The engagement page's 引き継ぎ history (``referral_notes``: where the engagement came
from and where it was referred to) and the visits that came in a referral
(``inherited_visit_ids``), which this practitioner's own figures leave out.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from companion.db.models import (
    ReferralReceived,
)
from companion.services.referrals.export import sent_rows


@dataclass(frozen=True)
class ReferralNote:
    """One line of an engagement's 引き継ぎ history."""

    received: bool  # True: 引き継ぎ元 (this engagement came from someone); False: 引き継ぎ先
    who: str  # "佐藤 みのり(ゆざわ-Biz)" ("" for a package sealed with a passphrase)
    at: datetime  # when the package was made
    imported_at: datetime | None
    consent_on: date
    consent_how: str
    file_name: str = ""


def referral_notes(*, session: Session, engagement_id: uuid.UUID) -> list[ReferralNote]:
    """Where this engagement came from and where it was referred to, oldest first."""
    notes = [ReferralNote(received=True, who=row.sender_label, at=row.referred_at,
                          imported_at=row.imported_at, consent_on=row.consent_on,
                          consent_how=row.consent_how)
             for row in session.exec(select(ReferralReceived)
                                     .where(ReferralReceived.engagement_id == engagement_id))]
    notes += [ReferralNote(received=False, who=row.recipient_label, at=row.referred_at,
                           imported_at=None, consent_on=row.consent_on, consent_how=row.consent_how,
                           file_name=row.file_name)
              for row in sent_rows(session, engagement_id)]
    return sorted(notes, key=lambda note: note.at)


def inherited_visit_ids(*, session: Session) -> set[uuid.UUID]:
    """Visits that came in a referral (the sender's work, not this practitioner's): the
    activity-days ledger and the sponsor's figures should not count them."""
    found: set[uuid.UUID] = set()
    for text in session.exec(select(ReferralReceived.contents)):
        found.update(uuid.UUID(v) for v in json.loads(text).get("visit_ids", []))
    return found
