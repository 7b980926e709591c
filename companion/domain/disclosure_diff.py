"""What changed between two versions of a disclosure, field by field.

Versions are compared as their register payloads (the exact content hashed into the
log, docs/review-bundle-format.md), so the practitioner's history and the reviewer's
view of a bundle show the same differences. Values are rendered as a person reads
them (500,000円, 1.8%, 2025/04/01, the names of linked engagements), and an empty
value reads 「(なし)」. The reason of a version is not a change of the interest: it is
shown beside the version, not in its diff.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

EMPTY = "(なし)"

# The fields of a disclosure a person compares, in the order a form shows them.
FIELDS: tuple[tuple[str, str], ...] = (
    ("kind", "種類"),
    ("counterpart_name", "相手先"),
    ("counterpart_client_id", "相手先の支援先"),
    ("engagement_ids", "関連する案件"),
    ("amount_yen", "金額"),
    ("share_percent", "持分"),
    ("role_title", "役職"),
    ("started_on", "開始日"),
    ("ended_on", "終了日"),
    ("declared_on", "申告日"),
    ("description", "内容"),
    ("mitigation", "管理方法"),
    ("status", "状態"),
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str  # as displayed; EMPTY when there was no value
    new: str


def _normal(value: Any) -> Any:
    """The comparable form: dates as ISO text, lists as sorted tuples, blanks as None."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(sorted(str(item) for item in value)) or None
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _day(text: str) -> str:
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text
    return f"{day.year:04d}/{day.month:02d}/{day.day:02d}"


def _name(names: Mapping[str, str], key: str, fallback: str) -> str:
    return names.get(key) or f"{fallback}({key[:8]}…)"


def format_value(field: str, value: Any, names: Mapping[str, str] | None = None) -> str:
    """One field's value as a person reads it."""
    names = names or {}
    value = _normal(value)
    if value is None:
        return EMPTY
    if field == "amount_yen" and isinstance(value, int | float):
        return f"{int(value):,}円"
    if field == "share_percent" and isinstance(value, int | float):
        return f"{float(value):g}%"
    if field in ("started_on", "ended_on", "declared_on"):
        return _day(str(value))
    if field == "engagement_ids":
        return "、".join(sorted(_name(names, str(item), "案件") for item in value))
    if field == "counterpart_client_id":
        return _name(names, str(value), "事業者")
    return str(value)


def diff_versions(old: Mapping[str, Any] | None, new: Mapping[str, Any], *,
                  names: Mapping[str, str] | None = None) -> list[FieldChange]:
    """The fields that differ from ``old`` to ``new``, in form order.

    For a first version (``old`` is None) every field that has a value is listed, as
    a change from nothing. ``names`` maps engagement and client ids (hex) to names.
    """
    changes = []
    for field, label in FIELDS:
        before = _normal(old.get(field)) if old is not None else None
        after = _normal(new.get(field))
        if before == after and old is not None:
            continue
        if old is None and after is None:
            continue
        changes.append(FieldChange(field, label, format_value(field, before, names),
                                   format_value(field, after, names)))
    return changes


def changed_labels(changes: list[FieldChange]) -> str:
    """「金額・持分」: a short summary of a diff for a list of versions."""
    return "・".join(change.label for change in changes)
