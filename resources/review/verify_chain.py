#!/usr/bin/env python3
"""Verify a Companion review bundle — standard library only, one file, nothing from the bundle.

    python3 -I verify_chain.py review.zip --identity FINGERPRINT [--since OLD] [--openssl DIR]
    python3 -I verify_chain.py register.json --checkpoint checkpoint.txt [--since OLD]

The first form is the auditor's: it reads the zip itself (nothing needs unpacking) and
checks, before anything else, that every name in it is a plain relative name (no "../",
no absolute path, no link, no duplicate) and that the archive holds exactly the files
SHA256SUMS and manifest.json list (`sha256sum -c` ignores extra files; this does not).
It then checks every hash, every Ed25519 signature (key entries: each key signs its own
entry and a rotation is signed by the key it replaces; checkpoint, previous checkpoint,
manifest and SHA256SUMS by the key in force at their size), that the register's first
key (its identity) has the fingerprint you learned out of band, and everything below.
With --openssl DIR it also writes each signed message, signature and public key to DIR
so that openssl can check every signature again (README-reviewer.md).

Checks (docs/review-bundle-format.md):
- every entry's hash is SHA-256 over its exact payload (entry_hash = SHA-256(
  "companion/log-entry/v1\\n" seq "\\n" kind "\\n" previous_hash "\\n" payload)), entries
  are numbered 1..N with no gap or duplicate and each names the one before;
- the checkpoint states this register's size and head;
- register.csv, versions.csv and red-flags.csv beside register.json are exactly what
  register.json (and red-flags.json) say, the table of register.docx lists the latest
  version of each disclosure as register.json states it, each red flag names real
  register entries,
  and engagements.csv, visits-summary.csv and red-flags.json have the digests this
  bundle's export entry (the register's last entry) states;
- red flags: every flag is computed again from register.json and the inputs red-flags.json
  states, with the rules as published for its rules version (embedded here); a flag the
  bundle lacks or adds, rules that differ from the published ones, or a version not
  published here is a problem; the engagements the rules read must be those
  engagements.csv lists;
- dates: no entry is written before the one before it, no declaration is dated after
  the day it was written, and none written after a checkpoint you hold is dated before
  it (遡及記載);
- continuity: the register records every bundle made before; if it holds one, this
  bundle must carry previous-checkpoint.txt naming one of them, and with --since
  (a checkpoint file, or an older register.json or bundle folder) this register must
  extend the older one: nothing reviewed before was changed, removed or reordered. A
  register that goes another way after some entry is reported as a fork.
The second form checks an unpacked folder's register and files (its signatures are checked
with openssl, see README-reviewer.md). Exit 0 when all holds, 1 when something does not
(one line per problem, starting with NG:).
"""

import argparse
import base64
import binascii
import collections
import csv
import hashlib
import io
import json
import os
import re
import stat
import sys
import uuid
import zipfile
from datetime import date, datetime

PREFIX = b"companion/log-entry/v1\n"
REGISTER_HEADER = ["開示番号", "版", "種類", "相手先", "金額(円)", "持分(%)", "役職", "開始日",
                   "終了日", "申告日", "管理方法", "状態", "理由", "内容ハッシュ", "開示ID", "記録日時"]
REGISTER_FIELDS = ["number", "version", "kind", "counterpart_name", "amount_yen", "share_percent",
                   "role_title", "started_on", "ended_on", "declared_on", "mitigation", "status",
                   "reason"]
RED_FLAG_HEADER = ["規則", "理由", "開示番号", "開示ID", "記録ハッシュ"]
BOUND_FILES = ("engagements.csv", "visits-summary.csv", "red-flags.json")


