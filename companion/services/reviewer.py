"""The reviewer's side of the third-party review, without any practitioner database.

A reviewer (第三者) opens a practitioner's bundle, reads what it holds, records a
finding per disclosure version and sends back a signed response. Everything here
works from the bundle file and two small files in the reviewer's own data folder:

``reviewer-checkpoints.json``
    The last checkpoint this reviewer has seen for each practitioner, keyed by the
    fingerprint of the practitioner's *first* signing key (entry 1 of their register:
    it names the register for good and survives key rotations), and the reviewer's
    own name and organisation for the response. When a new bundle does not extend the
    remembered checkpoint (entries removed or rewritten), the reviewer is warned and
    the remembered checkpoint is kept. It holds no secret.

``reviewer-key.json``
    The reviewer's Ed25519 signing key, wrapped by a passphrase the reviewer chooses
    (scrypt + AES-256-GCM, the same format as the data key's recovery file). The key
    is also kept in the OS keyring, so the passphrase is asked once; on a machine
    without a usable keyring (a headless Linux) it is asked each time a response is
    signed, and on a new laptop the file plus the passphrase bring the same key back
    (the practitioner keeps trusting its fingerprint). The key is never written
    anywhere in plain text.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from companion.atomic import write_atomically
from companion.domain.enums import Finding
from companion.domain.register_log import KIND_DISCLOSURE, content_hash
from companion.errors import KnownError, ValidationError
from companion.keystore import KeyringUnavailable, SecretStore
from companion.paths import DataPaths
from companion.review.bundle import sha256_hex
from companion.review.checkpoint import Checkpoint, parse_checkpoint
from companion.review.keys import fingerprint, new_private_key, private_from_text, private_to_text
from companion.review.limits import (
    MAX_MEMBER_BYTES,
    MAX_TEXT_BYTES,
    check_json,
    load_json,
    read_text,
)
from companion.review.response import FindingRecord, make_response
from companion.review.verify import BundleView, continuity_problems, inspect_bundle
from companion.security import recovery

log = logging.getLogger("companion.reviewer")

STATE_FILE = "reviewer-checkpoints.json"
STATE_FORMAT = "companion-reviewer-checkpoints"
KEY_FILE = "reviewer-key.json"
MAX_RESPONSE_BYTES = MAX_TEXT_BYTES


# -- reading a response file (both sides) -------------------------------------------------

def read_response_file(path: Path) -> str:
    """The text of a signed response file, or one clear line (missing, a folder, too
    big, not UTF-8 text, JSON nested too deeply): see companion.review.limits."""
    text = read_text(path, limit=MAX_RESPONSE_BYTES)
    check_json(text, name=str(path))
    return text


# -- what a bundle holds, for a reader ------------------------------------------------------

@dataclass(frozen=True)
class BundleVersion:
    """One disclosure version as the bundle's register states it."""

    seq: int
    number: int
    version: int
    version_id: str
    disclosure_id: str
    content: dict[str, Any]  # the payload, as hashed
    content_hash: str

    def text(self, key: str) -> str:
        value = self.content.get(key)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class BundleDisclosure:
    number: int
    versions: tuple[BundleVersion, ...]  # oldest first

    @property
    def latest(self) -> BundleVersion:
        return self.versions[-1]


@dataclass(frozen=True)
class BundleFlag:
    rule: str
    reason: str
    disclosures: tuple[int, ...]
    engagement_ids: tuple[str, ...]


ContinuityStatus = Literal["first", "same", "extends", "problem"]


@dataclass(frozen=True)
class Continuity:
    status: ContinuityStatus
    message: str
    problems: tuple[str, ...] = ()


