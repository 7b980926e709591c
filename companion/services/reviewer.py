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

``reviewer-drafts.json``
    The findings (and dispositions of red flags) the reviewer is working on, per bundle (keyed by the register's
    identity and head, ``draft_key``), saved as they are typed and restored when the
    same bundle is opened again, with what the last response written already said (so
    closing with unsent findings can ask first). It holds no secret.

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

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
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
    read_bytes,
    read_text,
)
from companion.review.response import FindingRecord, make_response
from companion.review.verify import BundleView, continuity_problems, inspect_bundle
from companion.security import recovery
from companion.services.dispositions import DispositionInput, disposition_from_json

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
    """One disclosure, known by its ``disclosure_id`` (a UUID). Its ``number`` is for
    display only: each device numbers its own disclosures, so two can share one."""

    disclosure_id: str
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
    id: str = ""  # domain.red_flags.flag_id: what a disposition names (none before rules 2026.2)


ContinuityStatus = Literal["first", "same", "extends", "problem"]


@dataclass(frozen=True)
class Continuity:
    status: ContinuityStatus
    message: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class BundleTable:
    """A CSV file of the bundle as read: its header and its rows (all text)."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


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
    engagements: BundleTable = BundleTable()  # engagements.csv
    visit_summaries: BundleTable = BundleTable()  # visits-summary.csv
    earlier_reviews: int = 0
    continuity: Continuity | None = None
    remembered: bool = False  # its checkpoint is now the one remembered

    @property
    def ok(self) -> bool:
        return self.readable and not self.problems

    def disclosure(self, disclosure_id: str) -> BundleDisclosure | None:
        return next((d for d in self.disclosures if d.disclosure_id == disclosure_id), None)

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
    disclosures = [BundleDisclosure(disclosure_id, versions[0].number,
                                    tuple(sorted(versions, key=lambda v: v.version)))
                   for disclosure_id, versions in by_id.items()]
    return sorted(disclosures, key=lambda d: (d.number, d.disclosure_id))


def _flags(members: dict[str, bytes], problems: list[str]) -> list[BundleFlag]:
    data = members.get("red-flags.json")
    if data is None:
        problems.append("red-flags.json: ファイルがありません")
        return []
    try:
        document = load_json(data, name="red-flags.json", limit=MAX_MEMBER_BYTES)
        return [BundleFlag(str(f["rule"]), str(f["reason"]),
                           tuple(int(n) for n in f.get("disclosures", [])),
                           tuple(str(e) for e in f.get("engagement_ids", [])),
                           str(f.get("id", "")))
                for f in document["red_flags"]]
    except (ValueError, KeyError, TypeError, KnownError):
        problems.append("red-flags.json: 注意事項の形式が正しくありません")
        return []


def _table(members: dict[str, bytes], name: str, problems: list[str]) -> BundleTable:
    """A summary CSV of the bundle (engagements.csv, visits-summary.csv); a bundle
    written before it existed has none (an empty table), one that cannot be read is a
    problem."""
    data = members.get(name)
    if data is None:
        return BundleTable()
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        problems.append(f"{name}: CSV として読めません")
        return BundleTable()
    if not rows:
        return BundleTable()
    header = tuple(rows[0])
    width = len(header)
    return BundleTable(header, tuple(tuple((row + [""] * width)[:width]) for row in rows[1:]
                                     if any(cell.strip() for cell in row)))


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


def read_bundle(path: Path) -> tuple[OpenedBundle, BundleView | None]:
    """Verify a bundle and read what it holds, with no file of the reviewer's (the
    view is None when its register could not be read). Never raises for a bad bundle."""
    verification = inspect_bundle(path)
    result = OpenedBundle(path=path, problems=list(verification.problems),
                          readable=verification.view is not None)
    view = verification.view
    if view is None:
        return result, None
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
    result.engagements = _table(view.members, "engagements.csv", result.problems)
    result.visit_summaries = _table(view.members, "visits-summary.csv", result.problems)
    result.earlier_reviews = sum(1 for name in view.members if name.startswith("reviews/"))
    return result, view


def open_bundle(*, path: Path, paths: DataPaths, today: date | None = None) -> OpenedBundle:
    """Verify a bundle and read it for review; compare it with the checkpoint this
    reviewer last saw from the same practitioner, and remember its checkpoint when it
    verifies and extends that one. Never raises for a bad bundle: its problems are in
    the result."""
    result, view = read_bundle(path)
    if view is None:
        return result
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
    draft: ReviewDraft | None = None  # the findings in progress on this very bundle


def open_for_review(*, path: Path, paths: DataPaths, today: date | None = None) -> ReviewOpening:
    """Verify and read a bundle (``open_bundle``), with the reviewer's remembered name
    and organisation, their key's fingerprint and the draft of their findings on this
    bundle. Files only (no database): the window runs it on its second pool."""
    bundle = open_bundle(path=path, paths=paths, today=today)
    draft = None
    key = draft_key(bundle)
    if bundle.ok and key:
        try:
            draft = load_draft(paths, key)
        except KnownError as exc:
            bundle.problems.append(exc.message)
    try:
        state = load_state(paths)
        name, organisation = state.reviewer_name, state.organisation
    except KnownError:
        name = organisation = ""
    try:
        own = reviewer_fingerprint(paths)
    except KnownError:
        own = None
    return ReviewOpening(bundle, name, organisation, own, draft)


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
    dispositions: int = 0  # the dispositions of red flags it carries


def _checked_bundle(bundle: OpenedBundle) -> Checkpoint:
    if not bundle.ok or bundle.checkpoint is None:
        raise KnownError("検証に失敗したバンドルには応答を作れません。",
                         hint="支援者に、改めてバンドルを書き出して送ってもらってください。")
    return bundle.checkpoint


def _finding_records(bundle: OpenedBundle, findings: list[FindingDraft]) -> list[FindingRecord]:
    """The findings as the response states them, each checked (``check_finding``) and
    naming a version of this bundle, ordered by disclosure and version."""
    if not findings:
        raise ValidationError("所見がまだ一つもありません。開示の版ごとに所見を記録してください。",
                              field="findings")
    records = []
    for draft in findings:
        check_finding(draft)
        version = bundle.version(draft.version_id)
        if version is None:
            raise KnownError("バンドルにない版への所見です: {version_id}", version_id=draft.version_id)
        records.append((version.number, version.disclosure_id, version.version, FindingRecord(
            version.number, version.version, version.version_id, version.content_hash,
            draft.finding.value, draft.conditions.strip(), draft.comment.strip())))
    # Numbers are per device (two can share one): the disclosure's id orders ties.
    records.sort(key=lambda r: r[:3])
    return [record for *_order, record in records]


def _sign_and_write(*, bundle: OpenedBundle, records: list[FindingRecord], key: Ed25519PrivateKey,
                    reviewer_name: str, organisation: str, comment: str, out: Path,
                    reviewed_on: date, dispositions: list[dict[str, Any]] | None = None) -> Path:
    text = make_response(
        manifest_sha256=bundle.manifest_sha256, checkpoint_text=bundle.checkpoint_text,
        rules_version=bundle.rules_version, reviewer_key=key, reviewer_name=reviewer_name.strip(),
        organisation=organisation.strip(), reviewed_on=reviewed_on,
        findings=records, comment=comment.strip(), dispositions=dispositions)
    out = out.expanduser()
    if not out.parent.is_dir():
        raise KnownError("保存先のフォルダがありません: {path}", path=out.parent)
    try:
        write_atomically(out, text.encode("utf-8"))
    except OSError as exc:
        raise KnownError("応答を書き出せません: {out} ({reason})", out=out, reason=exc.strerror) from exc
    return out


def write_response(*, paths: DataPaths, bundle: OpenedBundle, findings: list[FindingDraft],
                   reviewer_name: str, organisation: str, comment: str, out: Path,
                   passphrase: str | None, reviewed_on: date | None = None,
                   dispositions: list[dict[str, Any]] | None = None) -> ResponseWritten:
    """Sign the reviewer's findings on this bundle and write the response file
    (``dispositions``: see ``make_response``)."""
    _checked_bundle(bundle)
    if not reviewer_name.strip():
        raise ValidationError("レビュー担当者の氏名を入力してください。", field="reviewer_name")
    records = _finding_records(bundle, findings)
    key = reviewer_key(paths=paths, passphrase=passphrase)
    out = _sign_and_write(bundle=bundle, records=records, key=key, reviewer_name=reviewer_name,
                          organisation=organisation, comment=comment, out=out,
                          reviewed_on=reviewed_on or date.today(), dispositions=dispositions)
    try:
        state = load_state(paths)
    except KnownError:
        state = None  # the response is written; the remembered name can wait
    if state is not None:
        state.reviewer_name, state.organisation = reviewer_name.strip(), organisation.strip()
        save_state(paths, state)
    return ResponseWritten(out, fingerprint(key.public_key()), len(records),
                           len(dispositions or ()))


def new_response_name(bundle: OpenedBundle, today: date) -> str:
    """review-response-<practitioner key, short>-<date>.dsse.json"""
    return f"review-response-{bundle.practitioner_fingerprint[:8] or uuid.uuid4().hex[:8]}-{today.isoformat()}.dsse.json"


# -- the findings in progress (reviewer-drafts.json) ------------------------------------------

DRAFTS_FILE = "reviewer-drafts.json"
DRAFTS_FORMAT = "companion-reviewer-drafts"
MAX_DRAFTS = 50  # bundles remembered; the oldest draft goes first


@dataclass(frozen=True)
class TypedFinding:
    """What the reviewer has typed for a version and not yet recorded (the finding may
    still be unchosen: '')."""

    version_id: str
    finding: str = ""
    conditions: str = ""
    comment: str = ""


@dataclass
class ReviewDraft:
    """The reviewer's work on one bundle: the findings recorded, what is typed but not
    recorded yet, the overall comment, and what the last response written said."""

    bundle_name: str = ""
    findings: dict[str, FindingDraft] = field(default_factory=dict)  # version id -> finding
    typed: dict[str, TypedFinding] = field(default_factory=dict)
    comment: str = ""
    sent: dict[str, FindingDraft] = field(default_factory=dict)  # as in the last response
    saved_at: str = ""
    # flag id -> the reviewer's disposition of that red flag (services.dispositions)
    dispositions: dict[str, DispositionInput] = field(default_factory=dict)
    sent_dispositions: dict[str, DispositionInput] = field(default_factory=dict)

    def unsent(self) -> list[str]:
        """Version ids whose finding (recorded or typed), and flag ids whose disposition,
        no response carries yet."""
        changed = [v for v, f in self.findings.items() if self.sent.get(v) != f]
        typed = [v for v, t in self.typed.items() if t.finding or t.conditions or t.comment]
        judged = [i for i, d in self.dispositions.items() if self.sent_dispositions.get(i) != d]
        return sorted(set(changed) | set(typed) | set(judged))


def draft_key(bundle: OpenedBundle) -> str:
    """A bundle's register identity and head: the same bundle (or a copy of it) has the
    same key; the next bundle of the same practitioner has another."""
    if bundle.checkpoint is None or not bundle.identity_fingerprint:
        return ""
    return f"{bundle.identity_fingerprint}/{bundle.checkpoint.size}/{bundle.checkpoint.head}"


def drafts_path(paths: DataPaths) -> Path:
    return paths.root / DRAFTS_FILE


def _finding_of(item: dict[str, Any]) -> FindingDraft:
    return FindingDraft(str(item["version_id"]), Finding(str(item["finding"])),
                        str(item.get("conditions", "")), str(item.get("comment", "")))


def _finding_json(draft: FindingDraft) -> dict[str, str]:
    return {"version_id": draft.version_id, "finding": draft.finding.value,
            "conditions": draft.conditions, "comment": draft.comment}


def _load_drafts(paths: DataPaths) -> dict[str, Any]:
    path = drafts_path(paths)
    if not path.exists():
        return {}
    try:
        document = load_json(read_text(path), name=path.name)
        if not isinstance(document, dict) or document.get("format") != DRAFTS_FORMAT:
            raise ValueError("format")
        bundles = document.get("bundles", {})
        if not isinstance(bundles, dict):
            raise ValueError("bundles")
        return bundles
    except (KnownError, OSError, ValueError) as exc:
        raise KnownError("所見の下書きのファイルを読めません: {path} ({reason})",
                         hint="ファイルを別の場所に移すと、新しい下書きで始められます。",
                         path=path, reason=exc) from exc


def load_draft(paths: DataPaths, key: str) -> ReviewDraft | None:
    """The draft of the bundle ``key`` (``draft_key``), None when there is none."""
    item = _load_drafts(paths).get(key)
    if not isinstance(item, dict):
        return None
    try:
        return ReviewDraft(
            bundle_name=str(item.get("bundle", "")),
            findings={f.version_id: f for f in map(_finding_of, item.get("findings", []))},
            typed={str(t["version_id"]): TypedFinding(
                str(t["version_id"]), str(t.get("finding", "")), str(t.get("conditions", "")),
                str(t.get("comment", ""))) for t in item.get("typed", [])},
            comment=str(item.get("comment", "")),
            sent={f.version_id: f for f in map(_finding_of, item.get("sent", []))},
            saved_at=str(item.get("saved_at", "")),
            dispositions={d.flag_id: d for d in map(disposition_from_json,
                                                    item.get("dispositions", []))},
            sent_dispositions={d.flag_id: d for d in map(disposition_from_json,
                                                         item.get("sent_dispositions", []))})
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError) as exc:
        raise KnownError("所見の下書きのファイルを読めません: {path} ({reason})",
                         hint="ファイルを別の場所に移すと、新しい下書きで始められます。",
                         path=drafts_path(paths), reason=exc) from exc


def save_draft(*, paths: DataPaths, key: str, draft: ReviewDraft, saved_at: str) -> None:
    """Keep the draft of bundle ``key`` (replacing its last one); at most MAX_DRAFTS
    bundles are kept, the least recently saved dropped first."""
    if not key:
        return
    bundles = _load_drafts(paths)
    bundles.pop(key, None)
    bundles[key] = {
        "bundle": draft.bundle_name, "saved_at": saved_at, "comment": draft.comment,
        "findings": [_finding_json(f) for _, f in sorted(draft.findings.items())],
        "typed": [{"version_id": t.version_id, "finding": t.finding, "conditions": t.conditions,
                   "comment": t.comment} for _, t in sorted(draft.typed.items())],
        "sent": [_finding_json(f) for _, f in sorted(draft.sent.items())],
        "dispositions": [d.to_json() for _, d in sorted(draft.dispositions.items())],
        "sent_dispositions": [d.to_json() for _, d in sorted(draft.sent_dispositions.items())],
    }
    kept = dict(list(bundles.items())[-MAX_DRAFTS:])
    document = {"format": DRAFTS_FORMAT, "version": 1, "bundles": kept}
    try:
        write_atomically(drafts_path(paths),
                         json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"))
    except OSError as exc:
        raise KnownError("所見の下書きを保存できません: {path} ({reason})",
                         path=drafts_path(paths), reason=exc.strerror) from exc


# -- a response without the window (companion review respond) ---------------------------------
# For a reviewer who scripts: the findings come from a JSON file (FINDINGS_FORMAT, see
# docs/review-bundle-format.md "Findings file") and the key from a PEM file or the
# window's reviewer-key.json; the response written is the one the window writes.

FINDINGS_FORMAT = "companion-review-findings"
PASSPHRASE_ENV = "COMPANION_REVIEWER_PASSPHRASE"
MAX_KEY_FILE_BYTES = 64 * 1024
_TOP_FIELDS = frozenset({"format", "version", "reviewer", "reviewed_on", "comment", "findings",
                         "dispositions"})
_REVIEWER_FIELDS = frozenset({"name", "organisation"})
_FINDING_FIELDS = frozenset({"version_id", "disclosure_number", "version", "finding",
                             "conditions", "comment"})
_DISPOSITION_FIELDS = frozenset({"flag_id", "disposition", "owner", "action", "due_on", "comment"})


def load_key_file(path: Path, *, passphrase: str | None) -> Ed25519PrivateKey:
    """The reviewer's Ed25519 key from ``path``: a PEM private key (``openssl genpkey
    -algorithm ed25519``; an encrypted one needs ``passphrase``) or the window's
    reviewer-key.json (always needs ``passphrase``), so the practitioner keeps
    trusting the same fingerprint."""
    data = read_bytes(path, limit=MAX_KEY_FILE_BYTES)
    if data.lstrip().startswith(b"-----BEGIN"):
        encrypted = b"ENCRYPTED" in data
        if encrypted and not passphrase:
            raise KnownError("署名鍵のファイルは暗号化されています: {path}", path=path,
                             hint="パスフレーズを環境変数 COMPANION_REVIEWER_PASSPHRASE で指定してください。")
        try:
            key = serialization.load_pem_private_key(
                data, password=passphrase.encode("utf-8") if encrypted and passphrase else None)
        except (ValueError, TypeError, UnsupportedAlgorithm):
            raise KnownError("署名鍵のファイルを読めません(形式が違うか、パスフレーズが違います): {path}",
                             path=path) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise KnownError("署名鍵が Ed25519 ではありません: {path}", path=path,
                             hint="openssl genpkey -algorithm ed25519 で作った鍵を指定してください。")
        return key
    try:
        wrapped = recovery.load(path)
    except KnownError:
        raise KnownError("署名鍵のファイルではありません: {path}", path=path,
                         hint="PEM 形式の Ed25519 秘密鍵か、レビュー画面の reviewer-key.json を指定してください。"
                         ) from None
    if not passphrase:
        raise KnownError("レビュー用の鍵ファイルにはパスフレーズが必要です: {path}", path=path,
                         hint="パスフレーズを環境変数 COMPANION_REVIEWER_PASSPHRASE で指定してください。")
    try:
        raw = recovery.unwrap(wrapped, passphrase)
    except KnownError:
        raise KnownError("レビュー用の鍵のパスフレーズが違います。") from None
    key = Ed25519PrivateKey.from_private_bytes(raw)
    if fingerprint(key.public_key()) != wrapped.key_id:
        raise KnownError("レビュー用の鍵ファイルが壊れています: {path}", path=path)
    return key


@dataclass(frozen=True)
class FindingsFile:
    reviewer_name: str
    organisation: str
    reviewed_on: date | None
    comment: str
    findings: tuple[FindingDraft, ...]
    dispositions: tuple[dict[str, Any], ...] = ()  # as ``disposition_records`` states them


def _text_field(mapping: dict[str, Any], key: str, index: int) -> str:
    """A text field of the findings file (``index`` 0: the file itself or its
    reviewer, else that finding)."""
    value = mapping.get(key, "")
    if not isinstance(value, str):
        if index:
            raise ValidationError("所見 {index}: {key} は文字列で指定してください。", field=key,
                                  index=index, key=key)
        raise ValidationError("所見のファイルの {key} は文字列で指定してください。", field=key, key=key)
    return value


def _unknown_fields(mapping: dict[str, Any], allowed: frozenset[str], index: int) -> None:
    unknown = sorted(set(mapping) - allowed)
    if not unknown:
        return
    fields = dict(field=unknown[0], fields=", ".join(unknown), allowed=", ".join(sorted(allowed)))
    if index:
        raise ValidationError("所見 {index} に知らない項目があります: {fields}(使える項目: {allowed})",
                              index=index, **fields)
    raise ValidationError("所見のファイルに知らない項目があります: {fields}(使える項目: {allowed})",
                          **fields)


def _version_of(item: dict[str, Any], index: int, bundle: OpenedBundle) -> BundleVersion:
    """The version a finding names: by ``version_id``, or by ``disclosure_number`` and
    ``version`` when that number is one disclosure's only."""
    if "version_id" in item:
        text = item["version_id"]
        try:
            version_id = uuid.UUID(text).hex if isinstance(text, str) else ""
        except ValueError:
            version_id = ""
        version = bundle.version(version_id) if version_id else None
        if version is None:
            raise ValidationError("所見 {index}: 版ID {version_id} の版はこのバンドルにありません。",
                                  field="version_id", index=index, version_id=text)
        return version
    number, wanted = item.get("disclosure_number"), item.get("version")
    if not (type(number) is int and type(wanted) is int):
        raise ValidationError("所見 {index}: 版を version_id か、disclosure_number と version(整数)で"
                              "指定してください。", field="version_id", index=index)
    matches = [v for d in bundle.disclosures if d.number == number
               for v in d.versions if v.version == wanted]
    if not matches:
        raise ValidationError("所見 {index}: 開示{number} 第{version}版はこのバンドルにありません。",
                              field="disclosure_number", index=index, number=number, version=wanted)
    if len(matches) > 1:
        raise ValidationError("所見 {index}: 開示{number} 第{version}版が複数あります(端末ごとの番号が"
                              "重なっています)。version_id で指定してください。",
                              field="disclosure_number", index=index, number=number, version=wanted)
    return matches[0]