class Failure(Exception):
    """One line that says why the check cannot go on."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def entry_hash(entry):
    data = (PREFIX + str(entry["seq"]).encode("ascii") + b"\n" + entry["kind"].encode("ascii")
            + b"\n" + entry["previous_hash"].encode("ascii") + b"\n"
            + entry["payload"].encode("utf-8"))
    return sha256(data)


def read_bytes(path):
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise Failure(f"{path}: 読めません({exc.strerror or exc})") from exc


def parse_json(data, name):
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Failure(f"{name}: JSON として読めません({exc})") from exc


def read_register(path):
    return parse_register(read_bytes(path), path)


def parse_register(data, path="register.json"):
    register = parse_json(data, path)
    entries = register.get("entries") if isinstance(register, dict) else None
    if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("seq"), int)
            and all(isinstance(e.get(k), str) for k in ("kind", "payload", "previous_hash", "entry_hash"))
            for e in entries):
        raise Failure(f"{path}: Companion の記録(register.json)の形式ではありません")
    return register


def read_checkpoint(path):
    return parse_checkpoint(read_bytes(path), path)


def parse_checkpoint(data, path):
    try:
        lines = data.decode("ascii").split("\n")
    except UnicodeDecodeError:
        lines = []
    if len(lines) != 5 or lines[0] != "companion-checkpoint/v1" or lines[4] != "":
        raise Failure(f"{path}: チェックポイントの形式ではありません")
    fields = dict(line.split(" ", 1) for line in lines[1:4] if " " in line)
    if set(fields) != {"log", "size", "head"} or not fields["size"].isdigit():
        raise Failure(f"{path}: チェックポイントの形式ではありません")
    return fields["log"], int(fields["size"]), fields["head"]


def payload_of(entry):
    try:
        value = json.loads(entry["payload"])
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def written_at(payload):
    value = payload.get("written_at")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def replay(entries):
    previous = ""
    for index, entry in enumerate(entries):
        if entry["seq"] != index + 1:
            kind = "重複" if entry["seq"] < index + 1 else "欠番"
            return f"記録 {index + 1} の位置に seq {entry['seq']} があります({kind})"
        if entry["previous_hash"] != previous:
            return f"記録 {entry['seq']}: 直前の記録のハッシュと一致しません"
        if entry_hash(entry) != entry["entry_hash"]:
            return f"記録 {entry['seq']}: 内容がハッシュと一致しません(改変)"
        previous = entry["entry_hash"]
    return None


# -- the readable files, derived again from register.json ---------------------------------

def csv_bytes(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def disclosures(entries):
    """(entry, payload) of every disclosure version, by number, disclosure id, version."""
    found = [(e, payload_of(e)) for e in entries if e["kind"] == "disclosure"]

    def order(item):
        number, version = item[1].get("number"), item[1].get("version")
        return (number if isinstance(number, int) else 0, str(item[1].get("disclosure_id", "")),
                version if isinstance(version, int) else 0)

    found.sort(key=order)
    latest = {}
    for item in found:
        latest[str(item[1].get("disclosure_id", ""))] = item
    return found, sorted(latest.values(), key=order)


def label(entry, payload):
    return f"記録 {entry['seq']}(開示{payload.get('number')} 第{payload.get('version')}版)"


def register_csv(items):
    return csv_bytes(REGISTER_HEADER, [
        [*(p.get(name) for name in REGISTER_FIELDS), sha256(e["payload"].encode("utf-8")),
         str(p.get("disclosure_id", "")), p.get("written_at")]
        for e, p in items])


def listed(value):
    return value if isinstance(value, list) else []


def red_flags_csv(document):
    return csv_bytes(RED_FLAG_HEADER, [
        [r.get("rule"), r.get("reason"), " ".join(str(n) for n in listed(r.get("disclosures"))),
         " ".join(str(d) for d in listed(r.get("disclosure_ids"))),
         " ".join(str(h) for h in listed(r.get("entry_hashes")))]
        for r in listed(document.get("red_flags")) if isinstance(r, dict)])


class Folder:
    """The files of an unpacked bundle, read by name like the members of a zip."""

    def __init__(self, path):
        self.path = path

    def get(self, name):
        path = os.path.join(self.path, name)
        return read_bytes(path) if os.path.isfile(path) else None


def file_problems(files, entries):
    problems = []
    every, latest = disclosures(entries)
    for name, items in (("register.csv", latest), ("versions.csv", every)):
        data = files.get(name)
        if data is None:
            problems.append(f"{name}: ファイルがありません")
            continue
        expected = register_csv(items)
        if data != expected:
            got = data.decode("utf-8-sig", "replace").splitlines()
            want = expected.decode("utf-8-sig").splitlines()
            pairs = enumerate(zip(got, want))  # noqa: B905 (no strict= before Python 3.10)
            row = next((i for i, (a, b) in pairs if a != b), min(len(got), len(want)))
            where = label(*items[row - 1]) if 0 < row <= len(items) else f"{row + 1}行目"
            problems.append(f"{name}: register.json の記録と一致しません({where})")
    flags_data = files.get("red-flags.json")
    if flags_data is not None:
        document = parse_json(flags_data, "red-flags.json")
        if not isinstance(document, dict):
            problems.append("red-flags.json: 形式が正しくありません")
        else:
            by_hash = {e["entry_hash"]: (e, p) for e, p in every}
            for index, record in enumerate(listed(document.get("red_flags")), 1):
                if not isinstance(record, dict):
                    continue
                ids = {str(d) for d in listed(record.get("disclosure_ids"))}
                hashes = [str(h) for h in listed(record.get("entry_hashes"))]
                named = {str(by_hash[h][1].get("disclosure_id", "")) for h in hashes if h in by_hash}
                numbers = {by_hash[h][1].get("number") for h in hashes if h in by_hash}
                if (any(h not in by_hash for h in hashes) or named != ids or len(hashes) != len(ids)
                        or numbers != set(listed(record.get("disclosures")))):
                    problems.append(f"red-flags.json: 注意事項 {index}({record.get('rule')})の記録が"
                                    "register.json の開示の記録と一致しません")
            problems += recompute_problems(document, entries, files.get("engagements.csv"))
            if files.get("red-flags.csv") != red_flags_csv(document):
                problems.append("red-flags.csv: red-flags.json と一致しません")
    problems += docx_problems(files, latest)
    return problems


# -- red flags, computed again from the signed data (companion/review/flag_records.py) ------
# red-flags.json states the rules' version and parameters and what the rules read besides
# register.json ("inputs": the engagements, the visit-note sentences that matched, the
# versions reviewers saw, the day of the computation). Every flag is a pure function of
# these, so it is computed again here with the rules as published for that version
# (PUBLISHED_RULES, a copy of companion/domain/red_flag_rules.py) and each flag the bundle
# lacks or adds is reported, exactly as `companion verify` does. Rules stated in the bundle
# that differ from the published ones, or a version not published here, are a problem: the
# flags of unknown rules cannot be vouched for. The rules' logic is a line-for-line copy of
# companion/domain/red_flags.py (its messages too: a flag is compared as the bundle states it).

PUBLISHED_RULES = {
    "2026.2": {
        "version": "2026.2",
        "late_declaration_days": 30,
        "recertification_days": 365,
        "financial_kinds": ["出資", "収益分配", "共同事業"],
        "open_engagement_statuses": ["準備", "進行中"],
        "fee_terms_phrases": ["顧問契約", "顧問料", "成果報酬", "成功報酬", "レベニューシェア",
                              "レベニュー・シェア", "収益分配", "売上連動"],
        "mention_topics": [
            {"topic": "役員就任",
             "patterns": [r"(取締役|監査役|執行役員|役員|理事)(に|へ|として)?(就任|選任|迎え)",
                          r"(取締役|監査役|執行役員|役員|理事)(として|に)[^。、]{0,8}?(加わ|なっ|なる|なり|入っ|入る)"]},
            {"topic": "出資",
             "patterns": [r"出資(し|す|を(受|求|依頼|打診|検討|約束|決)|者|比率|額|金を)"]},
            {"topic": "株主",
             "patterns": [r"株主(に|と)(な|し)", r"株主として",
                          r"(株|株式|持分)を(保有|取得|譲り受|譲渡|引き受|引受|持)"],
             "unless": ["株主総会"]},
            {"topic": "報酬",
             "patterns": [r"(?<!役員)報酬を(受|もら|支払|払|いただ|頂)", r"(成果|成功)報酬",
                          r"顧問(料|報酬|契約)", r"レベニュー・?シェア"]},
        ],
    },
}

LATE_DECLARATION = "申告の遅れ"
UNMITIGATED_INTEREST = "管理方法の未記載"
CHANGED_AFTER_REVIEW = "レビュー後の変更"
UNDISCLOSED_MENTION = "未開示の関与の記述"
FEE_FROM_INVESTEE = "出資先からの報酬"
MISSING_RECERTIFICATION = "年次確認の未実施"
DECLARED_AFTER_ENGAGEMENT = "案件開始後の申告"
UNDISCLOSED_FEE_TERMS = "報酬条件の未開示"
RULE_NAMES = {  # a flag's id hashes the rule's name
    LATE_DECLARATION: "LATE_DECLARATION", UNMITIGATED_INTEREST: "UNMITIGATED_INTEREST",
    CHANGED_AFTER_REVIEW: "CHANGED_AFTER_REVIEW", UNDISCLOSED_MENTION: "UNDISCLOSED_MENTION",
    FEE_FROM_INVESTEE: "FEE_FROM_INVESTEE", MISSING_RECERTIFICATION: "MISSING_RECERTIFICATION",
    DECLARED_AFTER_ENGAGEMENT: "DECLARED_AFTER_ENGAGEMENT", UNDISCLOSED_FEE_TERMS: "UNDISCLOSED_FEE_TERMS",
}
# Payload fields that record the paperwork, not the interest (register_log.BOOKKEEPING_FIELDS).
BOOKKEEPING_FIELDS = {"number", "version", "reason", "declared_on", "disclosure_id", "version_id",
                      "written_at"}

Version = collections.namedtuple("Version", "disclosure_id version_id number version kind "
                                 "counterpart_name client_id started_on ended_on declared_on "
                                 "mitigation content_hash engagement_ids substance written_on")
Engagement = collections.namedtuple("Engagement", "engagement_id client_id client_name title status "
                                    "fee_paid_by_client start_on fee_terms")
Mention = collections.namedtuple("Mention", "kind ref_id engagement_id when word sentence phrase")
Reviewed = collections.namedtuple("Reviewed", "version_id disclosure_id reviewed_hash reviewed_on")
Evidence = collections.namedtuple("Evidence", "kind ref_id when text phrase")
Flag = collections.namedtuple("Flag", "rule reason disclosure_ids engagement_ids ref_ids evidence",
                              defaults=((), (), (), ()))


def declared_effective(v):
    """The later of the date stated and the day its entry was written."""
    return max(v.declared_on, v.written_on) if v.written_on else v.declared_on


def active_on(v, day):
    return v.started_on <= day and (v.ended_on is None or v.ended_on >= day)


def opt_uuid(value):
    return uuid.UUID(str(value)) if value else None


def opt_date(value):
    return date.fromisoformat(str(value)) if value else None


def substance_digest(payload_text):
    try:
        content = json.loads(payload_text)
        kept = {key: value for key, value in content.items() if key not in BOOKKEEPING_FIELDS}
        return sha256(json.dumps(kept, ensure_ascii=False, sort_keys=True,
                                 separators=(",", ":")).encode("utf-8"))
    except (ValueError, TypeError, AttributeError, RecursionError):
        return ""


def version_facts(entry, payload):
    """A disclosure version's facts from its register entry, or None (a field missing or
    of the wrong type)."""
    try:
        written = payload.get("written_at")
        return Version(
            uuid.UUID(str(payload["disclosure_id"])), uuid.UUID(str(payload["version_id"])),
            int(payload["number"]), int(payload["version"]), str(payload["kind"]),
            str(payload["counterpart_name"]), opt_uuid(payload.get("counterpart_client_id")),
            date.fromisoformat(str(payload["started_on"])), opt_date(payload.get("ended_on")),
            date.fromisoformat(str(payload["declared_on"])), str(payload.get("mitigation") or ""),
            sha256(entry["payload"].encode("utf-8")),
            frozenset(uuid.UUID(str(e)) for e in payload.get("engagement_ids") or ()),
            substance_digest(entry["payload"]),
            datetime.fromisoformat(str(written)).date() if written else None)
    except (KeyError, TypeError, ValueError):
        return None


def engagement_from_json(value):
    return Engagement(uuid.UUID(str(value["engagement_id"])), uuid.UUID(str(value["client_id"])),
                      str(value["client_name"]), str(value["title"]), str(value["status"]),
                      bool(value["fee_paid_by_client"]), opt_date(value.get("start_on")),
                      str(value.get("fee_terms") or ""))


def reviewed_from_json(value):
    return Reviewed(uuid.UUID(str(value["version_id"])), uuid.UUID(str(value["disclosure_id"])),
                    str(value["reviewed_hash"]), date.fromisoformat(str(value["reviewed_on"])))


SENTENCE_END = re.compile(r"(?<=[。！？!?])|\n")


def match_topics(sentence, rules):
    """(topic, phrase) for each topic a pattern of which the sentence matches, unless one of
    the topic's ``unless`` phrases is in the same sentence."""
    found = []
    for topic in rules["mention_topics"]:
        if any(word in sentence for word in topic.get("unless", ())):
            continue
        for pattern in topic["patterns"]:
            hit = re.search(pattern, sentence)
            if hit:
                found.append((str(topic["topic"]), hit.group(0)))
                break
    return found


