"""Reading the disclosure register's Word file (register.docx) as a verifier must, with
the standard library, and the texts of its disclosure table's rows: what
``companion verify`` needs of it. Writing it is ``companion.review.register_docx``, which
makes each row's texts with ``row_cells`` too.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any, NamedTuple
from xml.etree import ElementTree

from companion.domain.calendar import format_date
from companion.domain.red_flags import id_of
from companion.review.derived import DisclosureEntry

HEADERS = ["番号", "版", "種類", "相手先", "金額・持分", "役職", "開始", "終了", "申告", "管理方法", "状態"]


def row_values(item: DisclosureEntry) -> tuple[Any, ...] | None:
    """The values of a disclosure entry's row (``register_docx.RegisterRow``'s fields, in
    order), read from its signed payload alone (None: the payload lacks a field or holds
    one of the wrong type)."""
    p = item.payload
    try:
        amount, share = p.get("amount_yen"), p.get("share_percent")
        return (id_of(p["disclosure_id"]), int(p["number"]), int(p["version"]), str(p["kind"]),
                str(p["counterpart_name"]), int(amount) if amount is not None else None,
                float(share) if share is not None else None, str(p.get("role_title") or ""),
                date.fromisoformat(str(p["started_on"])),
                date.fromisoformat(str(p["ended_on"])) if p.get("ended_on") else None,
                date.fromisoformat(str(p["declared_on"])), str(p.get("mitigation") or ""),
                str(p["status"]), str(p.get("reason") or ""), item.content_hash)
    except (KeyError, TypeError, ValueError):
        return None


def row_cells(number: int, version: int, kind: str, counterpart: str, amount_yen: int | None,
              share_percent: float | None, role_title: str, started_on: date,
              ended_on: date | None, declared_on: date, mitigation: str, status: str) -> list[str]:
    """The texts of a row of the disclosure table, as written and as verified."""
    share = f"{share_percent:g}%" if share_percent is not None else ""
    return [str(number), str(version), kind, counterpart,
            " ".join(v for v in (_money(amount_yen), share) if v), role_title,
            format_date(started_on), format_date(ended_on) if ended_on else "",
            format_date(declared_on), mitigation or "(未記載)", status]


def payload_cells(item: DisclosureEntry) -> list[str] | None:
    """``row_cells`` of the entry's ``row_values`` (None when it has none)."""
    values = row_values(item)
    return None if values is None else row_cells(*values[1:13])


def _money(value: int | None) -> str:
    return f"{value:,}円" if value is not None else ""


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TBL, _TR, _TC, _BODY_TAG = (f"{_W}{name}" for name in ("p", "t", "tbl", "tr", "tc", "body"))
_BREAKS = {f"{_W}br": "\n", f"{_W}cr": "\n", f"{_W}tab": "\t"}  # what Word shows for each


def _paragraph_text(paragraph: ElementTree.Element) -> str:
    parts = []
    for node in paragraph.iter():
        tag = node.tag
        if tag == _T:
            parts.append(node.text or "")
        elif tag in _BREAKS:
            parts.append(_BREAKS[tag])
    return "".join(parts)


def _text(element: ElementTree.Element) -> str:
    if element.tag == _P:
        return _paragraph_text(element)
    return "\n".join([_paragraph_text(p) for p in element.iter(_P)])


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def same_text(a: str, b: str) -> bool:
    """Cell texts compared as Word keeps them (a line break is a line break)."""
    return a == b or _plain(a) == _plain(b)


class DocxContent(NamedTuple):  # a NamedTuple: built faster than a dataclass at import
    """What a reviewer reads in register.docx: the first table's cell texts (header
    first) and every paragraph outside tables."""

    table: list[list[str]]
    paragraphs: list[str]


