"""Light and dark themes, or the system's choice (the default), as Fusion palettes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from creagen_desktop.ui.settings import THEMES

LABELS = {"system": "System ({})", "light": "Light", "dark": "Dark"}  # as the View menu names them


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    p = QPalette()
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    colors = {R.Window: "#2b2b2b", R.WindowText: "#e6e6e6", R.Base: "#1f1f1f", R.AlternateBase: "#2a2a2a",
              R.ToolTipBase: "#3a3a3a", R.ToolTipText: "#eeeeee", R.Text: "#e6e6e6", R.Button: "#353535",
              R.ButtonText: "#e6e6e6", R.BrightText: "#ff6b6b", R.Highlight: "#3d6fb4",
              R.HighlightedText: "#ffffff", R.Link: "#6ea8fe", R.PlaceholderText: "#8a8a8a", R.Mid: "#5a5a5a"}
    for role, c in colors.items():
        p.setColor(role, QColor(c))
    for role in (R.Text, R.WindowText, R.ButtonText):
        p.setColor(G.Disabled, role, QColor("#7a7a7a"))
    return p


def label(name: str) -> str:
    """The theme's name for the writer: "System (dark)", "Light" or "Dark"."""
    return LABELS[name].format(effective_theme(name))


def effective_theme(name: str) -> str:
    if name == "system":
        return "dark" if system_is_dark() else "light"
    return name if name in THEMES else "light"


def apply_theme(name: str) -> str:
    """Apply a theme to the whole application; returns the one in effect ("light" or "dark")."""
    app = QApplication.instance()
    effective = effective_theme(name)
    if app is None:
        return effective
    fusion = QStyleFactory.create("Fusion")  # palettes look the same on every platform under Fusion
    if fusion is not None and app.style().objectName().lower() != "fusion":
        app.setStyle(fusion)
    app.setPalette(dark_palette() if effective == "dark" else app.style().standardPalette())
    return effective
