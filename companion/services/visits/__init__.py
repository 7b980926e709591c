"""Visits (訪問記録), one module per concept; import from the module, not from here.

- ``capture``: what the form sends (``VisitDraft``), the checks, autosaved drafts,
  finalizing, amending and discarding a visit, loading one back, the drafts left open.
- ``form_context``: what the form offers beside a visit (engagements to choose from,
  the last visit's open next actions, plan actions due, templates).
- ``follow_ups``: marking a visit's follow-up or a next action done (or open again).
- ``templates``: the built-in and the user's own note structures.
- ``timeline``: an engagement's visits over time and one visit's history of changes.
- ``ledger``: the activity-days ledger (実務従事の記録) of a fiscal year. Its points rule
  is ``domain.practice_points``, its CSV file ``reports.ledger_csv``.

Attached files belong to ``services.attachments``.
"""