def read_findings_file(path: Path, bundle: OpenedBundle) -> FindingsFile:
    """The findings file of ``companion review respond``, each finding checked against
    the bundle; the first thing wrong is a clear error naming the finding."""
    document = load_json(read_text(path), name=path.name)
    if not isinstance(document, dict):
        raise ValidationError("所見のファイル {name} は JSON のオブジェクトではありません。",
                              field="findings", name=path.name)
    _unknown_fields(document, _TOP_FIELDS, 0)
    if document.get("format", FINDINGS_FORMAT) != FINDINGS_FORMAT:
        raise ValidationError("所見のファイルの format が {expected} ではありません: {given}",
                              field="format", expected=FINDINGS_FORMAT, given=document.get("format"))
    if document.get("version", 1) != 1:
        raise ValidationError("所見のファイルの version {given} には対応していません(対応: 1)。",
                              field="version", given=document.get("version"))
    reviewer = document.get("reviewer", {})
    if not isinstance(reviewer, dict):
        raise ValidationError("reviewer は name と organisation を持つオブジェクトで指定してください。",
                              field="reviewer")
    _unknown_fields(reviewer, _REVIEWER_FIELDS, 0)
    reviewed_on = None
    if document.get("reviewed_on") is not None:
        try:
            reviewed_on = date.fromisoformat(str(document["reviewed_on"]))
        except ValueError:
            raise ValidationError("reviewed_on は YYYY-MM-DD で指定してください: {given}",
                                  field="reviewed_on", given=document["reviewed_on"]) from None
    items = document.get("findings")
    if not isinstance(items, list) or not items:
        raise ValidationError("findings に所見を一つ以上、配列で指定してください。", field="findings")
    drafts: list[FindingDraft] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValidationError("所見 {index} がオブジェクトではありません。", field="findings",
                                  index=index)
        _unknown_fields(item, _FINDING_FIELDS, index)
        version = _version_of(item, index, bundle)
        if version.version_id in seen:
            raise ValidationError("所見 {index}: 開示{number} 第{version}版への所見が、所見 {first} と"
                                  "重複しています。", field="findings", index=index,
                                  number=version.number, version=version.version,
                                  first=seen[version.version_id])
        seen[version.version_id] = index
        try:
            finding = Finding(str(item.get("finding")))
        except ValueError:
            raise ValidationError("所見 {index}: finding は {choices} のいずれかで指定してください: {given}",
                                  field="finding", index=index, given=item.get("finding"),
                                  choices=" / ".join(f.value for f in Finding)) from None
        draft = FindingDraft(version.version_id, finding, _text_field(item, "conditions", index),
                             _text_field(item, "comment", index))
        try:
            check_finding(draft)
        except ValidationError as exc:
            raise ValidationError("所見 {index}(開示{number} 第{version}版): {message}", field=exc.field,
                                  index=index, number=version.number, version=version.version,
                                  message=exc.message) from None
        drafts.append(draft)
    return FindingsFile(_text_field(reviewer, "name", 0), _text_field(reviewer, "organisation", 0),
                        reviewed_on, _text_field(document, "comment", 0), tuple(drafts),
                        tuple(_file_dispositions(document.get("dispositions", []), bundle)))


