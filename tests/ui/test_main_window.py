"""The window as a whole: closing, focus mode, and the real engine end to end."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox


def test_close_with_unsaved_changes_can_be_cancelled(qtbot, make_window, monkeypatch):
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    w = make_window()
    del w.desk.confirm_discard
    qtbot.keyClicks(w.editor, "draft")
    assert not w.close() and w.isVisible() and w.worker.isRunning()
    assert w.close() and not w.worker.isRunning()


def test_focus_mode_hides_the_chrome_and_keys_still_work(qtbot, make_window):
    w = make_window()
    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    assert w.focus_mode and not w.menuBar().isVisible() and not w.continuation.panel.isVisible()
    assert not w.statusBar().isVisible() and w.editor.viewportMargins().left() > 0
    qtbot.keyClick(w.editor, Qt.Key.Key_F11)
    assert not w.focus_mode and w.menuBar().isVisible() and w.continuation.panel.isVisible()
    assert w.editor.viewportMargins().left() == 0


def test_real_engine_end_to_end(qtbot, real_window):
    w = real_window
    assert w.model_error is None
    assert w.status.model.text() == "Model: tiny-test" and w.status.provider.text() == "CPU"
    w.editor.set_pause_ms(20)
    qtbot.keyClicks(w.editor, "The old man walked to the ri")  # mid-word: the ghost completes the word
    qtbot.waitUntil(w.editor.has_ghost, timeout=20000)
    ghost = w.editor.ghost_text
    assert ghost and w.editor.toPlainText() == "The old man walked to the ri"
    assert w.status.latency.text().endswith(" ms")
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "The old man walked to the ri" + ghost
    w.editor.undo()
    assert w.editor.toPlainText() == "The old man walked to the ri"