@dataclass
class OpenedBundle:
    path: Path
    problems: list[str]
    readable: bool  # the register could be read (the rest of the fields are filled)
    practitioner_name: str = ""
    practitioner_fingerprint: str = ""  # the key in force
    identity_fingerprint: str = ""  # the register's first key
    period: tuple[str, str] = ("", "")
    created_at: str = ""
    rules_version: str = ""
    checkpoint: Checkpoint | None = None
    checkpoint_text: str = ""
    manifest_sha256: str = ""
    disclosures: list[BundleDisclosure] = field(default_factory=list)
    flags: list[BundleFlag] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # engagement id hex -> title(client)
    earlier_reviews: int = 0
    continuity: Continuity | None = None
    remembered: bool = False  # its checkpoint is now the one remembered

    @property
    def ok(self) -> bool:
        return self.readable and not self.problems

    def version(self, version_id: str) -> BundleVersion | None:
        for disclosure in self.disclosures:
            for version in disclosure.versions:
                if version.version_id == version_id:
                    return version
        return None


def _disclosures(view: BundleView, problems: list[str]) -> list[BundleDisclosure]:
    by_id: dict[str, list[BundleVersion]] = {}
    for entry in view.entries:
        if entry.kind != KIND_DISCLOSURE:
            continue
        try:
            content = load_json(entry.payload, name=f"register.json: 記録 {entry.seq}")
            version = BundleVersion(entry.seq, int(content["number"]), int(content["version"]),
                                    str(content["version_id"]), str(content["disclosure_id"]),
                                    content, content_hash(entry.payload))
        except (ValueError, KeyError, TypeError, KnownError):
            problems.append(f"register.json: 記録 {entry.seq} の開示の内容を読めません")
            continue
        by_id.setdefault(version.disclosure_id, []).append(version)
    disclosures = [BundleDisclosure(versions[0].number,
                                    tuple(sorted(versions, key=lambda v: v.version)))
                   for versions in by_id.values()]
    return sorted(disclosures, key=lambda d: d.number)


def _flags(members: dict[str, bytes], problems: list[str]) -> list[BundleFlag]:
    data = members.get("red-flags.json")
    if data is None:
        problems.append("red-flags.json: ファイルがありません")
        return []
    try:
        document = load_json(data, name="red-flags.json", limit=MAX_MEMBER_BYTES)
        return [BundleFlag(str(f["rule"]), str(f["reason"]),
                           tuple(int(n) for n in f.get("disclosures", [])),
                           tuple(str(e) for e in f.get("engagement_ids", [])))
                for f in document["red_flags"]]
    except (ValueError, KeyError, TypeError, KnownError):
        problems.append("red-flags.json: 注意事項の形式が正しくありません")
        return []


def _engagement_names(members: dict[str, bytes]) -> dict[str, str]:
    data = members.get("engagements.csv")
    if data is None:
        return {}
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        return {}
    return {row.get("案件ID", ""): f"{row.get('案件名', '')}({row.get('事業者', '')})"
            for row in rows if row.get("案件ID")}


# -- remembered checkpoints -----------------------------------------------------------------

@dataclass(frozen=True)
class Remembered:
    checkpoint: str
    bundle: str
    practitioner_name: str
    seen_on: str


@dataclass
class ReviewerState:
    reviewer_name: str = ""
    organisation: str = ""
    practitioners: dict[str, Remembered] = field(default_factory=dict)


def state_path(paths: DataPaths) -> Path:
    return paths.root / STATE_FILE


