"""The disclosure register as a Word file for the reviewer (開示一覧).

It uses the report template's named styles (Japanese fonts set for East Asian text),
so it looks like the engagement reports and a sponsor's template restyles both.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date
from html import escape  # not xml.sax.saxutils: it imports urllib, http and email
from xml.etree import ElementTree

from companion.domain.calendar import format_date
from companion.domain.red_flags import RedFlag
from companion.paths import resource
from companion.review.derived import DisclosureEntry


@dataclass(frozen=True)
class RegisterRow:
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


HEADERS = ["番号", "版", "種類", "相手先", "金額・持分", "役職", "開始", "終了", "申告", "管理方法", "状態"]


def row_from_payload(item: DisclosureEntry) -> RegisterRow | None:
    """The row of a disclosure entry, read from its signed payload alone (None: the
    payload lacks a field or holds one of the wrong type)."""
    p = item.payload
    try:
        amount, share = p.get("amount_yen"), p.get("share_percent")
        return RegisterRow(
            disclosure_id=uuid.UUID(str(p["disclosure_id"])), number=int(p["number"]),
            version=int(p["version"]), kind=str(p["kind"]), counterpart=str(p["counterpart_name"]),
            amount_yen=int(amount) if amount is not None else None,
            share_percent=float(share) if share is not None else None,
            role_title=str(p.get("role_title") or ""),
            started_on=date.fromisoformat(str(p["started_on"])),
            ended_on=date.fromisoformat(str(p["ended_on"])) if p.get("ended_on") else None,
            declared_on=date.fromisoformat(str(p["declared_on"])),
            mitigation=str(p.get("mitigation") or ""), status=str(p["status"]),
            reason=str(p.get("reason") or ""), content_hash=item.content_hash)
    except (KeyError, TypeError, ValueError):
        return None


def cells_of(row: RegisterRow) -> list[str]:
    """The texts of a row of the disclosure table, as written and as verified."""
    share = f"{row.share_percent:g}%" if row.share_percent is not None else ""
    return [str(row.number), str(row.version), row.kind, row.counterpart,
            " ".join(v for v in (_money(row.amount_yen), share) if v), row.role_title,
            format_date(row.started_on), format_date(row.ended_on) if row.ended_on else "",
            format_date(row.declared_on), row.mitigation or "(未記載)", row.status]


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        if node.tag == f"{_W}t":
            parts.append(node.text or "")
        elif node.tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif node.tag == f"{_W}tab":
            parts.append("\t")
    return "".join(parts)


def _text(element: ElementTree.Element) -> str:
    if element.tag == f"{_W}p":
        return _paragraph_text(element)
    return "\n".join(_paragraph_text(p) for p in element.iter(f"{_W}p"))


def same_text(a: str, b: str) -> bool:
    """Cell texts compared as Word keeps them (a line break is a line break)."""
    def plain(text: str) -> str:
        return text.replace("\r\n", "\n").replace("\r", "\n")

    return plain(a) == plain(b)


@dataclass(frozen=True)
class DocxContent:
    """What a reviewer reads in register.docx: the first table's cell texts (header
    first) and every paragraph outside tables."""

    table: list[list[str]]
    paragraphs: list[str]


def read_register_docx(data: bytes) -> DocxContent:
    """Read register.docx with the standard library (zip + XML), as a verifier must:
    ValueError when it is not a Word file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = ElementTree.fromstring(archive.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise ValueError(str(exc)) from exc
    body = root.find(f"{_W}body")
    if body is None:
        raise ValueError("no body")
    table: list[list[str]] = []
    paragraphs: list[str] = []
    for child in body:
        if child.tag == f"{_W}tbl" and not table:
            table = [[_text(cell) for cell in row.iter(f"{_W}tc")] for row in child.iter(f"{_W}tr")]
        elif child.tag == f"{_W}p":
            paragraphs.append(_text(child))
    return DocxContent(table, paragraphs)


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


def _paragraph(document: object, text: str, style_id: str | None) -> object:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    paragraph._p.style = style_id
    return paragraph


def _repeat_header(row: object) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _money(value: int | None) -> str:
    return f"{value:,}円" if value is not None else ""


def _narrow_margins(table: object) -> None:
    """1 mm cell margins left and right (Word's default is 1.9 mm)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    properties = table._tbl.tblPr  # type: ignore[attr-defined]
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(Mm(1).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.append(margins)


def _table(document: object, styles: _Styles, headers: list[str], rows: list[list[str]],
           widths_mm: tuple[int, ...]) -> object:
    """A table in the report's table style with fixed column widths; the header row
    repeats on every page."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table._tbl.tblStyle_val = styles.id_of("table", "Table Grid")
    table.autofit = False  # fixed layout: the widths below hold
    _narrow_margins(table)
    cell_style, header_style = styles.id_of("cell"), styles.id_of("cell_header")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0]._p.style = header_style
    _repeat_header(table.rows[0])
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # a row stays on one page
    for cell, width in zip(header.cells, widths_mm, strict=True):
        cell.width = Mm(width)
    for row in _rows_xml(rows, [int(Mm(width).twips) for width in widths_mm], cell_style):
        table._tbl.append(row)
    return table


