import threading

from fakes import FakeEngine, broken_factory
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

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


def test_request_carries_the_preferences(qtbot, make_window, settings):
    w = make_window()
    w.preferences.current.n, w.preferences.current.temperature = 5, 0.3
    type_and_wait(qtbot, w, "She walked to")
    cfg = w.engine.configs[-1]
    assert (cfg.n, cfg.temperature, cfg.top_k) == (5, 0.3, 40)


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


def test_escape_before_the_result_arrives_drops_it(qtbot, make_window):
    engine = FakeEngine(delays=[0.3])
    w = make_window(engine)
    w.editor.setPlainText("She walked to")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.suggest_now()
    qtbot.waitUntil(lambda: engine.running == 1, timeout=5000)
    with qtbot.waitSignal(w.worker.result, timeout=5000):  # the answer does arrive...
        qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert not w.editor.has_ghost() and w.continuation.panel.list.count() == 0  # ...and is dropped


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


def test_side_panel_lists_candidates_and_click_inserts(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    assert w.continuation.panel.candidates_shown() == [" the end of the road.", " a door.", " it was"]
    item = w.continuation.panel.list.item(1)
    rect = w.continuation.panel.list.visualItemRect(item)
    qtbot.mouseClick(w.continuation.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.editor.toPlainText() == "She walked to a door."
    w.editor.undo()
    assert w.editor.toPlainText() == "She walked to"


def test_side_panel_is_cleared_when_the_cursor_moves(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Left)
    assert w.continuation.panel.list.count() == 0
    assert not w.editor.insert_candidate(0)  # a stale click inserts nothing
    assert w.editor.toPlainText() == "She walked to"


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


def test_stale_results_are_dropped(qtbot, make_window):
    engine = FakeEngine(candidates=[" answer #"], delays=[0.5])  # the first request is slow
    w = make_window(engine)
    shown = []
    w.editor.suggestion_changed.connect(lambda _: shown.append(w.editor.ghost_text))
    qtbot.keyClicks(w.editor, "One")
    qtbot.waitUntil(lambda: len(engine.calls) == 1, timeout=5000)
    qtbot.keyClicks(w.editor, " two")  # typed while the first generation runs
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert engine.calls == ["One", "One two"]
    assert shown == [" answer 2"]


def test_stale_result_for_the_same_text_is_dropped_by_job_id(qtbot, make_window):
    # Same text both times, so only the job id can tell the first answer is outdated.
    engine = FakeEngine(candidates=[" answer #"], delays=[0.4])
    w = make_window(engine, pause_ms=5000)
    shown = []
    w.editor.suggestion_changed.connect(lambda _: shown.append(w.editor.ghost_text))
    w.editor.setPlainText("One")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.suggest_now()
    qtbot.waitUntil(lambda: engine.running == 1, timeout=5000)
    w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert shown == [" answer 2"] and w.worker.submitted == 2


def test_typing_storm_keeps_one_generation_in_flight(qtbot, make_window):
    engine = FakeEngine(delays=[0.05] * 1000)
    w = make_window(engine, pause_ms=0)
    for _ in range(40):
        qtbot.keyClicks(w.editor, "word ")
        qtbot.wait(5)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert engine.max_running == 1 and w.worker.max_in_flight == 1
    assert len(engine.calls) < 40  # queued requests were replaced, not piled up
    assert engine.calls[-1] == "word " * 40


def test_broken_pack_still_edits_and_says_why(qtbot, make_window):
    w = make_window(factory=broken_factory)
    assert w.model_error and "was not found" in w.model_error
    assert w.status.model.text().startswith("Suggestions off: The model pack")
    assert "was not found" in w.status.model.toolTip()
    assert w.status.notice is not None and w.status.notice.isVisible() and not w.status.notice.isModal()
    assert "was not found" in w.continuation.panel.notice.text()
    qtbot.keyClicks(w.editor, "Still writing. ")
    w.continuation.suggest_now()
    assert "was not found" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not w.editor.pause.isActive(), timeout=2000)
    assert w.editor.toPlainText() == "Still writing. " and not w.editor.has_ghost()


def test_status_bar_shows_model_provider_latency(qtbot, make_window):
    w = make_window(wait_loaded=False)
    assert w.status.model.text() in ("Loading model…", "Model: fake-pack")
    qtbot.waitUntil(lambda: not w.model_loading, timeout=5000)
    assert w.status.model.text() == "Model: fake-pack" and w.status.provider.text() == "CPU"
    type_and_wait(qtbot, w, "She walked to")
    assert w.status.latency.text() == "2 ms"


def test_suggestions_off_asks_nothing_but_suggest_now_still_works(qtbot, make_window):
    w = make_window(pause_ms=10)
    w.menus.action("generate.while_writing").trigger()
    assert not w.preferences.current.enabled
    qtbot.keyClicks(w.editor, "She walked to")
    assert not w.editor.pause.isActive()  # no pause is timed, so nothing can ask later
    assert w.engine.calls == [] and w.worker.submitted == 0
    qtbot.keyClick(w.editor, Qt.Key.Key_Space, CTRL)  # Suggest now (a window shortcut)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert w.engine.calls == ["She walked to"] and w.editor.toPlainText() == "She walked to"


# -- painting ---------------------------------------------------------------------------------

def _darkest(image, x0, y0, x1, y1):
    """Lowest channel value in a region, and whether anything differs from the white background."""
    lo, painted = 255, False
    for x in range(max(0, x0), min(image.width(), x1)):
        for y in range(max(0, y0), min(image.height(), y1)):
            c = QColor(image.pixel(x, y))
            v = min(c.red(), c.green(), c.blue())
            lo = min(lo, v)
            painted = painted or v < 235
    return lo, painted


def _plain_palette(w):
    pal = w.editor.palette()
    pal.setColor(pal.ColorRole.Base, QColor("white"))
    pal.setColor(pal.ColorRole.Text, QColor("black"))
    w.editor.setPalette(pal)


def test_ghost_is_painted_grey_after_the_cursor(qtbot, make_window):
    w = make_window()
    _plain_palette(w)
    w.editor.setPlainText("She walked to")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    r = w.editor.cursorRect()
    region = (r.right() + 3, r.top(), r.right() + 120, r.bottom())
    assert not _darkest(w.editor.viewport().grab().toImage(), *region)[1]  # nothing there yet
    w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    lo, painted = _darkest(w.editor.viewport().grab().toImage(), *region)
    assert painted and lo > 100  # drawn, and grey rather than black text
    assert w.editor.document().availableUndoSteps() == 0  # setPlainText starts afresh; the ghost adds nothing


def test_ghost_inside_a_line_covers_the_rest_of_it(qtbot, make_window):
    w = make_window()
    _plain_palette(w)
    w.editor.setPlainText("She walked MMMMMMMMMMMMMMMMMMMM")
    cursor = w.editor.textCursor()
    cursor.setPosition(len("She walked"))
    w.editor.setTextCursor(cursor)
    r = w.editor.cursorRect()
    region = (r.right() + 12, r.top() + 2, r.right() + 40, r.bottom() - 2)
    assert _darkest(w.editor.viewport().grab().toImage(), *region)[0] < 60  # the writer's black M's
    w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    lo, painted = _darkest(w.editor.viewport().grab().toImage(), *region)
    assert painted and lo > 100  # the ghost, not ghost over text


def test_multiline_ghost_layout(qtbot, make_window):
    w = make_window(FakeEngine(candidates=[" and left.\nThe next morning she came back."]))
    ghost_at_end(qtbot, w, "She walked to the door")
    lines = w.editor.ghost_lines()
    r = w.editor.cursorRect()
    assert lines[0][2] == " and left." and lines[0][0] >= r.left() and lines[0][1] == r.top()
    assert lines[1][2] == "The next morning she came back."
    assert lines[1][0] < r.left() and lines[1][1] > r.top()  # next line, from the left margin
    w.editor.viewport().grab()  # paints without error
