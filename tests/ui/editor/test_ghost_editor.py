"""The ghost-text editor driven by keys, as a writer would: accept, take a word, cycle, dismiss, type along."""

import threading

from fakes import FakeEngine
from PySide6.QtCore import QPoint, Qt

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def type_and_wait(qtbot, w, text):
    qtbot.keyClicks(w.editor, text)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def ghost_at_end(qtbot, w, text):
    """Put `text` in the editor and ask at once; no pause timer involved."""
    w.editor.setPlainText(text)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    assert w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_ghost_text_appears_after_a_pause_and_tab_accepts(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    assert w.editor.ghost_text == " the end of the road."
    assert w.editor.toPlainText() == "She walked to"  # ghost text is not in the document
    assert w.engine.calls == ["She walked to"]
    assert threading.get_ident() not in w.engine.threads  # never on the GUI thread
    assert threading.get_ident() not in w.factory.threads
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to the end of the road."
    assert not w.editor.has_ghost()


def test_undo_removes_an_accepted_suggestion_in_one_step(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    w.editor.undo()
    assert w.editor.toPlainText() == "She walked to"
    w.editor.redo()
    assert w.editor.toPlainText() == "She walked to the end of the road."


def test_escape_dismisses_and_tab_then_indents(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert not w.editor.has_ghost() and w.continuation.panel.list.count() == 0
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to\t"


def test_ctrl_right_accepts_one_word_at_a_time(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    assert w.editor.toPlainText() == "She walked to the"
    assert w.editor.ghost_text == " end of the road."
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    assert w.editor.toPlainText() == "She walked to the end"
    w.editor.undo()  # each word is its own step
    assert w.editor.toPlainText() == "She walked to the"


def test_ctrl_right_without_ghost_moves_by_word(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("one two")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.Start)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, CTRL)
    assert w.editor.textCursor().position() > 0 and w.editor.toPlainText() == "one two"


def test_alt_brackets_cycle_candidates(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.waitUntil(lambda: len(w.editor.candidates) == 3, timeout=5000)  # the side panel's list came after the ghost
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketRight, ALT)
    assert w.editor.ghost_text == " a door."
    assert w.continuation.panel.list.currentRow() == 1
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketLeft, ALT)
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketLeft, ALT)
    assert w.editor.ghost_text == " it was"
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to it was"


def test_typing_the_predicted_text_keeps_the_rest(qtbot, make_window):
    w = make_window(pause_ms=2000)  # long pause: no new request may replace the ghost meanwhile
    ghost_at_end(qtbot, w, "She walked to")
    qtbot.keyClicks(w.editor, " the e")
    assert w.editor.ghost_text == "nd of the road."
    assert len(w.engine.calls) == 1  # no new request for typing along
    qtbot.keyClicks(w.editor, "x")  # a different letter: the ghost goes
    assert not w.editor.has_ghost() and w.editor.toPlainText() == "She walked to the ex"


def test_enter_matching_a_multiline_ghost_keeps_the_rest(qtbot, make_window):
    w = make_window(FakeEngine(candidates=["\nThe next day."]), pause_ms=2000)
    ghost_at_end(qtbot, w, "It ended.")
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)
    assert w.editor.toPlainText() == "It ended.\n" and w.editor.ghost_text == "The next day."


def test_moving_the_cursor_clears_the_ghost(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Home)
    assert not w.editor.has_ghost() and w.continuation.panel.list.count() == 0