def _rows_xml(rows: list[list[str]], widths: list[int], style_id: str | None) -> list[object]:
    """The body rows of a table, as python-docx makes them (a row per ``add_row``, each
    cell's ``text`` and paragraph style, the width, kept on one page), written as XML
    and parsed at once: python-docx's element by element building took seconds for a
    register of a few hundred versions."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    style = (f'<w:pPr><w:pStyle w:val="{escape(style_id)}"/></w:pPr>' if style_id
             else "<w:pPr/>")  # the default style: python-docx leaves the properties empty
    xml = "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
            f"<w:p>{style}{_run_xml(text)}</w:p></w:tc>"
            for text, width in zip(values, widths, strict=True)) + "</w:tr>"
        for values in rows)
    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{xml}</w:tbl>"))


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
    _paragraph(document, "利益相反の開示一覧", styles.id_of("title"))
    lines = [f"支援者: {practitioner or '未設定'}　作成日: {format_date(made_on)}",
             f"署名鍵の指紋: {fingerprint}"]
    if checkpoint:
        lines.append(f"対象の記録: {checkpoint}")
    _paragraph(document, "\n".join(lines), styles.id_of("cover"))
    _paragraph(document, "開示(最新の版)", styles.id_of("heading1"))
    _table(document, styles, HEADERS, [cells_of(row) for row in rows], REGISTER_WIDTHS_MM)
    if not rows:
        document.add_paragraph("開示すべき利益相反はありません。")
    if histories:
        _paragraph(document, "版の履歴", styles.id_of("heading1"))
        by_disclosure: dict[uuid.UUID, list[VersionHistory]] = {}
        for history in histories:
            by_disclosure.setdefault(history.row.disclosure_id, []).append(history)
        for versions in by_disclosure.values():
            last = versions[-1].row
            _paragraph(document, f"開示{last.number} {last.kind}・{last.counterpart}"
                                 f"(全{len(versions)}版)", styles.id_of("heading2"))
            _table(document, styles, HISTORY_HEADERS, [_history_cells(h) for h in versions],
                   HISTORY_WIDTHS_MM)
    _paragraph(document, "注意事項(規則による判定)", styles.id_of("heading1"))
    records = {str(r.get("reason")): r for r in flag_records or []}
    if flags:
        for flag in flags:
            _paragraph(document, f"【{flag.rule.value}】{flag.reason}", styles.id_of("bullet"))
            evidence = records.get(flag.reason, {}).get("records")
            for record in evidence if isinstance(evidence, list) else []:
                kind = {"visit": "訪問記録", "plan": "計画", "engagement": "案件の報酬条件"}.get(
                    str(record.get("kind")), str(record.get("kind")))
                _paragraph(
                    document,
                    f"根拠: {kind} {record.get('date') or ''}(ID {str(record.get('id'))[:8]})"
                    f"「{record.get('text')}」", styles.id_of("note"))
    else:
        document.add_paragraph("該当なし")
    _paragraph(document, "レビューでの判断と対応", styles.id_of("heading1"))
    if dispositions:
        _table(document, styles, DISPOSITION_HEADERS,
               [[f"{item.get('rule')}: {item.get('reason')}", str(item.get("disposition")),
                 _plan(item), _resolution(item)] for item in dispositions],
               DISPOSITION_WIDTHS_MM)
    else:
        document.add_paragraph("これまでのレビューで記録された判断はありません。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
