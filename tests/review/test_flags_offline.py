"""Red flags recomputed offline (issue 18 item 7): the bundle states the rules and what
they read; ``companion verify`` computes every flag again from the signed register and
those inputs and reports a flag the practitioner's copy dropped or added, even when the
bundle was exported (and so signed and bound) with it."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from companion_testing.review_bundles import TODAY, export

from companion.domain.red_flag_rules import VERSION
from companion.domain.red_flags import RedFlag, Rule
from companion.review.verify import inspect_bundle
from companion.services import red_flags as red_flag_service
from companion.services import review_bundle
from companion.services.dispositions import disclosure_listing
from companion.services.session import session_scope
from companion.services.storage import OpenedData


def _flags_document(bundle: Path) -> dict[str, object]:
    with zipfile.ZipFile(bundle) as archive:
        document = json.loads(archive.read("red-flags.json"))
    assert isinstance(document, dict)
    return document


def test_a_bundle_states_its_rules_and_verifies_with_every_flag_recomputed(
        practice: OpenedData, tmp_path: Path) -> None:
    bundle = export(practice, tmp_path / "review.zip").path
    document = _flags_document(bundle)
    assert document["rules_version"] == VERSION
    assert isinstance(document["rules"], dict) and document["rules"]["version"] == VERSION
    flags = document["red_flags"]
    assert isinstance(flags, list) and flags
    assert {"申告の遅れ", "出資先からの報酬"} <= {f["rule"] for f in flags}
    assert all(len(f["id"]) == 16 and "records" in f for f in flags)
    assert inspect_bundle(bundle).problems == []


def test_a_flag_dropped_before_signing_is_reported_missing(
        practice: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    honest = red_flag_service.RedFlagInputs.flags

    def without_late(self: red_flag_service.RedFlagInputs) -> list[RedFlag]:
        return [f for f in honest(self) if f.rule is not Rule.LATE_DECLARATION]

    monkeypatch.setattr(red_flag_service.RedFlagInputs, "flags", without_late)
    bundle = export(practice, tmp_path / "review.zip").path
    problems = inspect_bundle(bundle).problems
    assert any("再計算した注意事項がありません" in p and "【申告の遅れ】" in p for p in problems), problems


def test_a_flag_invented_before_signing_is_reported_extra(
        practice: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    honest = red_flag_service.RedFlagInputs.flags

    def with_invented(self: red_flag_service.RedFlagInputs) -> list[RedFlag]:
        return [*honest(self), RedFlag(Rule.UNDISCLOSED_MENTION,
                                       "有限会社ささき商店の記録に「出資」の記述が1件ありますが、"
                                       "この事業者についての開示がありません。")]

    monkeypatch.setattr(red_flag_service.RedFlagInputs, "flags", with_invented)
    bundle = export(practice, tmp_path / "review.zip").path
    problems = inspect_bundle(bundle).problems
    assert any("再計算では出ない注意事項" in p and "ささき商店" in p for p in problems), problems


def test_fee_terms_hidden_from_the_rules_disagree_with_engagements_csv(
        practice: OpenedData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    honest = red_flag_service.red_flag_inputs

    def hiding(**kwargs: object) -> red_flag_service.RedFlagInputs:
        inputs = honest(**kwargs)  # type: ignore[arg-type]
        return replace(inputs, engagements=[replace(e, fee_terms="") for e in inputs.engagements])

    monkeypatch.setattr(review_bundle, "red_flag_inputs", hiding)
    bundle = export(practice, tmp_path / "review.zip").path
    problems = inspect_bundle(bundle).problems
    assert any("判定に使った記録が engagements.csv と一致しません" in p for p in problems), problems


def test_list_disclosures_json_names_the_flags_and_their_records(practice: OpenedData) -> None:
    with session_scope(practice.db, write=False) as session:
        listing = disclosure_listing(session=session, today=TODAY)
    assert listing.rules_version == VERSION and listing.disclosures
    late = next(f for f in listing.red_flags if f.rule == "申告の遅れ")
    assert late.disclosures and late.disposition == ""


# -- register.docx: a register an auditor can sign (issue 18 item 11) -----------------------

def test_register_docx_is_portrait_with_history_and_the_report_styles(
        practice: OpenedData, tmp_path: Path) -> None:
    from docx import Document
    from docx.shared import Mm

    from companion.reports.styles import BY_KEY
    from companion.review.register_docx import STYLE_NAMES, read_register_docx

    for key, names in STYLE_NAMES.items():
        assert names[0] == BY_KEY[key].name and set(names[1:]) <= set(BY_KEY[key].aliases)
    bundle = export(practice, tmp_path / "review.zip").path
    with zipfile.ZipFile(bundle) as archive:
        data = archive.read("register.docx")
    document = Document(io.BytesIO(data))
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    register, history = document.tables[0], document.tables[1]
    assert register.style is not None and register.style.name == "報告書 表"
    widths = [cell.width for cell in register.rows[0].cells]
    headers = [cell.text for cell in register.rows[0].cells]
    assert widths[headers.index("管理方法")] > 4 * widths[headers.index("番号")]
    assert widths[headers.index("番号")] > Mm(8.9) and widths[headers.index("版")] > Mm(6.9)
    assert [c.text for c in history.rows[0].cells][:3] == ["版", "申告", "記録日時"]
    content = read_register_docx(data)
    text = "\n".join(content.paragraphs)
    assert "支援者: 佐藤 みのり(ゆざわ-Biz)" in text and "(氏名未設定)" not in text
    assert "対象の記録: 記録" in text and "版の履歴" in text and "レビューでの判断と対応" in text
    assert any(p.startswith("開示") and "全2版" in p for p in content.paragraphs)
