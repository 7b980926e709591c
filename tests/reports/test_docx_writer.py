"""The Word report, reopened with python-docx: sections, tables, chart, typesetting."""

from __future__ import annotations

import io
import pickle
import re
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from companion_testing.report_factories import (
    ACHIEVEMENTS,
    POLICY,
    SELF_RUNNING,
    TODAY,
    ReportFixture,
    add_part_year_kpis,
    add_report_engagement,
)
from companion_testing.word_charts import CHART_CONTENT_TYPE, Chart
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt
from docx.table import Table
from sqlmodel import Session, col, select

from companion.db.database import Database
from companion.db.models import PlanItem, Visit
from companion.domain.calendar import JST, short_wareki_date
from companion.errors import KnownError
from companion.reports import export_report
from companion.reports.builder import build_report
from companion.reports.docx_writer import builtin_template, write_report
from companion.reports.model import EngagementReport
from companion.reports.styles import GOTHIC, MINCHO
from companion.services.session import session_scope


def _report(session: Session, fixture: ReportFixture, **kwargs: object) -> EngagementReport:
    options = {"fiscal_year": 2025, "today": TODAY, "practitioner": "佐藤 美咲", **kwargs}
    return build_report(session=session, engagement_id=fixture.engagement.id, **options)  # type: ignore[arg-type]


@pytest.fixture
def written(narrated: ReportFixture, session: Session, tmp_path: Path
            ) -> tuple[DocxDocument, EngagementReport]:
    report = _report(session, narrated)
    result = write_report(report, tmp_path / "実施報告書.docx")
    assert result.warnings == ()
    return docx.Document(str(result.path)), report


def _headings(doc: DocxDocument) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style is not None
            and p.style.name.startswith("Heading")]


def _table(doc: DocxDocument, first_header: str) -> Table:
    return next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)


