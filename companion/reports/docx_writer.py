"""Writing the report model as a Word document (python-docx; no Qt, no database).

The document starts from a template (the built-in one or the sponsor's own .docx):
its body is cleared and its styles, margins, header and footer are kept. Every
paragraph and table refers to a named style (``styles.py``); a style the template
lacks is copied from the built-in template, or falls back to Normal, with a warning.
The file is written to a temporary file in the target folder and renamed into place,
so a failure never leaves a partial report behind.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from collections.abc import Callable, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu, Mm
from docx.text.paragraph import Paragraph

from companion.atomic import atomic_output
from companion.domain.enums import PlanStatus
from companion.errors import KnownError
from companion.paths import resource
from companion.reports.formatting import (
    fiscal_label,
    format_day,
    format_hours,
    format_km,
    format_percent,
    format_quantity,
    format_time_range,
    format_yen,
)
from companion.reports.model import EngagementReport, ReportResult
from companion.reports.output import check_output
from companion.reports.styles import STYLES, StyleSpec

log = logging.getLogger("companion.reports")

TEMPLATE_PARTS = ("templates", "report-template.docx")
_WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_WORD_TEMPLATE_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)
# Characters XML 1.0 cannot carry (pasted text sometimes holds them).
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHART_WIDTH = Mm(165)


def builtin_template() -> Path:
    return resource(*TEMPLATE_PARTS)


# --- opening templates ---------------------------------------------------------------

def open_template(path: Path | None) -> DocxDocument:
    """The template as a python-docx Document, or a KnownError a user can act on.

    A Word template (.dotx) is accepted too: it differs from a .docx only in the
    content type of its main part.
    """
    import docx

    source = path or builtin_template()
    if not source.is_file():
        if path is None:
            raise KnownError("標準の報告書テンプレートが見つかりません: {source}",
                             hint="アプリを入れ直してください。", source=source)
        raise KnownError("テンプレートのファイルが見つかりません: {source}", source=source)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise KnownError("テンプレートを読み込めません: {source}({reason})", source=source, reason=exc.strerror) from exc
    not_word = KnownError(
        "テンプレートが Word 文書（.docx）ではありません: {name}",
        hint="Word で「Word 文書（*.docx）」として保存したファイルを指定してください。",
        name=source.name,
    )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise not_word
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            types = archive.read("[Content_Types].xml")
            if _WORD_TEMPLATE_MAIN.encode() in types:
                data = _as_document(archive, types)
        return docx.Document(io.BytesIO(data))
    except KnownError:
        raise
    except Exception as exc:  # python-docx raises many kinds on a foreign package
        log.info("template %s rejected: %r", source, exc)
        raise not_word from exc


def _as_document(archive: zipfile.ZipFile, types: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in archive.infolist():
            content = archive.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = types.replace(_WORD_TEMPLATE_MAIN.encode(), _WORD_MAIN.encode())
            copy.writestr(item, content)
    return out.getvalue()


# --- styles --------------------------------------------------------------------------

@dataclass
class _Styles:
    ids: dict[str, str | None] = field(default_factory=dict)  # key -> styleId or None
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> str | None:
        return self.ids[key]


def _find_style(doc: DocxDocument, spec: StyleSpec) -> Any | None:
    try:
        style = doc.styles[spec.name]
    except KeyError:
        return None
    return style if style.type == spec.kind else None


def resolve_styles(doc: DocxDocument, *, builtin: Callable[[], DocxDocument] | None = None
                   ) -> _Styles:
    """Find every style the report uses. A missing one is copied from the built-in
    template, or else falls back to Normal (the default table style for tables); the
    styles concerned are named in one warning, which is logged and returned."""
    resolved = _Styles()
    source: DocxDocument | None = None
    borrowed: list[str] = []
    defaulted: list[str] = []
    for spec in STYLES:
        style = _find_style(doc, spec)
        if style is not None:
            resolved.ids[spec.key] = style.style_id
            continue
        if source is None:
            source = (builtin or (lambda: open_template(None)))()
        copied = _copy_style(doc, source, spec)
        if copied is not None:
            resolved.ids[spec.key] = copied
            borrowed.append(spec.name)
            continue
        normal = _find_style(doc, StyleSpec("body", "Normal", WD_STYLE_TYPE.PARAGRAPH))
        fallback = normal if spec.kind == WD_STYLE_TYPE.PARAGRAPH else None
        resolved.ids[spec.key] = fallback.style_id if fallback is not None else None
        defaulted.append(spec.name)
    if borrowed:
        resolved.warnings.append(
            f"テンプレートにないスタイルを標準の書式で補いました: {'、'.join(borrowed)}")
    if defaulted:
        resolved.warnings.append(
            f"テンプレートにないスタイルを「標準」の書式にしました: {'、'.join(defaulted)}")
    for warning in resolved.warnings:
        log.info("%s", warning)  # the caller shows the warnings; no second copy on stderr
    return resolved


def _copy_style(doc: DocxDocument, source: DocxDocument, spec: StyleSpec) -> str | None:
    original = _find_style(source, spec)
    if original is None:
        return None
    element = deepcopy(original.element)
    existing_ids = {s.style_id for s in doc.styles}
    style_id = element.get(qn("w:styleId"))
    while style_id in existing_ids:  # an unrelated style already has this id
        style_id = f"{style_id}Companion"
    element.set(qn("w:styleId"), style_id)
    for tag in ("w:basedOn", "w:next", "w:link"):
        reference = element.find(qn(tag))
        if reference is not None and reference.get(qn("w:val")) not in existing_ids:
            element.remove(reference)
    doc.styles.element.append(element)
    return str(style_id)


# --- low-level XML -------------------------------------------------------------------

def _text(value: str) -> str:
    return escape(_XML_UNSAFE.sub("", value))


def _run_xml(text: str, *, bold: bool = False) -> str:
    if not text:
        return ""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{_text(text)}</w:t></w:r>'


def _paragraph_xml(text: str, style_id: str | None, *, align: str = "", indent: int = 0,
                   bold: bool = False, keep_next: bool = False) -> str:
    props = []
    if style_id:
        props.append(f'<w:pStyle w:val="{style_id}"/>')
    if keep_next:
        props.append("<w:keepNext/>")
    if indent:
        props.append(f'<w:ind w:left="{indent}"/>')
    if align:
        props.append(f'<w:jc w:val="{align}"/>')
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if props else ""
    return f"<w:p>{ppr}{_run_xml(text, bold=bold)}</w:p>"


@dataclass(frozen=True)
class Column:
    title: str
    weight: float  # relative width
    align: str = ""  # "", "center" or "right"


@dataclass(frozen=True)
class Cell:
    lines: Sequence[str]
    bold: bool = False
    indent: int = 0  # twips


def _cell(value: str | Sequence[str] | Cell) -> Cell:
    if isinstance(value, Cell):
        return value
    if isinstance(value, str):
        return Cell(value.split("\n"))
    return Cell(list(value) or [""])


class _Writer:
    """Appends report content to a template document whose body has been cleared."""

    def __init__(self, doc: DocxDocument, styles: _Styles, *, wareki: bool) -> None:
        self.doc = doc
        self.styles = styles
        self.wareki = wareki
        self.body = doc.element.body
        section = doc.sections[-1]
        width = (section.page_width or Mm(210)) - (section.left_margin or 0) \
            - (section.right_margin or 0)
        self.text_width_twips = max(int(Emu(width).twips), 4000)
        self.text_width = Emu(width)

    # paragraphs
    def _append(self, element: Any) -> None:
        sect_pr = self.body.find(qn("w:sectPr"))
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            self.body.append(element)

    def paragraph(self, text: str = "", style: str = "body", *, keep_next: bool | None = None,
                  bold: bool = False, align: str = "") -> Paragraph:
        """A paragraph in a named style; ``keep_next`` None leaves it to the style."""
        element = parse_xml(f'<w:p {nsdecls("w")}/>')
        self._append(element)
        paragraph = Paragraph(element, self.doc._body)
        style_id = self.styles[style]
        if style_id:
            element.get_or_add_pPr().get_or_add_pStyle().val = style_id
        if keep_next is not None:
            paragraph.paragraph_format.keep_with_next = keep_next
        if align:
            paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                                   "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
        if text:
            run = paragraph.add_run(_XML_UNSAFE.sub("", text))
            if bold:
                run.bold = True
        return paragraph

    def heading(self, text: str, level: int = 1) -> Paragraph:
        # keep_with_next directly on the heading too, so a template whose heading
        # style lacks it still never leaves a heading alone at the foot of a page.
        paragraph = self.paragraph(text, f"heading{level}", keep_next=True)
        paragraph.paragraph_format.keep_together = True
        return paragraph

    def page_break(self) -> None:
        self._append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:br w:type="page"/></w:r></w:p>'))

    # tables
    def table(self, columns: Sequence[Column], rows: Sequence[Sequence[str | Sequence[str] | Cell]],
              *, header: bool = True, spacer: bool = True) -> Any:
        total = sum(c.weight for c in columns)
        widths = [int(self.text_width_twips * c.weight / total) for c in columns]
        cell_style, header_style = self.styles["cell"], self.styles["cell_header"]
        table_style = self.styles["table"]
        parts = [f'<w:tbl {nsdecls("w")}><w:tblPr>']
        if table_style:
            parts.append(f'<w:tblStyle w:val="{table_style}"/>')
        parts.append(f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                     '<w:tblLayout w:type="fixed"/>'
                     f'<w:tblLook w:val="{"04A0" if header else "0480"}" '
                     f'w:firstRow="{1 if header else 0}" w:lastRow="0" w:firstColumn="0" '
                     'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>')
        parts.extend(f'<w:gridCol w:w="{w}"/>' for w in widths)
        parts.append("</w:tblGrid>")
        tc_pr = [f'<w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths]
        if header:
            # The header row repeats on every page (w:tblHeader) and never splits.
            parts.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
            for index, column in enumerate(columns):
                parts.append(f"<w:tc>{tc_pr[index]}"
                             f"{_paragraph_xml(column.title, header_style, align='center', bold=True)}"
                             "</w:tc>")
            parts.append("</w:tr>")
        for row in rows:
            parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for index, value in enumerate(row):
                cell = _cell(value)
                align = columns[index].align
                paragraphs = "".join(
                    _paragraph_xml(line, cell_style, align=align, indent=cell.indent,
                                   bold=cell.bold)
                    for line in (cell.lines or [""]))
                parts.append(f"<w:tc>{tc_pr[index]}{paragraphs}</w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        element = parse_xml("".join(parts))
        self._append(element)
        # Word needs a paragraph between two tables, and after a table at the end.
        if spacer:
            self.paragraph("", "note")
        return element

    def picture(self, png: bytes, *, width: Emu) -> None:
        paragraph = self.paragraph("", "figure")
        paragraph.add_run().add_picture(io.BytesIO(png), width=width)

    # helpers
    def day(self, value: Any) -> str:
        return format_day(value, wareki=self.wareki)


# --- sections of the report ------------------------------------------------------------

def _cover(w: _Writer, report: EngagementReport) -> None:
    cover = report.cover
    w.paragraph(w.day(cover.issued_on), "cover", align="right")
    if cover.sponsor_name:
        w.paragraph(f"{cover.sponsor_name} 御中", "cover")
    w.paragraph(cover.title, "title")
    w.paragraph(_years_label(report, w.wareki), "subtitle")
    end = w.day(cover.engagement_end) if cover.engagement_end else "（継続中）"
    rows = [
        ("委託元", cover.sponsor_name or "（なし）"),
        ("事業者", " ".join(p for p in (cover.client_name, cover.client_representative
                                       and f"代表者 {cover.client_representative}") if p)),
        ("所在地・業種", "・".join(p for p in (cover.client_place, cover.client_industry) if p)
         or "―"),
        ("案件名", cover.engagement_title),
        ("支援の形態", f"{cover.scheme}（現在の状況：{cover.engagement_status}）"),
        ("支援期間", f"{w.day(cover.engagement_start)}〜{end}"),
        ("報告対象期間", f"{w.day(cover.period_start)}〜{w.day(cover.period_end)}"),
        ("報告者", cover.practitioner or ""),
        ("作成日", w.day(cover.issued_on)),
    ]
    w.table([Column("項目", 1), Column("内容", 3.2)],
            [(Cell([label], bold=True), value) for label, value in rows], header=False)
    w.page_break()


def _years_label(report: EngagementReport, wareki: bool) -> str:
    years = report.fiscal_years
    if not years:
        return ""
    if len(years) == 1:
        return fiscal_label(years[0], wareki=wareki)
    return f"{fiscal_label(years[0], wareki=wareki)}〜{fiscal_label(years[-1], wareki=wareki)}"


def _summary(w: _Writer, report: EngagementReport) -> None:
    w.heading("1 支援の概要")
    w.heading("（1）本質的課題", 2)
    issue_lines = [line.strip() for line in report.essential_issue.splitlines() if line.strip()]
    for line in issue_lines or ["（本質的課題は未設定です）"]:
        w.paragraph(line)
    scope = "本年度" if report.cover.fiscal_year is not None else "支援期間"
    w.heading(f"（2）{scope}の成果", 2)
    for line in report.outcomes.splitlines():
        line = line.strip()
        if line:
            w.paragraph(line if line.startswith(("・", "-", "●", "○")) else f"・{line}", "bullet")


def _plan(w: _Writer, report: EngagementReport) -> None:
    w.heading("2 行動計画の進捗")
    if not report.plan:
        w.paragraph("対象期間の行動計画は登録されていません。")
        return
    # Widths in millimetres of a 170 mm text block (scaled to the template's margins).
    columns = [Column("区分", 26, "center"), Column("目標・マイルストーン・アクション", 68),
               Column("担当", 14, "center"), Column("期限", 33, "center"),
               Column("状況", 16, "center"), Column("進捗", 13, "right")]
    for year in report.plan:
        w.heading(f"{fiscal_label(year.fiscal_year, wareki=w.wareki)}の行動計画", 2)
        counts = "・".join(f"{status}{year.count(status)}件"
                          for status in PlanStatus if year.count(status))
        if year.total():
            w.paragraph(f"アクション{year.total()}件（{counts}）", keep_next=True)
        rows = [
            (str(row.level),
             Cell([row.title], bold=row.depth == 0, indent=row.depth * 210),
             str(row.owner), w.day(row.due_on), str(row.status), f"{row.progress}%")
            for row in year.rows
        ]
        w.table(columns, rows)


def _kpis(w: _Writer, report: EngagementReport) -> None:
    from companion.reports.charts import figure_png, kpi_figure

    w.heading("3 指標（KPI）の目標と実績")
    if not report.kpis and not report.kpi_series:
        w.paragraph("指標は設定されていません。")
        return
    columns = [Column("指標", 20), Column("年度", 20, "center"), Column("基準値", 24, "right"),
               Column("目標", 24, "right"), Column("実績", 24, "right"),
               Column("達成率", 18, "right"), Column("評価", 10, "center"),
               Column("実績の算定", 30)]
    rows = [
        (row.name, fiscal_label(row.fiscal_year, wareki=w.wareki),
         format_quantity(row.baseline, row.unit), format_quantity(row.target, row.unit),
         format_quantity(row.actual, row.unit), format_percent(row.achievement),
         row.grade or "―", row.basis or "―")
        for row in report.kpis
    ]
    w.paragraph("表1 指標の目標と実績", "caption")
    w.table(columns, rows)
    w.paragraph("評価：A 達成率100%以上、B 80〜99%、C 30〜79%、D 30%未満"
                "（年度途中の合計値は評価していません）。「低いほど良い」指標は目標÷実績で算定。",
                "note")
    if report.kpi_series:
        figure = kpi_figure(report.kpi_series, wareki=w.wareki)
        w.paragraph("図1 指標の目標と実績の推移", "caption")
        width = min(_CHART_WIDTH, w.text_width)
        w.picture(figure_png(figure), width=Emu(width))


def _visits(w: _Writer, report: EngagementReport) -> None:
    w.heading("4 支援の記録")
    summary = report.visit_summary
    w.heading("（1）支援の実施状況", 2)
    columns = [Column("形態", 40, "center"), Column("回数", 30, "right"),
               Column("支援時間", 50, "right"), Column("移動距離", 50, "right")]
    counts: list[Sequence[str | Cell]] = [
        (str(m.mode), f"{m.count:,}回", format_hours(m.hours),
         format_km(m.distance_km) if m.distance_km else "―")
        for m in summary.by_mode
    ]
    counts.append((Cell(["合計"], bold=True), Cell([f"{summary.count:,}回"], bold=True),
                 Cell([format_hours(summary.hours)], bold=True),
                 Cell([format_km(summary.distance_km) if summary.distance_km else "―"],
                      bold=True)))
    w.table(columns, counts)
    w.heading("（2）支援記録の一覧", 2)
    if not report.visits:
        w.paragraph("対象期間の支援記録はありません。")
        return
    columns = [Column("日時", 22), Column("形態", 20, "center"), Column("場所", 19),
               Column("目的", 21), Column("要点", 55), Column("次のアクション", 33)]
    rows = [
        ([*_split_day(w.day(v.started_at.date())), format_time_range(v.started_at, v.ended_at)],
         str(v.mode), v.place or "―", v.purpose or "―", list(v.key_points) or ["―"],
         [f"・{a}" for a in v.next_actions] or ["―"])
        for v in report.visits
    ]
    w.table(columns, rows, spacer=False)
    w.paragraph("要点・次のアクションは記録からの抜粋です（長い記述は省略しています）。", "note")


def _split_day(text: str) -> list[str]:
    """令和7年10月27日 -> [令和7年, 10月27日]: two short lines for a narrow column."""
    year, _, rest = text.partition("年")
    return [f"{year}年", rest] if rest else [text]


def _disclosures(w: _Writer, report: EngagementReport) -> None:
    w.heading("5 利益相反の開示")
    w.paragraph("本案件（事業者およびその関係先を含む）に関する報告者の利益相反"
                "（出資、役員就任、顧問契約、業務受託、共同事業、収益分配、親族関係など）"
                "の開示状況は次のとおりです。", keep_next=True)
    if not report.disclosures:
        w.paragraph("該当なし", bold=True)
        return
    columns = [Column("開示番号", 16, "center"), Column("種類", 13, "center"),
               Column("相手先", 22), Column("内容", 32), Column("期間", 31),
               Column("開示日", 20, "center"), Column("管理方法", 36)]
    rows = []
    for d in report.disclosures:
        details = []
        if d.amount_yen is not None:
            details.append(f"金額 {format_yen(d.amount_yen)}")
        if d.share_percent is not None:
            details.append(f"持分 {d.share_percent:g}%")
        if d.role_title:
            details.append(f"役職 {d.role_title}")
        if d.description:
            details.append(d.description)
        period = [f"{w.day(d.started_on)}〜", w.day(d.ended_on) if d.ended_on else "（継続中）"]
        rows.append((f"第{d.number}号\n（第{d.version}版）", str(d.kind), d.counterpart_name,
                     details or ["―"], period, _split_day(w.day(d.declared_on)),
                     d.mitigation or "―"))
    w.table(columns, rows)


def _signature(w: _Writer, report: EngagementReport) -> None:
    cover = report.cover
    blank = "　" * 8
    w.paragraph("以上のとおり、伴走支援の実施状況を報告します。", keep_next=True)
    w.paragraph(w.day(cover.issued_on), "signature")
    w.paragraph(f"報告者　{cover.practitioner or blank}", "signature")
    w.paragraph("署　名　＿＿＿＿＿＿＿＿＿＿＿＿", "signature", keep_next=False)
    w.paragraph("")
    w.paragraph("上記の支援を受けたことを確認します。", keep_next=True)
    w.paragraph(f"事業者　{cover.client_name}", "signature")
    if cover.client_representative:
        w.paragraph(f"代表者　{cover.client_representative}", "signature")
    w.paragraph("署　名　＿＿＿＿＿＿＿＿＿＿＿＿", "signature")
    w.paragraph("以上", align="right")


SECTIONS = (_cover, _summary, _plan, _kpis, _visits, _disclosures, _signature)


# --- page numbers, properties, output ----------------------------------------------------

def add_page_number(paragraph: Paragraph) -> None:
    """A PAGE field (- 1 -) at the end of a footer paragraph."""
    field_xml = (
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve">- </w:t></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r {nsdecls("w")}><w:t>1</w:t></w:r>'
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> -</w:t></w:r>'
    )
    for run in parse_xml(f'<w:p {nsdecls("w")}>{field_xml}</w:p>'):
        paragraph._p.append(run)


def has_page_field(element: Any) -> bool:
    instructions = [t.text or "" for t in element.iter(qn("w:instrText"))]
    instructions += [f.get(qn("w:instr")) or "" for f in element.iter(qn("w:fldSimple"))]
    return any(re.search(r"\bPAGE\b", text) for text in instructions)


def _ensure_page_numbers(doc: DocxDocument) -> None:
    """Every page after the cover shows its number; a template's own footer is kept and
    only gains a PAGE field when it has none."""
    numbered = False  # whether the footer in force (maybe inherited) has a PAGE field
    for section in doc.sections:
        footer = section.footer
        if not footer.is_linked_to_previous:
            numbered = has_page_field(footer._element)
        if numbered:
            continue
        # A linked footer of the first section gets a definition of its own here.
        paragraph = footer.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_page_number(paragraph)
        numbered = True


def _clear_body(doc: DocxDocument) -> None:
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _properties(doc: DocxDocument, report: EngagementReport) -> None:
    properties = doc.core_properties
    properties.title = f"{report.cover.title} {report.cover.client_name}"
    properties.subject = report.cover.engagement_title
    properties.author = report.cover.practitioner or "Companion"
    properties.last_modified_by = report.cover.practitioner or "Companion"
    properties.language = "ja-JP"
    properties.keywords = "伴走支援 実施報告書"
    properties.comments = "Companion で作成"
    now = datetime.now().replace(microsecond=0)
    properties.created = properties.modified = now
    properties.revision = 1


def write_report(report: EngagementReport, out: Path, *, template: Path | None = None,
                 wareki: bool = True) -> ReportResult:
    """Write the report as .docx at ``out``; warnings (e.g. styles the template lacked)
    come back in the result and are logged."""
    target = check_output(out, suffixes=(".docx",))
    doc = open_template(template)
    styles = resolve_styles(doc)
    _clear_body(doc)
    writer = _Writer(doc, styles, wareki=wareki)
    for section in SECTIONS:
        section(writer, report)
    _ensure_page_numbers(doc)
    _properties(doc, report)
    with atomic_output(target) as temporary:
        doc.save(str(temporary))
    log.info("report written: %s (%d visits)", target, len(report.visits))
    return ReportResult(path=target, warnings=tuple(styles.warnings))
