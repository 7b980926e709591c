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
import unicodedata
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
from docx.shared import Emu, Mm, Twips
from docx.text.paragraph import Paragraph

from companion.atomic import atomic_output
from companion.domain.enums import PlanStatus
from companion.domain.kpi import GRADE_RULE
from companion.errors import KnownError, Message
from companion.paths import resource
from companion.reports.docx_chart import WordChart, add_chart_part, drawing_xml, kpi_chart
from companion.reports.formatting import (
    fiscal_label,
    format_day,
    format_hours,
    format_km,
    format_percent,
    format_quantity,
    format_short_day,
    format_time_range,
    format_yen,
    xml_safe,
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
    """The template's style of that name (or of a name it had in earlier versions)."""
    for name in (spec.name, *spec.aliases):
        try:
            style = doc.styles[name]
        except KeyError:
            continue
        if style.type == spec.kind:
            return style
    return None


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
    """Copy a style the template lacks from the built-in template. The copy keeps its
    spacing, borders and sizes but not its fonts: it is based on the template's Normal
    (its paragraph style) and inherits its typeface, so a sponsor's ＭＳ 明朝 is used
    throughout."""
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
    for fonts in list(element.iter(qn("w:rFonts"))):
        fonts.getparent().remove(fonts)
    normal = _default_paragraph_style(doc)
    if spec.kind == WD_STYLE_TYPE.PARAGRAPH and normal and element.find(qn("w:basedOn")) is None:
        based_on = element.makeelement(qn("w:basedOn"), {qn("w:val"): normal})
        name = element.find(qn("w:name"))
        if name is not None:
            name.addnext(based_on)
        else:
            element.insert(0, based_on)
    doc.styles.element.append(element)
    return str(style_id)


def _default_paragraph_style(doc: DocxDocument) -> str | None:
    for style in doc.styles.element.findall(qn("w:style")):
        if style.get(qn("w:type")) == "paragraph" and style.get(qn("w:default")) in ("1", "true"):
            return str(style.get(qn("w:styleId")))
    return None


# --- low-level XML -------------------------------------------------------------------

def _text(value: str) -> str:
    return escape(xml_safe(value))


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
    weight: float  # relative width of what is left once every column has its minimum
    align: str = ""  # "", "center" or "right"
    nowrap: bool = False  # a date, an amount, a percent, a short label: never broken


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


# --- how wide a column must be --------------------------------------------------------

# Runs a line may not be broken inside: a katakana word (マイルストーン), a number with
# its unit (141,341千円, 101.3%, 12回), Latin words and short dates (R7.4.1).
_UNBREAKABLE = re.compile(
    r"[ァ-ヺー・]+"
    r"|[△▲+\-]?[0-9０-９][0-9０-９,，.．]*(?:[千万百億]?円|[%％人件回社]|時間|か月|km)?"
    r"|[A-Za-z0-9.:/\-〜~]+")
_CELL_PADDING_TWIPS = 2 * 108 + 50  # Word's default cell margins, and a little slack
_SHORT_HEADER = 6  # a header line of up to 6 characters (達成率, アクション) is never broken
_SHORT_LINE_EM = 4.0  # a line this short (売上高, 定期訪問) is a word: never broken


# A number and its unit (141,341千円, 80.6%, 8か月) stay on one line in running text:
# a WORD JOINER (U+2060, invisible, not copied as a space) between them forbids the break
# Japanese line breaking would otherwise allow. Table cells get their width instead.
_NUMBER_UNIT = re.compile(r"(?<=[0-9０-９])([千万百億]?円|[%％人件回社]|時間|か月|km)")
WORD_JOINER = "\u2060"


def keep_amounts(text: str) -> str:
    return _NUMBER_UNIT.sub(lambda m: WORD_JOINER + WORD_JOINER.join(m.group(1)), text)


def text_em(text: str) -> float:
    """The width of ``text`` in em: full-width characters 1, digits 0.6 (the Latin face
    a PDF converter falls back to draws them wider than half), others about 0.5, and the
    space LibreOffice and Word put between Japanese and Latin or digits (0.2 em)."""
    width = 0.0
    previous_wide: bool | None = None
    for char in text:
        wide = unicodedata.east_asian_width(char) in ("W", "F", "A")
        width += 1.0 if wide else 0.6 if char.isdigit() else 0.5
        if previous_wide is not None and wide != previous_wide and not char.isspace():
            width += 0.2
        previous_wide = wide
    return width


def unbreakable_em(text: str) -> float:
    """The widest run of ``text`` that must stay on one line (a single character at
    least: any other place may be broken, as Japanese text is); a short line is kept
    whole."""
    whole = text_em(text.strip())
    if whole <= _SHORT_LINE_EM:
        return whole
    widths = [text_em(m.group()) for m in _UNBREAKABLE.finditer(text)]
    return max([1.0, *widths]) if text.strip() else 0.0


def column_widths(columns: Sequence[Column], rows: Sequence[Sequence[Cell]], *,
                  available: int, font_pt: float, header_pt: float) -> list[int]:
    """Column widths in twips that fill ``available``: each column gets at least what
    its unbreakable content needs (whole cells for ``nowrap`` columns, which get no
    more), the rest is shared by weight among the text columns. When even the minimums
    do not fit, they are scaled down (and a long word may break)."""
    twips_per_em = font_pt * 20
    minimum = []
    for index, column in enumerate(columns):
        # A header line is kept whole when short; a long one is split by "\n" in its title.
        header_em = max((text_em(line) if column.nowrap or len(line) <= _SHORT_HEADER
                         else unbreakable_em(line)) for line in column.title.split("\n"))
        need = header_em * header_pt * 20 * 1.04
        for row in rows:
            cell = row[index]
            for line in cell.lines:
                em = text_em(line) if column.nowrap else unbreakable_em(line)
                need = max(need, em * twips_per_em * (1.04 if cell.bold else 1.0) + cell.indent)
        minimum.append(int(need) + _CELL_PADDING_TWIPS)
    if sum(minimum) >= available:
        log.info("table columns need %d twips of %d: scaled down", sum(minimum), available)
        return [int(available * m / sum(minimum)) for m in minimum]
    # Dates, amounts and labels take what they need; the text columns share the rest.
    fixed = {i for i, c in enumerate(columns) if c.nowrap}
    if len(fixed) == len(columns):
        fixed = set()
    widths = list(minimum)
    while True:
        free = available - sum(minimum[i] for i in fixed)
        weight = sum(c.weight for i, c in enumerate(columns) if i not in fixed) or 1.0
        for i, column in enumerate(columns):
            if i not in fixed:
                widths[i] = int(free * column.weight / weight)
        short = {i for i in range(len(columns)) if i not in fixed and widths[i] < minimum[i]}
        if not short:
            return widths
        fixed |= short
        for i in short:
            widths[i] = minimum[i]


def _style_pt(doc: DocxDocument, style_id: str | None, default: float = 10.5) -> float:
    """The font size a paragraph style gives, following basedOn, else the document's
    default size."""
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.findall(qn("w:style"))}
    seen: set[str] = set()
    current = style_id
    while current and current not in seen:
        seen.add(current)
        element = styles.get(current)
        if element is None:
            break
        size = element.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if size is not None and size.get(qn("w:val"), "").isdigit():
            return int(size.get(qn("w:val"))) / 2
        based = element.find(qn("w:basedOn"))
        current = based.get(qn("w:val")) if based is not None else None
    defaults = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:sz')}")
    if defaults is not None and defaults.get(qn("w:val"), "").isdigit():
        return int(defaults.get(qn("w:val"))) / 2
    return default


