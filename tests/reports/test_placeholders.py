"""A sponsor's own form (placeholders filled, its 様式 kept) and a sponsor's fonts."""

from __future__ import annotations

from pathlib import Path

import docx
from companion_testing.report_factories import TODAY, ReportFixture
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from sqlmodel import Session

from companion.paths import resource
from companion.reports.builder import build_report
from companion.reports.docx_writer import write_report
from companion.reports.formatting import fiscal_label
from companion.reports.model import EngagementReport, Reporter
from companion.reports.placeholders import BLOCK_FIELDS, TEXT_FIELDS
from companion.reports.styles import STYLES

REPORTER = Reporter("佐藤 美咲", "ゆざわ-Biz", "中小企業診断士")


def _report(session: Session, fixture: ReportFixture) -> EngagementReport:
    return build_report(session=session, engagement_id=fixture.engagement.id, fiscal_year=2025,
                        today=TODAY, reporter=REPORTER)


def _sponsor_form(path: Path) -> Path:
    """A 市's form as Word saves it: placeholders split over runs, a 取扱注意 header, a
    鑑 and a 押印欄, and one placeholder Companion does not know."""
    form = docx.Document()
    header = form.sections[0].header
    header.paragraphs[0].text = "取扱注意"
    footer = form.sections[0].footer
    footer.paragraphs[0].text = "提出日 {{報告日}}"
    first = form.add_paragraph()
    first.add_run("{{事業")
    first.add_run("者名}}").bold = True  # Word split the placeholder at a format change
    first.add_run(" 様　報告書（{{対象年度}}）")
    form.add_paragraph("湯沢市長 様", style="Normal").alignment = WD_ALIGN_PARAGRAPH.LEFT
    form.add_paragraph("担当課: {{担当課}}")
    table = form.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "報告者"
    table.cell(0, 1).text = "{{報告者}}"
    table.cell(1, 0).text = "報告対象期間"
    table.cell(1, 1).text = "{{ 報告対象期間 }}"
    form.add_paragraph("1 支援記録")
    form.add_paragraph("{{訪問一覧}}")
    form.add_paragraph("2 成果と今後の課題")
    form.add_paragraph("{{成果と今後の課題}}")
    stamps = form.add_table(rows=2, cols=3)
    for cell, label in zip(stamps.rows[0].cells, ("担当者", "係長", "課長"), strict=True):
        cell.text = label
    form.save(str(path))
    return path


def _all_text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(parts)


def test_a_sponsors_form_is_filled_and_its_own_parts_survive(
        narrated: ReportFixture, session: Session, tmp_path: Path) -> None:
    form = _sponsor_form(tmp_path / "様式.docx")
    result = write_report(_report(session, narrated), tmp_path / "r.docx", template=form)
    out = docx.Document(str(result.path))
    first = out.paragraphs[0]
    assert first.text == "有限会社やまなか酒造 様　報告書（令和7年度）"
    assert first.runs[0].text == "有限会社やまなか酒造"  # the name took its first run's format
    assert "湯沢市長 様" in [p.text for p in out.paragraphs]
    assert out.sections[0].header.paragraphs[0].text == "取扱注意"
    assert out.sections[0].footer.paragraphs[0].text == "提出日 令和8年3月31日"
    assert out.tables[0].cell(0, 1).text == "中小企業診断士 佐藤 美咲（ゆざわ-Biz）"
    assert out.tables[0].cell(1, 1).text == "令和7年4月1日〜令和8年3月31日"
    # {{訪問一覧}} became the visit table, right after its heading; the 押印欄 is kept last.
    body = list(out.element.body)
    heading = next(i for i, e in enumerate(body) if e.tag == qn("w:p")
                   and "".join(t.text or "" for t in e.iter(qn("w:t"))) == "1 支援記録")
    visits = out.tables[1]
    assert body[heading + 1] is visits._tbl
    assert visits.rows[0].cells[0].text == "日時・形態" and len(visits.rows) == 13
    assert [c.text for c in out.tables[-1].rows[0].cells] == ["担当者", "係長", "課長"]
    text = _all_text(out)
    assert "首都圏の酒販店三社と新たに取引が始まり" in text
    assert "{{担当課}}" in text  # unknown: left as typed, and said so
    assert any("{{担当課}}" in w for w in result.warnings)
    for name in (*TEXT_FIELDS, *BLOCK_FIELDS):
        assert f"{{{{{name}}}}}" not in text


