"""The tint behind text the model wrote: one soft colour per feature, painted under the visible
lines from the marks on the text (editor/marks.py). Painting, not formatting: turning the tint off
or on is a repaint, never an edit the undo history would hold."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QPlainTextEdit

from creagen_desktop.ui.editor.marks import feature_of

# Alpha keeps the writer's text colour readable on light and dark themes alike.
TINTS = {"continuation": (70, 130, 230), "variation": (60, 170, 90), "blend": (160, 90, 200), "spark": (230, 140, 40),
         "alternative": (20, 160, 170), "poem": (200, 60, 60)}
TINT_ALPHA = 45


def tint_color(feature: str) -> QColor:
    return QColor(*TINTS[feature], TINT_ALPHA)


def visible_blocks(editor: QPlainTextEdit):
    """(block, its top-left corner in viewport coordinates) for each block at least partly in view."""
    block = editor.firstVisibleBlock()
    offset = editor.contentOffset()
    height = editor.viewport().height()
    while block.isValid():
        corner = editor.blockBoundingGeometry(block).translated(offset).topLeft()
        if corner.y() > height:
            break
        if block.isVisible():
            yield block, corner
        block = block.next()


def range_rects(block, corner, start: int, end: int) -> list[QRectF]:
    """Rectangles covering block-relative characters [start, end), one per visual line."""
    layout = block.layout()
    rects = []
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        a, b = max(start, line.textStart()), min(end, line.textStart() + line.textLength())
        if a >= b:
            continue
        x0, x1 = line.cursorToX(a)[0], line.cursorToX(b)[0]
        x = corner.x() + layout.position().x()
        rects.append(QRectF(x + min(x0, x1), corner.y() + layout.position().y() + line.y(), abs(x1 - x0), line.height()))
    return rects


def marked_rects(editor: QPlainTextEdit) -> list[tuple[str, QRectF]]:
    """(feature, rectangle) for the model text in view."""
    out = []
    for block, corner in visible_blocks(editor):
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            feature = feature_of(frag.charFormat())
            if feature is not None:
                start = frag.position() - block.position()
                out += [(feature, r) for r in range_rects(block, corner, start, start + frag.length())]
            it += 1
    return out


def paint_tint(editor: QPlainTextEdit) -> None:
    """Paint the tints on the viewport, under the text (call before the editor paints its text)."""
    rects = marked_rects(editor)
    if not rects:
        return
    painter = QPainter(editor.viewport())
    for feature, rect in rects:
        painter.fillRect(rect, tint_color(feature))
    painter.end()
