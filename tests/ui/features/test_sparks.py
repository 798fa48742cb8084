"""Sparks in the window, and the originality setting's flag mode."""

import threading

from fakes import FakeLatentEngine, FakeSparksEngine
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from creagen_desktop.ui.dialogs.sparks import FLAG_MARK
from creagen_desktop.ui.settings import Preferences


def _wait_lines(qtbot, w, n=5):
    qtbot.waitUntil(lambda: w.sparks.panel.list.count() == n, timeout=5000)


def test_spark_action_hidden_without_a_generator(make_window):
    w = make_window(FakeLatentEngine())
    assert not w.sparks.action.isVisible()
    w.sparks.open()
    assert w.sparks.panel.isHidden()


def test_spark_shows_five_lines_and_a_click_inserts_at_the_cursor(make_window, qtbot):
    engine = FakeSparksEngine()
    w = make_window(engine)
    assert w.sparks.action.isVisible() and w.sparks.action.shortcut().toString() == "Ctrl+Shift+K"
    assert w.sparks.action in w.menus.menu("generate").actions()
    ed = w.editor
    ed.setPlainText("It was late. The end.")
    c = ed.textCursor()
    c.setPosition(len("It was late."))
    ed.setTextCursor(c)
    seen = []
    ed.generated.connect(lambda feature, text: seen.append((feature, text)))
    w.sparks.action.trigger()
    _wait_lines(qtbot, w)
    assert w.sparks.panel.isVisible()
    assert engine.spark_calls[-1][:2] == (5, None)
    assert threading.get_ident() not in engine.threads  # the model ran off the GUI thread
    item = w.sparks.panel.list.item(2)
    rect = w.sparks.panel.list.visualItemRect(item)
    qtbot.mouseClick(w.sparks.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert ed.toPlainText() == "It was late. Spark 3 of call 1. The end."
    assert seen == [("spark", " Spark 3 of call 1.")]
    ed.undo()
    assert ed.toPlainText() == "It was late. The end."


def test_spark_button_draws_again_and_near_sends_the_paragraph(make_window, qtbot):
    engine = FakeSparksEngine()
    w = make_window(engine)
    ed = w.editor
    ed.setPlainText("First paragraph.\nThe sea was grey.")
    ed.moveCursor(QTextCursor.MoveOperation.End)
    w.sparks.open()
    _wait_lines(qtbot, w)
    w.sparks.panel.near.setChecked(True)
    w.sparks.panel.spark_button.click()
    qtbot.waitUntil(lambda: len(engine.spark_calls) == 2, timeout=5000)
    assert engine.spark_calls[-1][1] == "The sea was grey."
    assert engine.spark_calls[-1][2] != engine.spark_calls[-2][2]  # a new seed each time
    qtbot.waitUntil(lambda: "call 2" in w.sparks.panel.list.item(1).text(), timeout=5000)


def test_flag_mode_marks_copies_and_inserts_them_unmarked(make_window, qtbot, settings):
    engine = FakeSparksEngine()
    w = make_window(engine)
    assert engine.originality == "drop"  # the default, applied when the pack loaded
    w.preferences.apply(Preferences(**{**w.preferences.current.__dict__, "originality": "flag"}))
    assert engine.originality == "flag" and Preferences.load(settings).originality == "flag"
    w.sparks.open()
    _wait_lines(qtbot, w)
    first = w.sparks.panel.list.item(0)
    assert first.text() == FLAG_MARK + "A copy of training text." and "training text" in first.toolTip()
    assert not w.sparks.panel.list.item(1).text().startswith(FLAG_MARK)
    w.sparks.panel.chosen.emit(w.sparks.panel.lines()[0])
    assert w.editor.toPlainText() == "A copy of training text."
