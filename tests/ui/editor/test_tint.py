"""The tint behind model text, painted from the marks on the text."""

from PySide6.QtCore import Qt

from creagen_desktop.ui.editor.tint import TINTS, marked_rects, tint_color


def marks(w):
    return [(s.start, s.end, s.feature) for s in w.editor.marks.spans]


def test_accepting_a_ghost_marks_a_continuation_and_the_tint_shows_it(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "She walked to")
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert marks(w) == [(13, 34, "continuation")]
    [(feature, rect)] = marked_rects(w.editor)
    c = w.editor.textCursor()
    c.setPosition(13)
    start = w.editor.cursorRect(c)
    c.setPosition(34)
    end = w.editor.cursorRect(c)
    assert feature == "continuation"
    assert abs(rect.left() - start.left()) <= 2 and abs(rect.right() - end.left()) <= 2 and abs(rect.top() - start.top()) <= 2
    w.looks.set_tint(False)
    assert not w.editor.tint_enabled and marks(w) == [(13, 34, "continuation")]
    assert not w.editor.document().isUndoAvailable() or w.editor.toPlainText() == "She walked to the end of the road."


def test_the_tint_is_painted_under_the_text(qtbot, make_window):
    w = make_window()
    w.editor.insert_generated("A long line written by the model.", "spark")
    w.editor.clearFocus()
    qtbot.wait(50)
    image = w.editor.viewport().grab().toImage()
    [(_, rect)] = marked_rects(w.editor)
    inside = image.pixelColor(int(rect.left()) + 2, int(rect.bottom()) - 1)
    tint = tint_color("spark")
    base = w.editor.palette().color(w.editor.viewport().backgroundRole())
    assert inside != base and inside.red() > inside.blue()  # an orange tint over the base colour
    w.looks.set_tint(False)
    qtbot.wait(50)
    image = w.editor.viewport().grab().toImage()
    assert image.pixelColor(int(rect.left()) + 2, int(rect.bottom()) - 1) == base
    assert tint.alpha() < 80 and TINTS["spark"] == (230, 140, 40)


def test_each_feature_has_its_own_tint(qtbot, make_window):
    w = make_window()
    w.editor.insert_generated("Once", "spark")
    w.editor.insert_generated(" upon", "variation")
    assert [f for f, _ in marked_rects(w.editor)] == ["spark", "variation"]
    assert len({tint_color(f).name() for f in TINTS}) == len(TINTS)