class _Writer:
    """Appends report content to a template document: at the end of a body that has
    been cleared, or, in a sponsor's own form, where a placeholder paragraph stood
    (``anchor``)."""

    def __init__(self, doc: DocxDocument, styles: _Styles, *, wareki: bool,
                 reiwa_gannen: bool = False) -> None:
        self.doc = doc
        self.styles = styles
        self.wareki = wareki
        self.reiwa_gannen = reiwa_gannen
        self.body = doc.element.body
        self.anchor: Any | None = None  # insert before this element instead of the end
        section = doc.sections[-1]
        width = (section.page_width or Mm(210)) - (section.left_margin or 0) \
            - (section.right_margin or 0)
        self.text_width_twips = max(int(Emu(width).twips), 4000)
        self.cell_pt = _style_pt(doc, styles["cell"])
        self.header_pt = _style_pt(doc, styles["cell_header"])

    # paragraphs
    def _append(self, element: Any) -> None:
        if self.anchor is not None:
            self.anchor.addprevious(element)
            return
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
            run = paragraph.add_run(xml_safe(text))
            if bold:
                run.bold = True
        return paragraph

    def lines(self, text: str, style: str = "body", *, empty: str = "") -> None:
        """One paragraph per non-empty line of ``text`` (``empty`` when there is none)."""
        shown = [line.strip() for line in text.splitlines() if line.strip()]
        for line in shown or ([empty] if empty else []):
            self.paragraph(keep_amounts(line), style)

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
        cells = [[_cell(value) for value in row] for row in rows]
        widths = column_widths(columns, cells, available=self.text_width_twips,
                               font_pt=self.cell_pt, header_pt=self.header_pt)
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
                titles = "".join(_paragraph_xml(line, header_style, align="center", bold=True)
                                 for line in column.title.split("\n"))
                parts.append(f"<w:tc>{tc_pr[index]}{titles}</w:tc>")
            parts.append("</w:tr>")
        for row in cells:
            parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
            for index, cell in enumerate(row):
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

    def charts(self, charts: Sequence[WordChart]) -> None:
        """Native Word charts (docx_chart.py), inline in "figure" paragraphs: one alone
        at the text's width, several two to a line, within ``_CHART_WIDTH``."""
        columns = 1 if len(charts) == 1 else 2
        total = int(Emu(Twips(min(int(_CHART_WIDTH.twips), self.text_width_twips))))
        # A little slack, so that two charts always fit on one line.
        width = total if columns == 1 else (total - int(Mm(1))) // 2
        height = int(Mm(75 if columns == 1 else 68))
        for start in range(0, len(charts), columns):
            paragraph = self.paragraph("", "figure")
            for chart in charts[start:start + columns]:
                drawing = drawing_xml(add_chart_part(self.doc.part, chart), width=width,
                                      height=height, shape_id=self.doc.part.next_id,
                                      title=chart.title)
                paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}>{drawing}</w:r>'))

    # helpers
    def day(self, value: Any) -> str:
        return format_day(value, wareki=self.wareki)

    def short_day(self, value: Any) -> str:
        return format_short_day(value, wareki=self.wareki)

    def year(self, fiscal_year: int) -> str:
        return fiscal_label(fiscal_year, wareki=self.wareki, reiwa_gannen=self.reiwa_gannen)


