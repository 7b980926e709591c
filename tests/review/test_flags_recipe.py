"""Red flags recomputed by the published verifier (issue 18 item 7): the auditor's own
``verify_chain.py``, run by the published recipe with the system's python3 -I (no
Companion), computes every flag again from the bundle's signed register and the inputs
red-flags.json states, with the rules published for its version, and reports a flag that
is missing or extra, exactly as ``companion verify`` does."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from companion_testing.review_bundles import (
    TODAY,
    export,
    reseal_as_practitioner,
    run_published_recipe,
)

from companion.domain.red_flag_rules import RULES, VERSION
from companion.domain.red_flags import RedFlag, Rule, all_red_flags, latest_versions
from companion.paths import resource
from companion.review.derived import red_flags_csv
from companion.review.flag_records import flag_records, versions_from_entries
from companion.review.verify import inspect_bundle, parse_register
from companion.services import red_flags as red_flag_service
from companion.services.storage import OpenedData

INVENTED = ("有限会社ささき商店の記録に「出資」の記述が1件ありますが、"
            "この事業者についての開示がありません。")


def _load_verifier() -> ModuleType:
    spec = importlib.util.spec_from_file_location("published_verify_chain_flags",
                                                  resource("review", "verify_chain.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _member(bundle: Path, name: str) -> bytes:
    with zipfile.ZipFile(bundle) as archive:
        return archive.read(name)


def _resealed_flags(practice: OpenedData, good: Path, target: Path,
                    document: dict[str, Any]) -> Path:
    """The practitioner edits red-flags.json (and red-flags.csv to match) and signs the
    bundle again with their own key: sums and signatures all check."""
    return Path(reseal_as_practitioner(practice, good, target, replace={
        "red-flags.json": json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        "red-flags.csv": red_flags_csv(document)}))


def _ng_lines(result: Any) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("NG:")]


def test_the_verifier_publishes_the_same_rules_as_companion() -> None:
    assert _load_verifier().PUBLISHED_RULES[VERSION] == RULES


def test_a_good_bundle_passes_the_recipe_with_every_flag_recomputed(
        practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    document = json.loads(_member(good, "red-flags.json"))
    assert {"申告の遅れ", "出資先からの報酬"} <= {f["rule"] for f in document["red_flags"]}
    result = run_published_recipe(good, tmp_path / "auditor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "NG:" not in result.stdout


def test_a_flag_dropped_and_resealed_by_the_practitioner_is_reported_missing(
        practice: OpenedData, tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    document = json.loads(_member(good, "red-flags.json"))
    late = next(f for f in document["red_flags"] if f["rule"] == "申告の遅れ")
    document["red_flags"].remove(late)
    bundle = _resealed_flags(practice, good, tmp_path / "resealed.zip", document)
    result = run_published_recipe(bundle, tmp_path / "auditor")
    assert result.returncode != 0
    assert f"NG: red-flags.json: 再計算した注意事項がありません: 【申告の遅れ】{late['reason']}" \
        in _ng_lines(result), result.stdout + result.stderr
    assert any("再計算した注意事項がありません" in p and late["reason"] in p
               for p in inspect_bundle(bundle).problems)


def test_a_flag_dropped_before_signing_is_reported_missing_by_the_recipe(
        practice: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dropped before the export signed and bound red-flags.json: only the recomputation
    can tell."""
    honest = red_flag_service.RedFlagInputs.flags

    def without_late(self: red_flag_service.RedFlagInputs) -> list[RedFlag]:
        return [f for f in honest(self) if f.rule is not Rule.LATE_DECLARATION]

    monkeypatch.setattr(red_flag_service.RedFlagInputs, "flags", without_late)
    bundle = export(practice, tmp_path / "review.zip").path
    result = run_published_recipe(bundle, tmp_path / "auditor")
    assert result.returncode != 0
    ng = _ng_lines(result)
    assert ng and all("再計算した注意事項がありません: 【申告の遅れ】" in line for line in ng), \
        result.stdout + result.stderr


