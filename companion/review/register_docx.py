"""The disclosure register as a Word file for the reviewer (開示一覧).

It uses the report template's named styles (Japanese fonts set for East Asian text),
so it looks like the engagement reports and a sponsor's template restyles both.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date

from companion.domain.calendar import format_date
from companion.domain.red_flags import RedFlag
from companion.review.derived import DisclosureEntry

# Reading it (what a verifier needs: companion.review.verify imports that module alone).
from companion.review.register_docx_read import HEADERS as HEADERS
from companion.review.register_docx_read import DocxContent as DocxContent
from companion.review.register_docx_read import _content as _content
from companion.review.register_docx_read import _skeleton as _skeleton
from companion.review.register_docx_read import read_register_docx as read_register_docx
from companion.review.register_docx_read import row_cells, row_values
from companion.review.register_docx_read import same_text as same_text


@dataclass(frozen=True)
class RegisterRow:
    """A row of the disclosure table: one version of a disclosure."""

    disclosure_id: uuid.UUID
    number: int
    version: int
    kind: str
    counterpart: str
    amount_yen: int | None
    share_percent: float | None
    role_title: str
    started_on: date
    ended_on: date | None
    declared_on: date
    mitigation: str
    status: str
    reason: str
    content_hash: str


def row_from_payload(item: DisclosureEntry) -> RegisterRow | None:
    """The row of a disclosure entry, read from its signed payload alone (None: the
    payload lacks a field or holds one of the wrong type)."""
    values = row_values(item)
    return None if values is None else RegisterRow(*values)


def cells_of(row: RegisterRow) -> list[str]:
    """The texts of a row of the disclosure table, as written and as verified."""
    return row_cells(row.number, row.version, row.kind, row.counterpart, row.amount_yen,
                     row.share_percent, row.role_title, row.started_on, row.ended_on,
                     row.declared_on, row.mitigation, row.status)


def escape(text: str, quote: bool = True) -> str:
    """``html.escape`` (the same replacements, in the same order) without importing
    ``html`` and its entity tables on the verifier's path; not xml.sax.saxutils: it
    imports urllib, http and email."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


# The report styles' names (companion/reports/styles.py BY_KEY: this layer may not import
# the reports; tests/review/test_flags_offline.py checks the two agree), with the names
# of earlier templates as fallbacks.
STYLE_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("Title",), "heading1": ("Heading 1",), "heading2": ("Heading 2",),
    "cover": ("報告書 表紙", "Companion Cover Text"), "bullet": ("報告書 箇条書き", "Companion Bullet"),
    "note": ("報告書 注記", "Companion Note"), "cell": ("報告書 表本文", "Companion Table Text"),
    "cell_header": ("報告書 表見出し", "Companion Table Header"), "table": ("報告書 表", "Companion Table"),
}
# Portrait A4; the disclosure table's columns (mm) sized to their content, so 番号 and
# 版 stay on one line and 管理方法 gets the room.
PAGE_MM, MARGIN_MM = (210, 297), 12
REGISTER_WIDTHS_MM = (9, 7, 15, 26, 18, 13, 15, 15, 15, 42, 11)
HISTORY_HEADERS = ["版", "申告", "記録日時", "変更", "理由", "レビューの所見"]
HISTORY_WIDTHS_MM = (8, 22, 30, 42, 44, 40)
DISPOSITION_HEADERS = ["注意事項", "判断", "管理計画(担当・対応・期限)", "対応の状況"]
DISPOSITION_WIDTHS_MM = (61, 17, 54, 54)
FIELD_LABELS = {"kind": "種類", "counterpart_name": "相手先", "counterpart_client_id": "事業者",
                "amount_yen": "金額", "share_percent": "持分", "role_title": "役職",
                "started_on": "開始日", "ended_on": "終了日", "description": "内容",
                "mitigation": "管理方法", "status": "状態", "engagement_ids": "関係する案件"}


class _Styles:
    """The template's style for each STYLE_NAMES key, found once. (python-docx finds a
    style given by name, or whether it is the default, by reading every style of the
    template each time one is set: seconds for a register of a few hundred versions.)"""

    def __init__(self, document: object) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        styles = document.styles  # type: ignore[attr-defined]
        self._by_name = {style.name: style for style in styles}
        self._defaults = {kind: styles.default(kind)
                          for kind in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE)}

    def id_of(self, key: str, fallback: str = "Normal") -> str | None:
        """The style id to set (None for the template's default style, as python-docx
        sets it); a name the template lacks is a KeyError, as in python-docx."""
        name = next((name for name in STYLE_NAMES[key] if name in self._by_name), fallback)
        style = self._by_name[name]
        return None if style == self._defaults.get(style.type) else str(style.style_id)


def _paragraph(text: str, style_id: str | None, *, styled: bool = True) -> str:
    """A paragraph as python-docx's ``add_paragraph(text)`` writes it (no run when the
    text is empty), its style then set (``_p.style = style_id``: empty properties for the
    default style) or, not ``styled``, left alone."""
    if not styled:
        properties = ""
    elif style_id:
        properties = f'<w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>'
    else:
        properties = "<w:pPr/>"
    return f"<w:p>{properties}{_run_xml(text) if text else ''}</w:p>"


