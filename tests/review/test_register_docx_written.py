"""register.docx written as XML at once is the document python-docx's API made, byte for
byte (issue 19: its 97 tables through python-docx took a third of a second).

``reference_register_docx`` is the writer as it was, with python-docx's add_paragraph and
add_table; the rows inside tables were already XML (tests/review/test_register_docx_rows.py
checks those against python-docx)."""

from __future__ import annotations

import io
import uuid
import zipfile
from datetime import date
from typing import Any

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from companion.domain.red_flags import RedFlag, Rule
from companion.paths import resource
from companion.review.register_docx import (
    DISPOSITION_HEADERS,
    DISPOSITION_WIDTHS_MM,
    HEADERS,
    HISTORY_HEADERS,
    HISTORY_WIDTHS_MM,
    MARGIN_MM,
    PAGE_MM,
    REGISTER_WIDTHS_MM,
    RegisterRow,
    VersionHistory,
    _history_cells,
    _plan,
    _resolution,
    _rows_xml,
    _Styles,
    cells_of,
    register_docx,
)

# -- the writer through python-docx's API (reference) ---------------------------------------

def _paragraph(document: object, text: str, style_id: str | None) -> None:
    paragraph = document.add_paragraph(text)  # type: ignore[attr-defined]
    paragraph._p.style = style_id


def _table(document: object, styles: _Styles, headers: list[str], rows: list[list[str]],
           widths_mm: tuple[int, ...]) -> None:
    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table._tbl.tblStyle_val = styles.id_of("table", "Table Grid")
    table.autofit = False
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(Mm(1).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    table._tbl.tblPr.append(margins)
    cell_style, header_style = styles.id_of("cell"), styles.id_of("cell_header")
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        cell.paragraphs[0]._p.style = header_style
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    header._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    for cell, width in zip(header.cells, widths_mm, strict=True):
        cell.width = Mm(width)
    for row in _rows_xml(rows, [int(Mm(width).twips) for width in widths_mm], cell_style):
        table._tbl.append(row)


def reference_register_docx(rows: list[RegisterRow], *, flags: list[RedFlag], practitioner: str,
                            fingerprint: str, made_on: date, checkpoint: str = "",
                            histories: list[VersionHistory] | None = None,
                            flag_records: list[dict[str, object]] | None = None,
                            dispositions: list[dict[str, object]] | None = None) -> bytes:
    from docx import Document

    from companion.domain.calendar import format_date

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


# -- a register with every part the document shows ------------------------------------------

def _row(number: int, version: int, counterpart: str, mitigation: str) -> RegisterRow:
    return RegisterRow(
        disclosure_id=uuid.UUID(int=number), number=number, version=version, kind="役員就任",
        counterpart=counterpart, amount_yen=None if version == 1 else 120_000, share_percent=None,
        role_title="社外取締役", started_on=date(2025, 6, 1), ended_on=None,
        declared_on=date(2025, 6, 2 + version), mitigation=mitigation, status="有効",
        reason="新規" if version == 1 else "報酬額を追記\t(年次の確認)", content_hash="e" * 64)


ROWS = [[_row(1, 1, "株式会社 <鳥海> & \"ふるさと\"", ""),
         _row(1, 2, "株式会社 <鳥海> & \"ふるさと\"", "  議決には加わらない。\n案件の評価は別の支援者。")],
        [_row(2, 1, "農事組合法人さとやま", "評価は別の支援者が行う。")]]
HISTORIES = [VersionHistory(row, f"2025-06-0{2 + row.version}T18:30:00+09:00",
                            ("金額", "管理方法") if row.version > 1 else (),
                            ("条件付きで問題なし: 議事録を残すこと",) if row.number == 1 else ())
             for versions in ROWS for row in versions]
FLAG = RedFlag(Rule.UNDISCLOSED_MENTION, "株式会社しおさい観光の記録に「出資」の記述が1件ありますが、"
               "この事業者についての開示がありません。")
RECORDS = [{"reason": FLAG.reason, "records": [
    {"kind": "visit", "id": "5f0c3a9e8b7d4c21a3e2f1b0c9d8e7f6", "date": "2026-10-02",
     "text": "社長から、新工場への出資を打診された。"}]}]
DISPOSITIONS = [{"rule": "未開示の関与の記述", "reason": FLAG.reason, "disposition": "要説明",
                 "comment": "打診への回答を説明してください", "resolved_on": "2026-11-30",
                 "resolution": "出資は断ったと説明を受けた"}]

CASES: dict[str, dict[str, Any]] = {
    "a register with histories, flags and dispositions": dict(
        rows=[versions[-1] for versions in ROWS], flags=[FLAG], checkpoint="記録 12 件まで",
        histories=HISTORIES, flag_records=RECORDS, dispositions=DISPOSITIONS),
    "an empty register": dict(rows=[], flags=[]),
    "latest versions only, no practitioner": dict(rows=[versions[-1] for versions in ROWS],
                                                  flags=[FLAG]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_document_is_the_one_python_docx_made(case: str) -> None:
    practitioner = "" if "no practitioner" in case else "佐藤 みのり"
    arguments = {**CASES[case], "practitioner": practitioner, "fingerprint": "8279 2564 d7cf 8333",
                 "made_on": date(2026, 12, 3)}
    written = register_docx(**arguments)
    made = reference_register_docx(**arguments)
    with zipfile.ZipFile(io.BytesIO(written)) as new, zipfile.ZipFile(io.BytesIO(made)) as old:
        assert new.namelist() == old.namelist()
        assert new.read("word/document.xml") == old.read("word/document.xml")
        body = new.read("word/document.xml").decode("utf-8")
    assert body.count("<w:tbl>") == 1 + (2 + 1 if "histories" in case else 0)
    assert "利益相反の開示一覧" in body
