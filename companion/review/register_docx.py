"""The disclosure register as a Word file for the reviewer (開示一覧).

It uses the report template's named styles (Japanese fonts set for East Asian text),
so it looks like the engagement reports and a sponsor's template restyles both.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from companion.domain.calendar import format_date
from companion.domain.red_flags import RedFlag
from companion.paths import resource


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


def _style(document: object, name: str, fallback: str) -> str:
    names = {style.name for style in document.styles}  # type: ignore[attr-defined]
    return name if name in names else fallback


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _money(value: int | None) -> str:
    return f"{value:,}円" if value is not None else ""


def register_docx(rows: list[RegisterRow], *, flags: list[RedFlag], practitioner: str,
                  fingerprint: str, made_on: date) -> bytes:
    document = Document(str(resource("templates", "report-template.docx")))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    document.add_paragraph("利益相反の開示一覧", style=_style(document, "Title", "Normal"))
    document.add_paragraph(
        f"支援者: {practitioner or '(氏名未設定)'}　作成日: {format_date(made_on)}\n"
        f"署名鍵の指紋: {fingerprint}",
        style=_style(document, "Companion Cover Text", "Normal"))
    document.add_paragraph("開示", style=_style(document, "Heading 1", "Normal"))
    headers = ["番号", "版", "種類", "相手先", "金額・持分", "役職", "開始", "終了", "申告", "管理方法", "状態"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = _style(document, "Companion Table", "Table Grid")
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    _repeat_header(table.rows[0])
    for row in rows:
        share = f"{row.share_percent:g}%" if row.share_percent is not None else ""
        values = [str(row.number), str(row.version), row.kind, row.counterpart,
                  " ".join(v for v in (_money(row.amount_yen), share) if v), row.role_title,
                  format_date(row.started_on), format_date(row.ended_on) if row.ended_on else "",
                  format_date(row.declared_on), row.mitigation or "(未記載)", row.status]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    if not rows:
        document.add_paragraph("開示すべき利益相反はありません。")
    document.add_paragraph("注意事項(規則による判定)", style=_style(document, "Heading 1", "Normal"))
    if flags:
        for flag in flags:
            document.add_paragraph(f"【{flag.rule.value}】{flag.reason}",
                                   style=_style(document, "Companion Bullet", "Normal"))
    else:
        document.add_paragraph("該当なし")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