# --- what the report says, in words both the body and placeholders use ------------------

def period_text(w: _Writer, report: EngagementReport) -> str:
    cover = report.cover
    text = f"{w.day(cover.period_start)}〜{w.day(cover.period_end)}"
    if cover.in_progress:
        text += f"（{w.day(cover.issued_on)}現在）"
    return text


def engagement_span(w: _Writer, report: EngagementReport) -> str:
    cover = report.cover
    end = w.day(cover.engagement_end) if cover.engagement_end else "（継続中）"
    return f"{w.day(cover.engagement_start)}〜{end}"


def scope_label(w: _Writer, report: EngagementReport) -> str:
    """令和6年度 for a one-year report (never 本年度: the reader may read it a year
    later), 支援期間 for the whole engagement."""
    year = report.cover.fiscal_year
    return w.year(year) if year is not None else "支援期間"


def next_year_label(w: _Writer, report: EngagementReport) -> str:
    year = report.cover.fiscal_year
    return f"次年度（{w.year(year + 1)}）の方針" if year is not None else "今後の方針"


def achievements_text(report: EngagementReport) -> str:
    """The practitioner's 成果と今後の課題, else the summary made from the records."""
    return report.narrative.achievements.strip() or report.outcomes


# --- sections of the report ------------------------------------------------------------