def test_clicking_elsewhere_clears_the_ghost(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.mouseClick(w.editor.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(12, w.editor.cursorRect().center().y()))
    assert w.editor.textCursor().position() < len("She walked to")
    assert not w.editor.has_ghost()


def test_no_suggestion_in_the_middle_of_a_word(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("walking on")
    cursor = w.editor.textCursor()
    for pos, ok in ((3, False), (7, True), (10, True)):  # mid-word, before a space, end of line
        cursor.setPosition(pos)
        w.editor.setTextCursor(cursor)
        assert w.editor.can_suggest_here() is ok, pos


def test_pause_after_typing_mid_word_asks_nothing(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("walking")
    cursor = w.editor.textCursor()
    cursor.setPosition(3)
    w.editor.setTextCursor(cursor)
    with qtbot.assertNotEmitted(w.editor.wants_suggestions):
        with qtbot.waitSignal(w.editor.pause.timeout, timeout=2000):  # the pause elapses...
            qtbot.keyClicks(w.editor, "x")
    assert w.engine.calls == [] and w.worker.submitted == 0  # ...and nothing was asked


def marks(w):
    return [(s.start, s.end, s.feature) for s in w.editor.marks.spans]


def test_insert_generated_is_one_undo_step_and_marked(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "Once ")
    w.current_editor().insert_generated("upon a time", "spark")
    assert w.editor.toPlainText() == "Once upon a time" and marks(w) == [(5, 16, "spark")]
    w.editor.undo()
    assert w.editor.toPlainText() == "Once " and marks(w) == []


def test_insert_generated_can_replace_the_selection(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("She was sad today.")
    c = w.editor.textCursor()
    c.setPosition(8)
    c.setPosition(11, c.MoveMode.KeepAnchor)
    w.editor.setTextCursor(c)
    w.editor.insert_generated("melancholy", "variation", replace_selection=True)
    assert w.editor.toPlainText() == "She was melancholy today." and marks(w) == [(8, 18, "variation")]


# -- etiquette ----------------------------------------------------------------------------------


def pause_passes_without_asking(qtbot, w, keys=None, key=None):
    """Type `keys` (or press `key`) and let the pause elapse: nothing may be asked."""
    before = len(w.engine.calls)
    with qtbot.assertNotEmitted(w.editor.wants_suggestions, wait=300):
        if keys is not None:
            qtbot.keyClicks(w.editor, keys)
        else:
            qtbot.keyClick(w.editor, *key)
    assert len(w.engine.calls) == before


def test_mid_word_the_editor_asks_too(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She wal")
    assert w.engine.calls == ["She wal"]


def test_no_ghost_on_an_empty_line_so_tab_indents(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)  # a new, empty line
    pause_passes_without_asking(qtbot, w, keys="  ")  # nor after spaces at the start of the paragraph
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to\n  \t"  # Tab indents: no model text came in
    qtbot.keyClick(w.editor, Qt.Key.Key_Space, CTRL)  # unless the writer asks
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_no_ghost_in_a_markdown_heading(qtbot, make_window):
    w = make_window()
    w.editor.markdown = True
    pause_passes_without_asking(qtbot, w, keys="# The voyage")
    qtbot.keyClick(w.editor, Qt.Key.Key_Return)
    type_and_wait(qtbot, w, "She walked to")  # the paragraph under it is prose again


def test_no_ghost_right_after_a_deletion_or_an_undo(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked too")
    pause_passes_without_asking(qtbot, w, key=(Qt.Key.Key_Backspace,))
    type_and_wait(qtbot, w, " the")  # typing again asks again
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to the the end of the road."
    pause_passes_without_asking(qtbot, w, key=(Qt.Key.Key_Z, CTRL))  # undo: the writer is taking text out
    assert w.editor.toPlainText() == "She walked to the"


def test_dismissals_in_a_row_slow_the_ghost_down_and_an_accept_resets_it(qtbot, make_window):
    from creagen_desktop.ui.editor.etiquette import DISMISSALS

    w = make_window()
    w.preferences.update(pause_ms=50)
    base = w.editor.pause.interval()
    assert base == 50
    for i in range(DISMISSALS):
        type_and_wait(qtbot, w, " and")
        qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert w.editor.pause.interval() == 2 * base
    type_and_wait(qtbot, w, " so")
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)  # accepted
    assert w.editor.pause.interval() == base
    w.preferences.update(back_off=False)
    for i in range(DISMISSALS):
        type_and_wait(qtbot, w, " but")
        qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert w.editor.pause.interval() == base


def test_a_ghost_left_alone_hides_itself(qtbot, make_window):
    w = make_window()
    w.preferences.update(hide_after_s=1)
    type_and_wait(qtbot, w, "She walked to")
    qtbot.waitUntil(lambda: not w.editor.has_ghost(), timeout=3000)
    assert w.editor.toPlainText() == "She walked to"
    w.preferences.update(hide_after_s=0)  # never
    type_and_wait(qtbot, w, " and")
    qtbot.wait(1300)
    assert w.editor.has_ghost()
