"""The named styles a report uses, and the East Asian font settings they carry.

The built-in template (``resources/templates/report-template.docx``, made by
``scripts/make-report-template.py``) defines every style listed here; a sponsor's own
template may define any of them to change how the report looks. Word's built-in styles
(Normal, Heading 1 ...) keep their built-in names, which Japanese Word shows as 標準,
見出し 1 ...; the report's own styles have Japanese names (報告書 表本文 ...). The
English names of earlier versions are still found in older templates (``aliases``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn

MINCHO = "游明朝"  # body text
GOTHIC = "游ゴシック"  # headings, table headers, captions
# What Word and LibreOffice should use when 游明朝/游ゴシック are not installed: the
# font table names them by their English names and marks them as Japanese (charset 80)
# serif/sans faces, so Word substitutes ＭＳ 明朝/ＭＳ ゴシック; on Linux the fontconfig
# alias in resources/fontconfig maps them to Noto Serif/Sans CJK JP.
FONT_ALT_NAMES = {MINCHO: "Yu Mincho", GOTHIC: "Yu Gothic"}

THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


@dataclass(frozen=True)
class StyleSpec:
    key: str
    name: str
    kind: WD_STYLE_TYPE
    aliases: tuple[str, ...] = ()  # names the style had in earlier templates


PARAGRAPH = WD_STYLE_TYPE.PARAGRAPH
TABLE = WD_STYLE_TYPE.TABLE

STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("body", "Normal", PARAGRAPH),
    StyleSpec("title", "Title", PARAGRAPH),
    StyleSpec("subtitle", "Subtitle", PARAGRAPH),
    StyleSpec("heading1", "Heading 1", PARAGRAPH),
    StyleSpec("heading2", "Heading 2", PARAGRAPH),
    StyleSpec("caption", "Caption", PARAGRAPH),
    StyleSpec("cover", "報告書 表紙", PARAGRAPH, ("Companion Cover Text",)),
    StyleSpec("bullet", "報告書 箇条書き", PARAGRAPH, ("Companion Bullet",)),
    StyleSpec("note", "報告書 注記", PARAGRAPH, ("Companion Note",)),
    StyleSpec("figure", "報告書 図", PARAGRAPH, ("Companion Figure",)),
    StyleSpec("signature", "報告書 署名", PARAGRAPH, ("Companion Signature",)),
    StyleSpec("cell", "報告書 表本文", PARAGRAPH, ("Companion Table Text",)),
    StyleSpec("cell_header", "報告書 表見出し", PARAGRAPH, ("Companion Table Header",)),
    StyleSpec("table", "報告書 表", TABLE, ("Companion Table",)),
)
BY_KEY = {spec.key: spec for spec in STYLES}


def set_east_asian_font(rpr: Any, name: str) -> None:
    """Name one font for Latin and East Asian text on an ``w:rPr`` and drop the theme
    font attributes, which would otherwise win over the names in Word."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        first = rpr[0] if len(rpr) else None
        rpr.insert(1 if first is not None and first.tag == qn("w:rStyle") else 0, fonts)
    for attribute in THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    fonts.set(qn("w:hint"), "eastAsia")


def strip_theme_fonts(element: Any) -> int:
    """Remove theme font attributes from every ``w:rFonts`` under ``element``."""
    removed = 0
    for fonts in element.iter(qn("w:rFonts")):
        for attribute in THEME_FONT_ATTRIBUTES:
            if fonts.attrib.pop(qn(attribute), None) is not None:
                removed += 1
    return removed
