"""Make resources/templates/report-template.docx, the built-in report template.

Run from the repository:  .venv/bin/python scripts/make-report-template.py

The template is python-docx's default document, reshaped for a Japanese report:
A4 portrait, 游明朝 body and 游ゴシック headings set for East Asian text (theme font
attributes removed so they cannot win), Japanese as the East Asian language, a page
number in the footer (none on the cover), and the named styles the report writer uses
(companion/reports/styles.py). A sponsor may hand over their own .docx instead; the
writer then uses that file's styles, margins, header and footer.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docx import Document  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Mm, Pt, RGBColor  # noqa: E402

from companion.reports.docx_writer import add_page_number  # noqa: E402
from companion.reports.styles import (  # noqa: E402
    BY_KEY,
    FONT_ALT_NAMES,
    GOTHIC,
    MINCHO,
    STYLES,
    set_east_asian_font,
    strip_theme_fonts,
)

OUT = ROOT / "resources" / "templates" / "report-template.docx"
BLACK = RGBColor(0, 0, 0)
HEADER_FILL = "D9E2F3"
BORDER = "808080"

# The font table entries Word uses to substitute a missing font (charset 80 = Shift_JIS,
# i.e. a Japanese face; roman = serif, swiss = sans-serif).
FONT_TABLE_ENTRY = """<w:font {ns} w:name="{name}"><w:altName w:val="{alt}"/>
<w:panose1 w:val="{panose}"/><w:charset w:val="80"/><w:family w:val="{family}"/>
<w:pitch w:val="variable"/>
<w:sig w:usb0="800002E7" w:usb1="2AC7FCFF" w:usb2="00000012" w:usb3="00000000"
 w:csb0="0002009F" w:csb1="00000000"/></w:font>"""
PANOSE = {MINCHO: ("02020400000000000000", "roman"), GOTHIC: ("020B0400000000000000", "swiss")}


def _rpr(style):  # the style's w:rPr, made if missing
    return style.element.get_or_add_rPr()


def _paragraph_style(doc, name, *, base="Normal", font=MINCHO, size=10.5, bold=False,
                     align=None, before=0.0, after=0.0, line=None, keep_next=False,
                     left_indent=None, first_line=None):
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    if name != "Normal":
        style.base_style = styles[base]
    set_east_asian_font(_rpr(style), font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing = Pt(line)
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    if align is not None:
        fmt.alignment = align
    fmt.keep_with_next = True if keep_next else None
    if left_indent is not None:
        fmt.left_indent = left_indent
    if first_line is not None:
        fmt.first_line_indent = first_line
    return style


def _no_grid_snap(style):
    """Table text keeps its own line height even when a document grid is on."""
    ppr = style.element.get_or_add_pPr()
    if ppr.find(qn("w:snapToGrid")) is None:
        ppr.insert_element_before(
            parse_xml(f'<w:snapToGrid {nsdecls("w")} w:val="0"/>'),
            *_AFTER_SNAP_TO_GRID)


# w:pPr children must keep the schema's order (Word reports other orders as damage).
_AFTER_SNAP_TO_GRID = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
    "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl",
    "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", *_AFTER_SNAP_TO_GRID,
)


def _bottom_border(style):
    ppr = style.element.get_or_add_pPr()
    ppr.insert_element_before(
        parse_xml(f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" '
                  f'w:color="404040"/></w:pBdr>'),
        *_AFTER_PBDR)


def _table_style(doc):
    styles = doc.styles
    try:
        style = styles[BY_KEY["table"].name]
    except KeyError:
        style = styles.add_style(BY_KEY["table"].name, WD_STYLE_TYPE.TABLE)
    style.base_style = styles["Normal Table"]
    element = style.element
    for child in list(element):
        if child.tag in (qn("w:pPr"), qn("w:rPr"), qn("w:tblPr"), qn("w:tcPr"), qn("w:tblStylePr")):
            element.remove(child)
    border = f'w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"'
    element.append(parse_xml(
        f'<w:pPr {nsdecls("w")}><w:spacing w:before="0" w:after="0" w:line="240" '
        f'w:lineRule="auto"/></w:pPr>'))
    element.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        f'<w:top {border}/><w:left {border}/><w:bottom {border}/><w:right {border}/>'
        f'<w:insideH {border}/><w:insideV {border}/></w:tblBorders>'
        f'<w:tblCellMar><w:top w:w="28" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        f'<w:bottom w:w="28" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
        f'</w:tblPr>'))
    element.append(parse_xml(
        f'<w:tcPr {nsdecls("w")}><w:vAlign w:val="center"/></w:tcPr>'))
    element.append(parse_xml(
        f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/></w:rPr>'
        f'<w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
        f'</w:tblStylePr>'))
    return style


def _font_table(doc):
    part = next(p for p in doc.part.package.iter_parts()
                if str(p.partname) == "/word/fontTable.xml")
    fonts = parse_xml(part.blob)
    for name, alt in FONT_ALT_NAMES.items():
        for existing in fonts.findall(qn("w:font")):
            if existing.get(qn("w:name")) == name:
                fonts.remove(existing)
        panose, family = PANOSE[name]
        fonts.append(parse_xml(FONT_TABLE_ENTRY.format(
            ns=nsdecls("w"), name=name, alt=alt, panose=panose, family=family)))
    from lxml import etree

    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_leftovers(doc):
    """python-docx's default package carries a thumbnail and Word 2010's
    stylesWithEffects (with theme fonts); neither belongs in our template."""
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or rel.reltype.endswith("/customXml"):
            doc.part.drop_rel(rel_id)


def _doc_defaults(doc):
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_east_asian_font(rpr, MINCHO)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "ja-JP")
    for size in ("w:sz", "w:szCs"):
        rpr.find(qn(size)).set(qn("w:val"), "21")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), "240")


def _section(doc):
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(25), Mm(22)
    section.left_margin, section.right_margin = Mm(20), Mm(20)
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    section.different_first_page_header_footer = True  # no page number on the cover
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = doc.styles["Footer"]
    add_page_number(paragraph)
    section.first_page_footer.is_linked_to_previous = False


def _settings(doc):
    settings = doc.settings.element
    # Compress punctuation and keep Japanese line-breaking rules, as Japanese Word does.
    if settings.find(qn("w:characterSpacingControl")) is None:
        settings.append(parse_xml(
            f'<w:characterSpacingControl {nsdecls("w")} w:val="compressPunctuation"/>'))
    else:
        settings.find(qn("w:characterSpacingControl")).set(qn("w:val"), "compressPunctuation")


def make_template(out: Path = OUT) -> Path:
    doc = Document()
    _drop_leftovers(doc)
    _doc_defaults(doc)
    strip_theme_fonts(doc.styles.element)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
            if rfonts is not None and not rfonts.get(qn("w:eastAsia")):
                heading = style.name.startswith(("Heading", "Title", "Subtitle"))
                set_east_asian_font(style.element.get_or_add_rPr(), GOTHIC if heading else MINCHO)

    _paragraph_style(doc, "Normal", size=10.5, line=17)
    _paragraph_style(doc, "Title", font=GOTHIC, size=22, bold=True,
                     align=WD_ALIGN_PARAGRAPH.CENTER, before=96, after=12)
    title = doc.styles["Title"].element.get_or_add_pPr()
    for border in title.findall(qn("w:pBdr")):
        title.remove(border)
    _paragraph_style(doc, "Subtitle", font=GOTHIC, size=14, align=WD_ALIGN_PARAGRAPH.CENTER,
                     after=36)
    for level, size, before, after in ((1, 13, 18, 6), (2, 11, 10, 4)):
        heading = _paragraph_style(doc, f"Heading {level}", font=GOTHIC, size=size, bold=True,
                                   before=before, after=after, keep_next=True)
        heading.paragraph_format.keep_together = True
        if level == 1:
            _bottom_border(heading)
    _paragraph_style(doc, "Caption", font=GOTHIC, size=9, bold=True, before=6, after=3,
                     keep_next=True)
    _paragraph_style(doc, "Header", size=9)
    _paragraph_style(doc, "Footer", size=9, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph_style(doc, BY_KEY["cover"].name, size=12, line=22)
    _paragraph_style(doc, BY_KEY["bullet"].name, line=17, after=2, left_indent=Pt(10.5),
                     first_line=Pt(-10.5))
    _paragraph_style(doc, BY_KEY["note"].name, size=8.5, line=13, before=3, after=6)
    _paragraph_style(doc, BY_KEY["figure"].name, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
    _paragraph_style(doc, BY_KEY["signature"].name, size=10.5, line=22,
                     align=WD_ALIGN_PARAGRAPH.LEFT, keep_next=True, left_indent=Mm(85))
    for name, font, bold in ((BY_KEY["cell"].name, MINCHO, False),
                             (BY_KEY["cell_header"].name, GOTHIC, True)):
        cell = _paragraph_style(doc, name, font=font, size=9, bold=bold, line=13)
        _no_grid_snap(cell)
    doc.styles[BY_KEY["cell_header"].name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.styles[BY_KEY["cell_header"].name].paragraph_format.keep_with_next = True
    _table_style(doc)
    _font_table(doc)
    _section(doc)
    _settings(doc)

    missing = [spec.name for spec in STYLES if spec.name not in {s.name for s in doc.styles}]
    assert not missing, missing
    leftovers = strip_theme_fonts(doc.styles.element)
    assert leftovers == 0, leftovers

    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    properties = doc.core_properties
    properties.title = "伴走支援 実施報告書(テンプレート)"
    properties.author = "Companion"
    properties.comments = "Companion の報告書テンプレート。スタイル名を変えずに書式を編集できます。"
    properties.revision = 1
    # A fixed date keeps the file identical from run to run (reproducible output).
    from datetime import datetime

    properties.created = properties.modified = datetime(2025, 4, 1)
    properties.last_modified_by = "Companion"
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_reproducible(buffer.getvalue()))
    return out


def _reproducible(package: bytes) -> bytes:
    """The same bytes on every run: fixed zip timestamps (python-docx stamps now)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    result = io.BytesIO()
    with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            fixed = zipfile.ZipInfo(item.filename, date_time=(2025, 4, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(item.filename))
    return result.getvalue()


SAMPLE_OUT = ROOT / "resources" / "templates" / "sponsor-form-sample.docx"


def _cell_text(cell, text, *, bold=False, align=None):
    paragraph = cell.paragraphs[0]
    paragraph.style = cell.part.document.styles[BY_KEY["cell"].name]
    run = paragraph.add_run(text)
    run.bold = bold
    if align is not None:
        paragraph.alignment = align


def make_sponsor_sample(out: Path = SAMPLE_OUT, template: Path = OUT) -> Path:
    """A sponsor's own form, as a 商工会 or a 市 hands it over: a 鑑 (cover letter),
    fixed headings, a 押印欄 and a 取扱注意 header, with Companion's placeholders where
    the report's values and tables go (docs/report-placeholders.md)."""
    doc = Document(str(template))
    section = doc.sections[0]
    section.left_margin = section.right_margin = Mm(30)  # the sponsor's own margins
    section.different_first_page_header_footer = False
    header = section.header
    header.is_linked_to_previous = False
    mark = header.paragraphs[0]
    mark.text = "取扱注意"
    mark.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    mark.runs[0].bold = True
    header.add_paragraph("様式第3号（第8条関係）")
    footer = section.footer
    footer.paragraphs[0].insert_paragraph_before("{{事業者名}} 伴走支援 実施報告書")
    cover = BY_KEY["cover"].name

    def para(text="", style="Normal", align=None, bold=False):
        paragraph = doc.add_paragraph(style=doc.styles[style])
        if text:
            paragraph.add_run(text).bold = bold
        if align is not None:
            paragraph.alignment = align
        return paragraph

    para("{{報告日}}", cover, WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{委託元}} 御中", cover)
    para("{{所属}}", cover, WD_ALIGN_PARAGRAPH.RIGHT)
    para("{{資格}} {{報告者氏名}}　印", cover, WD_ALIGN_PARAGRAPH.RIGHT)
    title = para("伴走支援事業 実施報告書", "Title")
    title.paragraph_format.space_before = Pt(24)
    para("{{対象年度}}に実施した伴走支援について、下記のとおり報告します。")
    para("記", "Normal", WD_ALIGN_PARAGRAPH.CENTER)
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles[BY_KEY["table"].name]
    for label, value in (("事業者名", "{{事業者名}}（代表者 {{代表者}}）"),
                         ("所在地・業種", "{{所在地}}・{{業種}}"),
                         ("案件名", "{{案件名}}"), ("報告対象期間", "{{報告対象期間}}"),
                         ("支援の実績", "{{支援回数}}（延べ{{支援時間}}）")):
        cells = table.add_row().cells
        _cell_text(cells[0], label, bold=True)
        _cell_text(cells[1], value)
    for column, width in zip(table.columns, (Mm(35), Mm(115)), strict=True):
        column.width = width  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = width  # each cell, which Word reads
    for number, (title, placeholder) in enumerate((
            ("支援の実施状況", "{{支援の実施状況}}"), ("支援記録", "{{訪問一覧}}"),
            ("成果と今後の課題", "{{成果と今後の課題}}"), ("次年度の方針", "{{次年度の方針}}"),
            ("自走化の状況", "{{自走化の状況}}"), ("行動計画の進捗", "{{行動計画}}"),
            ("指標の目標と実績", "{{指標}}"),
            ("利益相反の開示", "{{利益相反}}")), start=1):
        para(f"{number} {title}", "Heading 1")
        para(placeholder)
    para("以上", "Normal", WD_ALIGN_PARAGRAPH.RIGHT)
    para("（商工会記入欄）", BY_KEY["note"].name)
    stamps = doc.add_table(rows=2, cols=4)
    stamps.style = doc.styles[BY_KEY["table"].name]
    for cell, label in zip(stamps.rows[0].cells, ("受付日", "担当者", "係長", "課長"), strict=True):
        _cell_text(cell, label, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    stamps.rows[1].height = Mm(18)
    properties = doc.core_properties
    properties.title = "伴走支援事業 実施報告書（委託元の様式の見本）"
    properties.comments = ("差し込み項目 {{…}} の一覧は docs/report-placeholders.md にあります。"
                           "この見本を委託元の様式に合わせて書き換えて使えます。")
    buffer = io.BytesIO()
    doc.save(buffer)
    out.write_bytes(_reproducible(buffer.getvalue()))
    return out


if __name__ == "__main__":
    print(make_template())
    print(make_sponsor_sample())
