"""Painting the ghost: grey after the cursor, covering the rest of a line inside it, wrapping below."""

from fakes import FakeEngine
from PySide6.QtGui import QColor

from creagen_desktop.ui.editor.paint import MAX_GHOST_LINES, wrap_words


def ghost_at_end(qtbot, w, text):
    """Put `text` in the editor and ask at once; no pause timer involved."""
    w.editor.setPlainText(text)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    assert w.editor.suggest_now()
    qtbot.waitUntil(w.editor.has_ghost, timeout=5000)


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


def test_wrap_words_fills_lines_and_gives_a_long_word_its_own_line():
    advance = len  # one unit per character
    assert wrap_words(" one two three", 8, 10, advance) == [" one two", "three"]
    assert wrap_words(" a b", 2, 10, advance) == [" a", "b"]
    # the first line has no room left: the ghost starts on the next line; an over-long word stands alone
    assert wrap_words(" extraordinarily long", 3, 6, advance) == ["", "extraordinarily", "long"]


def test_a_long_ghost_is_cut_after_ten_lines(qtbot, make_window):
    w = make_window(FakeEngine(candidates=["\n".join(f"Line {i}." for i in range(1, 30))]))
    ghost_at_end(qtbot, w, "It began.")
    lines = w.editor.ghost_lines()
    assert len(lines) == MAX_GHOST_LINES and lines[-1][2].endswith(" …")