def _disposition_text(item: dict[str, Any], key: str, index: int) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise ValidationError("注意事項への判断 {index}: {key} は文字列で指定してください。", field=key,
                              index=index, key=key)
    return value


def _file_dispositions(items: Any, bundle: OpenedBundle) -> list[dict[str, Any]]:
    """The findings file's ``dispositions``: per red flag of the bundle (by the ``id``
    its red-flags.json gives), 問題なし, 要対応 with owner, action and due_on, or 要説明
    with the question in comment; the first thing wrong names the entry."""
    from companion.domain.red_flags import Disposition
    from companion.services.dispositions import disposition_records

    if not isinstance(items, list):
        raise ValidationError("dispositions は注意事項への判断の配列で指定してください。",
                              field="dispositions")
    flags = {flag.id: flag for flag in bundle.flags if flag.id}
    inputs: list[DispositionInput] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValidationError("注意事項への判断 {index} がオブジェクトではありません。",
                                  field="dispositions", index=index)
        unknown = sorted(set(item) - _DISPOSITION_FIELDS)
        if unknown:
            raise ValidationError("注意事項への判断 {index} に知らない項目があります: {fields}"
                                  "(使える項目: {allowed})", field=unknown[0], index=index,
                                  fields=", ".join(unknown),
                                  allowed=", ".join(sorted(_DISPOSITION_FIELDS)))
        ident = _disposition_text(item, "flag_id", index).strip().lower()
        flag = flags.get(ident)
        if flag is None:
            raise ValidationError("注意事項への判断 {index}: flag_id {flag_id} の注意事項はこのバンドルの "
                                  "red-flags.json にありません。", field="flag_id", index=index,
                                  flag_id=item.get("flag_id"))
        if ident in seen:
            raise ValidationError("注意事項への判断 {index}: 同じ注意事項への判断が、判断 {first} と"
                                  "重複しています。", field="flag_id", index=index,
                                  first=seen[ident])
        seen[ident] = index
        try:
            disposition = Disposition(str(item.get("disposition")))
        except ValueError:
            raise ValidationError("注意事項への判断 {index}: disposition は {choices} のいずれかで"
                                  "指定してください: {given}", field="disposition", index=index,
                                  given=item.get("disposition"),
                                  choices=" / ".join(d.value for d in Disposition)) from None
        due_text = item.get("due_on")
        due_on = None
        if due_text not in (None, ""):
            try:
                due_on = date.fromisoformat(str(due_text))
            except ValueError:
                raise ValidationError("注意事項への判断 {index}: due_on は YYYY-MM-DD で指定してください: "
                                      "{given}", field="due_on", index=index,
                                      given=due_text) from None
        inputs.append(DispositionInput(
            ident, disposition, rule=flag.rule, reason=flag.reason,
            owner=_disposition_text(item, "owner", index),
            action=_disposition_text(item, "action", index), due_on=due_on,
            comment=_disposition_text(item, "comment", index)))
    records: list[dict[str, Any]] = []
    for index, one in enumerate(inputs, 1):
        try:
            records.extend(disposition_records(flag_map(bundle), [one]))
        except ValidationError as exc:
            raise ValidationError("注意事項への判断 {index}: {message}", field=exc.field, index=index,
                                  message=exc.message) from None
    return records


