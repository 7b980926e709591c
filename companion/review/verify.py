"""Verifying a review bundle, and that a newer bundle extends an older one.

Every check reports a line naming the file or the register entry at fault, so a
reviewer knows what to ask the practitioner about. Nothing here trusts the bundle: the
manifest, the sums, the signatures and the hash chain are all recomputed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from companion.domain.register_log import (
    KEY_ENTRY_PREFIX,
    KIND_EXPORT,
    KIND_KEY,
    Entry,
    chain_problems,
)
from companion.errors import KnownError
from companion.review.bundle_format import BUNDLE_FORMAT, REGISTER_FORMAT, SIGNED_FILES, sha256_hex
from companion.review.checkpoint import Checkpoint, parse_checkpoint
from companion.review.derived import (
    DisclosureEntry,
    date_problems,
    disclosure_entries,
    export_problems,
    latest_entries,
    payloads_of,
    red_flag_problems,
    red_flags_csv,
    register_files,
)
from companion.review.flag_records import recompute_problems
from companion.review.keys import fingerprint, public_from_pem, unb64, verifies
from companion.review.limits import (
    MAX_BUNDLE_BYTES,
    MAX_MEMBER_BYTES,
    MAX_SIGNATURE_BYTES,
    UnreadableInput,
    check_json,
    check_readable,
    load_json,
    read_bytes,
    read_text,
)
from companion.review.register_docx_read import (
    HEADERS,
    payload_cells,
    read_register_docx,
    same_text,
)
from companion.review.safezip import read_zip

log = logging.getLogger("companion.review")


# companion.review.response's KIND_REVIEW and REVIEWS_FOLDER (a test checks they agree):
# that module (DSSE, the findings) is imported only for a bundle that has a review.
REVIEW_KIND = "review"
REVIEWS_FOLDER = "reviews/"


class KeyRange(NamedTuple):  # a NamedTuple: built faster than a dataclass at import
    fingerprint: str
    public_key: Ed25519PublicKey
    pem: str
    first_seq: int
    last_seq: int | None  # None: still in force

    def covers(self, size: int) -> bool:
        return self.first_seq <= size and (self.last_seq is None or size <= self.last_seq)


@dataclass
class BundleView:
    """A bundle's files and what its register says, as far as they could be read."""

    members: dict[str, bytes]
    manifest: dict[str, Any]
    log_id: str
    entries: list[Entry]
    keys: list[KeyRange]
    checkpoint: Checkpoint | None
    previous_checkpoint: Checkpoint | None

    def key_for(self, size: int) -> KeyRange | None:
        return next((k for k in self.keys if k.covers(size)), None)

    def describe(self, seq: int) -> str:
        entry = self.entries[seq - 1] if 0 < seq <= len(self.entries) else None
        return describe_entry(entry) if entry else f"記録 {seq}"


def describe_entry(entry: Entry) -> str:
    try:
        payload = load_json(entry.payload, name=f"記録 {entry.seq}")
    except KnownError:
        return f"記録 {entry.seq}"
    if not isinstance(payload, dict):
        return f"記録 {entry.seq}"
    if entry.kind == KIND_KEY:
        return f"記録 {entry.seq}(鍵 {str(payload.get('fingerprint', ''))[:16]})"
    if entry.kind == KIND_EXPORT:
        return f"記録 {entry.seq}(バンドルの書き出し {str(payload.get('written_at', ''))[:10]})"
    if entry.kind == REVIEW_KIND:
        return f"記録 {entry.seq}(レビュー応答 {str(payload.get('reviewed_on', ''))[:10]})"
    return f"記録 {entry.seq}(開示{payload.get('number')} 第{payload.get('version')}版)"


@dataclass
class Verification:
    """The problems found in a bundle (none: it verified), and its view when read."""

    source: str
    problems: list[str] = field(default_factory=list)
    view: BundleView | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _json(data: bytes, name: str) -> Any:
    return load_json(data, name=name, limit=MAX_MEMBER_BYTES)


def parse_register(data: bytes) -> tuple[str, list[Entry]]:
    document = _json(data, "register.json")
    try:
        if document["format"] != REGISTER_FORMAT:
            raise ValueError("format")
        entries = [
            Entry(int(e["seq"]), str(e["kind"]), str(e["payload"]), str(e["previous_hash"]),
                  str(e["entry_hash"]),
                  tuple((str(s["fingerprint"]), str(s["sig"])) for s in e.get("signatures", [])))
            for e in document["entries"]
        ]
        return str(document["log_id"]), entries
    except (KeyError, TypeError, ValueError) as exc:
        raise KnownError("register.json: 記録の形式が正しくありません ({reason})", reason=exc) from exc