def _add_blocks(document: object, blocks: list[str]) -> None:
    """The paragraphs and tables, written as XML, parsed at once and placed where
    python-docx adds a block: at the end of the body, before its section properties.
    (python-docx finds that place by a scan of the body for each block it adds.)"""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    body = document.element.body  # type: ignore[attr-defined]
    section = body.find(qn("w:sectPr"))
    # Parsed inside a body that declares the namespace, so the blocks themselves do not.
    for block in list(parse_xml(f"<w:body {nsdecls('w')}>{''.join(blocks)}</w:body>")):
        if section is None:
            body.append(block)
        else:
            section.addprevious(block)


# The table's properties as python-docx's add_table makes them (the table style, fixed
# layout, its default look) with 1 mm cell margins left and right (Word's default is
# 1.9 mm), and the header row's: it repeats on every page and stays on one page.
_TABLE_PROPERTIES = (
    '<w:tblW w:type="auto" w:w="0"/><w:tblLayout w:type="fixed"/>'
    '<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0"'
    ' w:noVBand="1" w:val="04A0"/>'
    '<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/>'
    "</w:tblCellMar>")
_HEADER_ROW = '<w:tblHeader w:val="true"/><w:cantSplit/>'
_BODY_ROW = "<w:cantSplit/>"


def _table(styles: _Styles, headers: list[str], rows: list[list[str]],
           widths_mm: tuple[int, ...]) -> str:
    """A table in the report's table style with fixed column widths; the header row
    repeats on every page. Written as XML: the elements python-docx's ``add_table``,
    ``column.width``, ``cell.text`` and ``cell.width`` make (97 tables for a large
    register took python-docx a third of a second)."""
    from docx.shared import Mm

    widths = [int(Mm(width).twips) for width in widths_mm]
    table_style = styles.id_of("table", "Table Grid")
    style = f'<w:tblStyle w:val="{escape(table_style)}"/>' if table_style else ""
    return (f"<w:tbl><w:tblPr>{style}{_TABLE_PROPERTIES.format(margin=int(Mm(1).twips))}"
            "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
            + "</w:tblGrid>" + _row_xml(headers, widths, styles.id_of("cell_header"), _HEADER_ROW)
            + _rows_text(rows, widths, styles.id_of("cell")) + "</w:tbl>")