def mentions_from_json(value, rules):
    """The stated sentence matched again: one mention per sentence and topic it matches."""
    kind, ref_id = str(value["kind"]), uuid.UUID(str(value["ref_id"]))
    engagement_id, when = uuid.UUID(str(value["engagement_id"])), opt_date(value.get("date"))
    parts = [part.strip() for part in SENTENCE_END.split(str(value["sentence"])) if part and part.strip()]
    return [Mention(kind, ref_id, engagement_id, when, topic, sentence, phrase)
            for sentence in parts for topic, phrase in match_topics(sentence, rules)]


def client_ids_of(v, by_id):
    linked = {by_id[e].client_id for e in v.engagement_ids if e in by_id}
    if v.client_id is not None:
        linked.add(v.client_id)
    return linked


def by_disclosure(versions):
    grouped = {}
    for v in versions:
        grouped.setdefault(v.disclosure_id, []).append(v)
    return grouped.values()


def by_start(by_id):
    return sorted(by_id.values(), key=lambda e: (e.start_on or date.min, e.title))


def late_declarations(all_versions, rules):
    flags = []
    for versions in by_disclosure(all_versions):
        latest = max(versions, key=lambda v: v.version)
        first = min(versions, key=lambda v: (declared_effective(v), v.version))
        declared = declared_effective(first)
        delay = (declared - latest.started_on).days
        if delay > rules["late_declaration_days"]:
            backdated = (f"申告日は{first.declared_on.isoformat()}と記載されていますが、記録されたのは"
                         f"{declared.isoformat()}です。" if declared != first.declared_on else "")
            flags.append(Flag(
                LATE_DECLARATION,
                f"開示{latest.number}({latest.kind}・{latest.counterpart_name})は関与の開始"
                f"({latest.started_on.isoformat()})から{delay}日後に申告されています。{backdated}",
                disclosure_ids=(latest.disclosure_id,)))
    return flags


def unmitigated_interests(latest, engagements, today, rules):
    by_id = {e.engagement_id: e for e in engagements}
    flags = []
    for d in latest:
        if not active_on(d, today) or d.mitigation.strip():
            continue
        clients = client_ids_of(d, by_id)
        open_engagements = [e for e in by_id.values() if e.client_id in clients
                            and e.status in rules["open_engagement_statuses"]]
        if open_engagements:
            titles = "、".join(e.title for e in open_engagements)
            flags.append(Flag(
                UNMITIGATED_INTEREST,
                f"開示{d.number}({d.kind}・{d.counterpart_name})は進行中の案件({titles})"
                f"がある事業者への関与ですが、管理方法が記載されていません。",
                disclosure_ids=(d.disclosure_id,),
                engagement_ids=tuple(e.engagement_id for e in open_engagements)))
    return flags


def changed_after_review(latest, all_versions, reviewed):
    versions = {v.version_id: v for v in all_versions}
    latest_by_disclosure = {d.disclosure_id: d for d in latest}
    reviewed_ids = {r.version_id for r in reviewed}
    flags = []
    for review in reviewed:
        version = versions.get(review.version_id)
        if version is None:
            continue
        if version.content_hash != review.reviewed_hash:
            flags.append(Flag(
                CHANGED_AFTER_REVIEW,
                f"開示{version.number}の第{version.version}版は、レビュー"
                f"({review.reviewed_on.isoformat()})の後に内容が書き換えられています。",
                disclosure_ids=(version.disclosure_id,), ref_ids=(version.version_id,)))
            continue
        current = latest_by_disclosure.get(version.disclosure_id)
        if (current and current.version > version.version and current.version_id not in reviewed_ids
                and not (current.substance and current.substance == version.substance)):
            flags.append(Flag(
                CHANGED_AFTER_REVIEW,
                f"開示{current.number}はレビュー済みの第{version.version}版の後に"
                f"第{current.version}版へ変更され、まだレビューされていません。",
                disclosure_ids=(current.disclosure_id,), ref_ids=(current.version_id,)))
    unique, seen = [], set()
    for flag in flags:  # one flag per wording
        if (flag.rule, flag.reason) not in seen:
            seen.add((flag.rule, flag.reason))
            unique.append(flag)
    return unique


def undisclosed_mentions(mentions, all_versions, engagements):
    by_id = {e.engagement_id: e for e in engagements}
    disclosed = set()
    for d in all_versions:
        disclosed |= client_ids_of(d, by_id)
    grouped = {}
    for mention in mentions:
        engagement = by_id.get(mention.engagement_id)
        if engagement and engagement.client_id not in disclosed:
            grouped.setdefault(engagement.client_id, []).append(mention)
    flags = []
    for client_id, found in grouped.items():
        client = next(e.client_name for e in by_id.values() if e.client_id == client_id)
        words = "・".join(sorted({m.word for m in found}))
        found.sort(key=lambda m: (m.when or date.min, m.ref_id.hex, m.sentence, m.word))
        first = found[0]
        when = f"{first.when.isoformat()}の" if first.when else ""
        quote = f"(例: {when}記録「{first.sentence}」)" if first.sentence else ""
        flags.append(Flag(
            UNDISCLOSED_MENTION,
            f"{client}の記録に「{words}」の記述が{len(found)}件ありますが、"
            f"この事業者についての開示がありません。{quote}",
            engagement_ids=tuple(sorted({m.engagement_id for m in found})),
            ref_ids=tuple(dict.fromkeys(m.ref_id for m in found)),
            evidence=tuple(dict.fromkeys(Evidence(m.kind, m.ref_id, m.when, m.sentence, m.phrase)
                                         for m in found))))
    return flags


def fees_from_investees(latest, engagements, today, rules):
    by_id = {e.engagement_id: e for e in engagements}
    flags = []
    for d in latest:
        if d.kind not in rules["financial_kinds"] or not active_on(d, today):
            continue
        clients = client_ids_of(d, by_id)
        for engagement in [e for e in by_id.values() if e.client_id in clients and e.fee_paid_by_client]:
            flags.append(Flag(
                FEE_FROM_INVESTEE,
                f"案件「{engagement.title}」の報酬は{engagement.client_name}から支払われていますが、"
                f"同社には開示{d.number}の{d.kind}があります。",
                disclosure_ids=(d.disclosure_id,), engagement_ids=(engagement.engagement_id,)))
    return flags


