"""Alternatives at a word: the popup lists the model's words with their probabilities; picking one
replaces the word as one undo step, marked as the model's; a changed word is left alone."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu


def at(w, pos):
    c = w.editor.textCursor()
    c.setPosition(pos)
    w.editor.setTextCursor(c)


def test_the_popup_lists_alternatives_and_picking_one_replaces_the_word(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "The boats were in the bay today.")
    at(w, 24)  # inside "bay"
    with qtbot.waitSignal(w.alternatives.jobs.fresh_result, timeout=5000):
        qtbot.keyClick(w.editor, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert w.engine.alternative_calls == [("The boats were in the ", 8)]  # the text before the word
    menu = w.alternatives.popup
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Instead of “bay”:" and texts[1] == "harbour\t40.0%" and texts[2] == "sea\t25.0%"
    assert menu.activeAction() is menu.actions()[1] and menu.accessibleName() == "Alternatives to bay"
    menu.actions()[1].trigger()
    assert w.editor.toPlainText() == "The boats were in the harbour today."
    assert [(s.start, s.end, s.feature) for s in w.editor.marks.spans] == [(22, 29, "alternative")]
    w.editor.undo()
    assert w.editor.toPlainText() == "The boats were in the bay today." and w.editor.marks.spans == []


def test_a_word_changed_meanwhile_is_not_replaced(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "A bay")
    at(w, 3)
    assert w.alternatives.ask()
    word = w.alternatives.word
    c = w.editor.textCursor()
    c.movePosition(QTextCursor.MoveOperation.End)
    c.insertText("s")
    assert not w.alternatives.replace(word, "sea") and w.editor.toPlainText() == "A bays"


def test_the_context_menu_offers_alternatives_at_the_word(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "The sea")
    c = w.editor.textCursor()
    c.setPosition(5)
    menu = QMenu()
    w.alternatives.context_actions(menu, w.editor, w.editor.cursorRect(c).center())
    assert [a.text() for a in menu.actions()] == ["Alternatives to “sea”…"]


def test_reroll_asks_again_for_the_ghost(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    asked = len(w.engine.calls)
    w.menus.action("generate.reroll_ghost").trigger()
    qtbot.waitUntil(lambda: len(w.engine.calls) == asked + 1 and w.editor.has_ghost(), timeout=5000)
    assert w.engine.calls[-1] == "She walked to"
