"""Reading a visit's notes apart from the structure a template put in them.

A template fills 記録 with ■ headings (and, under ■前回の宿題の確認, the last visit's
open next actions as ``・text(owner、m/dまで)`` lines). What the practitioner wrote is
the rest: that is what a draft's excerpt shows, and the headings tell which template a
reopened draft was started from.
"""

from __future__ import annotations

import re

from companion.domain.enums import Owner

HEADING_MARK = "■"
_BRACKET_HEADING = re.compile(r"^\s*【[^】\n]{1,30}】\s*")
_OWNERS = "|".join(re.escape(owner.value) for owner in Owner)
_CARRIED_ACTION = re.compile(rf"^\s*・.+((?:{_OWNERS})(?:、\d{{1,2}}/\d{{1,2}}まで)?)\s*$")


def headings(notes: str) -> list[str]:
    """The ■ heading lines of the notes, in order."""
    return [line.strip() for line in notes.splitlines() if line.strip().startswith(HEADING_MARK)]


def written_text(notes: str) -> str:
    """The notes without template headings (■ lines, a line that is only 【見出し】)
    and without the carried-over next-action lines a template listed."""
    kept = []
    for line in notes.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(HEADING_MARK) or _CARRIED_ACTION.match(stripped):
            continue
        stripped = _BRACKET_HEADING.sub("", stripped)
        while _BRACKET_HEADING.match(stripped):
            stripped = _BRACKET_HEADING.sub("", stripped)
        if stripped:
            kept.append(stripped)
    return "\n".join(kept)