def _cover(w: _Writer, report: EngagementReport) -> None:
    cover = report.cover
    w.paragraph(w.day(cover.issued_on), "cover", align="right")
    if cover.sponsor_name:
        w.paragraph(f"{cover.sponsor_name} 御中", "cover")
    w.paragraph(cover.title, "title")
    w.paragraph(_years_label(report, w), "subtitle")
    rows = [
        ("委託元", cover.sponsor_name or "（なし）"),
        ("事業者", " ".join(p for p in (cover.client_name, cover.client_representative
                                       and f"代表者 {cover.client_representative}") if p)),
        ("所在地・業種", "・".join(p for p in (cover.client_place, cover.client_industry) if p)
         or "―"),
        ("案件名", cover.engagement_title),
        ("支援の形態", f"{cover.scheme}（現在の状況：{cover.engagement_status}）"),
        ("支援期間", engagement_span(w, report)),
        ("報告対象期間", period_text(w, report)),
        ("報告者", cover.practitioner or ""),
        ("作成日", w.day(cover.issued_on)),
    ]
    w.table([Column("項目", 1, nowrap=True), Column("内容", 3.2)],
            [(Cell([label], bold=True), value) for label, value in rows], header=False)
    w.page_break()


def _years_label(report: EngagementReport, w: _Writer) -> str:
    years = report.fiscal_years
    if not years:
        return ""
    if len(years) == 1:
        return w.year(years[0])
    return f"{w.year(years[0])}〜{w.year(years[-1])}"


def _bullets(w: _Writer, text: str) -> None:
    for line in text.splitlines():
        line = keep_amounts(line.strip())
        if line:
            w.paragraph(line if line.startswith(("・", "-", "●", "○")) else f"・{line}", "bullet")


def _summary(w: _Writer, report: EngagementReport) -> None:
    w.heading("1 支援の概要")
    w.heading("（1）本質的課題", 2)
    w.lines(report.essential_issue, empty="（本質的課題は未設定です）")
    scope = scope_label(w, report)
    w.heading(f"（2）{scope}の成果と今後の課題", 2)
    if report.narrative.achievements.strip():
        w.lines(report.narrative.achievements)
    else:
        _bullets(w, report.outcomes)
    w.heading(f"（3）{next_year_label(w, report)}", 2)
    w.lines(report.narrative.next_year_policy, empty="（記載なし）")
    w.heading("（4）自走化の状況", 2)
    w.lines(report.narrative.self_running, empty="（記載なし）")


PLAN_COLUMNS = (Column("区分", 1, "center", nowrap=True),
                Column("目標・マイルストーン・アクション", 10),
                Column("担当", 1, "center", nowrap=True), Column("期限", 1, "center", nowrap=True),
                Column("状況", 1, "center", nowrap=True), Column("進捗", 1, "right", nowrap=True))


def plan_tables(w: _Writer, report: EngagementReport) -> None:
    if not report.plan:
        w.paragraph("対象期間の行動計画は登録されていません。")
        return
    for year in report.plan:
        w.heading(f"{w.year(year.fiscal_year)}の行動計画", 2)
        counts = "・".join(f"{status}{year.count(status)}件"
                          for status in PlanStatus if year.count(status))
        if year.total():
            w.paragraph(f"アクション{year.total()}件（{counts}）", keep_next=True)
        rows = [
            (str(row.level),
             Cell([row.title], bold=row.depth == 0, indent=row.depth * 210),
             str(row.owner), w.short_day(row.due_on), str(row.status), f"{row.progress}%")
            for row in year.rows
        ]
        w.table(PLAN_COLUMNS, rows)