def test_the_shipped_sample_form_has_only_known_placeholders(
        narrated: ReportFixture, session: Session, tmp_path: Path) -> None:
    sample = resource("templates", "sponsor-form-sample.docx")
    result = write_report(_report(session, narrated), tmp_path / "r.docx", template=sample)
    assert result.warnings == ()
    out = docx.Document(str(result.path))
    text = _all_text(out)
    assert "{{" not in text
    assert out.sections[0].header.paragraphs[0].text == "取扱注意"
    assert "中小企業診断士 佐藤 美咲　印" in text
    assert [c.text for c in out.tables[-1].rows[0].cells] == ["受付日", "担当者", "係長", "課長"]


def _font_of(document: docx.document.Document, style_id: str) -> str | None:
    """The East Asian font a paragraph style ends up with (following basedOn)."""
    styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
    current: str | None = style_id
    while current:
        element = styles[current]
        fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is not None and fonts.get(qn("w:eastAsia")):
            return str(fonts.get(qn("w:eastAsia")))
        based = element.find(qn("w:basedOn"))
        current = based.get(qn("w:val")) if based is not None else None
    return None


def test_borrowed_styles_take_the_templates_normal_font(
        filled: ReportFixture, session: Session, tmp_path: Path) -> None:
    template = docx.Document()
    normal = template.styles["Normal"].element.get_or_add_rPr()
    fonts = normal.makeelement(qn("w:rFonts"), {qn("w:ascii"): "ＭＳ 明朝",
                                                qn("w:hAnsi"): "ＭＳ 明朝",
                                                qn("w:eastAsia"): "ＭＳ 明朝"})
    normal.insert(0, fonts)
    template.save(str(tmp_path / "mincho.docx"))
    result = write_report(_report(session, filled), tmp_path / "r.docx",
                          template=tmp_path / "mincho.docx")
    out = docx.Document(str(result.path))
    borrowed = [spec for spec in STYLES if spec.name.startswith("報告書")
                and spec.kind == WD_STYLE_TYPE.PARAGRAPH]  # the styles Companion brings
    assert borrowed
    for spec in borrowed:
        style = out.styles[spec.name]
        assert _font_of(out, style.style_id) == "ＭＳ 明朝", spec.name
    # Nothing the report writes names another typeface: 游明朝 appears nowhere.
    used = {p.style.style_id for p in out.paragraphs if p.style is not None}
    for style_id in used:
        assert _font_of(out, style_id) in ("ＭＳ 明朝", None), style_id
    assert "游明朝" not in out.element.xml and "游明朝" not in out.styles.element.xml


def test_style_names_a_japanese_word_user_sees_are_japanese() -> None:
    for spec in STYLES:
        english_builtin = spec.name in ("Normal", "Title", "Subtitle", "Heading 1", "Heading 2",
                                        "Caption")  # Word shows these as 標準, 表題 ...
        assert english_builtin or spec.name.startswith("報告書 "), spec.name
    template = docx.Document(str(resource("templates", "report-template.docx")))
    names = {style.name for style in template.styles}
    assert {spec.name for spec in STYLES} <= names
    assert not any(name.startswith("Companion") for name in names)


def test_2019_may_be_called_reiwa_gannen() -> None:
    assert fiscal_label(2019, wareki=True) == "平成31年度"
    assert fiscal_label(2019, wareki=True, reiwa_gannen=True) == "令和元年度"
    assert fiscal_label(2019, wareki=False, reiwa_gannen=True) == "2019年度"
    assert fiscal_label(2020, wareki=True, reiwa_gannen=True) == "令和2年度"