def _rows_xml(rows: list[list[str]], widths: list[int], style_id: str | None) -> list[object]:
    """The body rows of a table, as python-docx makes them (a row per ``add_row``, each
    cell's ``text`` and paragraph style, the width, kept on one page), written as XML
    and parsed at once: python-docx's element by element building took seconds for a
    register of a few hundred versions."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{_rows_text(rows, widths, style_id)}</w:tbl>"))


def _rows_text(rows: list[list[str]], widths: list[int], style_id: str | None) -> str:
    return "".join(_row_xml(values, widths, style_id, _BODY_ROW) for values in rows)


def _row_xml(values: list[str], widths: list[int], style_id: str | None, properties: str) -> str:
    style = (f'<w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>' if style_id
             else "<w:pPr/>")  # the default style: python-docx leaves the properties empty
    return f"<w:tr><w:trPr>{properties}</w:trPr>" + "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p>{style}{_run_xml(text)}</w:p></w:tc>"
        for text, width in zip(values, widths, strict=True)) + "</w:tr>"


def _run_xml(text: str) -> str:
    """A run holding ``text`` as python-docx's ``run.text`` writes it: a tab is
    ``w:tab``, a line break ``w:br``, text with outer spaces is kept as it is."""
    parts: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            chunk = "".join(pending)
            space = ' xml:space="preserve"' if len(chunk.strip()) < len(chunk) else ""
            parts.append(f"<w:t{space}>{escape(chunk, quote=False)}</w:t>")
            pending.clear()

    for char in text:
        if char == "\t":
            flush()
            parts.append("<w:tab/>")
        elif char in "\r\n":
            flush()
            parts.append("<w:br/>")
        else:
            pending.append(char)
    flush()
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"


@dataclass(frozen=True)
class VersionHistory:
    """One version of a disclosure as the history shows it."""

    row: RegisterRow
    written_at: str  # the register entry's device time, "" when older than the field
    changed: tuple[str, ...]  # labels of the fields that differ from the version before
    findings: tuple[str, ...] = ()  # reviewers' findings on this version


def version_histories(items: list[DisclosureEntry],
                      findings: dict[str, list[str]] | None = None) -> list[VersionHistory]:
    """Every version (``items`` in register order by disclosure and version) with what
    changed since the version before it."""
    histories = []
    previous: dict[str, dict[str, object]] = {}
    for item in items:
        row = row_from_payload(item)
        if row is None:
            continue
        before = previous.get(item.disclosure_id)
        changed = () if before is None else tuple(
            label for name, label in FIELD_LABELS.items()
            if before.get(name) != item.payload.get(name))
        previous[item.disclosure_id] = item.payload
        version_id = str(item.payload.get("version_id", ""))
        histories.append(VersionHistory(row, str(item.payload.get("written_at") or ""), changed,
                                        tuple((findings or {}).get(version_id, ()))))
    return histories


def _history_cells(history: VersionHistory) -> list[str]:
    row = history.row
    if row.version == 1:
        change = "新規の申告"
    elif history.changed:
        change = "・".join(history.changed) + "を変更"
    else:
        change = "内容の変更なし(年次の確認)"
    written = history.written_at[:16].replace("T", " ") if history.written_at else "(記録なし)"
    return [str(row.version), format_date(row.declared_on), written, change, row.reason,
            "\n".join(history.findings) or "(未レビュー)"]


def _plan(item: dict[str, object]) -> str:
    parts = [f"担当: {item.get('owner')}" if item.get("owner") else "",
             f"対応: {item.get('action')}" if item.get("action") else "",
             f"期限: {item.get('due_on')}" if item.get("due_on") else "",
             f"説明を求める事項: {item.get('comment')}" if item.get("disposition") == "要説明"
             and item.get("comment") else ""]
    return "\n".join(p for p in parts if p) or "―"


def _resolution(item: dict[str, object]) -> str:
    if item.get("resolved_on"):
        return f"{item.get('resolved_on')} 対応済: {item.get('resolution')}"
    return "対応不要" if item.get("disposition") == "問題なし" else "未対応"


def register_docx(rows: list[RegisterRow], *, flags: list[RedFlag], practitioner: str,
                  fingerprint: str, made_on: date, checkpoint: str = "",
                  histories: list[VersionHistory] | None = None,
                  flag_records: list[dict[str, object]] | None = None,
                  dispositions: list[dict[str, object]] | None = None) -> bytes:
    """The register for the reviewer to sign: the latest version of every disclosure
    (the first table: verifiers compare it with register.json), every version with its
    history and findings, the red flags with the records behind them, the reviewers'
    dispositions and how each was resolved, and the checkpoint covered. (python-docx is
    imported here: verifying a bundle reads the file without it.)"""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm

    from companion.paths import resource

    document = Document(str(resource("templates", "report-template.docx")))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    styles = _Styles(document)
    blocks = [_paragraph("利益相反の開示一覧", styles.id_of("title"))]
    lines = [f"支援者: {practitioner or '未設定'}　作成日: {format_date(made_on)}",
             f"署名鍵の指紋: {fingerprint}"]
    if checkpoint:
        lines.append(f"対象の記録: {checkpoint}")
    blocks.append(_paragraph("\n".join(lines), styles.id_of("cover")))
    blocks.append(_paragraph("開示(最新の版)", styles.id_of("heading1")))
    blocks.append(_table(styles, HEADERS, [cells_of(row) for row in rows], REGISTER_WIDTHS_MM))
    if not rows:
        blocks.append(_paragraph("開示すべき利益相反はありません。", None, styled=False))
    if histories:
        blocks.append(_paragraph("版の履歴", styles.id_of("heading1")))
        by_disclosure: dict[uuid.UUID, list[VersionHistory]] = {}
        for history in histories:
            by_disclosure.setdefault(history.row.disclosure_id, []).append(history)
        for versions in by_disclosure.values():
            last = versions[-1].row
            blocks.append(_paragraph(f"開示{last.number} {last.kind}・{last.counterpart}"
                                     f"(全{len(versions)}版)", styles.id_of("heading2")))
            blocks.append(_table(styles, HISTORY_HEADERS, [_history_cells(h) for h in versions],
                                 HISTORY_WIDTHS_MM))
    blocks.append(_paragraph("注意事項(規則による判定)", styles.id_of("heading1")))
    records = {str(r.get("reason")): r for r in flag_records or []}
    if flags:
        for flag in flags:
            blocks.append(_paragraph(f"【{flag.rule.value}】{flag.reason}", styles.id_of("bullet")))
            evidence = records.get(flag.reason, {}).get("records")
            for record in evidence if isinstance(evidence, list) else []:
                kind = {"visit": "訪問記録", "plan": "計画", "engagement": "案件の報酬条件"}.get(
                    str(record.get("kind")), str(record.get("kind")))
                blocks.append(_paragraph(
                    f"根拠: {kind} {record.get('date') or ''}(ID {str(record.get('id'))[:8]})"
                    f"「{record.get('text')}」", styles.id_of("note")))
    else:
        blocks.append(_paragraph("該当なし", None, styled=False))
    blocks.append(_paragraph("レビューでの判断と対応", styles.id_of("heading1")))
    if dispositions:
        blocks.append(_table(styles, DISPOSITION_HEADERS,
                             [[f"{item.get('rule')}: {item.get('reason')}",
                               str(item.get("disposition")), _plan(item), _resolution(item)]
                              for item in dispositions],
                             DISPOSITION_WIDTHS_MM))
    else:
        blocks.append(_paragraph("これまでのレビューで記録された判断はありません。", None,
                                 styled=False))
    _add_blocks(document, blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
