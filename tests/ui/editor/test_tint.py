"""The tint behind model text, from the authorship marks."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from creagen_desktop.documents.authorship import Span
from creagen_desktop.ui.editor.tint import TINTS, tint_selections


def marks(w):
    return [(s.start, s.end, s.feature) for s in w.editor.marks.spans]


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


def test_each_feature_has_its_own_tint_and_spans_are_clamped_to_the_document(qtbot):
    doc = QTextDocument("Once upon a time")
    spans = [Span(0, 4, "spark"), Span(5, 99, "variation")]  # the second runs past the end
    first, second = tint_selections(doc, spans)
    assert (first.cursor.selectionStart(), first.cursor.selectionEnd()) == (0, 4)
    assert (second.cursor.selectionStart(), second.cursor.selectionEnd()) == (5, 16)
    assert first.format.background().color().getRgb()[:3] == TINTS["spark"]
    assert second.format.background().color().getRgb()[:3] == TINTS["variation"]
    assert "variation" in second.format.toolTip()
    assert tint_selections(doc, []) == []
