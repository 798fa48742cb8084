"""Continuations: requests after a pause, stale answers dropped, the Suggestions panel, switching off."""

from fakes import FakeEngine
from PySide6.QtCore import Qt

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


def type_and_wait(qtbot, w, text):
    qtbot.keyClicks(w.editor, text)
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


def test_request_carries_the_preferences(qtbot, make_window, settings):
    w = make_window()
    w.preferences.current.n, w.preferences.current.temperature = 5, 0.3
    w.preferences.current.suggest = "only when sure"
    type_and_wait(qtbot, w, "She walked to")
    qtbot.waitUntil(lambda: bool(w.engine.configs), timeout=5000)  # the side panel's list follows the ghost
    cfg = w.engine.configs[-1]
    assert (cfg.n, cfg.temperature, cfg.top_k) == (5, 0.3, 40)
    assert w.engine.settings == ["only when sure"]


def test_an_unsure_ghost_shows_nothing_and_asks_for_no_list(qtbot, make_window):
    w = make_window(FakeEngine(candidates=["", " a door."]), pause_ms=10)
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(lambda: bool(w.engine.calls), timeout=5000)
    qtbot.wait(200)
    assert not w.editor.has_ghost() and w.engine.list_calls == [] and w.continuation.panel.list.count() == 0


def test_suggest_now_without_a_sure_ghost_lists_the_others(qtbot, make_window):
    w = make_window(FakeEngine(candidates=["", " a door.", " a cat."]), pause_ms=5000)
    w.editor.setPlainText("She walked to")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.suggest_now()
    qtbot.waitUntil(lambda: w.continuation.panel.list.count() == 2, timeout=5000)
    assert not w.editor.has_ghost()  # nothing the model is sure of shows by itself...
    qtbot.keyClick(w.editor, Qt.Key.Key_BracketRight, ALT)  # ...but the next candidate can be brought in
    assert w.editor.ghost_text == " a door."


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


def test_side_panel_lists_candidates_and_click_inserts(qtbot, make_window):
    w = make_window()
    type_and_wait(qtbot, w, "She walked to")
    # the ghost shows first; the side panel's list is fetched after it
    qtbot.waitUntil(lambda: len(w.continuation.panel.candidates_shown()) == 3, timeout=5000)
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
    assert shown == [" answer 2"] and w.engine.calls == ["One", "One"]


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


def test_session_statistics_count_shown_and_accepted(qtbot, make_window):
    w = make_window(FakeEngine(candidates=[" one two three"]))
    qtbot.keyClicks(w.editor, "Go")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # one suggestion, two words
    assert (w.reports.stats.suggestions_shown, w.reports.stats.suggestions_accepted) == (1, 1)
    text = w.reports.statistics_text()
    assert "Suggestions shown: 1" in text and "Suggestions accepted: 1 (100%)" in text
    assert "Words written this session: 3" in text and "of which from the model: 2" in text
    w.editor.undo()  # the second word goes: the statistics follow the marks, as the report does
    assert "of which from the model: 1" in w.reports.statistics_text()


def test_view_menu_toggles_the_panel(qtbot, make_window):
    w = make_window()
    assert w.continuation.panel.isVisible()
    w.menus.action("view.suggestions").trigger()
    assert not w.continuation.panel.isVisible()
    w.menus.action("view.suggestions").trigger()
    assert w.continuation.panel.isVisible()
