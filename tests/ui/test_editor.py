from PySide6.QtCore import Qt

from fakes import FakeEngine, broken_factory


def type_and_wait(qtbot, w, text):
    qtbot.keyClicks(w.editor, text)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_ghost_text_appears_after_a_pause_and_tab_accepts(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    assert w.editor.ghost_text == " the end of the road."
    assert w.editor.toPlainText() == "She walked to"  # ghost text is not in the document
    assert w.engine.calls[-1] == "She walked to"
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to the end of the road."
    assert not w.editor.has_ghost()


def test_undo_removes_an_accepted_suggestion_in_one_step(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    w.editor.undo()
    assert w.editor.toPlainText() == "She walked to"


def test_escape_dismisses_and_tab_then_indents(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Escape)
    assert not w.editor.has_ghost() and w.panel.list.count() == 0
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to\t"


def test_ctrl_right_accepts_one_word_at_a_time(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert w.editor.toPlainText() == "She walked to the"
    assert w.editor.ghost_text == " end of the road."
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert w.editor.toPlainText() == "She walked to the end"


def test_alt_brackets_cycle_candidates(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.AltModifier)
    assert w.editor.ghost_text == " a door."
    assert w.panel.list.currentRow() == 1
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.AltModifier)
    assert w.editor.ghost_text == " it was"
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "She walked to it was"


def test_typing_the_predicted_text_keeps_the_rest(qtbot, make_window):
    w = make_window(pause_ms=2000)  # long pause: no new request may replace the ghost meanwhile
    w.editor.setPlainText("She walked to")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClicks(w.editor, " the e")
    assert w.editor.ghost_text == "nd of the road."
    qtbot.keyClicks(w.editor, "x")  # a different letter: the ghost goes
    assert not w.editor.has_ghost()


def test_moving_the_cursor_clears_the_ghost(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    qtbot.keyClick(w.editor, Qt.Key.Key_Home)
    assert not w.editor.has_ghost() and w.panel.list.count() == 0


def test_side_panel_lists_candidates_and_click_inserts(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    assert w.panel.candidates_shown() == [" the end of the road.", " a door.", " it was"]
    item = w.panel.list.item(1)
    rect = w.panel.list.visualItemRect(item)
    qtbot.mouseClick(w.panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.editor.toPlainText() == "She walked to a door."
    w.editor.undo()
    assert w.editor.toPlainText() == "She walked to"


def test_no_suggestion_in_the_middle_of_a_word(qtbot, make_window):
    w = make_window()
    w.editor.setPlainText("walking")
    cursor = w.editor.textCursor()
    cursor.setPosition(3)
    w.editor.setTextCursor(cursor)
    assert not w.editor.can_suggest_here()
    cursor.setPosition(7)
    w.editor.setTextCursor(cursor)
    assert w.editor.can_suggest_here()


def test_stale_results_are_dropped(qtbot, make_window):
    engine = FakeEngine(candidates=[" answer #"], delays=[0.6])  # the first request is slow
    w = make_window(engine)
    qtbot.keyClicks(w.editor, "One")
    qtbot.waitUntil(lambda: len(engine.calls) == 1, timeout=5000)
    qtbot.keyClicks(w.editor, " two")  # typed while the first generation runs
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert engine.calls[-1] == "One two"
    assert w.editor.ghost_text == f" answer {len(engine.calls)}"
    qtbot.wait(700)  # the slow first result has arrived by now and must have been dropped
    assert w.editor.ghost_text == f" answer {len(engine.calls)}"
    assert engine.max_running == 1 and w.worker.max_in_flight == 1


def test_typing_storm_keeps_one_generation_in_flight(qtbot, make_window):
    engine = FakeEngine(delays=[0.05] * 1000)
    w = make_window(engine, pause_ms=0)
    for i in range(40):
        qtbot.keyClicks(w.editor, "word ")
        qtbot.wait(5)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    assert engine.max_running == 1 and w.worker.max_in_flight == 1
    assert len(engine.calls) < 40  # queued requests were replaced, not piled up
    assert engine.calls[-1] == "word " * 40


def test_broken_pack_still_edits_and_says_why(qtbot, make_window):
    w = make_window(factory=broken_factory)
    qtbot.waitUntil(lambda: w.model_error is not None, timeout=5000)
    assert w.status_model.text() == "Suggestions off"
    assert "was not found" in w.statusBar().currentMessage()
    qtbot.keyClicks(w.editor, "Still writing. ")
    qtbot.wait(100)
    assert w.editor.toPlainText() == "Still writing. " and not w.editor.has_ghost()


def test_status_bar_shows_model_provider_latency(qtbot, make_window):
    w = make_window()
    assert w.status_model.text() == "Model: fake-pack" and w.status_provider.text() == "CPU"
    type_and_wait(qtbot, w, "She walked to")
    assert w.status_latency.text() == "2 ms"
