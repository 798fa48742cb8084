"""The theme, the writing font and the tint, the same in every tab."""

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from creagen_desktop.ui.settings import Preferences


def test_theme_cycles_and_is_kept(qtbot, make_window, settings):
    w = make_window()
    assert Preferences.load(settings).theme == "system"
    while w.preferences.current.theme != "dark":
        w.looks.cycle_theme()
    base = QApplication.instance().palette().color(QPalette.ColorRole.Base)
    assert base.lightness() < 80 and Preferences.load(settings).theme == "dark"
    w.looks.apply_theme("light")
    assert QApplication.instance().palette().color(QPalette.ColorRole.Base).lightness() > 200


def test_font_is_applied_to_every_tab_and_kept(qtbot, make_window, settings):
    w = make_window()
    w.desk.new_file()
    font = QFont("Serif", 17)
    w.looks.set_writing_font(font)
    assert all(t.editor.font().pointSize() == 17 for t in w.desk.all_tabs())
    assert "17" in settings.value("editor/font")
