"""Writing features: counts, find and replace, Markdown colouring, themes, font, focus mode."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from creagen_desktop.ui.settings import Preferences


def test_counts_for_document_and_selection(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("one two three\nfour")
    w.status.update_counts()
    assert w.status.counts.text() == "4 words, 17 characters"
    c = w.editor.textCursor()
    c.setPosition(0)
    c.setPosition(7, c.MoveMode.KeepAnchor)
    w.editor.setTextCursor(c)
    qtbot.waitUntil(lambda: "selection: 2 words, 7 characters" in w.status.counts.text(), timeout=2000)


def test_find_and_replace(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("The cat sat. The Cat ran. the end")
    w.find_bar.open_bar(w.editor, replace=True)
    w.find_bar.find_edit.setText("the")
    assert w.find_bar.find_next() and w.editor.textCursor().selectedText() in ("The", "the")
    w.find_bar.case.setChecked(True)
    w.find_bar.replace_edit.setText("A")
    assert w.find_bar.replace_all() == 1
    assert w.editor.toPlainText() == "The cat sat. The Cat ran. A end"
    w.find_bar.case.setChecked(False)
    w.find_bar.find_edit.setText("cat")
    w.find_bar.replace_edit.setText("dog")
    assert w.find_bar.replace_all() == 2
    assert w.editor.toPlainText() == "The dog sat. The dog ran. A end"
    w.editor.undo()  # replace all is one step
    assert w.editor.toPlainText() == "The cat sat. The Cat ran. A end"
    w.find_bar.find_edit.setText("zebra")
    assert not w.find_bar.find_next() and w.find_bar.status.text() == "Not found"


def test_markdown_is_coloured_only_in_md_files(qtbot, make_window, tmp_path):
    (tmp_path / "a.md").write_text("# Title\n\nSome **bold** text\n")
    (tmp_path / "a.txt").write_text("# Title\n")
    w = make_window()
    w.desk.open_path(tmp_path / "a.md")
    assert w.desk.current_tab().highlighter is not None
    w.desk.current_tab().highlighter.rehighlight()
    formats = w.editor.document().firstBlock().layout().formats()
    assert formats and formats[0].format.fontWeight() == QFont.Weight.Bold
    w.desk.open_path(tmp_path / "a.txt")
    assert w.desk.current_tab().highlighter is None


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


def test_focus_mode_hides_the_chrome_and_keys_still_work(qtbot, make_window):
    w = make_window()
    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    assert w.focus_mode and not w.menuBar().isVisible() and not w.continuation.panel.isVisible()
    assert not w.statusBar().isVisible() and w.editor.viewportMargins().left() > 0
    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    assert not w.focus_mode and w.menuBar().isVisible() and w.continuation.panel.isVisible()
    assert w.editor.viewportMargins().left() == 0


def test_device_auto_falls_back_to_cpu_quietly(qtbot, make_window):
    w = make_window()
    assert w.status.provider.text() == "CPU" and "No usable GPU" in w.status.provider.toolTip()
    assert "running on the CPU" in w.statusBar().currentMessage()
    assert w.status.notice is None