def test_an_invented_flag_is_reported_extra_by_the_recipe(
        practice: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    honest = red_flag_service.RedFlagInputs.flags

    def with_invented(self: red_flag_service.RedFlagInputs) -> list[RedFlag]:
        return [*honest(self), RedFlag(Rule.UNDISCLOSED_MENTION, INVENTED)]

    monkeypatch.setattr(red_flag_service.RedFlagInputs, "flags", with_invented)
    bundle = export(practice, tmp_path / "review.zip").path
    result = run_published_recipe(bundle, tmp_path / "auditor")
    assert result.returncode != 0
    assert _ng_lines(result) == [
        f"NG: red-flags.json: 再計算では出ない注意事項があります: 【未開示の関与の記述】{INVENTED}"], \
        result.stdout + result.stderr


def test_rules_other_than_the_published_ones_are_reported(practice: OpenedData,
                                                          tmp_path: Path) -> None:
    good = export(practice, tmp_path / "review.zip").path
    lenient = json.loads(_member(good, "red-flags.json"))
    lenient["rules"]["late_declaration_days"] = 3650  # no declaration is ever late
    lenient["red_flags"] = [f for f in lenient["red_flags"] if f["rule"] != "申告の遅れ"]
    bundle = _resealed_flags(practice, good, tmp_path / "lenient.zip", lenient)
    result = run_published_recipe(bundle, tmp_path / "auditor-lenient")
    assert f"NG: red-flags.json: 規則の内容が公開されている版 {VERSION} の規則と一致しません" \
        in _ng_lines(result), result.stdout + result.stderr

    unknown = json.loads(_member(good, "red-flags.json"))
    unknown["rules_version"] = unknown["rules"]["version"] = "2099.1"
    bundle = _resealed_flags(practice, good, tmp_path / "unknown.zip", unknown)
    result = run_published_recipe(bundle, tmp_path / "auditor-unknown")
    assert any("規則の版 2099.1 はこの検証ツール" in line for line in _ng_lines(result)), \
        result.stdout + result.stderr


def _companion_records(entries: Any, inputs: dict[str, Any]) -> list[dict[str, Any]]:
    """The flags ``companion verify`` recomputes from these inputs (flag_records.py)."""
    from companion.domain.red_flags import (
        engagement_facts_from_json,
        mentions_from_json,
        reviewed_from_json,
    )

    versions = versions_from_entries(entries)
    assert versions is not None
    flags = all_red_flags(
        latest=latest_versions(versions), all_versions=versions,
        engagements=[engagement_facts_from_json(e) for e in inputs["engagements"]],
        mentions=[m for value in inputs["mentions"] for m in mentions_from_json(value)],
        reviewed=[reviewed_from_json(r) for r in inputs["reviewed"]],
        today=date.fromisoformat(inputs["today"]))
    return flag_records(flags, entries)


def test_the_verifier_computes_what_companion_computes_on_other_inputs(
        practice: OpenedData, tmp_path: Path) -> None:
    """Both verifiers, on the demo register with other days, notes and reviews: every rule
    fires somewhere, and the records agree field for field."""
    good = export(practice, tmp_path / "review.zip").path
    register = _member(good, "register.json")
    _log_id, entries = parse_register(register)
    script_entries = json.loads(register)["entries"]
    base = json.loads(_member(good, "red-flags.json"))["inputs"]
    engagement = base["engagements"][0]
    notes = ["先月、社長から取締役に就任してほしいと打診があった。株式会社の株主総会の案内も届いた。",
             "役員報酬の見直しを相談した。\n成果報酬での支援も提案された！株を保有してほしいとも。",
             "出資を検討しているとのこと。"]
    mentions = [{"kind": "visit", "ref_id": f"{index:032x}", "engagement_id": e["engagement_id"],
                 "date": (TODAY - timedelta(days=index)).isoformat(), "sentence": sentence}
                for e in base["engagements"] for index, note in enumerate(notes, 1)
                for sentence in note.split("\n")]
    wrong_review = [{"version_id": json.loads(e.payload)["version_id"],
                     "disclosure_id": json.loads(e.payload)["disclosure_id"],
                     "reviewed_hash": "0" * 64, "reviewed_on": TODAY.isoformat()}
                    for e in entries if e.kind == "disclosure"][:2]
    variants = [base,
                {**base, "today": (TODAY + timedelta(days=800)).isoformat()},
                {**base, "today": "2024-01-10", "mentions": base["mentions"] + mentions},
                {**base, "reviewed": base["reviewed"] + wrong_review},
                {**base, "engagements": [
                    *({**e, "start_on": "2025-08-15", "fee_terms": "顧問契約(月額5万円)・成果報酬あり"}
                      for e in base["engagements"]),
                    {**engagement, "engagement_id": "e" * 32, "client_id": "c" * 32,
                     "client_name": "株式会社 象潟観光", "title": "遊覧船の再開",
                     "fee_terms": "売上連動の顧問料(レベニュー・シェア)"}]}]
    verifier = _load_verifier()
    fired: set[str] = set()
    for inputs in variants:
        records, _engagements = verifier.recomputed_flag_records(script_entries, inputs, RULES)
        expected = _companion_records(entries, inputs)
        key = lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True)  # noqa: E731
        assert sorted(map(key, records)) == sorted(map(key, expected))
        fired |= {r["rule"] for r in records}
    assert fired == {rule.value for rule in Rule}, fired
