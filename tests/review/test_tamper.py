"""The tamper suite: what the practitioner (the party audited, who holds the signing key)
could do to a bundle or to their own database, each rejected by ``companion verify``
and by the reviewer's recipe run as a script (system ``python3 -I``, openssl, sha256sum;
no Companion)."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from companion_testing.cli import companion
from companion_testing.review_bundles import (
    TODAY,
    export,
    rewrite_register,
    run_published_recipe,
    unzip,
)
from sqlmodel import select

from companion.db.models import LogEntry
from companion.domain.calendar import JST
from companion.domain.enums import DisclosureKind
from companion.domain.red_flags import Rule
from companion.errors import KnownError, ValidationError
from companion.paths import resource
from companion.review.bundle import SIGNED_FILES, BundleHeader, seal, write_zip
from companion.review.checkpoint import Checkpoint
from companion.review.derived import disclosure_entries, latest_entries
from companion.review.register_docx import read_register_docx, register_docx, row_from_payload
from companion.review.verify import inspect_bundle, parse_register, verify_since
from companion.services.disclosures import DisclosureDraft, declare
from companion.services.health import check_database
from companion.services.red_flags import compute_red_flags
from companion.services.register import current_signing_key
from companion.services.session import session_scope
from companion.services.storage import OpenedData

SYSTEM_TOOLS = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}  # python3 here is the system's


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _reseal(practice: OpenedData, source: Path, target: Path, *,
            replace_files: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> Path:
    """Change files of a bundle and sign it again with the practitioner's own key: the
    hashes and signatures all check, so only the binding to the register can tell."""
    members = _members(source)
    manifest = json.loads(members["manifest.json"])
    plain = {name: data for name, data in members.items() if name not in SIGNED_FILES}
    plain.update(replace_files or {})
    for name in drop:
        plain.pop(name)
    header = BundleHeader(
        manifest["generator"], manifest["created_at"], manifest["period"]["from"],
        manifest["period"]["to"], manifest["practitioner"]["name"], manifest["log_id"],
        Checkpoint(manifest["log_id"], manifest["checkpoint"]["size"], manifest["checkpoint"]["head"]),
        manifest["rules_version"])
    with session_scope(practice.db, write=False) as session:
        key = current_signing_key(session=session)
    return write_zip(seal(plain, header, key), target)


def _recipe(bundle: Path, folder: Path, *, since: Path | None = None
            ) -> subprocess.CompletedProcess[str]:
    """The published README-reviewer recipe (not the bundle's), run as a script with the
    system's tools only; the bundle is unpacked to ``folder / "bundle"``."""
    return run_published_recipe(bundle, folder, since=since)


def _chain_script(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["python3", "-I", str(resource("review", "verify_chain.py")), *args],
                          cwd=folder, capture_output=True, text=True, env=SYSTEM_TOOLS, check=False)


def _cli_verify(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = companion("verify", str(bundle), *args)
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _declare(practice: OpenedData, *, started_on: date, declared_on: date,
             counterpart: str = "合同会社しらかみ観光") -> None:
    with session_scope(practice.db) as session:
        declare(session=session, draft=DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name=counterpart, started_on=started_on,
            declared_on=declared_on, amount_yen=30000, role_title="顧問",
            mitigation="顧問料は委託事業の報告書に明記し、評価は別の支援者が行う。"))


def _log_size(practice: OpenedData) -> int:
    with session_scope(practice.db, write=False) as session:
        return len(session.exec(select(LogEntry.seq)).all())


# -- 1. everything the auditor reads is bound to the signed register -----------------------

def test_a_column_edited_in_the_database_is_reported_by_check_and_refused_by_export(
        practice: OpenedData, tmp_path: Path) -> None:
    with practice.db.engine.begin() as connection:
        seq = connection.exec_driver_sql(
            "SELECT log_seq FROM disclosureversion ORDER BY log_seq LIMIT 1").scalar_one()
        connection.exec_driver_sql(
            "UPDATE disclosureversion SET counterpart_name = '株式会社みずほ製麺' WHERE log_seq = ?",
            (seq,))
    report = check_database(practice.db)
    assert any("counterpart_name" in p and f"記録 {seq}" in p and "第1版" in p
               for p in report.problems), report.problems
    size = _log_size(practice)
    with pytest.raises(KnownError, match="一致しない行"):
        export(practice, tmp_path / "review.zip")
    assert not (tmp_path / "review.zip").exists()
    assert _log_size(practice) == size  # no export entry, no key: nothing written


def _edit_csv(data: bytes) -> bytes:
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    cells = lines[1].split(",")
    cells[3] = "株式会社みずほ製麺"  # 相手先 of the first row
    lines[1] = ",".join(cells)
    return "\r\n".join(lines).encode("utf-8-sig")


def _drop_first_flag(members: dict[str, bytes]) -> dict[str, bytes]:
    from companion.review.derived import red_flags_csv

    document = json.loads(members["red-flags.json"])
    document["red_flags"] = document["red_flags"][1:]
    return {"red-flags.json": json.dumps(document, ensure_ascii=False, indent=2).encode(),
            "red-flags.csv": red_flags_csv(document)}  # made consistent, as a forger would


def _edited_docx(members: dict[str, bytes]) -> dict[str, bytes]:
    _log_id, entries = parse_register(members["register.json"])
    rows = [row for row in (row_from_payload(item)
                            for item in latest_entries(disclosure_entries(entries)))
            if row is not None]
    rows[0] = replace(rows[0], counterpart="株式会社みずほ製麺")
    return {"register.docx": register_docx(rows, flags=[], practitioner="佐藤 みのり",
                                           fingerprint="", made_on=TODAY)}


Change = Callable[[dict[str, bytes]], dict[str, bytes]]
TAMPERED: dict[str, tuple[Change, str]] = {
    "register.csv": (lambda m: {"register.csv": _edit_csv(m["register.csv"])},
                     "register.csv: register.json の記録と一致しません"),
    "versions.csv": (lambda m: {"versions.csv": _edit_csv(m["versions.csv"])},
                     "versions.csv: register.json の記録と一致しません"),
    "red flag removed": (_drop_first_flag, "red-flags.json: 記録(書き出しの記録"),
    "engagements.csv": (lambda m: {"engagements.csv": m["engagements.csv"].replace(
        "進行中".encode(), "完了".encode(), 1)}, "engagements.csv: 記録(書き出しの記録"),
}


@pytest.mark.parametrize("case", sorted(TAMPERED))
def test_a_readable_file_changed_and_resigned_is_rejected(practice: OpenedData, tmp_path: Path,
                                                          case: str) -> None:
    good = export(practice, tmp_path / "review.zip").path
    change, expected = TAMPERED[case]
    bad = _reseal(practice, good, tmp_path / "bad.zip", replace_files=change(_members(good)))
    problems = inspect_bundle(bad).problems
    assert any(expected in p for p in problems), problems
    result = _cli_verify(bad)
    assert result.returncode == 1 and expected in result.stderr
    recipe = _recipe(bad, tmp_path / "recipe")
    assert recipe.returncode != 0 and expected.split(":")[0] in recipe.stdout, recipe.stdout
    assert "Signature Verified Successfully" in recipe.stdout  # the signatures alone pass


def test_register_docx_changed_and_resigned_is_rejected(practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    members = _members(good)
    content = read_register_docx(members["register.docx"])
    assert content.table[0][0] == "番号" and len(content.table) > 1
    bad = _reseal(practice, good, tmp_path / "bad.zip", replace_files=_edited_docx(members))
    problems = inspect_bundle(bad).problems
    expected = "register.docx: 開示の表が register.json の記録と一致しません"
    assert any(expected in p for p in problems), problems
    assert _cli_verify(bad).returncode == 1
    recipe = _recipe(bad, tmp_path / "recipe")
    assert recipe.returncode != 0 and expected in recipe.stdout, recipe.stdout


def test_red_flags_name_disclosures_by_id_and_the_entries_behind_them(
        practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    members = _members(bundle)
    _log_id, entries = parse_register(members["register.json"])
    by_hash = {item.entry.entry_hash: item for item in disclosure_entries(entries)}
    flags = json.loads(members["red-flags.json"])["red_flags"]
    named = [f for f in flags if f["disclosure_ids"]]
    assert named
    for flag in named:
        items = [by_hash[h] for h in flag["entry_hashes"]]
        assert [i.disclosure_id for i in items] == flag["disclosure_ids"]
        assert sorted(i.payload["number"] for i in items) == flag["disclosures"]
    forged = json.loads(members["red-flags.json"])
    forged["red_flags"][0]["entry_hashes"] = ["0" * 64] * len(forged["red_flags"][0]["disclosure_ids"])
    from companion.review.derived import red_flag_problems

    assert red_flag_problems(forged, entries)


# -- 2. dates -------------------------------------------------------------------------------

def test_a_future_declaration_date_is_refused_and_nothing_is_written(practice: OpenedData) -> None:
    size = _log_size(practice)
    with pytest.raises(ValidationError, match="未来の日付") as raised:
        _declare(practice, started_on=TODAY, declared_on=date(2026, 12, 24))
    assert raised.value.field == "declared_on"
    assert "2026-11-20" in str(raised.value)  # the device's today, to correct it by
    assert _log_size(practice) == size


def test_the_late_declaration_rule_counts_from_the_day_written(practice: OpenedData) -> None:
    # The interest began 2026-10-01; the form says 10-20 (19 days), but it is written today.
    _declare(practice, started_on=date(2026, 10, 1), declared_on=date(2026, 10, 20))
    with session_scope(practice.db, write=False) as session:
        flags = [f for f in compute_red_flags(session=session, today=TODAY)
                 if f.rule is Rule.LATE_DECLARATION and "しらかみ観光" in f.reason]
    assert len(flags) == 1
    assert "50日後" in flags[0].reason and "2026-10-20と記載" in flags[0].reason


def test_a_declaration_backdated_before_the_last_bundle_is_flagged(
        practice: OpenedData, tmp_path: Path, device_clock: list[datetime]) -> None:
    first = export(practice, tmp_path / "first.zip")  # written on TODAY
    device_clock[0] = datetime.combine(date(2026, 11, 27), time(9, 0), JST)
    _declare(practice, started_on=date(2026, 11, 10), declared_on=date(2026, 11, 12))
    second = export(practice, tmp_path / "second.zip")
    expected = "遡及記載: 記録"
    problems = inspect_bundle(second.path).problems
    assert any(expected in p and "2026-11-12" in p and "2026-11-20" in p for p in problems), problems
    assert any(expected in p for p in verify_since(second.path, first.path).problems)
    assert _cli_verify(second.path).returncode == 1
    recipe = _recipe(second.path, tmp_path / "recipe")
    assert recipe.returncode != 0 and expected in recipe.stdout, recipe.stdout


def test_a_device_clock_set_back_is_refused_and_an_entry_dated_back_is_flagged(
        practice: OpenedData, tmp_path: Path, device_clock: list[datetime]) -> None:
    from companion.services.disclosures import record_declaration

    _declare(practice, started_on=date(2026, 11, 1), declared_on=date(2026, 11, 18))
    size = _log_size(practice)
    device_clock[0] = datetime.combine(date(2026, 11, 19), time(9, 0), JST)  # a day back
    with pytest.raises(KnownError, match="時計") as raised:
        _declare(practice, started_on=date(2026, 11, 1), declared_on=date(2026, 11, 18),
                 counterpart="株式会社たざわ湖観光")
    assert "合わせて" in str(raised.value) and _log_size(practice) == size
    # Written past the refusal (the use case's own stamp, as the demo gives one).
    with session_scope(practice.db) as session:
        record_declaration(session=session, at=device_clock[0], draft=DisclosureDraft(
            kind=DisclosureKind.ADVISORY, counterpart_name="株式会社たざわ湖観光",
            started_on=date(2026, 11, 1), declared_on=date(2026, 11, 18),
            mitigation="評価は別の支援者が行う。"))
        session.commit()
    device_clock[0] = datetime.combine(TODAY, time(23, 0), JST)
    bundle = export(practice, tmp_path / "review.zip").path
    expected = "端末の時計が戻されています"
    assert any(expected in p for p in inspect_bundle(bundle).problems)
    recipe = _recipe(bundle, tmp_path / "recipe")
    assert recipe.returncode != 0 and expected in recipe.stdout


def test_every_entry_states_when_it_was_written(practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    _log_id, entries = parse_register(_members(bundle)["register.json"])
    stamps = [json.loads(e.payload)["written_at"] for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00", s) for s in stamps)
    assert stamps == sorted(stamps)


# -- 3. continuity ---------------------------------------------------------------------------

def test_every_export_is_a_register_entry(practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "first.zip")
    second = export(practice, tmp_path / "second.zip")
    _log_id, entries = parse_register(_members(second.path)["register.json"])
    exports = [e for e in entries if e.kind == "export"]
    assert [e.seq for e in exports] == [first.checkpoint.size, second.checkpoint.size]
    payload = json.loads(exports[0].payload)
    assert payload["size"] == first.checkpoint.size - 1
    assert payload["head"] == entries[first.checkpoint.size - 2].entry_hash
    assert _members(second.path)["previous-checkpoint.txt"].decode() == first.checkpoint.text()


def test_a_bundle_that_claims_to_be_the_first_is_rejected(practice: OpenedData,
                                                          tmp_path: Path) -> None:
    export(practice, tmp_path / "first.zip")
    second = export(practice, tmp_path / "second.zip").path
    bad = _reseal(practice, second, tmp_path / "bad.zip",
                  drop=("previous-checkpoint.txt", "previous-checkpoint.sig"))
    expected = "previous-checkpoint.txt がありません"
    assert any(expected.replace(" が", ": ファイルが") in p for p in inspect_bundle(bad).problems)
    assert _cli_verify(bad).returncode == 1
    folder = unzip(bad, tmp_path / "bad")
    script = _chain_script(folder, "register.json", "--checkpoint", "checkpoint.txt")
    assert script.returncode == 1 and expected in script.stdout, script.stdout


def test_deleting_the_record_of_sent_bundles_is_caught_by_since(
        practice: OpenedData, tmp_path: Path) -> None:
    first = export(practice, tmp_path / "first.zip")
    rewrite_register(practice.db)  # forget the bundle sent: its row and its export entry
    second = export(practice, tmp_path / "second.zip")
    assert "previous-checkpoint.txt" not in _members(second.path)
    assert inspect_bundle(second.path).ok  # on its own it claims, consistently, to be first
    problems = verify_since(second.path, first.path).problems
    assert any("分岐" in p and f"記録 {first.checkpoint.size}" in p for p in problems), problems
    assert _cli_verify(second.path, "--since", str(first.path)).returncode == 1
    old = unzip(first.path, tmp_path / "first")
    recipe = _recipe(second.path, tmp_path / "recipe", since=old / "checkpoint.txt")
    assert recipe.returncode != 0 and "分岐" in recipe.stdout, recipe.stdout
    # Given the older bundle's folder, the script says where the register forks.
    script = _chain_script(tmp_path / "recipe" / "bundle", "register.json", "--checkpoint", "checkpoint.txt",
                           "--since", str(old))
    assert f"分岐: 記録 {first.checkpoint.size} から" in script.stdout, script.stdout


def test_verify_chain_tells_a_fork_from_a_truncation(practice: OpenedData, tmp_path: Path) -> None:
    _declare(practice, started_on=date(2026, 11, 10), declared_on=TODAY)
    bundle = export(practice, tmp_path / "review.zip").path
    folder = unzip(bundle, tmp_path / "now")
    register = json.loads((folder / "register.json").read_text(encoding="utf-8"))
    old = tmp_path / "old"
    old.mkdir()
    longer = dict(register, entries=[*register["entries"], {
        "seq": len(register["entries"]) + 1, "kind": "export", "payload": "{}",
        "previous_hash": register["entries"][-1]["entry_hash"], "entry_hash": ""}])
    from companion.domain.register_log import entry_hash

    last = longer["entries"][-1]
    last["entry_hash"] = entry_hash(last["seq"], last["kind"], last["previous_hash"], last["payload"])
    (old / "register.json").write_text(json.dumps(longer), encoding="utf-8")
    truncated = _chain_script(folder, "register.json", "--checkpoint", "checkpoint.txt",
                              "--since", str(old))
    assert truncated.returncode == 1 and "削除:" in truncated.stdout, truncated.stdout


# -- 4. no tracebacks ------------------------------------------------------------------------

@pytest.mark.parametrize("drop", ["SHA256SUMS", "manifest.sig", "register.json", "checkpoint.txt"])
def test_verify_of_a_bundle_missing_a_signed_file_is_clear_lines(
        practice: OpenedData, tmp_path: Path, drop: str) -> None:
    good = export(practice, tmp_path / "review.zip").path
    members = _members(good)
    members.pop(drop)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = _cli_verify(bad)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines and all(line.startswith("NG:") for line in lines), result.stderr
    assert any(drop in line for line in lines)


def test_verify_of_a_malformed_manifest_is_one_clear_line(practice: OpenedData,
                                                          tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    members = _members(good)
    manifest = json.loads(members["manifest.json"])
    manifest["files"] = ["register.json", 7]
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    result = _cli_verify(bad)
    assert result.returncode == 1 and "manifest.json" in result.stderr


@pytest.mark.parametrize("register", [None, b"not json", b'{"entries": 3}',
                                      b'{"log_id": "x", "entries": [{"seq": "1"}]}',
                                      b'{"log_id": "x", "entries": []}'])
def test_verify_chain_never_shows_a_traceback(practice: OpenedData, tmp_path: Path,
                                              register: bytes | None) -> None:
    folder = unzip(export(practice, tmp_path / "review.zip").path, tmp_path / "bundle")
    if register is None:
        (folder / "register.json").unlink()
    else:
        (folder / "register.json").write_bytes(register)
    result = _chain_script(folder, "register.json", "--checkpoint", "checkpoint.txt")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr == ""
    assert result.stdout.startswith("NG: ")
    broken = _chain_script(folder, "register.json", "--checkpoint", "missing.txt")
    assert "Traceback" not in broken.stderr and broken.stdout.startswith("NG: ")


# -- 5. disclosures keyed by id ----------------------------------------------------------------

def test_two_disclosures_with_one_number_both_reach_the_register_files() -> None:
    from companion.domain.register_log import canonical_payload, next_entry
    from companion.review.derived import register_files

    def payload(disclosure_id: str, counterpart: str) -> str:
        return canonical_payload({
            "number": 3, "version": 1, "kind": "顧問", "counterpart_name": counterpart,
            "counterpart_client_id": None, "amount_yen": 30000, "share_percent": None,
            "role_title": "顧問", "started_on": "2026-04-01", "ended_on": None,
            "declared_on": "2026-04-02", "description": "", "mitigation": "評価は別の支援者が行う",
            "status": "開示済", "reason": "新規開示", "engagement_ids": [],
            "disclosure_id": disclosure_id, "version_id": disclosure_id[::-1],
            "written_at": "2026-04-02T10:00:00+09:00"})

    first = next_entry(None, "disclosure", payload("a" * 32, "有限会社よこて漬物"))
    second = next_entry(first, "disclosure", payload("b" * 32, "合同会社ゆざわ木工"))
    register = register_files([first, second])["register.csv"].decode("utf-8-sig")
    assert "有限会社よこて漬物" in register and "合同会社ゆざわ木工" in register


def test_a_bundle_made_but_never_written_leaves_the_next_one_valid(practice: OpenedData,
                                                                   tmp_path: Path) -> None:
    from companion.services.review_bundle import prepare_review_bundle

    first = export(practice, tmp_path / "first.zip")
    with session_scope(practice.db) as session:  # prepared (and recorded), never written
        prepare_review_bundle(session=session, out=tmp_path / "lost.zip", today=TODAY)
    second = export(practice, tmp_path / "second.zip")
    assert not (tmp_path / "lost.zip").exists()
    assert _members(second.path)["previous-checkpoint.txt"].decode() == first.checkpoint.text()
    result = verify_since(second.path, first.path)
    assert result.ok, result.problems
    recipe = _recipe(second.path, tmp_path / "recipe")
    assert recipe.returncode == 0, recipe.stdout + recipe.stderr


def test_a_previous_checkpoint_that_is_no_export_is_rejected(practice: OpenedData,
                                                             tmp_path: Path) -> None:
    from companion.review.bundle import signed_checkpoint_files

    first = export(practice, tmp_path / "first.zip")
    _declare(practice, started_on=date(2026, 11, 10), declared_on=TODAY)
    second = export(practice, tmp_path / "second.zip").path
    _log_id, entries = parse_register(_members(second)["register.json"])
    declared = entries[first.checkpoint.size]  # the declaration after the first export
    made_up = Checkpoint(first.checkpoint.log_id, declared.seq, declared.entry_hash)
    with session_scope(practice.db, write=False) as session:
        key = current_signing_key(session=session)
    bad = _reseal(practice, second, tmp_path / "bad.zip",
                  replace_files=signed_checkpoint_files(made_up, key, prefix="previous-checkpoint"))
    expected = "previous-checkpoint.txt: 記録にあるどの書き出し"
    assert any(expected in p for p in inspect_bundle(bad).problems)
    folder = unzip(bad, tmp_path / "bad")
    script = _chain_script(folder, "register.json", "--checkpoint", "checkpoint.txt")
    assert script.returncode == 1 and expected in script.stdout, script.stdout


def test_the_command_line_names_the_edited_row_and_refuses_to_sign(
        practice: OpenedData, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from companion import cli

    with practice.db.engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE disclosureversion SET mitigation = '' WHERE log_seq = "
            "(SELECT max(log_seq) FROM disclosureversion)")
    root = str(practice.db.paths.root)
    practice.db.close()
    assert cli.main(["--data-dir", root, "check"]) == cli.EXIT_PROBLEMS
    checked = capsys.readouterr().err
    assert re.search(r"問題: 開示\d+の第\d+版: mitigation が記録 \d+ と一致しません", checked), checked
    out = tmp_path / "review.zip"
    assert cli.main(["--data-dir", root, "review-export", "--out", str(out)]) == cli.EXIT_ERROR
    refused = capsys.readouterr().err.strip().splitlines()
    assert len(refused) <= 2 and "レビューバンドルに署名しません" in refused[0], refused
    assert "Traceback" not in "\n".join(refused) and not out.exists()


def test_a_clock_a_few_minutes_behind_keeps_the_times_in_order(
        practice: OpenedData, device_clock: list[datetime]) -> None:
    _declare(practice, started_on=date(2026, 11, 1), declared_on=date(2026, 11, 18))
    device_clock[0] -= timedelta(minutes=5)  # the network time service corrected it
    _declare(practice, started_on=date(2026, 11, 1), declared_on=date(2026, 11, 18),
             counterpart="株式会社たざわ湖観光")
    with session_scope(practice.db, write=False) as session:
        payloads = session.exec(select(LogEntry.payload).order_by(LogEntry.seq)).all()
    stamps = [json.loads(p)["written_at"] for p in payloads[-2:]]
    assert stamps[0] == stamps[1]


def test_a_register_without_export_entries_is_named_as_such() -> None:
    from companion.domain.register_log import canonical_payload, next_entry
    from companion.review.derived import export_problems

    key = next_entry(None, "key", canonical_payload({"fingerprint": "ab" * 32}))
    problems = export_problems([key], {}, None)
    assert problems == ["register.json: このバンドルの書き出しの記録がありません(書き出しを記録しない"
                        "以前の版の Companion で作られたか、記録が削られています)"]