def key_ranges(entries: list[Entry]) -> tuple[list[KeyRange], list[str]]:
    """The keys the log declares, the range each may sign, and problems with them."""
    keys: list[KeyRange] = []
    problems: list[str] = []
    for entry in entries:
        if entry.kind != KIND_KEY:
            continue
        try:
            payload = load_json(entry.payload, name=f"register.json: 記録 {entry.seq}")
            key = public_from_pem(payload["public_key_pem"])
        except (ValueError, KeyError, TypeError, KnownError):
            problems.append(f"register.json: 記録 {entry.seq} の鍵を読めません")
            continue
        signed = {fp: sig for fp, sig in entry.signatures}
        message = KEY_ENTRY_PREFIX + entry.payload.encode("utf-8")
        needed = [(fingerprint(key), key)]
        if keys:
            needed.append((keys[-1].fingerprint, keys[-1].public_key))
        elif entry.seq != 1:
            problems.append(f"register.json: 最初の鍵が記録 1 にありません(記録 {entry.seq})")
        for fp, signer in needed:
            try:
                good = fp in signed and verifies(signer, unb64(signed[fp]), message)
            except KnownError:
                good = False
            if not good:
                problems.append(f"register.json: 記録 {entry.seq} の鍵の登録に鍵 {fp[:16]} の正しい署名がありません")
        if keys:
            keys[-1] = KeyRange(keys[-1].fingerprint, keys[-1].public_key, keys[-1].pem,
                                keys[-1].first_seq, entry.seq - 1)
        keys.append(KeyRange(fingerprint(key), key, payload["public_key_pem"], entry.seq, None))
    if entries and not keys:
        problems.append("register.json: 署名鍵の記録がありません")
    return keys, problems


def _check_files(members: dict[str, bytes], manifest: dict[str, Any],
                 digests: dict[str, str]) -> list[str]:
    """``digests``: each member's SHA-256, computed once for this and ``_check_sums``."""
    problems = []
    listed: set[str] = set()
    files = manifest.get("files")
    if not isinstance(files, list) or not all(isinstance(item, dict) for item in files):
        return ["manifest.json: ファイルの一覧の形式が正しくありません"]
    for item in files:
        name = str(item.get("path"))
        listed.add(name)
        if name not in members:
            problems.append(f"{name}: ファイルがありません(削除された可能性)")
        elif digests[name] != item.get("sha256") or len(members[name]) != item.get("size"):
            problems.append(f"{name}: ハッシュが一致しません(改変された可能性)")
    for name in sorted(set(members) - listed - set(SIGNED_FILES)):
        problems.append(f"{name}: マニフェストにないファイルです(追加された可能性)")
    return problems


def published_verifier_sha256() -> str:
    """SHA-256 of the published stdlib verifier (resources/review/verify_chain.py), the
    value printed in README.md and docs/review-bundle-format.md."""
    from companion.paths import resource

    return sha256_hex(resource("review", "verify_chain.py").read_bytes())