def missing_recertifications(all_versions, today, rules):
    flags = []
    for versions in by_disclosure(all_versions):
        latest = max(versions, key=lambda v: v.version)
        if not active_on(latest, today):
            continue
        confirmed = max(declared_effective(v) for v in versions)
        days = (today - confirmed).days
        if days > rules["recertification_days"]:
            flags.append(Flag(
                MISSING_RECERTIFICATION,
                f"開示{latest.number}({latest.kind}・{latest.counterpart_name})は最後の申告"
                f"({confirmed.isoformat()})から{days}日経っていますが、年次の確認がされていません。",
                disclosure_ids=(latest.disclosure_id,), ref_ids=(latest.version_id,)))
    return flags


def declared_after_engagement(all_versions, engagements):
    by_id = {e.engagement_id: e for e in engagements}
    flags = []
    for versions in by_disclosure(all_versions):
        latest = max(versions, key=lambda v: v.version)
        declared = min(declared_effective(v) for v in versions)
        clients = set()
        for version in versions:
            clients |= client_ids_of(version, by_id)
        for engagement in by_start(by_id):
            start = engagement.start_on
            if engagement.client_id in clients and start is not None and latest.started_on < start < declared:
                flags.append(Flag(
                    DECLARED_AFTER_ENGAGEMENT,
                    f"開示{latest.number}({latest.kind}・{latest.counterpart_name})の関与は"
                    f"{latest.started_on.isoformat()}に始まり、案件「{engagement.title}」の開始"
                    f"({start.isoformat()})より前からありましたが、申告は案件開始後の"
                    f"{declared.isoformat()}です。",
                    disclosure_ids=(latest.disclosure_id,), engagement_ids=(engagement.engagement_id,)))
    return flags


def undisclosed_fee_terms(all_versions, engagements, rules):
    by_id = {e.engagement_id: e for e in engagements}
    disclosed = set()
    for d in all_versions:
        disclosed |= client_ids_of(d, by_id)
    flags = []
    for engagement in by_start(by_id):
        phrases = [p for p in rules["fee_terms_phrases"] if p in engagement.fee_terms]
        if not phrases or engagement.client_id in disclosed:
            continue
        flags.append(Flag(
            UNDISCLOSED_FEE_TERMS,
            f"案件「{engagement.title}」の報酬条件「{engagement.fee_terms}」は"
            f"{engagement.client_name}との{'・'.join(phrases)}ですが、この事業者についての開示がありません。",
            engagement_ids=(engagement.engagement_id,),
            evidence=(Evidence("engagement", engagement.engagement_id, engagement.start_on,
                               engagement.fee_terms, phrases[0]),)))
    return flags


def flag_id(flag):
    """A flag's identity across bundles: its rule and the records it is about."""
    refs = () if flag.rule == UNDISCLOSED_MENTION else flag.ref_ids
    parts = [RULE_NAMES[flag.rule], *sorted(d.hex for d in flag.disclosure_ids), "|",
             *sorted(e.hex for e in flag.engagement_ids), "|", *sorted(r.hex for r in refs)]
    return sha256(" ".join(parts).encode("utf-8"))[:16]


def flag_record(flag, latest):
    """The flag as red-flags.json states it, naming the latest entry of each disclosure."""
    named = [latest[d.hex] for d in flag.disclosure_ids if d.hex in latest]
    return {
        "id": flag_id(flag), "rule": flag.rule, "reason": flag.reason,
        "disclosures": sorted(p["number"] for _e, p in named),
        "disclosure_ids": [str(p.get("disclosure_id", "")) for _e, p in named],
        "entry_hashes": [e["entry_hash"] for e, _p in named],
        "engagement_ids": [e.hex for e in flag.engagement_ids],
        "records": [{"kind": e.kind, "id": e.ref_id.hex, "date": e.when.isoformat() if e.when else None,
                     "text": e.text, "phrase": e.phrase} for e in flag.evidence],
    }


def recomputed_flag_records(entries, inputs, rules):
    """Every flag's record computed from register.json and the stated inputs, or a problem
    line (str) when they cannot be read."""
    every, latest_items = disclosures(entries)
    versions = [version_facts(e, p) for e, p in every]
    if any(v is None for v in versions):
        return "red-flags.json: register.json の開示の記録を読めないため、注意事項を再計算できません"
    try:
        if not isinstance(inputs, dict):
            raise TypeError(inputs)
        today = date.fromisoformat(str(inputs["today"]))
        engagements = [engagement_from_json(e) for e in inputs["engagements"]]
        mentions = [m for value in inputs["mentions"] for m in mentions_from_json(value, rules)]
        reviewed = [reviewed_from_json(r) for r in inputs["reviewed"]]
    except (KeyError, TypeError, ValueError, AttributeError):
        return "red-flags.json: 注意事項の判定に使った記録(inputs)の形式が正しくありません"
    newest = {}
    for v in versions:
        if v.disclosure_id not in newest or v.version > newest[v.disclosure_id].version:
            newest[v.disclosure_id] = v
    latest = sorted(newest.values(), key=lambda v: v.number)
    flags = [*late_declarations(versions, rules),
             *unmitigated_interests(latest, engagements, today, rules),
             *changed_after_review(latest, versions, reviewed),
             *undisclosed_mentions(mentions, versions, engagements),
             *fees_from_investees(latest, engagements, today, rules),
             *missing_recertifications(versions, today, rules),
             *declared_after_engagement(versions, engagements),
             *undisclosed_fee_terms(versions, engagements, rules)]
    by_id = {str(p.get("disclosure_id", "")): (e, p) for e, p in latest_items}
    return [flag_record(flag, by_id) for flag in flags], engagements


ENGAGEMENT_COLUMNS = {"案件名": "title", "状態": "status", "開始日": "start_on", "報酬条件": "fee_terms"}


def engagement_csv_problems(engagements, data):
    """The engagements the rules read are those engagements.csv lists."""
    if data is None:
        return []
    try:
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    except (UnicodeDecodeError, csv.Error):
        return ["engagements.csv: 読めません"]
    by_id = {row.get("案件ID", ""): row for row in rows}
    problems = []
    for engagement in engagements:
        row = by_id.pop(engagement.engagement_id.hex, None)
        stated = {"title": engagement.title, "status": engagement.status, "fee_terms": engagement.fee_terms,
                  "start_on": engagement.start_on.isoformat() if engagement.start_on else None}
        paid = "はい" if engagement.fee_paid_by_client else "いいえ"
        if row is None or any(row.get(column, "") != (stated[name] or "")
                              for column, name in ENGAGEMENT_COLUMNS.items()) \
                or row.get("報酬は事業者負担") != paid:
            problems.append(f"red-flags.json: 案件「{engagement.title}」の判定に使った記録が "
                            "engagements.csv と一致しません")
    for row in by_id.values():
        problems.append(f"red-flags.json: 案件「{row.get('案件名')}」が判定に使われていません")
    return problems


def canonical(record):
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def describe(record):
    return f"【{record.get('rule')}】{record.get('reason')}"


def recompute_problems(document, entries, engagements_csv):
    """Each flag recomputation gives that red-flags.json lacks, and each it states that
    recomputation does not give (a flag is compared whole: rule, wording, id, records)."""
    version = document.get("rules_version")
    rules = PUBLISHED_RULES.get(version) if isinstance(version, str) else None
    if rules is None:
        return [f"red-flags.json: 規則の版 {version} はこの検証ツール(規則の版 "
                f"{'、'.join(PUBLISHED_RULES)})では再計算できません"]
    if document.get("rules") != rules:
        return [f"red-flags.json: 規則の内容が公開されている版 {version} の規則と一致しません"]
    result = recomputed_flag_records(entries, document.get("inputs"), rules)
    if isinstance(result, str):
        return [result]
    records, engagements = result
    problems = engagement_csv_problems(engagements, engagements_csv)
    expected = {canonical(r): r for r in records}
    stated = {canonical(r): r for r in listed(document.get("red_flags")) if isinstance(r, dict)}
    problems += [f"red-flags.json: 再計算した注意事項がありません: {describe(r)}"
                 for key, r in expected.items() if key not in stated]
    problems += [f"red-flags.json: 再計算では出ない注意事項があります: {describe(r)}"
                 for key, r in stated.items() if key not in expected]
    return problems