def load_state(paths: DataPaths) -> ReviewerState:
    """The reviewer's remembered checkpoints; a missing file is a first use, an
    unreadable one is an error (silently starting over would hide a rewrite)."""
    path = state_path(paths)
    if not path.exists():
        return ReviewerState()
    try:
        document = load_json(read_text(path), name=path.name)
        if document.get("format") != STATE_FORMAT:
            raise ValueError("format")
        reviewer = document.get("reviewer", {})
        return ReviewerState(
            str(reviewer.get("name", "")), str(reviewer.get("organisation", "")),
            {str(fp): Remembered(str(r["checkpoint"]), str(r.get("bundle", "")),
                                 str(r.get("practitioner_name", "")), str(r.get("seen_on", "")))
             for fp, r in document.get("practitioners", {}).items()})
    except (KnownError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise KnownError("前回までに確認した記録のファイルを読めません: {path} ({reason})",
                         hint="バックアップから戻すまで、連続性は確認できません。", path=path, reason=exc) from exc


def save_state(paths: DataPaths, state: ReviewerState) -> None:
    document = {
        "format": STATE_FORMAT, "version": 1,
        "reviewer": {"name": state.reviewer_name, "organisation": state.organisation},
        "practitioners": {fp: {"checkpoint": r.checkpoint, "bundle": r.bundle,
                               "practitioner_name": r.practitioner_name, "seen_on": r.seen_on}
                          for fp, r in sorted(state.practitioners.items())},
    }
    try:
        write_atomically(state_path(paths),
                         json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as exc:
        raise KnownError("確認した記録を保存できません: {state_path} ({reason})", state_path=state_path(paths), reason=exc.strerror) from exc


def _continuity(view: BundleView, state: ReviewerState, identity: str, name: str,
                checkpoint: Checkpoint) -> Continuity:
    remembered = state.practitioners.get(identity)
    if remembered is None:
        others = [fp for fp, r in state.practitioners.items()
                  if name and r.practitioner_name == name and fp != identity]
        message = (f"この支援者(鍵 {identity[:16]}…)のバンドルを開くのは初めてです。"
                   "鍵の指紋を、電話など別の経路で支援者本人に確認してください。")
        if others:
            return Continuity("problem", message, (
                f"同じ氏名「{name}」で別の鍵({others[0][:16]}…)のバンドルを以前に確認しています。"
                "なりすましや鍵の作り直しでないか、支援者に確認してください。",))
        return Continuity("first", message)
    try:
        before = parse_checkpoint(remembered.checkpoint)
    except KnownError:
        return Continuity("problem", "前回確認した記録を読めません。",
                          ("前回確認したチェックポイントの形式が正しくありません。",))
    label = f"前回確認したバンドル({remembered.bundle}、{remembered.seen_on})"
    problems = continuity_problems(view, before, None, label=label)
    if problems:
        return Continuity("problem", f"{label}から続いていません。", tuple(problems))
    added = checkpoint.size - before.size
    if added == 0:
        return Continuity("same", f"{label}と同じ記録です(記録 {checkpoint.size} 件)。")
    return Continuity("extends", f"{label}の記録 {before.size} 件を書き換えずに、"
                                 f"{added} 件を追記しています。")


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def open_bundle(*, path: Path, paths: DataPaths, today: date | None = None) -> OpenedBundle:
    """Verify a bundle and read it for review; compare it with the checkpoint this
    reviewer last saw from the same practitioner, and remember its checkpoint when it
    verifies and extends that one. Never raises for a bad bundle: its problems are in
    the result."""
    verification = inspect_bundle(path)
    result = OpenedBundle(path=path, problems=list(verification.problems),
                          readable=verification.view is not None)
    view = verification.view
    if view is None:
        return result
    manifest = view.manifest
    practitioner = _mapping(manifest.get("practitioner"))
    period = _mapping(manifest.get("period"))
    result.practitioner_name = str(practitioner.get("name", ""))
    in_force = view.key_for(len(view.entries))
    result.practitioner_fingerprint = in_force.fingerprint if in_force else ""
    result.identity_fingerprint = view.keys[0].fingerprint if view.keys else ""
    result.period = (str(period.get("from", "")), str(period.get("to", "")))
    result.created_at = str(manifest.get("created_at", ""))
    result.rules_version = str(manifest.get("rules_version", ""))
    result.checkpoint = view.checkpoint
    result.checkpoint_text = view.members.get("checkpoint.txt", b"").decode("ascii", "replace")
    result.manifest_sha256 = sha256_hex(view.members["manifest.json"])
    result.disclosures = _disclosures(view, result.problems)
    result.flags = _flags(view.members, result.problems)
    result.names = _engagement_names(view.members)
    result.earlier_reviews = sum(1 for name in view.members if name.startswith("reviews/"))
    if view.checkpoint is None or not result.identity_fingerprint:
        return result
    try:
        state = load_state(paths)
    except KnownError as exc:
        result.continuity = Continuity("problem", "連続性を確認できません。", (exc.message,))
        return result
    result.continuity = _continuity(view, state, result.identity_fingerprint,
                                    result.practitioner_name, view.checkpoint)
    if result.ok and result.continuity.status in ("first", "extends"):
        state.practitioners[result.identity_fingerprint] = Remembered(
            view.checkpoint.text(), path.name, result.practitioner_name,
            (today or date.today()).isoformat())
        save_state(paths, state)
        result.remembered = True
    return result


@dataclass(frozen=True)
class ReviewOpening:
    """A bundle opened for review, with what the reviewer's window fills in beside it."""

    bundle: OpenedBundle
    reviewer_name: str  # remembered from the last response ('' before the first)
    organisation: str
    own_fingerprint: str | None  # the reviewer's key; None before the first response


def open_for_review(*, path: Path, paths: DataPaths, today: date | None = None) -> ReviewOpening:
    """Verify and read a bundle (``open_bundle``), with the reviewer's remembered name
    and organisation and their key's fingerprint. Files only (no database): the window
    runs it on its second pool."""
    bundle = open_bundle(path=path, paths=paths, today=today)
    try:
        state = load_state(paths)
        name, organisation = state.reviewer_name, state.organisation
    except KnownError:
        name = organisation = ""
    try:
        own = reviewer_fingerprint(paths)
    except KnownError:
        own = None
    return ReviewOpening(bundle, name, organisation, own)


# -- the reviewer's key ---------------------------------------------------------------------

class ReviewerPassphraseNeeded(KnownError):
    """The reviewer's key needs its passphrase: to create it (first use) or to unlock
    it (no keyring, or a keyring that does not hold it)."""

    def __init__(self, *, create: bool, wrong: bool = False) -> None:
        if wrong:
            super().__init__("レビュー用の鍵のパスフレーズが違います。")
        elif create:
            super().__init__("レビュー用の署名鍵を作ります。鍵を守るパスフレーズを決めてください。")
        else:
            super().__init__("レビュー用の署名鍵を使うには、パスフレーズを入力してください。")
        self.create = create
        self.wrong = wrong


def key_path(paths: DataPaths) -> Path:
    return paths.root / KEY_FILE


def _keyring_name(fp: str) -> str:
    return f"reviewer-key-{fp}"


def _keyring_get(fp: str) -> str | None:
    try:
        return SecretStore().get(_keyring_name(fp))
    except KeyringUnavailable as exc:
        log.info("keyring unavailable for the reviewer key: %s", exc)
        return None


def _keyring_put(fp: str, key: Ed25519PrivateKey) -> None:
    try:
        SecretStore().put(_keyring_name(fp), private_to_text(key))
    except KeyringUnavailable as exc:
        log.warning("reviewer key kept only in %s (passphrase each time): %s", KEY_FILE, exc)


def reviewer_fingerprint(paths: DataPaths) -> str | None:
    """The fingerprint of this reviewer's key, None before the first response."""
    if not key_path(paths).is_file():
        return None
    return recovery.load(key_path(paths)).key_id


def reviewer_key(*, paths: DataPaths, passphrase: str | None) -> Ed25519PrivateKey:
    """The reviewer's signing key: from the keyring, else unwrapped from its file with
    the passphrase; created (file and keyring) on first use."""
    path = key_path(paths)
    if path.is_file():
        wrapped = recovery.load(path)
        stored = _keyring_get(wrapped.key_id)
        if stored:
            key = private_from_text(stored)
            if fingerprint(key.public_key()) == wrapped.key_id:
                return key
            log.warning("keyring entry for the reviewer key does not match %s", KEY_FILE)
        if not passphrase:
            raise ReviewerPassphraseNeeded(create=False)
        try:
            raw = recovery.unwrap(wrapped, passphrase)
        except KnownError:
            raise ReviewerPassphraseNeeded(create=False, wrong=True) from None
        key = Ed25519PrivateKey.from_private_bytes(raw)
        _keyring_put(wrapped.key_id, key)
        return key
    if not passphrase:
        raise ReviewerPassphraseNeeded(create=True)
    recovery.check_new_passphrase(passphrase)
    key = new_private_key()
    fp = fingerprint(key.public_key())
    raw = key.private_bytes_raw()
    try:
        recovery.save(recovery.wrap(raw, passphrase, key_id=fp), path)
    except OSError as exc:
        raise KnownError("レビュー用の鍵を保存できません: {path} ({reason})", path=path, reason=exc.strerror) from exc
    _keyring_put(fp, key)
    log.info("created reviewer key %s", fp)
    return key


# -- the response -----------------------------------------------------------------------------

@dataclass(frozen=True)
class FindingDraft:
    version_id: str
    finding: Finding
    conditions: str = ""
    comment: str = ""


def check_finding(draft: FindingDraft) -> None:
    """A finding that asks something of the practitioner must say what."""
    if draft.finding is Finding.ACCEPTED_UNDER_CONTROL and not draft.conditions.strip():
        raise ValidationError("「管理下で容認」には容認の条件を入力してください。", field="conditions")
    if draft.finding is Finding.NEEDS_CORRECTION and not draft.comment.strip():
        raise ValidationError("「要是正」には是正してほしい内容をコメントに入力してください。",
                              field="comment")
    if draft.finding is Finding.INSUFFICIENT_INFO and not draft.comment.strip():
        raise ValidationError("「情報不足」には不足している情報をコメントに入力してください。",
                              field="comment")


@dataclass(frozen=True)
class ResponseWritten:
    path: Path
    fingerprint: str
    findings: int


def write_response(*, paths: DataPaths, bundle: OpenedBundle, findings: list[FindingDraft],
                   reviewer_name: str, organisation: str, comment: str, out: Path,
                   passphrase: str | None, reviewed_on: date | None = None) -> ResponseWritten:
    """Sign the reviewer's findings on this bundle and write the response file."""
    if not bundle.ok or bundle.checkpoint is None:
        raise KnownError("検証に失敗したバンドルには応答を作れません。",
                         hint="支援者に、改めてバンドルを書き出して送ってもらってください。")
    if not reviewer_name.strip():
        raise ValidationError("レビュー担当者の氏名を入力してください。", field="reviewer_name")
    if not findings:
        raise ValidationError("所見がまだ一つもありません。開示の版ごとに所見を記録してください。",
                              field="findings")
    records = []
    for draft in findings:
        check_finding(draft)
        version = bundle.version(draft.version_id)
        if version is None:
            raise KnownError("バンドルにない版への所見です: {version_id}", version_id=draft.version_id)
        records.append(FindingRecord(version.number, version.version, version.version_id,
                                     version.content_hash, draft.finding.value,
                                     draft.conditions.strip(), draft.comment.strip()))
    records.sort(key=lambda r: (r.disclosure_number, r.version))
    key = reviewer_key(paths=paths, passphrase=passphrase)
    text = make_response(
        manifest_sha256=bundle.manifest_sha256, checkpoint_text=bundle.checkpoint_text,
        rules_version=bundle.rules_version, reviewer_key=key, reviewer_name=reviewer_name.strip(),
        organisation=organisation.strip(), reviewed_on=reviewed_on or date.today(),
        findings=records, comment=comment.strip())
    out = out.expanduser()
    if not out.parent.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=out.parent)
    try:
        write_atomically(out, text.encode("utf-8"))
    except OSError as exc:
        raise KnownError("応答を書き出せません: {out} ({reason})", out=out, reason=exc.strerror) from exc
    try:
        state = load_state(paths)
    except KnownError:
        state = None  # the response is written; the remembered name can wait
    if state is not None:
        state.reviewer_name, state.organisation = reviewer_name.strip(), organisation.strip()
        save_state(paths, state)
    return ResponseWritten(out, fingerprint(key.public_key()), len(records))


def new_response_name(bundle: OpenedBundle, today: date) -> str:
    """review-response-<practitioner key, short>-<date>.dsse.json"""
    return f"review-response-{bundle.practitioner_fingerprint[:8] or uuid.uuid4().hex[:8]}-{today.isoformat()}.dsse.json"