def flag_map(bundle: OpenedBundle) -> dict[str, str]:
    """flag id -> 【rule】reason, of the flags a bundle's red-flags.json names by id."""
    return {flag.id: f"【{flag.rule}】{flag.reason}" for flag in bundle.flags if flag.id}


def respond(*, bundle_path: Path, findings_path: Path, key_path: Path, out: Path | None = None,
            passphrase: str | None = None, today: date | None = None) -> ResponseWritten:
    """``companion review respond``: verify the bundle, read the findings file and the
    key, and write the signed response the reviewer's window would write (to ``out``,
    else ``review-response-….dsse.json`` in the current folder). Nothing is written
    when anything is wrong."""
    bundle, _view = read_bundle(bundle_path)
    if not bundle.ok:
        raise KnownError("検証に失敗したバンドルには応答を作れません: {problem}",
                         problem=bundle.problems[0] if bundle.problems else bundle_path.name,
                         hint="companion verify で問題を確認し、支援者に改めて書き出してもらってください。")
    _checked_bundle(bundle)
    scripted = read_findings_file(findings_path, bundle)
    if not scripted.reviewer_name.strip():
        raise ValidationError("所見のファイルに reviewer.name(レビュー担当者の氏名)を指定してください。",
                              field="reviewer_name")
    records = _finding_records(bundle, list(scripted.findings))
    key = load_key_file(key_path, passphrase=passphrase)
    reviewed_on = scripted.reviewed_on or today or date.today()
    target = out if out is not None else Path.cwd() / new_response_name(bundle, reviewed_on)
    if target.expanduser().resolve() in (bundle_path.resolve(), findings_path.resolve(),
                                         key_path.resolve()):
        raise KnownError("応答の保存先が、入力のファイルと同じです: {path}", path=target)
    written = _sign_and_write(bundle=bundle, records=records, key=key,
                              reviewer_name=scripted.reviewer_name,
                              organisation=scripted.organisation, comment=scripted.comment,
                              out=target, reviewed_on=reviewed_on,
                              dispositions=list(scripted.dispositions))
    return ResponseWritten(written, fingerprint(key.public_key()), len(records),
                           len(scripted.dispositions))
