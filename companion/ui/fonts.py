"""A Japanese-capable UI font, chosen from what this computer has."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

# Linux (fonts-noto-cjk), Windows, macOS; the first one present wins.
JAPANESE_UI_FAMILIES = ("Noto Sans CJK JP", "Yu Gothic UI", "Meiryo UI", "Meiryo",
                        "Hiragino Sans", "Hiragino Kaku Gothic ProN")
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
    return families[0] if families else None
