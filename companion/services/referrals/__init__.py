"""案件の引き継ぎ: a case referred to another centre (docs/referral.md).

The practitioner hands out a contact card (``write_contact_card``); a colleague who
takes over one of their businesses sends them a package made from the card
(``export_referral``): the client, the engagement, its plan, KPIs, the visits chosen
and their files, with the business owner's consent and what was withheld (counts,
never contents). The package never holds a disclosure, a red flag, a review or
anything of the signed register. ``preview_referral`` shows what a package holds and
``import_referral`` takes it in as a new engagement linked to the sender's.

The file format is ``companion.review.referral_package``. Each use case owns its one
transaction. The modules: ``card`` (the practitioner's own keys and card), ``export``
(what goes, and making the package), ``importing`` (inspecting, previewing and taking
in a package), ``notes`` (the engagement page's 引き継ぎ history). The window and the
CLI import from here.
"""

from __future__ import annotations

from companion.services.referrals.card import CardWritten, read_contact_card, write_contact_card
from companion.services.referrals.export import (
    Consent,
    Included,
    ReferralChoice,
    ReferralExported,
    ReferralSource,
    SentLine,
    VisitChoice,
    Withheld,
    export_referral,
    referral_source,
)
from companion.services.referrals.importing import (
    PackageInfo,
    ReferralImported,
    ReferralPreview,
    import_referral,
    inspect_package,
    preview_referral,
)
from companion.services.referrals.notes import ReferralNote, inherited_visit_ids, referral_notes

__all__ = [
    "CardWritten",
    "Consent",
    "Included",
    "PackageInfo",
    "ReferralChoice",
    "ReferralExported",
    "ReferralImported",
    "ReferralNote",
    "ReferralPreview",
    "ReferralSource",
    "SentLine",
    "VisitChoice",
    "Withheld",
    "export_referral",
    "import_referral",
    "inherited_visit_ids",
    "inspect_package",
    "preview_referral",
    "read_contact_card",
    "referral_notes",
    "referral_source",
    "write_contact_card",
]
