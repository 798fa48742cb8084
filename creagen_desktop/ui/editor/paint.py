"""Drawing on the editor's viewport: the ghost text, and the focus-mode column's margins.

Ghost text is painted over the viewport, never inserted into the document, so the undo history and
the saved file only ever hold what the writer typed or accepted.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QPlainTextEdit

_WORDS = re.compile(r"\s*\S+")
MAX_GHOST_LINES = 10  # beyond this the ghost is cut with "…"; the side panel shows it whole


def wrap_words(text: str, first_width: float, width: float, advance) -> list[str]:
    """Greedy word wrap of one paragraph: the first line has `first_width`, the others `width`.

    Leading spaces of wrapped lines are dropped; a word wider than a whole line gets a line of its own.
    """
    lines: list[str] = []
    line, avail = "", first_width
    for word in _WORDS.findall(text):
        if advance(line + word) <= avail or (not line and avail == width):
            line += word
            continue
        lines.append(line)
        line, avail = word.lstrip(), width
    lines.append(line)
    return lines


def ghost_color(editor: QPlainTextEdit) -> QColor:
    c = editor.palette().color(QPalette.ColorRole.Text)
    c.setAlphaF(0.45)
    return c


def ghost_lines(editor: QPlainTextEdit, ghost: str) -> list[tuple[float, float, str]]:
    """Where `ghost` is painted at the editor's cursor: (x, top y, text) per visual line, in viewport coordinates.

    At the end of a paragraph the ghost wraps like text: its first line continues after the
    cursor, the rest start at the left margin below. Inside a line only the ghost's first line
    shows, pushing the rest of the writer's line to the right (see paint_ghost).
    """
    if not ghost:
        return []
    fm = QFontMetricsF(editor.font())
    crect = editor.cursorRect()
    margin = editor.document().documentMargin()
    left = editor.contentOffset().x() + margin
    right = editor.viewport().width() - margin
    x0 = crect.left() + editor.cursorWidth()
    line_h = fm.lineSpacing()
    paragraphs = ghost.replace("\t", "    ").split("\n")
    cursor = editor.textCursor()
    if cursor.positionInBlock() < len(cursor.block().text()):
        more = " ↵…" if len(paragraphs) > 1 else ""
        return [(x0, crect.top(), paragraphs[0] + more)]
    out: list[tuple[float, float, str]] = []
    y = crect.top()
    for i, para in enumerate(paragraphs):
        if i == 0:
            lines = wrap_words(para, right - x0, right - left, fm.horizontalAdvance)
            if para and not para.strip():
                lines = [""]
        else:
            lines = wrap_words(para, right - left, right - left, fm.horizontalAdvance)
        for j, text in enumerate(lines):
            if i == 0 and j == 0:
                out.append((x0, y, text))
            else:
                y += line_h
                out.append((left, y, text))
    if len(out) > MAX_GHOST_LINES:
        out = out[:MAX_GHOST_LINES]
        x, y, text = out[-1]
        out[-1] = (x, y, text + " …")
    return out


def paint_ghost(editor: QPlainTextEdit, lines: list[tuple[float, float, str]]) -> None:
    """Paint the ghost's lines (from ghost_lines) over the editor's viewport."""
    if not lines:
        return
    painter = QPainter(editor.viewport())
    painter.setFont(editor.font())
    fm = QFontMetricsF(editor.font())
    line_h = fm.lineSpacing()
    base = editor.palette().color(QPalette.ColorRole.Base)
    right = editor.viewport().width() - editor.document().documentMargin()
    cursor = editor.textCursor()
    block = cursor.block()
    col = cursor.positionInBlock()
    if col < len(block.text()):
        # Inside a line: show the ghost as if inserted, with the rest of this visual line after it;
        # when both do not fit, the rest moves to a card on the line below, never hidden behind "…".
        line = block.layout().lineForTextPosition(col)
        tail = block.text()[col: line.textStart() + line.textLength()].replace("\t", "    ")
        x, y, text = lines[0]
        left = editor.contentOffset().x() + editor.document().documentMargin()
        painter.fillRect(QRectF(x, y, right - x, line_h), base)
        fits = fm.horizontalAdvance(text) + fm.horizontalAdvance(tail) <= right - x
        text = text if fits else fm.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
        painter.setPen(ghost_color(editor))
        painter.drawText(QPointF(x, y + fm.ascent()), text)
        painter.setPen(editor.palette().color(QPalette.ColorRole.Text))
        if fits:
            painter.drawText(QPointF(x + fm.horizontalAdvance(text), y + fm.ascent()), tail)
        elif tail.strip():
            card = QRectF(left - 3, y + line_h - 1, right - left + 6, line_h + 2)
            painter.fillRect(card, base)
            painter.setPen(QPen(ghost_color(editor), 1, Qt.PenStyle.DotLine))
            painter.drawRect(card)
            painter.setPen(editor.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QPointF(left, y + line_h + fm.ascent()), tail.lstrip())
        painter.end()
        return
    below = lines[1:]
    if below and block.next().isValid():
        # Lines below would cover the writer's next paragraphs: put them on a card as wide as
        # the text, so no half-covered line of theirs peeks out beside the ghost.
        top, left = below[0][1], below[0][0]
        card = QRectF(left - 3, top - 1, right - left + 6, below[-1][1] + line_h - top + 2)
        painter.fillRect(card, base)
        painter.setPen(QPen(ghost_color(editor), 1, Qt.PenStyle.DotLine))
        painter.drawRect(card)
    painter.setPen(ghost_color(editor))
    for x, y, text in lines:
        painter.drawText(QPointF(x, y + fm.ascent()), text)
    painter.end()


def column_margin(editor: QPlainTextEdit, chars: int | None) -> int:
    """The side margin that leaves a centred column `chars` characters wide (0: no column)."""
    if not chars:
        return 0
    width = QFontMetricsF(editor.font()).averageCharWidth() * chars
    return max(0, int((editor.width() - width) / 2))


def paint_underlines(editor: QPlainTextEdit, underlines) -> None:
    """Wavy red lines under the misspelled words in view. `underlines(block)` gives the block's
    (start, end) ranges in editor positions, or nothing while the block is not checked yet."""
    from creagen_desktop.ui.editor.tint import range_rects, visible_blocks

    rects = [r for block, corner in visible_blocks(editor) for a, b in (underlines(block) or ())
             for r in range_rects(block, corner, a, b)]
    if not rects:
        return
    painter = QPainter(editor.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(220, 40, 40), 1.2))
    for r in rects:
        y, x, step, up = r.bottom() - 2, r.left(), 2.0, True
        path = QPainterPath(QPointF(x, y))
        while x < r.right():
            x += step
            path.lineTo(QPointF(x, y - 1.5 if up else y + 0.5))
            up = not up
        painter.drawPath(path)
    painter.end()
