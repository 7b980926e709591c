"""A Japanese-capable UI font, chosen from what this computer has.

Han characters have different shapes in Japanese and Chinese fonts (直, 骨, 角, ...).
The application font is a Japanese family, so Qt never falls back to a Chinese face
for kanji, and the default QLocale is Japanese (dates, numbers, and the language Qt
assumes for text).
"""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Linux (fonts-noto-cjk), Windows, macOS, then other Japanese families a Linux may
# have (Noto Sans JP from Google Fonts, Source Han, BIZ UD, IPA); the first one wins.
JAPANESE_UI_FAMILIES = ("Noto Sans CJK JP", "Yu Gothic UI", "Meiryo UI", "Meiryo",
                        "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP",
                        "Source Han Sans JP", "BIZ UDPGothic", "IPAexGothic", "IPAPGothic")
MINIMUM_POINT_SIZE = 10.0


def japanese_families() -> list[str]:
    """The Japanese UI families installed here, in order of preference."""
    installed = set(QFontDatabase.families())
    return [family for family in JAPANESE_UI_FAMILIES if family in installed]


def apply_ui_font(app: QApplication) -> str | None:
    """Make the application font a Japanese one (others stay as fallbacks); returns the
    family chosen, or None when none is installed (Qt's own fallback then applies)."""
    families = japanese_families()
    font = QFont(app.font())
    if 0 < font.pointSizeF() < MINIMUM_POINT_SIZE:
        font.setPointSizeF(MINIMUM_POINT_SIZE)
    if families:
        font.setFamilies(families)
    app.setFont(font)
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    return families[0] if families else None
