"""Review-bundle helpers: export a practice's bundle, rewrite or unpack a zip."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

from companion.db.database import Database
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


def rewrite_register(db: Database, *, drop_newest_version: bool = False,
                     edit_seq: int | None = None, forget_bundles: bool = True) -> None:
    """What a practitioner holding the signing key could do to their own database, done
    thoroughly: drop the newest disclosure version (its row too) or edit an old entry
    (and its row, so ``check`` and the export see nothing amiss), forget the bundles
    sent (their rows and their export entries), then renumber and re-hash the chain,
    restating every export entry's size and head."""
    import hashlib
    import json

    from sqlmodel import col, select

    from companion.db.models import (
        Disclosure,
        DisclosureEngagement,
        DisclosureVersion,
        ExportedBundle,
        LogEntry,
    )
    from companion.domain.enums import DisclosureKind
    from companion.domain.register_log import KIND_EXPORT, canonical_payload, next_entry

    with session_scope(db) as session:
        rows = session.exec(select(LogEntry).order_by(col(LogEntry.seq))).all()
        versions = {v.log_seq: v for v in session.exec(select(DisclosureVersion)).all()}
        if forget_bundles:
            for sent in session.exec(select(ExportedBundle)).all():
                session.delete(sent)
            for row in [r for r in rows if r.kind == KIND_EXPORT]:
                session.delete(row)
                rows.remove(row)
        if drop_newest_version:
            newest = max(seq for seq in versions if any(r.seq == seq for r in rows))
            version = versions.pop(newest)
            for link in session.exec(select(DisclosureEngagement).where(
                    DisclosureEngagement.version_id == version.id)).all():
                session.delete(link)
            session.delete(version)
            if version.version == 1:
                session.delete(session.get(Disclosure, version.disclosure_id))
            row = next(r for r in rows if r.seq == newest)
            session.delete(row)
            rows.remove(row)
        session.flush()
        for row in rows:  # out of the way of the unique constraints while renumbering
            row.seq = -row.seq
            if -row.seq in versions:
                versions[-row.seq].log_seq = row.seq
        session.flush()
        previous = None
        for index, row in enumerate(sorted(rows, key=lambda r: -r.seq), 1):
            payload = row.payload
            if -row.seq in versions:
                version = versions[-row.seq]
                if -row.seq == edit_seq:
                    payload = payload.replace("出資", "業務受託", 1)
                    content = json.loads(payload)  # the row says what the new entry says
                    version.kind = DisclosureKind(content["kind"])
                    for name in ("counterpart_name", "role_title", "description", "mitigation",
                                 "reason"):
                        setattr(version, name, content[name])
                    version.content_hash = hashlib.sha256(payload.encode()).hexdigest()
                version.log_seq = index
            if row.kind == KIND_EXPORT:
                content = json.loads(payload)
                content["size"] = index - 1
                content["head"] = previous.entry_hash if previous else ""
                payload = canonical_payload(content)
            entry = next_entry(previous, row.kind, payload)
            row.seq, row.payload = index, payload
            row.previous_hash, row.entry_hash = entry.previous_hash, entry.entry_hash
            previous = entry
        session.commit()


def reseal_as_practitioner(practice: OpenedData, source: Path, target: Path, *,
                           replace: dict[str, bytes] | None = None,
                           drop: tuple[str, ...] = ()) -> Path:
    """Change files of a bundle and sign it again with the practitioner's own key, as a
    practitioner could: the sums and signatures all check, so only the binding to the
    signed register can tell (H11: reviews/)."""
    import json

    from companion.review.bundle import SIGNED_FILES, BundleHeader, seal, write_zip
    from companion.review.checkpoint import Checkpoint
    from companion.services.register import current_signing_key

    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(members["manifest.json"])
    plain = {name: data for name, data in members.items() if name not in SIGNED_FILES}
    plain.update(replace or {})
    for name in drop:
        plain.pop(name)
    header = BundleHeader(
        manifest["generator"], manifest["created_at"], manifest["period"]["from"],
        manifest["period"]["to"], manifest["practitioner"]["name"], manifest["log_id"],
        Checkpoint(manifest["log_id"], manifest["checkpoint"]["size"],
                   manifest["checkpoint"]["head"]),
        manifest["rules_version"])
    with session_scope(practice.db, write=False) as session:
        key = current_signing_key(session=session)
    return write_zip(seal(plain, header, key), target)


# -- the auditor's published recipe (resources/review/README-reviewer.md), run as a script ----

import subprocess  # noqa: E402 (appended section; this file is append-only)

SYSTEM_TOOLS = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # python3 here is the system's


def published_recipe_commands() -> list[str]:
    """The ```bash lines of the published recipe (the repository's copy, not the bundle's)."""
    import re

    from companion.paths import resource

    text = resource("review", "README-reviewer.md").read_text(encoding="utf-8")
    return [line for block in re.findall(r"```bash\n(.*?)```", text, flags=re.S)
            for line in block.splitlines() if line.strip()]


def first_key_fingerprint(bundle: Path) -> str:
    """The register's identity key as the bundle states it (tests that pin it from the
    database, as an auditor would out of band, use the first LogEntry instead)."""
    import json

    with zipfile.ZipFile(bundle) as archive:
        register = json.loads(archive.read("register.json"))
    return str(json.loads(register["entries"][0]["payload"])["fingerprint"])


def run_published_recipe(bundle: Path, work: Path, *, identity: str | None = None,
                         since: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The published recipe, verbatim, in a new folder ``work`` holding only a copy of the
    bundle, with the system's python3 -I, openssl, sha256sum and unzip (no Companion); the
    verifier is the published file. The bundle is unpacked to ``work / "bundle"``. With
    ``since``, the verifier is also run with ``--since`` (the recipe's text block)."""
    import shutil

    from companion.paths import resource

    work.mkdir(parents=True)
    shutil.copyfile(bundle, work / "received.zip")
    commands = published_recipe_commands()
    env = {**SYSTEM_TOOLS, "VERIFIER": str(resource("review", "verify_chain.py")),
           "IDENTITY": identity or first_key_fingerprint(bundle), "BUNDLE": "received.zip"}
    if since is not None:
        env["SINCE"] = str(since)
        commands.append('python3 -I "$VERIFIER" "$BUNDLE" --identity "$IDENTITY" --since "$SINCE"')
    return subprocess.run(["bash", "-c", "set -e\n" + "\n".join(commands)], cwd=work,
                          capture_output=True, text=True, env=env, check=False)
