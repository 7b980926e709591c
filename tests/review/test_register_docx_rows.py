"""The register's table rows, written as XML at once, are what python-docx would make."""

from __future__ import annotations

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from lxml import etree

from companion.review.register_docx import _rows_xml

TEXTS = ["第3版 出資比率を1.8%に変更", "", "  前後に空白  ", "行1\n行2\r行3", "列A\t列B",
         "株式会社 <鳥海> & \"ふるさと\" 'ｓ'", "\n", "末尾の改行\n"]


@pytest.mark.parametrize("style_id", ["報告書表本文", None])
def test_rows_written_as_xml_equal_the_rows_python_docx_makes(style_id: str | None) -> None:
    widths_mm = (20, 45)
    document = Document()
    table = document.add_table(rows=0, cols=2)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    rows = [[text, f"{index}件"] for index, text in enumerate(TEXTS)]
    for values in rows:
        row = table.add_row()
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
            for paragraph in cell.paragraphs:
                paragraph._p.style = style_id
        etree.SubElement(row._tr.get_or_add_trPr(), qn("w:cantSplit"))
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    made = [etree.tostring(tr, encoding="unicode") for tr in table._tbl.tr_lst]
    written = [etree.tostring(tr, encoding="unicode")
               for tr in _rows_xml(rows, [int(Mm(w).twips) for w in widths_mm], style_id)]
    assert [_canonical(x) for x in written] == [_canonical(x) for x in made]


def _canonical(xml: str) -> str:
    """The same XML whatever namespaces its document declares besides those it uses."""
    return etree.tostring(etree.fromstring(xml), method="c14n", exclusive=True).decode()
