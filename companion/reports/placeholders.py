"""A sponsor's own form: placeholders such as ``{{事業者名}}`` in a Word template are
filled with the report's values (docs/report-placeholders.md lists them).

Word often splits what the user typed into several runs (a spelling mark, an edit, a
change of font), so ``{{事業者名}}`` may arrive as ``{{事業`` + ``者名}}``: the runs a
placeholder spans are merged into its first run before it is replaced, and the text
around it keeps its formatting. A paragraph holding nothing but a block placeholder
(``{{訪問一覧}}``) is replaced by what the block writes (tables, paragraphs); one holding
nothing but a text of several lines becomes one paragraph per line. Everything
else in the template (鑑, 押印欄, a 取扱注意 header) is left exactly as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from copy import deepcopy
from typing import Any

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+?)\s*\}\}")

# name -> what it is filled with (the documentation's table is made from these)
TEXT_FIELDS: dict[str, str] = {
    "事業者名": "支援先の事業者名",
    "代表者": "事業者の代表者名",
    "所在地": "事業者の所在地（都道府県・市町村）",
    "業種": "事業者の業種",
    "委託元": "委託元・支援機関の名称",
    "案件名": "伴走案件の名称",
    "支援形態": "支援の形態（委託・共同事業など）",
    "支援期間": "案件の開始日〜終了予定日",
    "報告対象期間": "報告の対象期間（年度途中なら「…現在」付き）",
    "対象年度": "対象の年度（令和7年度／2025年度）",
    "報告者": "報告者の資格・氏名（所属）",
    "報告者氏名": "報告者の氏名",
    "所属": "報告者の所属",
    "資格": "報告者の資格",
    "報告日": "報告書の作成日（--date）",
    "本質的課題": "案件の本質的課題",
    "成果と今後の課題": "成果と今後の課題（未記入なら記録からの要約）",
    "次年度の方針": "次年度の方針",
    "自走化の状況": "自走化の状況",
    "支援回数": "対象期間の支援回数（例: 12回）",
    "支援時間": "対象期間の支援時間の合計（例: 15.0時間）",
}
BLOCK_FIELDS: dict[str, str] = {
    "訪問一覧": "支援記録の一覧（表）",
    "支援の実施状況": "形態別の回数・時間・移動距離（表）",
    "行動計画": "年度ごとの行動計画と進捗（表）",
    "指標": "指標の目標と実績（表）と推移のグラフ",
    "利益相反": "利益相反の開示、報酬の条件、開示登録簿の警告",
    "報告書本文": "標準の報告書の本文すべて（表紙と署名欄を除く）",
}

Block = Callable[[Any], None]  # writes before the given element


def _runs_with_text(paragraph: Any) -> list[Any]:
    return [r for r in paragraph.iter(qn("w:r")) if r.find(qn("w:t")) is not None]


def _run_text(run: Any) -> str:
    return "".join(t.text or "" for t in run.findall(qn("w:t")))


def _set_run_text(run: Any, text: str) -> None:
    """Replace a run's text (its w:t elements) by ``text``; line breaks become w:br."""
    texts = run.findall(qn("w:t"))
    first = texts[0]
    for extra in texts[1:]:
        run.remove(extra)
    pieces = text.split("\n")
    first.text = pieces[0]
    first.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    previous = first
    for piece in pieces[1:]:
        br = first.makeelement(qn("w:br"), {})
        previous.addnext(br)
        t = first.makeelement(qn("w:t"), {})
        t.text = piece
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        br.addnext(t)
        previous = t


def paragraph_text(paragraph: Any) -> str:
    return "".join(_run_text(r) for r in _runs_with_text(paragraph))


def replace_in_paragraph(paragraph: Any, values: Mapping[str, str]) -> list[str]:
    """Fill the text placeholders of one ``w:p``; returns the names it did not know."""
    runs = _runs_with_text(paragraph)
    texts = [_run_text(r) for r in runs]
    full = "".join(texts)
    unknown: list[str] = []
    matches = [m for m in PLACEHOLDER.finditer(full)]
    for match in reversed(matches):  # from the end: earlier offsets stay valid
        name = match.group(1)
        if name not in values:
            unknown.append(name)
            continue
        offsets = []
        position = 0
        for text in texts:
            offsets.append(position)
            position += len(text)
        first = next(i for i in range(len(runs)) if offsets[i] + len(texts[i]) > match.start())
        last = next(i for i in range(len(runs)) if offsets[i] + len(texts[i]) >= match.end())
        head = texts[first][:match.start() - offsets[first]]
        tail = texts[last][match.end() - offsets[last]:]
        if first == last:
            texts[first] = head + values[name] + tail
        else:
            texts[first] = head + values[name]
            for i in range(first + 1, last):
                texts[i] = ""
            texts[last] = tail
    for run, text in zip(runs, texts, strict=True):
        if text != _run_text(run):
            _set_run_text(run, text)
    return unknown


def _header_footer_parts(doc: DocxDocument) -> Iterator[Any]:
    for rel in doc.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            yield rel.target_part.element


def placeholders_in(doc: DocxDocument) -> list[str]:
    """Every placeholder name in the body, headers and footers, in order."""
    names: list[str] = []
    for root in (doc.element.body, *_header_footer_parts(doc)):
        for paragraph in root.iter(qn("w:p")):
            names.extend(m.group(1) for m in PLACEHOLDER.finditer(paragraph_text(paragraph)))
    return names


def has_body_placeholders(doc: DocxDocument) -> bool:
    return any(PLACEHOLDER.search(paragraph_text(p)) for p in doc.element.body.iter(qn("w:p")))


def fill(doc: DocxDocument, values: Mapping[str, str], blocks: Mapping[str, Block], *,
         body: bool = True) -> list[str]:
    """Fill every placeholder of ``doc`` (with ``body`` False: of its headers and
    footers only); returns the unknown names, which are left as typed."""
    unknown: list[str] = []
    for paragraph in list(doc.element.body.iter(qn("w:p")) if body else ()):
        match = PLACEHOLDER.fullmatch(paragraph_text(paragraph).strip())
        if match and match.group(1) in blocks:
            blocks[match.group(1)](paragraph)
            _drop_paragraph(paragraph)
            continue
        lines = [line for line in values.get(match.group(1), "").split("\n")
                 if line.strip()] if match else []
        if match and len(lines) > 1:
            # A text of several lines alone in its paragraph: one paragraph per line, each
            # formatted as the placeholder's paragraph was.
            for line in lines:
                copy = deepcopy(paragraph)
                replace_in_paragraph(copy, {match.group(1): line})
                paragraph.addprevious(copy)
            _drop_paragraph(paragraph)
            continue
        unknown.extend(replace_in_paragraph(paragraph, values))
    for root in _header_footer_parts(doc):
        for paragraph in root.iter(qn("w:p")):
            unknown.extend(replace_in_paragraph(paragraph, values))
    return list(dict.fromkeys(unknown))


def _drop_paragraph(paragraph: Any) -> None:
    """Remove a block placeholder's paragraph; a table cell must keep a last paragraph,
    so there it is emptied instead."""
    parent = paragraph.getparent()
    if parent.tag == qn("w:tc") and paragraph is parent[-1]:
        for child in list(paragraph):
            if child.tag != qn("w:pPr"):
                paragraph.remove(child)
        return
    parent.remove(paragraph)
