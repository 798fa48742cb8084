"""Model text in the document: insert_generated, the tint, the sidecar and the report."""

from fakes import FakeEngine
from PySide6.QtCore import Qt

from creagen_desktop.documents.authorship import sidecar_path


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


def test_accepting_a_ghost_marks_a_continuation_and_the_tint_shows_it(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert marks(w) == [(13, 34, "continuation")]
    qtbot.waitUntil(lambda: len(w.editor.extraSelections()) == 1, timeout=2000)
    sel = w.editor.extraSelections()[0]
    assert (sel.cursor.selectionStart(), sel.cursor.selectionEnd()) == (13, 34)
    w.looks.set_tint(False)
    assert w.editor.extraSelections() == [] and marks(w) == [(13, 34, "continuation")]


def test_marks_survive_save_and_reopen_and_edits_make_text_the_writers(qtbot, make_window, tmp_path):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    doc = tmp_path / "story.txt"
    assert w.desk.save_to(doc)
    assert doc.read_text() == "She walked to the end of the road."  # the document stays plain text
    assert sidecar_path(doc).is_file()
    w.desk.close_tab(0)
    assert w.desk.open_path(doc) and marks(w) == [(13, 34, "continuation")]
    assert "Continuation: 61.8%" in w.reports.authorship_text() and "You: 38.2%" in w.reports.authorship_text()
    c = w.editor.textCursor()
    c.setPosition(20)
    w.editor.setTextCursor(c)
    qtbot.keyClicks(w.editor, "very ")  # the writer edits the model's sentence: now it is theirs
    assert marks(w) == []
    assert w.desk.save() and not sidecar_path(doc).exists()


def test_session_statistics_count_shown_and_accepted(qtbot, make_window):
    w = make_window(FakeEngine(candidates=[" one two three"]))
    qtbot.keyClicks(w.editor, "Go")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.editor, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # one suggestion, two words
    assert (w.reports.stats.suggestions_shown, w.reports.stats.suggestions_accepted, w.reports.stats.model_words) == (1, 1, 2)
    text = w.reports.statistics_text()
    assert "Suggestions shown: 1" in text and "Suggestions accepted: 1 (100%)" in text
    assert "Words written this session: 3" in text


def test_actions_for_kinds_the_pack_lacks_are_hidden(qtbot, make_window):
    engine = FakeEngine(kinds=["vae"])
    w = make_window(engine)
    assert all(not a.isVisible() for a in w.menus.of_kind("lm"))
    engine.pack.kinds = ["lm", "vae"]
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        w.worker.reload(lambda: engine)
    assert all(a.isVisible() for a in w.menus.of_kind("lm"))