def read_register_docx(data: bytes) -> DocxContent:
    """Read register.docx with the standard library (zip + XML), as a verifier must:
    ValueError when it is not a Word file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ValueError(str(exc)) from exc
    skeleton = _skeleton(xml)
    if skeleton is not None:
        content = _content(skeleton, skipped=True)
        if content is not None:
            return content
    content = _content(xml, skipped=False)
    assert content is not None
    return content


def _content(xml: bytes, *, skipped: bool) -> DocxContent | None:
    """The content of document.xml; from a skeleton (``skipped``), None when the
    skeleton cannot stand for the document (then the whole document is read)."""
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        if skipped:
            return None
        raise ValueError(str(exc)) from exc
    body = root.find(_BODY_TAG)
    if body is None:
        raise ValueError("no body")
    table: list[list[str]] = []
    paragraphs: list[str] = []
    placeholders = 0
    for child in body:
        if child.tag == _TBL and _SKIPPED in child.attrib:
            placeholders += 1
            if not table:  # the first table of the body is one the skeleton left out
                return None
        elif child.tag == _TBL and not table:
            table = [[_text(cell) for cell in row.iter(_TC)] for row in child.iter(_TR)]
        elif child.tag == _P:
            paragraphs.append(_text(child))
    if skipped and placeholders != xml.count(_PLACEHOLDER):
        return None  # a table left out was inside something: its text would be read
    return DocxContent(table, paragraphs)


# A document.xml as python-docx writes it: lxml's declaration and no comment, CDATA
# section, DOCTYPE or processing instruction, so every "<" starts a tag, and no w:tbl
# tag but "<w:tbl>" and "</w:tbl>", so its tables can be found as text.
_DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
_BODY = b"<w:body>"
_OPEN, _CLOSE = b"<w:tbl>", b"</w:tbl>"
# What may follow "<w:tbl" or "</w:tbl" in a table tag written otherwise (as re's [\s/]).
_OTHER_TABLE_TAG_ENDS = frozenset(bytes([c]) for c in b" \t\n\r\f\v/")
_SKIPPED = "companion-skipped"
_PLACEHOLDER = b'<w:tbl companion-skipped=""/>'


def _skeleton(xml: bytes) -> bytes | None:
    """document.xml with every table of the body but the first left out (an empty
    placeholder in its place): the verifier reads the first table and the paragraphs
    outside tables, and parsing the versions' tables was most of verifying a large
    register. None when the document is not in the form above (or anything about it
    is not as expected): it is then read whole.

    What reading the whole document checks is still checked: the tables left out are
    parsed, in the namespaces of the body, with pyexpat (what ElementTree parses with),
    though not built into a tree; the skeleton is parsed by ElementTree. Both being XML,
    the whole document is. ``_content`` then makes sure every placeholder stands where
    a table of the body stood, so the text read is the text of the whole document."""
    import pyexpat

    if (not xml.startswith(_DECLARATION) or _has(xml, b"<?", len(_DECLARATION)) or _has(xml, b"<!")
            or _SKIPPED.encode("ascii") in xml
            or _other_table_tag(xml)):
        return None  # (a table tag not found as text could end a table found early)
    body = xml.find(_BODY)
    kept, left_out = _tables(xml)
    if body < 0 or kept is None or kept[0] < body or not left_out:
        return None
    tables = b"".join(xml[start:end] for start, end in left_out)
    try:  # the tables, inside the root and body elements (their namespaces) as they stand
        pyexpat.ParserCreate(namespace_separator="}").Parse(
            xml[:body + len(_BODY)] + tables + b"</w:body></w:document>", True)
    except pyexpat.ExpatError:
        return None
    parts: list[bytes] = []
    position = 0
    for start, end in left_out:
        parts += [xml[position:start], _PLACEHOLDER]
        position = end
    return b"".join([*parts, xml[position:]])


def _other_table_tag(xml: bytes) -> bool:
    """Whether a w:tbl tag is written other than "<w:tbl>" and "</w:tbl>": with
    attributes, spaces or as an empty element (the text after each "<w:tbl" and
    "</w:tbl", few in a document, is looked at: faster than a regular expression)."""
    return any(part[:1] in _OTHER_TABLE_TAG_ENDS
               for tag in (b"<w:tbl", b"</w:tbl") for part in xml.split(tag)[1:])


def _has(xml: bytes, markup: bytes, start: int = 0) -> bool:
    """Whether ``markup`` ("<?", "<!") is in ``xml`` from ``start``: its second byte, rare
    in a document, is looked for first (a search for one byte is much the faster)."""
    return xml.find(markup[1:], start) >= 0 and xml.find(markup, start) >= 0


def _tables(xml: bytes) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """Where the outermost tables are: the first (None if the tags do not nest), and
    the others."""
    found: list[tuple[int, int]] = []
    depth, start = 0, 0
    opened, closed = xml.find(_OPEN), xml.find(_CLOSE)
    while opened >= 0 or closed >= 0:
        if opened >= 0 and (closed < 0 or opened < closed):
            if depth == 0:
                start = opened
            depth += 1
            opened = xml.find(_OPEN, opened + len(_OPEN))
            continue
        depth -= 1
        end = closed + len(_CLOSE)
        closed = xml.find(_CLOSE, end)
        if depth < 0:
            return None, []
        if depth == 0:
            found.append((start, end))
    if depth or not found:
        return None, []
    return found[0], found[1:]
