"""Light and dark palettes, and the system's choice."""

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from creagen_desktop.ui import themes


def test_dark_and_light_are_applied_to_the_whole_application(qtbot):
    app = QApplication.instance()
    assert themes.apply_theme("dark") == "dark"
    assert app.palette().color(QPalette.ColorRole.Base).lightness() < 80
    assert app.style().objectName().lower() == "fusion"  # the palettes look the same on every platform
    assert themes.apply_theme("light") == "light"
    assert app.palette().color(QPalette.ColorRole.Base).lightness() > 200


def test_the_system_theme_follows_the_system_and_names_what_it_chose(qtbot):
    chosen = "dark" if themes.system_is_dark() else "light"
    assert themes.effective_theme("system") == chosen
    assert themes.label("system") == f"System ({chosen})"
    assert (themes.label("light"), themes.label("dark")) == ("Light", "Dark")
    assert themes.effective_theme("no such theme") == "light"