def _check_names_and_verifier(members: dict[str, bytes], digests: dict[str, str]) -> list[str]:
    """The bundle's verify_chain.py is a copy for reference: it must be the published one.
    Every member name is one the recipe's name check accepts (docs/review-bundle-format.md)."""
    import re

    problems = [f"{name}: バンドルに使えないファイル名です(英数字と ._- だけ)" for name in sorted(members)
                if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*", name)]
    copy = members.get("verify_chain.py")
    if copy is None or digests["verify_chain.py"] == published_verifier_sha256():
        return problems
    return [*problems, f"verify_chain.py: 公開版の確認用スクリプト(SHA-256 {published_verifier_sha256()[:16]}…)と"
            "異なります。バンドル内の写しは使わず、公開版で確かめてください"]


def _check_sums(members: dict[str, bytes], digests: dict[str, str]) -> list[str]:
    if "SHA256SUMS" not in members:
        return ["SHA256SUMS: ファイルがありません"]
    problems = []
    stated: dict[str, str] = {}
    for line in members["SHA256SUMS"].decode("utf-8", "replace").splitlines():
        digest, _, name = line.partition("  ")
        stated[name] = digest
    for name in members:
        if name in ("SHA256SUMS", "SHA256SUMS.sig"):
            continue
        if stated.get(name) != digests[name]:
            problems.append(f"SHA256SUMS: {name} のハッシュが一致しません")
    for name in sorted(set(stated) - set(members)):
        problems.append(f"SHA256SUMS: {name} がありません")
    return problems


SIGNATURE_OF = {
    "manifest.json": "manifest.sig",
    "SHA256SUMS": "SHA256SUMS.sig",
    "checkpoint.txt": "checkpoint.sig",
    "previous-checkpoint.txt": "previous-checkpoint.sig",
}


def _check_signature(members: dict[str, bytes], view: BundleView, signed: str, size: int,
                     label: str) -> list[str]:
    """The signature of ``signed`` must be by the key in force at ``size`` entries."""
    signature = members.get(SIGNATURE_OF[signed])
    data = members.get(signed)
    if data is None:
        return [f"{label}: ファイルがありません"]
    if signature is None:
        return [f"{label}: 署名ファイルがありません"]
    in_force = view.key_for(size)
    if in_force and verifies(in_force.public_key, signature, data):
        return []
    if any(verifies(k.public_key, signature, data) for k in view.keys):
        return [f"{label}: 有効範囲外の鍵で署名されています"]
    return [f"{label}: 署名が一致しません(別の鍵か改変)"]


def inspect_bundle(path: Path, *, expect_key: str | None = None) -> Verification:
    """Verify a bundle file; the view is returned whenever its register could be read.
    Whatever the file holds, the answer is problem lines, never an exception."""
    result = Verification(source=path.name)
    try:
        _inspect(path, result, expect_key)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, UnicodeError) as exc:
        log.warning("verifying %s stopped: %r", path.name, exc)
        result.problems.append(f"{path.name}: 形式が正しくないため、これ以上検証できません"
                               f"({type(exc).__name__}: {str(exc)[:120]})")
    result.problems = list(dict.fromkeys(result.problems))  # one line per problem
    return result


def _inspect(path: Path, result: Verification, expect_key: str | None) -> None:
    try:
        members = read_zip(path)
        if "manifest.json" not in members:
            raise KnownError("manifest.json: ファイルがありません")
        manifest = _json(members["manifest.json"], "manifest.json")
        if not isinstance(manifest, dict) or manifest.get("format") != BUNDLE_FORMAT:
            raise KnownError("manifest.json: Companion のレビューバンドルではありません")
    except KnownError as exc:
        result.problems.append(exc.message)
        return
    digests = {name: sha256_hex(data) for name, data in members.items()}
    result.problems += _check_files(members, manifest, digests)
    result.problems += _check_sums(members, digests)
    result.problems += _check_names_and_verifier(members, digests)
    if "register.json" not in members:
        result.problems.append("register.json: ファイルがありません")
        return
    try:
        log_id, entries = parse_register(members["register.json"])
    except KnownError as exc:
        result.problems.append(exc.message)
        return
    result.problems += [f"register.json: {p}" for p in chain_problems(entries)]
    keys, key_problems = key_ranges(entries)
    result.problems += key_problems
    view = BundleView(members, manifest, log_id, entries, keys, None, None)
    result.view = view
    size = len(entries)
    for name in ("checkpoint.txt", "previous-checkpoint.txt"):
        if name not in members:
            if name == "checkpoint.txt":
                result.problems.append("checkpoint.txt: ファイルがありません")
            continue
        try:
            checkpoint = parse_checkpoint(members[name].decode("ascii"))
        except (KnownError, UnicodeDecodeError):
            result.problems.append(f"{name}: 形式が正しくありません")
            continue
        result.problems += _check_signature(members, view, name, checkpoint.size, name)
        if name == "checkpoint.txt":
            view.checkpoint = checkpoint
            head = entries[-1].entry_hash if entries else ""
            if (checkpoint.log_id, checkpoint.size, checkpoint.head) != (log_id, size, head):
                result.problems.append("checkpoint.txt: 記録の件数・最新ハッシュと一致しません")
        else:
            view.previous_checkpoint = checkpoint
            result.problems += continuity_problems(view, checkpoint, None, label="前回のチェックポイント")
    result.problems += _check_signature(members, view, "manifest.json", size, "manifest.json")
    result.problems += _check_signature(members, view, "SHA256SUMS", size, "SHA256SUMS")
    in_force = view.key_for(size)
    pem = members.get("practitioner.pem", b"").decode("ascii", "replace").strip()
    if in_force is not None and pem != in_force.pem.strip():
        result.problems.append("practitioner.pem: 記録上の現在の鍵と一致しません")
    # The fingerprint a reviewer pins is the register's identity: its first key, which a
    # rotation never changes (each later key is signed by the one it replaces).
    identity = view.keys[0] if view.keys and view.keys[0].first_seq == 1 else None
    if expect_key and (identity is None
                       or not identity.fingerprint.startswith(expect_key.replace(" ", "").lower())):
        stated = f"{identity.fingerprint[:16]}…" if identity else "なし"
        result.problems.append(
            f"鍵の指紋が指定と一致しません: バンドルの識別鍵(記録の最初の鍵){stated} / 指定 {expect_key}")
    result.problems += bound_file_problems(view)
    result.problems += review_problems(members, log_id, entries)