def _plan(w: _Writer, report: EngagementReport) -> None:
    w.heading("2 行動計画の進捗")
    plan_tables(w, report)


KPI_COLUMNS = (Column("指標", 3), Column("基準値", 1, "right", nowrap=True), Column("目標", 1, "right", nowrap=True),
               Column("実績", 1, "right", nowrap=True), Column("達成率", 1, "right", nowrap=True),
               Column("評価", 1, "center", nowrap=True), Column("実績の算定", 4))


def kpi_table(w: _Writer, report: EngagementReport) -> None:
    if not report.kpis and not report.kpi_series:
        w.paragraph("指標は設定されていません。")
        return
    # One table per fiscal year (no 年度 column: the amounts need the width).
    years = list(dict.fromkeys(row.fiscal_year for row in report.kpis))
    for number, year in enumerate(years, start=1):
        rows = [
            (row.name, format_quantity(row.baseline, row.unit),
             format_quantity(row.target, row.unit), format_quantity(row.actual, row.unit),
             format_percent(row.achievement) if row.final else "―",
             row.grade or "―",
             "・".join(p for p in (row.basis, row.note) if p) or "―")
            for row in report.kpis if row.fiscal_year == year
        ]
        w.paragraph(f"表{number} 指標の目標と実績（{w.year(year)}）", "caption")
        w.table(KPI_COLUMNS, rows)
    w.paragraph(f"評価：{GRADE_RULE}（表示した達成率で評価）。年度途中の実績と、月が欠けた"
                "年度の実績は評価していません。「低いほど良い」指標は目標÷実績で算定。", "note")
    if report.kpi_series:
        w.paragraph("図1 指標の目標と実績の推移", "caption")
        w.charts([kpi_chart(series, year_label=w.year) for series in report.kpi_series])


def _kpis(w: _Writer, report: EngagementReport) -> None:
    w.heading("3 指標（KPI）の目標と実績")
    kpi_table(w, report)


def visit_summary_table(w: _Writer, report: EngagementReport) -> None:
    summary = report.visit_summary
    columns = [Column("形態", 1, "center", nowrap=True), Column("回数", 1, "right", nowrap=True),
               Column("支援時間", 1, "right", nowrap=True),
               Column("移動距離", 1, "right", nowrap=True)]
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


VISIT_COLUMNS = (Column("日時・形態", 1, nowrap=True), Column("場所", 2),
                 Column("対応者・\n同席者", 2.6), Column("目的", 2.4),
                 Column("要点", 6.5), Column("次の\nアクション", 3.6))


def visit_table(w: _Writer, report: EngagementReport) -> None:
    if not report.visits:
        w.paragraph("対象期間の支援記録はありません。")
        return
    rows = [
        ([w.short_day(v.started_at.date()), format_time_range(v.started_at, v.ended_at),
          str(v.mode)],
         v.place or "―", v.attendees or "―", v.purpose or "―",
         list(v.key_points) or ["―"], [f"・{a}" for a in v.next_actions] or ["―"])
        for v in report.visits
    ]
    w.table(VISIT_COLUMNS, rows, spacer=False)
    if report.full_texts:
        w.paragraph("要点・次のアクションは記録の全文です（【非開示】の行を除く）。", "note")
    else:
        w.paragraph("要点・次のアクションは記録からの抜粋です（文の切れ目まで。"
                    "【非開示】の行は載せていません）。", "note")


def _visits(w: _Writer, report: EngagementReport) -> None:
    w.heading("4 支援の記録")
    w.heading("（1）支援の実施状況", 2)
    visit_summary_table(w, report)
    w.heading("（2）支援記録の一覧", 2)
    visit_table(w, report)


