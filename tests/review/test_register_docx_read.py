"""Reading register.docx as the verifier does: the tables after the first (the versions'
history) are left out of the parse, and what is read is what reading the whole
document reads; a document in any other form is read whole (issue 19)."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable
from datetime import date

import pytest

from companion.domain.red_flags import RedFlag, Rule
from companion.review.register_docx import (
    HEADERS,
    RegisterRow,
    VersionHistory,
    _content,
    _skeleton,
    read_register_docx,
    register_docx,
)

COUNTERPARTS = ["株式会社みなと水産", "有限会社たかはし農園", "合同会社やまびこ工房"]


def _rows() -> list[list[RegisterRow]]:
    """Three disclosures, each with its versions (the last is the latest)."""
    disclosures = []
    for number, counterpart in enumerate(COUNTERPARTS, 1):
        disclosure_id = uuid.UUID(int=number)
        disclosures.append([RegisterRow(
            disclosure_id=disclosure_id, number=number, version=version, kind="出資",
            counterpart=counterpart, amount_yen=500_000 * version, share_percent=1.5,
            role_title="", started_on=date(2025, 4, 1), ended_on=None,
            declared_on=date(2025, 4, 10 + version), mitigation="評価は別の支援者が行う。" if version > 1 else "",
            status="有効", reason="年次の確認" if version > 1 else "新規", content_hash=f"{number:064d}")
            for version in (1, 2, 3)])
    return disclosures


def _docx() -> bytes:
    disclosures = _rows()
    histories = [VersionHistory(row, f"2025-04-{10 + row.version}T19:00:00+09:00",
                                ("金額",) if row.version > 1 else ())
                 for versions in disclosures for row in versions]
    flags = [RedFlag(Rule.UNMITIGATED_INTEREST, "開示1(出資・株式会社みなと水産)は進行中の案件"
                     "(加工品の販路開拓)がある事業者への関与ですが、管理方法が記載されていません。")]
    return register_docx([versions[-1] for versions in disclosures], flags=flags,
                         practitioner="佐藤 みのり", fingerprint="8279 2564 d7cf 8333",
                         made_on=date(2026, 12, 3), histories=histories,
                         dispositions=[{"rule": "管理方法の未記載", "reason": "開示1", "disposition": "要対応",
                                        "owner": "佐藤", "action": "管理方法を記載する",
                                        "due_on": "2026-12-20"}])


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def _with_document_xml(data: bytes, xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, xml if info.filename == "word/document.xml" else source.read(info))
    return out.getvalue()


@pytest.fixture(scope="module")
def docx() -> bytes:
    return _docx()


def test_the_register_is_read_without_its_history_tables(docx: bytes) -> None:
    xml = _document_xml(docx)
    skeleton = _skeleton(xml)
    assert skeleton is not None and len(skeleton) < len(xml) / 2  # 3 history tables left out
    content = read_register_docx(docx)
    assert content == _content(xml, skipped=False)  # what reading it whole reads
    assert content.table[0] == HEADERS
    assert [row[3] for row in content.table[1:]] == COUNTERPARTS
    assert [row[1] for row in content.table[1:]] == ["3", "3", "3"]  # the latest versions
    assert any(p.startswith("【管理方法の未記載】開示1") for p in content.paragraphs)


def _first_history_table(xml: bytes) -> tuple[int, int]:
    """Where the second table (the first disclosure's history) starts and ends."""
    start = xml.index(b"<w:tbl>", xml.index(b"</w:tbl>"))
    return start, xml.index(b"</w:tbl>", start) + len(b"</w:tbl>")


def _in_paragraph(xml: bytes) -> bytes:
    """The first history table moved into the paragraph after it: its text is then
    that paragraph's."""
    start, end = _first_history_table(xml)
    table = xml[start:end]
    after = xml.index(b"<w:p>", end)
    moved = xml[:after] + b"<w:p>" + table + xml[after + len(b"<w:p>"):]
    return moved[:start] + moved[end:]


def _tables_spelled_otherwise(xml: bytes) -> bytes:
    """The first history table closed as "</w:tbl >" and the second opened with an
    attribute: found as text, the two would look like one table around the heading
    between them."""
    end = _first_history_table(xml)[1]
    xml = xml[:end - len(b"</w:tbl>")] + b"</w:tbl >" + xml[end:]
    second = xml.index(b"<w:tbl>", end)
    return xml[:second] + b'<w:tbl w:rsidR="00AB">' + xml[second + len(b"<w:tbl>"):]


UNUSUAL: dict[str, Callable[[bytes], bytes]] = {
    "a comment": lambda xml: xml.replace(b"<w:body>", "<w:body><!-- 開示一覧 -->".encode(), 1),
    "a table tag with an attribute": lambda xml: xml.replace(b"<w:tbl>", b'<w:tbl w:rsidR="00AB">'),
    "a history table inside a paragraph": _in_paragraph,
    "a table inside the title paragraph before the register's":
        lambda xml: xml.replace(b"</w:r></w:p>", "</w:r><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表紙の表"
                                "</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:p>".encode(), 1),
    "another declaration": lambda xml: xml.replace(b"standalone='yes'", b"standalone='no'", 1),
    "table tags spelled otherwise": _tables_spelled_otherwise,
    "a namespace declared in a history table": lambda xml: xml[:_first_history_table(xml)[0]]
    + xml[_first_history_table(xml)[0]:].replace(b"<w:tcPr>", b'<w:tcPr xmlns:x="urn:x" x:a="1">', 1),
}


@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_a_document_in_another_form_reads_as_read_whole(docx: bytes, case: str) -> None:
    xml = UNUSUAL[case](_document_xml(docx))
    content = read_register_docx(_with_document_xml(docx, xml))
    assert content == _content(xml, skipped=False)
    assert content.table[0] == HEADERS
    if case == "a history table inside a paragraph":
        assert any("新規の申告" in p for p in content.paragraphs)  # the moved table's text
    if case == "table tags spelled otherwise":
        assert any(p.startswith("開示2 出資・有限会社たかはし農園") for p in content.paragraphs)
    if case == "a table inside the title paragraph before the register's":
        assert content.paragraphs[0].endswith("表紙の表")


BROKEN: dict[str, Callable[[bytes], bytes]] = {
    "a tag not closed in a history table": lambda xml: xml[:_first_history_table(xml)[1] - 30]
    + xml[_first_history_table(xml)[1] - 30:].replace(b"</w:tc>", b"</w:tcx>", 1),
    "an unbound prefix in a history table": lambda xml: xml[:_first_history_table(xml)[0]]
    + xml[_first_history_table(xml)[0]:].replace(b"<w:tcPr>", b"<zz:tcPr>", 1).replace(
        b"</w:tcPr>", b"</zz:tcPr>", 1),
    "an undefined entity in a history table": lambda xml: xml[:_first_history_table(xml)[0]]
    + xml[_first_history_table(xml)[0]:].replace(b"<w:t>", b"<w:t>&copy;", 1),
    "an unbound attribute prefix in a history table": lambda xml: xml[:_first_history_table(xml)[0]]
    + xml[_first_history_table(xml)[0]:].replace(b'w:type="dxa"', b'zz:type="dxa"', 1),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_history_table_that_is_not_xml_is_still_unreadable(docx: bytes, case: str) -> None:
    xml = BROKEN[case](_document_xml(docx))
    assert xml != _document_xml(docx)
    with pytest.raises(ValueError):
        read_register_docx(_with_document_xml(docx, xml))


def test_a_history_table_may_use_the_namespaces_the_document_declares(docx: bytes) -> None:
    xml = _document_xml(docx)
    start = _first_history_table(xml)[0]
    xml = xml[:start] + xml[start:].replace(b"<w:tcPr>", b'<w:tcPr><w14:paraId w14:val="1A2B"/>', 1)
    assert _skeleton(xml) is not None  # w14 is declared on the document element
    assert read_register_docx(_with_document_xml(docx, xml)) == _content(xml, skipped=False)