# -- register.docx: its table, read with zipfile and XML (register_docx.cells_of) ------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCX_HEADER = ["番号", "版", "種類", "相手先", "金額・持分", "役職", "開始", "終了", "申告", "管理方法", "状態"]
ERAS = (("令和", (2019, 5, 1)), ("平成", (1989, 1, 8)), ("昭和", (1926, 12, 25)))


def wareki(text):
    """2026-04-01 -> 令和8年4月1日 (元年 for year 1), as Companion writes dates."""
    year, month, day = (int(part) for part in text.split("-"))
    for name, first in ERAS:
        if (year, month, day) >= first:
            era_year = year - first[0] + 1
            return f"{name}{'元' if era_year == 1 else era_year}年{month}月{day}日"
    raise ValueError(text)


def docx_cells(payload):
    amount, share = payload.get("amount_yen"), payload.get("share_percent")
    money = " ".join(v for v in (f"{amount:,}円" if amount is not None else "",
                                 f"{share:g}%" if share is not None else "") if v)
    ended = payload.get("ended_on")
    return [str(payload["number"]), str(payload["version"]), str(payload["kind"]),
            str(payload["counterpart_name"]), money, str(payload.get("role_title") or ""),
            wareki(payload["started_on"]), wareki(ended) if ended else "",
            wareki(payload["declared_on"]), str(payload.get("mitigation") or "") or "(未記載)",
            str(payload["status"])]


def paragraph_text(paragraph):
    parts = []
    for node in paragraph.iter():
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif node.tag == W + "tab":
            parts.append("\t")
    return "".join(parts)


def docx_problems(files, latest):
    import xml.etree.ElementTree as ElementTree

    data = files.get("register.docx")
    if data is None:
        return ["register.docx: ファイルがありません"]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = ElementTree.fromstring(archive.read("word/document.xml")).find(W + "body")
        table = next(child for child in body if child.tag == W + "tbl")
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, StopIteration, TypeError,
            ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return ["register.docx: Word ファイルとして読めないか、開示の表がありません"]
    rows = [["\n".join(paragraph_text(p) for p in cell.iter(W + "p")) for cell in row.iter(W + "tc")]
            for row in table.iter(W + "tr")]
    try:
        expected = [DOCX_HEADER] + [docx_cells(payload) for _entry, payload in latest]
    except (KeyError, TypeError, ValueError):
        return ["register.docx: register.json の開示の記録を読めません"]
    if len(rows) != len(expected):
        return [f"register.docx: 開示の表が {len(rows) - 1} 行あります(register.json では {len(expected) - 1} 件)"]
    for index, (got, want) in enumerate(zip(rows, expected)):  # noqa: B905
        if [c.replace("\r\n", "\n") for c in got] != [c.replace("\r\n", "\n") for c in want]:
            where = label(*latest[index - 1]) if index else "見出し行"
            return [f"register.docx: 開示の表が register.json の記録と一致しません({where})"]
    return []


# -- dates, and the record of bundles sent -----------------------------------------------

def date_problems(entries, since_size=None, since_label="前回のチェックポイント"):
    problems = []
    latest_written = None
    declared = {}
    cut = ""
    if since_size and 0 < since_size <= len(entries):
        moment = written_at(payload_of(entries[since_size - 1]))
        cut = moment.isoformat()[:10] if moment else ""
    for entry in entries:
        payload = payload_of(entry)
        written = written_at(payload)
        if written is not None:
            if latest_written is not None and written < latest_written:
                problems.append(f"記録 {entry['seq']} の記録日時 {payload['written_at']} がそれより前の記録"
                                f"({latest_written.isoformat()})より前です(端末の時計が戻されています)")
            latest_written = written if latest_written is None else max(latest_written, written)
        if entry["kind"] != "disclosure":
            continue
        day = payload.get("declared_on")
        day = day if isinstance(day, str) and len(day) == 10 else ""
        written_day = written.isoformat()[:10] if written else ""
        if day and written_day and day > written_day:
            problems.append(f"{label(entry, payload)} の申告日 {day} が記録した日 {written_day} より後です"
                            "(未来の日付)")
        key = str(payload.get("disclosure_id", ""))
        before = declared.get(key)
        declared[key] = day
        if cut and entry["seq"] > since_size and day and day < cut and day != before:
            problems.append(f"遡及記載: {label(entry, payload)} の申告日 {day} は、{since_label}"
                            f"(記録 {since_size}、{cut})より前の日付です")
    return problems


def export_problems(files, entries, previous):
    problems = []
    exports = [e for e in entries if e["kind"] == "export"]
    for entry in exports:
        payload = payload_of(entry)
        head = entries[entry["seq"] - 2]["entry_hash"] if entry["seq"] >= 2 else ""
        if payload.get("size") != entry["seq"] - 1 or payload.get("head") != head:
            problems.append(f"記録 {entry['seq']}(書き出しの記録)が直前の記録と一致しません")
    if not entries or entries[-1]["kind"] != "export":
        problems.append("最後の記録がこのバンドルの書き出しの記録ではありません" if exports else
                        "このバンドルの書き出しの記録がありません(書き出しを記録しない以前の版の Companion で"
                        "作られたか、記録が削られています)")
        earlier = exports
    else:
        earlier = exports[:-1]
        stated = payload_of(entries[-1]).get("files")
        stated = stated if isinstance(stated, dict) else {}
        for name in BOUND_FILES:
            data = files.get(name)
            if data is None or stated.get(name) != sha256(data):
                problems.append(f"{name}: 記録(書き出しの記録 {entries[-1]['seq']})にあるハッシュと一致しません")
    if previous is None:
        if earlier:
            seqs = "、".join(str(e["seq"]) for e in earlier)
            problems.append("previous-checkpoint.txt がありません。記録には以前のバンドルの書き出し"
                            f"(記録 {seqs})があり、最初のバンドルではありません")
    elif earlier and previous[1] >= earlier[0]["seq"] and (
            previous[1:] not in [(e["seq"], e["entry_hash"]) for e in earlier]):
        seqs = "、".join(str(e["seq"]) for e in earlier)
        problems.append(f"previous-checkpoint.txt: 記録にあるどの書き出し(記録 {seqs})とも一致しません")
    return problems


def continuity(entries, log_id, old_log, old_size, old_head, old_entries, name):
    """Problems if this register does not extend the older one; a fork is named as such."""
    if old_log != log_id:
        return [f"{name} は別の実践者(別の記録)のものです"]
    if old_entries is not None:
        for index, (before, now) in enumerate(zip(old_entries, entries)):  # noqa: B905
            if (before["kind"], before["payload"], before["entry_hash"]) != (
                    now["kind"], now["payload"], now["entry_hash"]):
                return [f"分岐: 記録 {index + 1} から {name} と異なります(記録 {index} までは同じで、"
                        "以降が書き換えられています)"]
        if old_size > len(entries):
            return [f"削除: 記録が {name}({old_size}件)より短くなっています({len(entries)}件)。"
                    f"記録 {len(entries) + 1} 以降が消されています"]
        return []
    if old_size > len(entries):
        return [f"記録が {name}({old_size}件)より短くなっています({len(entries)}件)。削除か分岐(書き換え)です。"
                f"前回の register.json かバンドルのフォルダを --since に指定すると、どちらかを示せます"]
    if old_size and entries[old_size - 1]["entry_hash"] != old_head:
        return [f"分岐: {name} の記録 {old_size} と異なる記録が続いています(記録 {old_size} までのどこかが"
                "書き換えられています)"]
    return []