def _split_day(text: str) -> list[str]:
    """令和7年10月27日 -> [令和7年, 10月27日]: two short lines for a narrow column."""
    year, _, rest = text.partition("年")
    return [f"{year}年", rest] if rest else [text]


DISCLOSURE_COLUMNS = (Column("開示番号", 1, "center", nowrap=True),
                      Column("種類", 1, "center", nowrap=True), Column("相手先", 2.2),
                      Column("内容", 3.2), Column("期間", 1, nowrap=True),
                      Column("開示日", 1, "center", nowrap=True), Column("管理方法", 3.6))


def disclosure_section(w: _Writer, report: EngagementReport) -> None:
    w.paragraph("本案件（事業者およびその関係先を含む）に関する報告者の利益相反"
                "（出資、役員就任、顧問契約、業務受託、共同事業、収益分配、親族関係など）"
                "のうち、報告対象期間に続いていたもの、始まったもの、開示したものは"
                "次のとおりです。", keep_next=True)
    if not report.disclosures:
        w.paragraph("該当なし", bold=True)
    else:
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
            period = [f"{w.short_day(d.started_on)}〜",
                      w.short_day(d.ended_on) if d.ended_on else "継続中"]
            rows.append((f"第{d.number}号\n（第{d.version}版）", str(d.kind), d.counterpart_name,
                         details or ["―"], period, w.short_day(d.declared_on),
                         d.mitigation or "―"))
        w.table(DISCLOSURE_COLUMNS, rows)
    w.paragraph("報酬の条件", "caption", keep_next=True)
    if report.fees:
        w.table([Column("種類", 1, "center", nowrap=True), Column("条件", 4),
                 Column("金額", 1, "right", nowrap=True), Column("支払元", 2)],
                [(f.kind, f.terms, format_yen(f.amount_yen), f.paid_by) for f in report.fees])
    else:
        w.paragraph("報酬の条件は登録されていません。")
    w.paragraph("開示登録簿の警告", "caption", keep_next=True)
    if report.red_flags:
        for flag in report.red_flags:
            w.paragraph(f"・{flag}", "bullet")
    else:
        w.paragraph("この案件に関する警告はありません。")


def _disclosures(w: _Writer, report: EngagementReport) -> None:
    w.heading("5 利益相反の開示")
    disclosure_section(w, report)


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


BODY_SECTIONS = (_summary, _plan, _kpis, _visits, _disclosures)
SECTIONS = (_cover, *BODY_SECTIONS, _signature)


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


def placeholder_values(w: _Writer, report: EngagementReport) -> dict[str, str]:
    """What each text placeholder of a sponsor's form is filled with
    (placeholders.TEXT_FIELDS)."""
    cover = report.cover
    reporter = cover.reporter
    year = cover.fiscal_year
    values = {
        "事業者名": cover.client_name,
        "代表者": cover.client_representative,
        "所在地": cover.client_place,
        "業種": cover.client_industry,
        "委託元": cover.sponsor_name,
        "案件名": cover.engagement_title,
        "支援形態": cover.scheme,
        "支援期間": engagement_span(w, report),
        "報告対象期間": period_text(w, report),
        "対象年度": w.year(year) if year is not None else _years_label(report, w),
        "報告者": cover.practitioner,
        "報告者氏名": reporter.name.strip() or cover.practitioner,
        "所属": reporter.organisation.strip(),
        "資格": reporter.qualifications.strip(),
        "報告日": w.day(cover.issued_on),
        "本質的課題": report.essential_issue.strip(),
        "成果と今後の課題": achievements_text(report).strip(),
        "次年度の方針": report.narrative.next_year_policy.strip(),
        "自走化の状況": report.narrative.self_running.strip(),
        "支援回数": f"{report.visit_summary.count:,}回",
        "支援時間": format_hours(report.visit_summary.hours),
    }
    return {name: keep_amounts(value) for name, value in values.items()}