def review_problems(members: dict[str, bytes], log_id: str, entries: list[Entry]) -> list[str]:
    """``bundle_review_problems``: every review the register records is in ``reviews/``
    and every file there is one the register records. With no review entry and no
    ``reviews/`` file there is nothing to compare."""
    if not any(e.kind == REVIEW_KIND for e in entries) and not any(
            name.startswith(REVIEWS_FOLDER) for name in members):
        return []
    from companion.review.response import bundle_review_problems

    return bundle_review_problems(members, log_id, entries)


def _first_different_row(actual: bytes, expected: bytes) -> int:
    got, want = actual.decode("utf-8-sig", "replace").splitlines(), expected.decode("utf-8-sig").splitlines()
    return next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b),
                min(len(got), len(want)))


def bound_file_problems(view: BundleView) -> list[str]:
    """Every readable file is what the signed register says: the CSVs and the Word
    table derived again from register.json, the red flags naming real entries, the
    files the export entry states by digest, and the dates (docs/review-bundle-format.md)."""
    members, entries = view.members, view.entries
    problems: list[str] = []
    payloads = payloads_of(entries)  # each payload decoded once, for every check below
    every = disclosure_entries(entries, payloads=payloads)
    latest = latest_entries(every)
    for name, data in register_files(entries, every=every).items():
        if name not in members:
            continue  # reported as missing already
        if members[name] != data:
            row = _first_different_row(members[name], data)
            items = latest if name == "register.csv" else every
            where = items[row - 1].label() if 0 < row <= len(items) else f"{row + 1}行目"
            problems.append(f"{name}: register.json の記録と一致しません({where})")
    flags: Any = None
    if "red-flags.json" in members:
        try:
            flags = _json(members["red-flags.json"], "red-flags.json")
        except KnownError as exc:
            problems.append(exc.message)
        else:
            problems += red_flag_problems(flags, entries, every=every)
            problems += recompute_problems(flags, entries, members.get("engagements.csv"),
                                           every=every)
            if isinstance(flags, dict) and members.get("red-flags.csv") != red_flags_csv(flags):
                problems.append("red-flags.csv: red-flags.json と一致しません")
    if "register.docx" in members:
        problems += _docx_problems(members["register.docx"], latest, flags)
    problems += export_problems(entries, members, view.previous_checkpoint)
    since = view.previous_checkpoint.size if view.previous_checkpoint else None
    problems += date_problems(entries, since_size=since, payloads=payloads)
    return problems


def _docx_problems(data: bytes, latest: list[DisclosureEntry], flags: Any) -> list[str]:
    try:
        content = read_register_docx(data)
    except ValueError:
        return ["register.docx: Word ファイルとして読めません"]
    expected = [HEADERS]
    for item in latest:
        cells = payload_cells(item)
        if cells is None:
            return [f"register.docx: {item.label()} の内容を読めません"]
        expected.append(cells)
    if len(content.table) != len(expected):
        return [f"register.docx: 開示の表が {len(content.table) - 1} 行あります"
                f"(register.json では {len(expected) - 1} 件)"]
    for index, (got, want) in enumerate(zip(content.table, expected, strict=True)):
        if len(got) != len(want) or not all(same_text(a, b) for a, b in zip(got, want, strict=True)):
            where = latest[index - 1].label() if index else "見出し行"
            return [f"register.docx: 開示の表が register.json の記録と一致しません({where})"]
    if isinstance(flags, dict):
        stated = sorted(f"【{r.get('rule')}】{r.get('reason')}" for r in flags.get("red_flags", [])
                        if isinstance(r, dict))
        shown = sorted(p for p in content.paragraphs if p.startswith("【"))
        if stated != shown:
            return ["register.docx: 注意事項が red-flags.json と一致しません"]
    return []


