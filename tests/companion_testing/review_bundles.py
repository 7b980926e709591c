"""Review-bundle helpers: export a practice's bundle, rewrite or unpack a zip."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from companion.services.review_bundle import ExportResult, export_review_bundle
from companion.services.session import session_scope
from companion.services.storage import OpenedData

PASSPHRASE = "峠を越えて毎週通う道"
TODAY = date(2026, 11, 20)


def export(practice: OpenedData, out: Path) -> ExportResult:
    with session_scope(practice.db) as session:
        return export_review_bundle(session=session, out=out, practitioner="佐藤 みのり(ゆざわ-Biz)",
                                    today=TODAY)


def rewrite_zip(source: Path, target: Path, *, drop: str | None = None,
                replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(source) as original:
        members = {name: original.read(name) for name in original.namelist()}
    if drop:
        members.pop(drop)
    members.update(replace or {})
    members.update(add or {})
    with zipfile.ZipFile(target, "w") as rewritten:
        for name, data in members.items():
            rewritten.writestr(name, data)
    return target


def unzip(source: Path, folder: Path) -> Path:
    with zipfile.ZipFile(source) as archive:
        archive.extractall(folder)
    return folder