def _blocks(w: _Writer, report: EngagementReport) -> dict[str, Callable[[Any], None]]:
    def at(write: Callable[[_Writer, EngagementReport], None]) -> Callable[[Any], None]:
        def block(anchor: Any) -> None:
            w.anchor = anchor
            saved = w.text_width_twips
            cell_width = _cell_width(anchor)
            if cell_width:
                w.text_width_twips = cell_width
            try:
                write(w, report)
            finally:
                w.anchor, w.text_width_twips = None, saved
        return block

    def body(writer: _Writer, rep: EngagementReport) -> None:
        for section in BODY_SECTIONS:
            section(writer, rep)

    return {"訪問一覧": at(visit_table), "支援の実施状況": at(visit_summary_table),
            "行動計画": at(plan_tables), "指標": at(kpi_table),
            "利益相反": at(disclosure_section), "報告書本文": at(body)}


def _cell_width(anchor: Any) -> int | None:
    """The width (twips) of the table cell a placeholder stands in, if any."""
    parent = anchor.getparent()
    if parent is None or parent.tag != qn("w:tc"):
        return None
    width = parent.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
    if width is None or width.get(qn("w:type")) not in (None, "dxa"):
        return None
    value = width.get(qn("w:w"), "")
    return max(int(value) - 2 * 115, 1500) if value.isdigit() else None


def content_warnings(report: EngagementReport) -> list[str]:
    """What the practitioner has not written yet (the report still prints)."""
    narrative = report.narrative
    warnings: list[str] = []
    if not narrative.achievements.strip():
        warnings.append(Message(ACHIEVEMENTS_MISSING))
    for label, text in (("次年度の方針", narrative.next_year_policy),
                        ("自走化の状況", narrative.self_running)):
        if not text.strip():
            warnings.append(Message(SECTION_MISSING, section=Message(label)))
    return warnings


ACHIEVEMENTS_MISSING = ("成果と今後の課題が未記入のため、記録から作った要約を載せました"
                        "（案件の画面の「報告書の所見」で書けます）。")
SECTION_MISSING = "{section}が未記入です（「（記載なし）」と印刷しました）。"
UNKNOWN_PLACEHOLDERS = ("テンプレートの差し込み項目 {names} は使えないため、そのままにしました"
                        "（使える項目は docs/report-placeholders.md）。")


def write_report(report: EngagementReport, out: Path, *, template: Path | None = None,
                 wareki: bool = True, reiwa_gannen: bool = False) -> ReportResult:
    """Write the report as .docx at ``out``; warnings (styles the template lacked,
    placeholders it has that Companion does not know, sections not written yet) come
    back in the result and are logged.

    A template whose body holds placeholders (``{{事業者名}}``: placeholders.py) is a
    sponsor's own form: it is kept and filled. Any other template's body is replaced
    by the whole report; placeholders in its headers and footers are filled too."""
    from companion.reports.placeholders import fill, has_body_placeholders

    target = check_output(out, suffixes=(".docx",))
    doc = open_template(template)
    styles = resolve_styles(doc)
    writer = _Writer(doc, styles, wareki=wareki, reiwa_gannen=reiwa_gannen)
    values = placeholder_values(writer, report)
    if has_body_placeholders(doc):
        unknown = fill(doc, values, _blocks(writer, report))
    else:
        _clear_body(doc)
        for section in SECTIONS:
            section(writer, report)
        unknown = fill(doc, values, {}, body=False)
        _ensure_page_numbers(doc)
    _properties(doc, report)
    warnings = [*styles.warnings]
    if unknown:
        names = "、".join(f"{{{{{name}}}}}" for name in unknown)
        warnings.append(Message(UNKNOWN_PLACEHOLDERS, names=names))
    warnings.extend(content_warnings(report))
    with atomic_output(target) as temporary:
        doc.save(str(temporary))
    log.info("report written: %s (%d visits)", target, len(report.visits))
    return ReportResult(path=target, warnings=tuple(warnings))