def continuity_problems(new: BundleView, old: Checkpoint, old_entries: list[Entry] | None, *,
                        label: str = "前回") -> list[str]:
    """Problems if ``new`` does not extend ``old``; empty when it is an append-only extension."""
    if old.log_id != new.log_id:
        return [f"{label}: 別の実践者(別の記録 {old.log_id[:8]}…)のものです"]
    if old_entries is not None:
        for index, (before, now) in enumerate(zip(old_entries, new.entries, strict=False)):
            if (before.kind, before.payload, before.entry_hash) != (now.kind, now.payload, now.entry_hash):
                return [f"{label}から分岐しています: {describe_entry(before)} が一致しません"
                        f"(最初の相違は記録 {index + 1}。それより前は同じで、以降が書き換えられています)"]
    if old.size > len(new.entries):
        return [f"{label}より記録が短くなっています({old.size}件 → {len(new.entries)}件): "
                f"{'記録 ' + str(len(new.entries) + 1)} 以降が削除されています"]
    if old.size and new.entries[old.size - 1].entry_hash != old.head:
        return [f"{label}の記録が書き換えられています: {new.describe(old.size)} までのどこかが一致しません"]
    return []


class EarlierState(NamedTuple):
    checkpoint: Checkpoint
    entries: list[Entry] | None
    source: str


def load_earlier_state(path: Path, new: BundleView) -> EarlierState:
    """What ``--since`` names: an older bundle, a checkpoint file, or a review response.
    A file that cannot be read at all (see companion.review.limits) is UnreadableInput."""
    check_readable(path, limit=MAX_BUNDLE_BYTES)
    with path.open("rb") as handle:
        is_zip = handle.read(2) == b"PK"
    if is_zip:
        earlier = inspect_bundle(path)
        if earlier.view is None or earlier.view.checkpoint is None or not earlier.ok:
            detail = earlier.problems[0] if earlier.problems else "読めません"
            raise KnownError("前回のバンドルを検証できません: {name}: {detail}", name=path.name, detail=detail)
        return EarlierState(earlier.view.checkpoint, earlier.view.entries, path.name)
    text = read_text(path)
    if text.startswith("companion-checkpoint/"):
        checkpoint = parse_checkpoint(text)
        signature = path.with_suffix(".sig")
        if signature.exists():
            key = new.key_for(checkpoint.size)
            signed = read_bytes(signature, limit=MAX_SIGNATURE_BYTES)
            if key is None or not verifies(key.public_key, signed, text.encode("utf-8")):
                raise KnownError("チェックポイントの署名が一致しません: {name}", name=path.name)
        return EarlierState(checkpoint, None, path.name)
    check_json(text, name=str(path))
    checkpoint = reviewed_checkpoint(text)
    return EarlierState(checkpoint, None, path.name)


def reviewed_checkpoint(envelope_text: str) -> Checkpoint:
    """The checkpoint a signed review response says was reviewed (signature checked)."""
    from companion.review.response import parse_response

    return parse_checkpoint(parse_response(envelope_text).checkpoint_text)


def verify_since(new_path: Path, earlier_path: Path, *, expect_key: str | None = None
                 ) -> Verification:
    result = inspect_bundle(new_path, expect_key=expect_key)
    if result.view is None:
        return result
    try:
        earlier = load_earlier_state(earlier_path, result.view)
    except UnreadableInput:
        raise  # the command cannot compare: an error, not a problem of the new bundle
    except KnownError as exc:
        result.problems.append(exc.message)
        return result
    label = f"前回({earlier.source})"
    problems = continuity_problems(result.view, earlier.checkpoint, earlier.entries, label=label)
    result.problems += problems
    if not problems and earlier.checkpoint != result.view.previous_checkpoint:
        result.problems += [p for p in date_problems(result.view.entries,
                                                     since_size=earlier.checkpoint.size,
                                                     label=label)
                            if p.startswith("遡及記載") and p not in result.problems]
    return result