# -- Ed25519 (RFC 8032, section 6), to check signatures without anything installed ---------

ED_P = 2 ** 255 - 19
ED_L = 2 ** 252 + 27742317777372353535851937790883648493
ED_D = -121665 * pow(121666, ED_P - 2, ED_P) % ED_P
ED_SQRT_M1 = pow(2, (ED_P - 1) // 4, ED_P)


def ed_add(a, b):
    p = ED_P
    aa = (a[1] - a[0]) * (b[1] - b[0]) % p
    bb = (a[1] + a[0]) * (b[1] + b[0]) % p
    cc = 2 * a[3] * b[3] * ED_D % p
    dd = 2 * a[2] * b[2] % p
    e, f, g, h = bb - aa, dd - cc, dd + cc, bb + aa
    return (e * f % p, g * h % p, f * g % p, e * h % p)


def ed_multiply(scalar, point):
    result = (0, 1, 1, 0)
    while scalar > 0:
        if scalar & 1:
            result = ed_add(result, point)
        point = ed_add(point, point)
        scalar >>= 1
    return result


def ed_equal(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % ED_P == 0 and (a[1] * b[2] - b[1] * a[2]) % ED_P == 0


def ed_recover_x(y, sign):
    if y >= ED_P:
        return None
    x2 = (y * y - 1) * pow(ED_D * y * y + 1, ED_P - 2, ED_P) % ED_P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (ED_P + 3) // 8, ED_P)
    if (x * x - x2) % ED_P != 0:
        x = x * ED_SQRT_M1 % ED_P
    if (x * x - x2) % ED_P != 0:
        return None
    return ED_P - x if (x & 1) != sign else x


def ed_decompress(data):
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = ed_recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % ED_P)


ED_BASE_Y = 4 * pow(5, ED_P - 2, ED_P) % ED_P
ED_BASE = ed_decompress(ED_BASE_Y.to_bytes(32, "little"))


def ed25519_verify(public, message, signature):
    """True when ``signature`` (64 bytes) is ``public``'s (32 bytes) over ``message``."""
    if len(public) != 32 or len(signature) != 64:
        return False
    point_a, point_r = ed_decompress(public), ed_decompress(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if point_a is None or point_r is None or s >= ED_L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % ED_L
    return ed_equal(ed_multiply(s, ED_BASE), ed_add(point_r, ed_multiply(h, point_a)))


SPKI_ED25519 = bytes.fromhex("302a300506032b6570032100")


def key_der(pem):
    """The DER SubjectPublicKeyInfo of an Ed25519 public key PEM, or None."""
    lines = pem.strip().splitlines() if isinstance(pem, str) else []
    if len(lines) < 3 or lines[0] != "-----BEGIN PUBLIC KEY-----" or lines[-1] != "-----END PUBLIC KEY-----":
        return None
    try:
        der = base64.b64decode("".join(lines[1:-1]), validate=True)
    except (binascii.Error, ValueError):
        return None
    return der if len(der) == 44 and der.startswith(SPKI_ED25519) else None


def unbase64(text):
    """Standard or URL-safe base64, padded or not."""
    if not isinstance(text, str):
        return b""
    text = text.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        return b""


# -- reviews/: each the envelope a `review` entry records, signed by that reviewer key ------

def review_names(files):
    """The names under reviews/ of an unpacked folder or of the zip's members."""
    if isinstance(files, Folder):
        folder = os.path.join(files.path, "reviews")
        return sorted(f"reviews/{n}" for n in os.listdir(folder)) if os.path.isdir(folder) else []
    return sorted(name for name in files if name.startswith("reviews/"))


def review_problems(files, entries, log_id):
    """Each file in reviews/ is the exact envelope a `review` register entry records
    (SHA-256 of its bytes), signed (DSSE v1 PAE, Ed25519) by the reviewer key that entry
    records, for a checkpoint of this register; and every review the register records
    is there. Returns (problems, notes): a note per review checked, with the reviewer's
    fingerprint to confirm with them."""
    problems, notes, recorded = [], [], {}
    for entry in entries:
        if entry["kind"] != "review":
            continue
        payload = payload_of(entry)
        der = key_der(payload.get("reviewer_public_key_pem"))
        stated = payload.get("reviewer_fingerprint")
        if der is None or sha256(der) != stated:
            problems.append(f"記録 {entry['seq']}(レビュー応答の記録)の鍵を読めないか、指紋と一致しません")
            continue
        recorded[payload.get("envelope_sha256")] = (entry["seq"], der, stated, payload)
    seen = set()
    for name in review_names(files):
        data = files.get(name) or b""
        found = recorded.get(sha256(data))
        if found is None:
            problems.append(f"{name}: 記録(register.json)にあるどのレビュー応答とも一致しません"
                            "(偽造・改変・後から追加の可能性)")
            continue
        seq, der, stated, payload = found
        seen.add(sha256(data))
        try:
            envelope = json.loads(data.decode("utf-8"))
            kind = envelope["payloadType"].encode("utf-8")
            body = unbase64(envelope["payload"])
            signatures = [unbase64(s["sig"]) for s in envelope["signatures"]]
            reviewed = json.loads(body.decode("utf-8"))["predicate"]["checkpoint"]
        except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):
            problems.append(f"{name}: 署名付きのレビュー応答(DSSE)として読めません")
            continue
        pae = b"DSSEv1 %d %s %d %s" % (len(kind), kind, len(body), body)
        if not any(ed25519_verify(der[12:], pae, sig) for sig in signatures):
            problems.append(f"{name}: 記録 {seq} のレビュー担当者の鍵 {stated[:16]} の署名がありません(偽造か改変)")
            continue
        lines = reviewed.split("\n") if isinstance(reviewed, str) else []
        fields = dict(line.split(" ", 1) for line in lines[1:4] if " " in line)
        size = int(fields["size"]) if fields.get("size", "").isdigit() else -1
        head = entries[size - 1]["entry_hash"] if 0 < size <= len(entries) else ""
        if fields.get("log") != log_id or not 0 <= size <= len(entries) or fields.get("head") != head:
            problems.append(f"{name}: この記録のチェックポイントに対する応答ではありません")
            continue
        notes.append(f"OK: {name} は {payload.get('reviewer_name', '')} さん(鍵 {stated[:16]}…、"
                     f"{payload.get('reviewed_on', '')})の署名を確かめました。鍵の指紋はご本人に確かめてください")
    for digest, (seq, _der, _stated, payload) in recorded.items():
        if digest not in seen:
            problems.append(f"reviews/: 記録 {seq}(レビュー応答 {payload.get('reviewer_name', '')} "
                            f"{payload.get('reviewed_on', '')})のレビュー応答がありません(削除された可能性)")
    return problems, notes


# -- keys: the identity (first key) and every rotation --------------------------------------

KEY_ENTRY_PREFIX = b"companion/key-entry/v1\n"


class Key:
    def __init__(self, fingerprint, pem, der, first_seq):
        self.fingerprint, self.pem, self.der, self.first_seq = fingerprint, pem, der, first_seq
        self.last_seq = None  # still in force

    def covers(self, size):
        return self.first_seq <= size and (self.last_seq is None or size <= self.last_seq)

    def verifies(self, message, signature):
        return ed25519_verify(self.der[12:], message, signature)


def key_chain(entries, signed_parts):
    """The keys the register declares and the problems with them. Each key entry must be
    signed by its own key and, for a rotation, by the key it replaces (old signs new).
    Every (message, signature, key) checked is added to ``signed_parts``."""
    keys, problems = [], []
    for entry in entries:
        if entry["kind"] != "key":
            continue
        payload = payload_of(entry)
        der = key_der(payload.get("public_key_pem"))
        if der is None or payload.get("fingerprint") != sha256(der):
            problems.append(f"記録 {entry['seq']}: 鍵の記録を読めないか、指紋が鍵と一致しません")
            continue
        if not keys and entry["seq"] != 1:
            problems.append(f"最初の鍵が記録 1 にありません(記録 {entry['seq']})")
        key = Key(sha256(der), payload["public_key_pem"], der, entry["seq"])
        replaces = payload.get("replaces")
        if keys and replaces != keys[-1].fingerprint:
            problems.append(f"記録 {entry['seq']}: 鍵の更新が、その時点の鍵 {keys[-1].fingerprint[:16]} を"
                            "置き換えると記していません")
        elif not keys and replaces is not None:
            problems.append(f"記録 {entry['seq']}: 最初の鍵が別の鍵を置き換えると記しています")
        signatures = entry.get("signatures")
        signatures = signatures if isinstance(signatures, list) else []
        by = {str(s.get("fingerprint")): unbase64(s.get("sig")) for s in signatures if isinstance(s, dict)}
        message = KEY_ENTRY_PREFIX + entry["payload"].encode("utf-8")
        for role, signer in [("self", key)] + ([("previous", keys[-1])] if keys else []):
            signature = by.get(signer.fingerprint, b"")
            signed_parts.append((f"key-{entry['seq']}-{role}", message, signature, signer))
            if not signer.verifies(message, signature):
                who = "新しい鍵自身" if role == "self" else f"置き換えられる鍵 {signer.fingerprint[:16]}"
                problems.append(f"記録 {entry['seq']}: 鍵の登録に{who}の正しい署名がありません"
                                "(鍵の更新の偽造か改変)")
        if keys:
            keys[-1].last_seq = entry["seq"] - 1
        keys.append(key)
    if entries and not keys:
        problems.append("register.json に署名鍵の記録がありません")
    return keys, problems


def key_at(keys, size):
    return next((k for k in keys if k.covers(size)), None)


# -- the bundle zip, read without unpacking -------------------------------------------------

SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*")
SIGNED_FILES = ("manifest.json", "manifest.sig", "SHA256SUMS", "SHA256SUMS.sig")
MAX_MEMBERS = 20000
MAX_MEMBER_BYTES = 256 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024


def read_zip(path):
    """Every member of the zip by name; a name that would land outside the folder it is
    unpacked into (../, absolute, drive, backslash), a link, or a duplicate refuses the
    whole archive before anything is read (unzip would strip or follow them silently)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise Failure(f"{path}: zip として読めません({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Failure(f"{path}: ファイルが多すぎます({len(infos)}個)")
        bad = [i.orig_filename for i in infos
               if not (SAFE_NAME.fullmatch(i.orig_filename) and i.filename == i.orig_filename)]
        if bad:
            raise Failure(f"{path}: 展開先の外を指すか、使えない名前のファイルがあります: "
                          + ", ".join(repr(name) for name in bad[:5]) + "(展開しないでください)")
        links = [i.filename for i in infos if stat.S_ISLNK(i.external_attr >> 16)]
        if links:
            raise Failure(f"{path}: シンボリックリンクがあります: {', '.join(links[:5])}(展開しないでください)")
        seen, duplicates = set(), set()
        for info in infos:
            (duplicates if info.filename in seen else seen).add(info.filename)
        if duplicates:
            raise Failure(f"{path}: 同じ名前のファイルが重複しています: {', '.join(sorted(duplicates)[:5])}")
        if any(i.file_size > MAX_MEMBER_BYTES for i in infos) or sum(
                i.file_size for i in infos) > MAX_TOTAL_BYTES:
            raise Failure(f"{path}: 展開後の大きさが大きすぎます(zip 爆弾の可能性)")
        members = {}
        for info in infos:
            try:
                with archive.open(info) as handle:
                    data = handle.read(MAX_MEMBER_BYTES + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise Failure(f"{path}: {info.filename} を読めません({exc})") from exc
            if len(data) != info.file_size:
                raise Failure(f"{path}: {info.filename} の大きさが記載と一致しません")
            members[info.filename] = data
    return members


def listing_problems(members):
    """The archive holds exactly what SHA256SUMS and manifest.json list, with those hashes."""
    problems = []
    sums = members.get("SHA256SUMS")
    if sums is None:
        return ["SHA256SUMS: ファイルがありません(全ファイルのハッシュ一覧がないため確かめられません)"]
    stated = {}
    for number, line in enumerate(sums.decode("utf-8", "replace").splitlines(), 1):
        match = re.fullmatch(r"([0-9a-f]{64})  (.+)", line)
        if not match or match.group(2) in stated:
            problems.append(f"SHA256SUMS: {number}行目の形式が正しくありません")
            continue
        stated[match.group(2)] = match.group(1)
    for name in sorted(set(members) - set(stated) - {"SHA256SUMS", "SHA256SUMS.sig"}):
        problems.append(f"{name}: SHA256SUMS にないファイルです(追加された可能性)")
    for name, digest in sorted(stated.items()):
        if name not in members:
            problems.append(f"{name}: SHA256SUMS にあるファイルがありません(削除された可能性)")
        elif sha256(members[name]) != digest:
            problems.append(f"{name}: ハッシュが SHA256SUMS と一致しません(改変された可能性)")
    if "manifest.json" not in members:
        return [*problems, "manifest.json: ファイルがありません"]
    manifest = parse_json(members["manifest.json"], "manifest.json")
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list) or not all(isinstance(item, dict) for item in files):
        return [*problems, "manifest.json: ファイルの一覧の形式が正しくありません"]
    named = {str(item.get("path")): item for item in files}
    for name in sorted(set(members) - set(named) - set(SIGNED_FILES)):
        problems.append(f"{name}: manifest.json にないファイルです(追加された可能性)")
    for name, item in sorted(named.items()):
        data = members.get(name)
        if data is None:
            problems.append(f"{name}: manifest.json にあるファイルがありません(削除された可能性)")
        elif sha256(data) != item.get("sha256") or len(data) != item.get("size"):
            problems.append(f"{name}: ハッシュが manifest.json と一致しません(改変された可能性)")
    return problems


SIGNATURE_OF = (("checkpoint.txt", "checkpoint.sig"), ("previous-checkpoint.txt", "previous-checkpoint.sig"),
                ("manifest.json", "manifest.sig"), ("SHA256SUMS", "SHA256SUMS.sig"))


def signature_problems(members, keys, size, previous, signed_parts):
    """Each signed file is signed by the key in force at the register size it covers."""
    problems = []
    for name, sig_name in SIGNATURE_OF:
        data = members.get(name)
        if data is None:
            if name != "previous-checkpoint.txt":
                problems.append(f"{name}: ファイルがありません")
            continue
        at = previous[1] if name == "previous-checkpoint.txt" and previous else size
        key = key_at(keys, at)
        signature = members.get(sig_name)
        if signature is None:
            problems.append(f"{sig_name}: 署名ファイルがありません")
        elif key is None:
            problems.append(f"{name}: 記録 {at} の時点で有効な鍵がありません")
        else:
            signed_parts.append((os.path.splitext(name)[0], data, signature, key))
            if not key.verifies(data, signature):
                other = any(k.verifies(data, signature) for k in keys)
                problems.append(f"{sig_name}: {name} の署名が" + (
                    "有効範囲外の鍵によるものです" if other else "一致しません(別の鍵か改変)"))
    in_force = key_at(keys, size)
    pem = members.get("practitioner.pem")
    if in_force is not None and (pem is None or pem.decode("ascii", "replace").strip() != in_force.pem.strip()):
        problems.append("practitioner.pem: 記録上の現在の鍵と一致しません")
    stated = {k.fingerprint: k.pem for k in keys}
    for name in sorted(n for n in members if n.startswith("keys/")):
        fp = name[len("keys/"):-len(".pem")] if name.endswith(".pem") else ""
        if fp not in stated or members[name].decode("ascii", "replace").strip() != stated[fp].strip():
            problems.append(f"{name}: register.json の鍵の記録にない鍵です")
    return problems


def write_openssl_parts(folder, signed_parts, keys, size):
    """Each signature checked, as files openssl reads: NN-what.msg / .sig / .pem,
    identity.pem (the register's first key) and current.pem (the key in force)."""
    os.makedirs(folder, exist_ok=True)
    for index, (what, message, signature, key) in enumerate(signed_parts, 1):
        stem = os.path.join(folder, f"{index:02d}-{what}")
        for suffix, data in ((".msg", message), (".sig", signature), (".pem", key.pem.encode("ascii"))):
            with open(stem + suffix, "wb") as handle:
                handle.write(data)
    for name, key in (("identity.pem", keys[0] if keys else None), ("current.pem", key_at(keys, size))):
        if key is not None:
            with open(os.path.join(folder, name), "wb") as handle:
                handle.write(key.pem.encode("ascii"))


def own_sha256():
    try:
        return sha256(read_bytes(os.path.abspath(__file__)))
    except Failure:
        return ""


# -- putting it together ----------------------------------------------------------------------

def load_since(path):
    """(log, size, head, entries or None) of what --since names: a checkpoint file, an
    older register.json, the folder it is in, or the older bundle's zip."""
    if os.path.isdir(path):
        path = os.path.join(path, "register.json")
    data = read_bytes(path)
    if data.startswith(b"companion-checkpoint/"):
        return (*parse_checkpoint(data, path), None)
    if data.startswith(b"PK"):
        members = read_zip(path)
        if "register.json" not in members:
            raise Failure(f"{path}: register.json がありません")
        data = members["register.json"]
    register = parse_register(data, path)
    entries = register["entries"]
    problem = replay(entries)
    if problem:
        raise Failure(f"{path}: {problem}")
    return (str(register.get("log_id", "")), len(entries),
            entries[-1]["entry_hash"] if entries else "", entries)


def register_problems(files, register, checkpoint, since):
    """The checks both forms share, on a register whose chain replays."""
    entries = register["entries"]
    log_id, size, head = checkpoint
    actual_head = entries[-1]["entry_hash"] if entries else ""
    if (log_id, size, head) != (register.get("log_id"), len(entries), actual_head):
        return ["チェックポイントが記録の件数・最新ハッシュと一致しません"], []
    previous_data = files.get("previous-checkpoint.txt")
    previous = parse_checkpoint(previous_data, "previous-checkpoint.txt") if previous_data is not None else None
    problems = file_problems(files, entries) + export_problems(files, entries, previous)
    if previous is not None:
        problems += continuity(entries, log_id, *previous, None, "previous-checkpoint.txt")
    problems += date_problems(entries, previous[1] if previous else None)
    notes = []
    found, checked = review_problems(files, entries, log_id)
    problems += found
    notes += checked
    if since:
        old_log, old_size, old_head, old_entries = load_since(since)
        name = os.path.basename(os.path.normpath(since))
        found = continuity(entries, log_id, old_log, old_size, old_head, old_entries, f"前回({name})")
        problems += found
        if not found:
            if previous is None or previous != (old_log, old_size, old_head):
                problems += [p for p in date_problems(entries, old_size, f"前回({name})")
                             if p.startswith("遡及記載")]
            notes.append(f"OK: 前回の{old_size}件はそのままで、{len(entries) - old_size}件が追記されています")
    return problems, notes


def check(args):
    """The unpacked folder: register.json and the checkpoint file named."""
    register = read_register(args.register)
    entries = register["entries"]
    problem = replay(entries)
    if problem:
        return [problem], []
    files = Folder(os.path.dirname(os.path.abspath(args.register)))
    problems, notes = register_problems(files, register, read_checkpoint(args.checkpoint), args.since)
    notes.append(f"OK: {len(entries)}件の記録のハッシュチェーンは正しく、チェックポイントと一致します")
    return problems, notes


def normalise_fingerprint(text):
    value = re.sub(r"[\s:]", "", text or "").lower()
    if not re.fullmatch(r"[0-9a-f]{16,64}", value):
        raise Failure("--identity には実践者から別の経路で聞いた指紋(16桁以上の16進数)を指定してください")
    return value


def check_zip(args):
    """The bundle's zip, read directly: names, listing, hashes, keys, signatures, register."""
    identity = normalise_fingerprint(args.identity)
    members = read_zip(args.bundle)
    problems = listing_problems(members)
    if "SHA256SUMS" not in members:
        return problems, []
    for name in ("register.json", "checkpoint.txt"):
        if name not in members:
            return [*problems, f"{name}: ファイルがありません"], []
    register = parse_register(members["register.json"])
    entries = register["entries"]
    problem = replay(entries)
    if problem:
        return [*problems, problem], []
    signed_parts = []
    keys, key_problems = key_chain(entries, signed_parts)
    problems += key_problems
    if keys and not keys[0].fingerprint.startswith(identity):
        problems.append(f"記録の最初の鍵(実践者の識別鍵)の指紋 {keys[0].fingerprint} が、指定の {identity} と"
                        "一致しません(別人の記録か、最初の鍵から作り直された記録)")
    checkpoint = parse_checkpoint(members["checkpoint.txt"], "checkpoint.txt")
    previous_data = members.get("previous-checkpoint.txt")
    previous = parse_checkpoint(previous_data, "previous-checkpoint.txt") if previous_data is not None else None
    problems += signature_problems(members, keys, len(entries), previous, signed_parts)
    found, notes = register_problems(members, register, checkpoint, args.since)
    problems += found
    if args.openssl:
        write_openssl_parts(args.openssl, signed_parts, keys, len(entries))
    copy = members.get("verify_chain.py")
    if copy is not None and sha256(copy) != own_sha256():
        notes.append("注意: バンドルの verify_chain.py はこのスクリプトと異なります(確認には使わないでください)")
    rotations = len(keys) - 1
    notes.append(f"OK: {len(entries)}件の記録、{len(members)}個のファイル、署名 {len(signed_parts)}件を確かめました"
                 f"(識別鍵 {keys[0].fingerprint[:16] if keys else '-'}…、鍵の更新 {rotations}回)")
    return problems, notes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("register", metavar="BUNDLE.zip|register.json",
                        help="レビューバンドルの zip(展開せずに確かめます)、または展開したフォルダの register.json")
    parser.add_argument("--identity", help="実践者の識別鍵(記録の最初の鍵)の指紋。別の経路で聞いたもの(zip のとき必須)")
    parser.add_argument("--checkpoint", help="checkpoint.txt(register.json のとき必須)")
    parser.add_argument("--since", help="前回のチェックポイント、register.json、バンドルのフォルダ、または zip")
    parser.add_argument("--openssl", metavar="DIR", help="各署名を openssl で確かめるためのファイルを書き出すフォルダ")
    args = parser.parse_args()
    try:
        with open(args.register, "rb") as handle:
            is_zip = handle.read(2) == b"PK"
    except OSError as exc:
        print(f"NG: {args.register}: 読めません({exc.strerror or exc})")
        return 1
    if not is_zip and not args.checkpoint:
        parser.error("register.json を確かめるときは --checkpoint が必要です")
    args.bundle = args.register
    try:
        problems, notes = check_zip(args) if is_zip else check(args)
    except Failure as exc:
        print(f"NG: {exc}")
        return 1
    except (KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError) as exc:
        print(f"NG: 記録の形式が正しくないため、これ以上確かめられません({type(exc).__name__}: {exc})")
        return 1
    except OSError as exc:
        print(f"NG: ファイルを読み書きできません({exc})")
        return 1
    for problem in dict.fromkeys(problems):
        print(f"NG: {problem}")
    if problems:
        return 1
    for note in notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