def test_every_section_is_present(written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, _ = written
    texts = [p.text for p in doc.paragraphs]
    assert "伴走支援 実施報告書" in texts
    assert "湯沢市 産業振興課 御中" in texts
    assert _headings(doc) == [
        "1 支援の概要", "（1）本質的課題", "（2）令和7年度の成果と今後の課題",
        "（3）次年度（令和8年度）の方針", "（4）自走化の状況",
        "2 行動計画の進捗", "令和7年度の行動計画",
        "3 指標（KPI）の目標と実績",
        "4 支援の記録", "（1）支援の実施状況", "（2）支援記録の一覧",
        "5 利益相反の開示",
    ]
    assert "地元の酒販店への依存が大きく、若い世代に蔵の強みが届いていない。" in texts
    # the practitioner's own words, as saved for the year (services.report_narratives)
    assert ACHIEVEMENTS.splitlines() == texts[texts.index("（2）令和7年度の成果と今後の課題") + 1:][:2]
    assert POLICY in texts and SELF_RUNNING in texts
    assert "以上のとおり、伴走支援の実施状況を報告します。" in texts
    assert "報告者　佐藤 美咲" in texts
    cover = _table(doc, "委託元")
    assert [row.cells[0].text for row in cover.rows][:4] == ["委託元", "事業者", "所在地・業種", "案件名"]


def test_visit_log_rows_match_the_database(written: tuple[DocxDocument, EngagementReport],
                                           session: Session) -> None:
    doc, _ = written
    visits = [v for v in session.exec(select(Visit).where(col(Visit.is_draft).is_(False))
                                      .order_by(col(Visit.started_at)))
              if v.started_at.astimezone(JST).date() < date(2026, 4, 1)]
    table = _table(doc, "日時・形態")
    assert [c.text for c in table.rows[0].cells] == ["日時・形態", "場所", "対応者・\n同席者",
                                                     "目的", "要点", "次の\nアクション"]
    rows = table.rows[1:]
    assert len(rows) == len(visits) == 12
    for row, visit in zip(rows, visits, strict=True):
        cells = [c.text for c in row.cells]
        day, time, mode = cells[0].split("\n")
        assert day == short_wareki_date(visit.started_at.astimezone(JST).date())  # R7.4.7
        assert time.startswith(f"{visit.started_at.astimezone(JST).hour}:")
        assert mode == visit.mode
        assert cells[1] == visit.place
        assert cells[2] == visit.attendees == "山中社長、専務"
        assert cells[3] == visit.purpose
    counts = _table(doc, "形態")
    assert [[c.text for c in r.cells] for r in counts.rows[1:]] == [
        ["訪問", "6回", "9.0時間", "255km"], ["オンライン", "2回", "2.0時間", "―"],
        ["電話", "2回", "2.0時間", "―"], ["来所", "2回", "2.0時間", "―"],
        ["合計", "12回", "15.0時間", "255km"]]


def test_plan_and_kpi_tables_match_the_database(written: tuple[DocxDocument, EngagementReport],
                                                session: Session) -> None:
    doc, _ = written
    items = session.exec(select(PlanItem).where(PlanItem.fiscal_year == 2025)).all()
    plan = _table(doc, "区分")
    assert len(plan.rows) - 1 == len(items)
    assert {r.cells[1].text for r in plan.rows[1:]} == {i.title for i in items}
    assert [c.text for c in plan.rows[3].cells] == ["アクション", "小容量瓶の試作", "事業者",
                                                    "R7.7.31", "完了", "100%"]
    kpis = _table(doc, "指標")
    assert [c.text for c in kpis.rows[1].cells] == [
        "売上高", "30,000,000円", "32,000,000円", "32,400,000円", "101.3%", "A",
        "月次12か月の合計"]
    assert [c.text for c in kpis.rows[2].cells][:4] == ["従業員数", "8人", "9人", "9人"]
    assert "表1 指標の目標と実績（令和7年度）" in [p.text for p in doc.paragraphs]


def _charts(doc: DocxDocument) -> list[Chart]:
    """The report's native Word charts, in the order they stand in the document."""
    charts = []
    for reference in doc.element.body.iter(qn("c:chart")):
        part = doc.part.related_parts[reference.get(qn("r:id"))]
        assert part.content_type == CHART_CONTENT_TYPE
        assert re.fullmatch(r"/word/charts/chart\d+\.xml", str(part.partname))
        charts.append(Chart.parse(part.blob))
    return charts


def test_each_indicator_is_a_native_word_chart_with_its_figures(
        written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, report = written
    assert "図1 指標の目標と実績の推移" in [p.text for p in doc.paragraphs]
    charts = _charts(doc)
    assert [chart.title for chart in charts] == ["売上高（万円）", "従業員数（人）"]
    assert len(charts) == len(report.kpi_series)
    sales, staff = charts
    # 目標 32,000,000円, 実績 32,400,000円, 基準値 30,000,000円: in 万円, as the title says
    assert sales.series() == {"目標": (["令和7年度"], [3200.0]),
                              "実績": (["令和7年度"], [3240.0]),
                              "基準値": (["令和7年度"], [3000.0])}
    assert staff.series() == {"目標": (["令和7年度"], [9.0]), "実績": (["令和7年度"], [9.0]),
                              "基準値": (["令和7年度"], [8.0])}
    # 実績 carries its value as a label; the axes read 3,000 and whole people
    assert sales.label_format("実績") == "#,##0" and sales.label_format("目標") is None
    assert sales.axis_format() == "#,##0" and sales.dashed("基準値")
    assert all(float(value).is_integer() for value in staff.axis_range())  # no 8.5人
    assert sales.legend_position() == "t"
    assert sales.fonts() == {GOTHIC}
    # inline in the text, within the text width (the area between the margins)
    section = doc.sections[0]
    page, left, right = section.page_width, section.left_margin, section.right_margin
    assert page is not None and left is not None and right is not None
    text_width = page - left - right
    assert len(doc.inline_shapes) == 2
    assert all(shape.width <= text_width / 2 for shape in doc.inline_shapes)
    assert not [part for part in doc.part.package.iter_parts()
                if part.content_type.startswith("image/")]  # no picture of a chart


def test_a_year_in_progress_is_marked_and_drawn_hatched_in_the_chart(
        db: Database, tmp_path: Path) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing)
        add_part_year_kpis(writing, fixture.engagement, 2026, months=8)
    with session_scope(db, write=False) as session:
        report = _report(session, fixture, fiscal_year=2026, today=date(2026, 11, 30))
        doc = docx.Document(str(write_report(report, tmp_path / "r.docx", wareki=False).path))
    charts = {chart.title: chart for chart in _charts(doc)}
    gross = charts["粗利（千円）"]
    categories, actuals = gross.series()["実績"]
    assert categories == ["2025年度", "2026年度\n（年度途中）"]
    assert actuals[1] == 94_240  # eight months, as the KPI table says
    assert gross.hatched("実績") == [1]
    # 売上高's 2026 figure is a 年度実績: final, drawn plain
    sales = charts["売上高（万円）"]
    assert sales.series()["実績"] == (["2025年度", "2026年度"], [3240.0, 2900.0])
    assert sales.hatched("実績") == []
    # several charts stand two to a line, each half the text's width at most
    lines = [len(p._p.findall(f".//{qn('c:chart')}")) for p in doc.paragraphs]
    assert [count for count in lines if count] == [2] * (len(charts) // 2) + [1] * (len(charts) % 2)


def test_writing_a_report_imports_no_matplotlib(
        written: tuple[DocxDocument, EngagementReport], tmp_path: Path) -> None:
    _, report = written
    pickled = tmp_path / "report.pickle"
    pickled.write_bytes(pickle.dumps(report))
    code = (
        "import pickle, sys\n"
        "from pathlib import Path\n"
        "import companion.reports, companion.reports.builder\n"
        "from companion.reports.docx_writer import write_report\n"
        "report = pickle.loads(Path(sys.argv[1]).read_bytes())\n"
        "write_report(report, Path(sys.argv[2]))\n"
        "heavy = {m.split('.')[0] for m in sys.modules} & {'matplotlib', 'numpy', 'PIL', "
        "'PySide6'}\n"
        "assert not heavy, heavy\n"
    )
    out = tmp_path / "r.docx"
    result = subprocess.run([sys.executable, "-c", code, str(pickled), str(out)],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert len(_charts(docx.Document(str(out)))) == len(report.kpi_series)


def _fonts(doc: DocxDocument, style: str) -> dict[str, str]:
    fonts = doc.styles[style].element.rPr.find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in fonts.attrib.items()}


def test_east_asian_fonts_are_set_on_the_styles(
        written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, _ = written
    assert _fonts(doc, "Normal")["eastAsia"] == MINCHO
    for style in ("Heading 1", "Heading 2", "Title", "報告書 表見出し"):
        assert _fonts(doc, style)["eastAsia"] == GOTHIC, style
    assert _fonts(doc, "報告書 表本文")["eastAsia"] == MINCHO
    styles_xml = doc.styles.element.xml
    assert not re.search(r"w:(asciiTheme|hAnsiTheme|eastAsiaTheme|cstheme)=", styles_xml)
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(f".//{qn('w:lang')}").get(qn("w:eastAsia")) == "ja-JP"
    assert defaults.find(f".//{qn('w:rFonts')}").get(qn("w:eastAsia")) == MINCHO


def test_font_table_describes_the_japanese_fonts() -> None:
    # Word substitutes a missing 游明朝 by what the font table says it is.
    with zipfile.ZipFile(builtin_template()) as archive:
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:name="游明朝"' in fonts and 'w:val="Yu Mincho"' in fonts
    assert 'w:name="游ゴシック"' in fonts and 'w:val="Yu Gothic"' in fonts


def test_a4_portrait_with_page_numbers_and_no_orphaned_headings(
        written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, _ = written
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1)
    assert abs(section.page_height - Mm(297)) < Mm(1)
    assert "PAGE" in "".join(t.text or "" for t in section.footer._element.iter(qn("w:instrText")))
    assert section.different_first_page_header_footer  # no number on the cover
    headings = [p for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings and all(p.paragraph_format.keep_with_next for p in headings)


def test_table_header_rows_repeat_on_every_page(
        written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, _ = written
    data_tables = [t for t in doc.tables if t.rows[0].cells[0].text != "委託元"]
    assert len(data_tables) == 6  # plan, KPIs, visit counts, visit log, disclosures, fees
    for table in data_tables:
        first, second = table._tbl.tr_lst[:2]
        assert first.trPr.find(qn("w:tblHeader")) is not None
        assert second.trPr.find(qn("w:tblHeader")) is None
        assert second.trPr.find(qn("w:cantSplit")) is not None
        assert table.style is not None and table.style.name == "報告書 表"


def test_dates_are_wareki_or_western_as_chosen(filled: ReportFixture, session: Session,
                                               tmp_path: Path) -> None:
    report = _report(session, filled)
    wareki = docx.Document(str(write_report(report, tmp_path / "w.docx", wareki=True).path))
    western = docx.Document(str(write_report(report, tmp_path / "s.docx", wareki=False).path))

    def text(doc: DocxDocument) -> str:
        return "\n".join([p.text for p in doc.paragraphs]
                         + [c.text for t in doc.tables for r in t.rows for c in r.cells])

    assert "令和7年4月1日" in text(wareki) and "令和7年度" in text(wareki)
    assert "2025年4月1日" in text(western) and "2025年度" in text(western)
    assert "令和" not in text(western)


def test_no_disclosure_states_none_explicitly(db: Database, tmp_path: Path) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing, with_disclosure=False)
    with session_scope(db, write=False) as session:
        path = write_report(_report(session, fixture), tmp_path / "r.docx").path
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    heading = texts.index("5 利益相反の開示")
    assert texts[heading + 2] == "該当なし"


def test_disclosures_are_listed(written: tuple[DocxDocument, EngagementReport]) -> None:
    doc, report = written
    table = _table(doc, "開示番号")
    assert len(table.rows) - 1 == len(report.disclosures) == 1
    cells = [c.text for c in table.rows[1].cells]
    assert cells[:3] == ["第1号\n（第1版）", "顧問契約", "有限会社やまなか酒造"]
    assert "金額 300,000円" in cells[3]
    assert "該当なし" not in [p.text for p in doc.paragraphs]


# --- templates ------------------------------------------------------------------------

def _sponsor_template(path: Path, *, drop: tuple[str, ...] = ("Heading 2",)) -> Path:
    template = docx.Document()
    heading = template.styles["Heading 1"]
    heading.font.name = "ＭＳ ゴシック"
    heading.font.size = Pt(16)
    section = template.sections[0]
    section.left_margin = section.right_margin = Mm(30)
    section.header.paragraphs[0].text = "湯沢市 産業振興課 様式第3号"
    section.footer.paragraphs[0].text = "湯沢市"
    template.add_paragraph("この本文は報告書には残らない")
    for name in drop:
        element = template.styles[name].element
        element.getparent().remove(element)
    template.save(str(path))
    return path


def test_a_sponsor_template_lends_its_styles_margins_header_and_footer(
        filled: ReportFixture, session: Session, tmp_path: Path) -> None:
    template_path = _sponsor_template(tmp_path / "sponsor.docx")
    template = docx.Document(str(template_path))
    result = write_report(_report(session, filled), tmp_path / "r.docx", template=template_path)
    out = docx.Document(str(result.path))
    assert out.styles["Heading 1"].element.xml == template.styles["Heading 1"].element.xml
    assert out.styles["Normal"].element.xml == template.styles["Normal"].element.xml
    assert abs(out.sections[0].left_margin - Mm(30)) < Mm(0.1)
    assert out.sections[0].header.paragraphs[0].text == "湯沢市 産業振興課 様式第3号"
    footer = out.sections[0].footer
    assert footer.paragraphs[0].text == "湯沢市"
    assert "PAGE" in footer._element.xml  # a page number was added to the sponsor's footer
    assert "この本文は報告書には残らない" not in [p.text for p in out.paragraphs]
    # Missing styles are borrowed from the built-in template, each with a warning.
    assert any("Heading 2" in w for w in result.warnings)
    assert any("報告書 表" in w for w in result.warnings)
    assert "（1）本質的課題" in _headings(out)
    assert _table(out, "日時・形態").style.name == "報告書 表"
    # The tables span the sponsor's text block (its page less its 30 mm margins).
    section = out.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    widths = [int(c.get(qn("w:w"))) for c in _table(out, "日時・形態")._tbl.tblGrid]
    assert abs(sum(widths) - Emu(text_width).twips) < 20


def test_a_word_template_file_is_accepted(filled: ReportFixture, session: Session,
                                          tmp_path: Path) -> None:
    document = _sponsor_template(tmp_path / "sponsor.docx", drop=())
    dotx = tmp_path / "sponsor.dotx"
    with zipfile.ZipFile(document) as source, zipfile.ZipFile(dotx, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, data)
    result = write_report(_report(session, filled), tmp_path / "r.docx", template=dotx)
    assert abs(docx.Document(str(result.path)).sections[0].left_margin - Mm(30)) < Mm(0.1)


@pytest.mark.parametrize("content", [b"not a word file", b"PK\x03\x04broken zip"])
def test_a_template_that_is_not_a_docx_is_a_clear_error(
        filled: ReportFixture, session: Session, tmp_path: Path, content: bytes) -> None:
    template = tmp_path / "template.docx"
    template.write_bytes(content)
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    with pytest.raises(KnownError, match=r"テンプレートが Word 文書（\.docx）ではありません"):
        export_report(session=session, engagement_id=filled.engagement.id, out=out,
                      template=template, today=TODAY)
    assert list(out.parent.iterdir()) == []


def test_a_zip_that_is_not_word_is_refused(filled: ReportFixture, session: Session,
                                           tmp_path: Path) -> None:
    template = tmp_path / "figures.docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "こんにちは")
    template.write_bytes(buffer.getvalue())
    with pytest.raises(KnownError, match="Word 文書"):
        write_report(_report(session, filled), tmp_path / "r.docx", template=template)


def test_a_missing_template_is_a_clear_error(filled: ReportFixture, session: Session,
                                             tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="テンプレートのファイルが見つかりません"):
        write_report(_report(session, filled), tmp_path / "r.docx",
                     template=tmp_path / "none.docx")


# --- output -----------------------------------------------------------------------------

def test_a_missing_output_folder_is_a_clear_error(filled: ReportFixture, session: Session,
                                                  tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="保存先のフォルダがありません"):
        export_report(session=session, engagement_id=filled.engagement.id,
                      out=tmp_path / "missing" / "r.docx", today=TODAY)
    assert not (tmp_path / "missing").exists()


def test_the_output_must_be_a_docx(filled: ReportFixture, session: Session,
                                   tmp_path: Path) -> None:
    with pytest.raises(KnownError, match=r"\.docx"):
        export_report(session=session, engagement_id=filled.engagement.id,
                      out=tmp_path / "r.pdf", today=TODAY)


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root may write to any folder")
def test_a_read_only_output_folder_is_a_clear_error(filled: ReportFixture, session: Session,
                                                    tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(KnownError, match="書き込めません"):
            export_report(session=session, engagement_id=filled.engagement.id,
                          out=folder / "r.docx", today=TODAY)
    finally:
        folder.chmod(0o700)
    assert list(folder.iterdir()) == []


def test_a_failed_write_leaves_the_previous_report_untouched(
        filled: ReportFixture, session: Session, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    out.write_bytes(b"previous report")

    def disk_full(self: object, path: object) -> None:
        Path(str(path)).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(DocxDocument, "save", disk_full)
    with pytest.raises(KnownError, match="ディスクの空き容量が足りません"):
        write_report(_report(session, filled), out)
    assert out.read_bytes() == b"previous report"
    assert sorted(p.name for p in out.parent.iterdir()) == ["r.docx"]


def test_an_unknown_engagement_writes_nothing(filled: ReportFixture, session: Session,
                                             tmp_path: Path) -> None:
    import uuid

    with pytest.raises(KnownError, match="案件が見つかりません"):
        export_report(session=session, engagement_id=uuid.uuid4(), out=tmp_path / "r.docx",
                      today=TODAY)
    assert not (tmp_path / "r.docx").exists()


def test_a_template_without_a_footer_gets_page_numbers(filled: ReportFixture, session: Session,
                                                       tmp_path: Path) -> None:
    template = tmp_path / "plain.docx"
    docx.Document().save(str(template))  # no header or footer defined at all
    result = write_report(_report(session, filled), tmp_path / "r.docx", template=template)
    footer = docx.Document(str(result.path)).sections[0].footer
    assert not footer.is_linked_to_previous
    assert "PAGE" in "".join(t.text or "" for t in footer._element.iter(qn("w:instrText")))
    assert "報告書 表" in result.warnings[0]
    assert "成果と今後の課題が未記入" in result.warnings[1]  # nothing written for the year


def test_an_engagement_with_nothing_recorded_still_reports(db: Database, tmp_path: Path) -> None:
    with session_scope(db) as writing:
        fixture = add_report_engagement(writing, visits_per_year=0, with_kpis=False,
                                        with_disclosure=False)
    with session_scope(db, write=False) as session:
        report = _report(session, fixture, outcomes=None)
        doc = docx.Document(str(write_report(report, tmp_path / "r.docx").path))
    texts = [p.text for p in doc.paragraphs]
    assert "・対象期間の支援記録はありません。" in texts
    assert "指標は設定されていません。" in texts
    assert "対象期間の支援記録はありません。" in texts
    assert "該当なし" in texts
    assert len(doc.inline_shapes) == 0
    assert [c.text for c in _table(doc, "形態").rows[-1].cells] == ["合計", "0回", "0.0時間", "―"]
