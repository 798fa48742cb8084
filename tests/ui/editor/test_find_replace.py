"""The find and replace bar."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from creagen_desktop.ui.editor.find_replace import FindBar
from creagen_desktop.ui.editor.ghost_editor import GhostEditor


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


def test_find_wraps_around_once_and_esc_closes_the_bar(qtbot):
    ed = GhostEditor()
    qtbot.addWidget(ed)
    ed.setPlainText("cat dog cat")
    ed.moveCursor(QTextCursor.MoveOperation.End)
    bar = FindBar()
    qtbot.addWidget(bar)
    bar.open_bar(ed, replace=False)
    assert bar.replace_edit.isHidden()
    bar.find_edit.setText("cat")
    assert bar.find_next() and bar.status.text() == "Wrapped around" and ed.textCursor().selectionStart() == 0
    assert bar.find_previous() and ed.textCursor().selectionStart() == 8  # backwards, wrapping to the end
    bar.activateWindow()
    qtbot.waitUntil(bar.isActiveWindow, timeout=3000)  # shortcuts reach only the active window
    with qtbot.waitSignal(bar.closed):
        qtbot.keyClick(bar.find_edit, Qt.Key.Key_Escape)
    assert bar.isHidden()
