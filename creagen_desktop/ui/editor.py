"""The text widget and its ghost text.

Ghost text is painted over the viewport, never inserted into the document, so the undo history and
the saved file only ever hold what the writer typed or accepted.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QKeyEvent, QPainter, QPalette, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

_NEXT_WORD = re.compile(r"^\s*\S+")


class GhostEditor(QPlainTextEdit):
    """A plain-text editor that asks for suggestions after a pause and shows them as ghost text."""

    wants_suggestions = Signal(str)  # the text before the cursor
    suggestion_cleared = Signal()
    suggestion_changed = Signal(int)  # index of the candidate shown
    accepted = Signal(str)  # text inserted from a suggestion

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(False)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(300)
        self.pause.timeout.connect(self._pause_elapsed)
        self.suggestions_enabled = True
        self._candidates: list[str] = []
        self._index = 0
        self._ghost = ""  # what is left to show of the current candidate
        self._ghost_pos = -1  # cursor position the ghost text belongs to
        self._own_edit = False  # our own insertions must not clear the ghost
        self.textChanged.connect(self._text_changed)
        self.cursorPositionChanged.connect(self._cursor_moved)

    # -- asking -------------------------------------------------------------------------------

    def set_pause_ms(self, ms: int) -> None:
        self.pause.setInterval(max(0, int(ms)))

    def can_suggest_here(self) -> bool:
        cursor = self.textCursor()
        if cursor.hasSelection() or not self.suggestions_enabled:
            return False
        block_text = cursor.block().text()
        col = cursor.positionInBlock()
        # only at the end of a word: not in the middle of one
        if col < len(block_text) and not block_text[col].isspace():
            return False
        return bool(self.text_before_cursor().strip())

    def text_before_cursor(self) -> str:
        return self.toPlainText()[: self.textCursor().position()]

    def suggest_now(self) -> None:
        self.pause.stop()
        if self.suggestions_enabled and not self.textCursor().hasSelection() and self.text_before_cursor().strip():
            self.wants_suggestions.emit(self.text_before_cursor())

    def _pause_elapsed(self) -> None:
        if self.can_suggest_here():
            self.wants_suggestions.emit(self.text_before_cursor())

    # -- showing ------------------------------------------------------------------------------

    def show_candidates(self, candidates: list[str], for_text: str | None = None) -> None:
        """Show candidates for the current cursor (ignored if the text before it changed since)."""
        if for_text is not None and for_text != self.text_before_cursor():
            return
        candidates = [c for c in candidates if c]
        if not candidates:
            self.clear_ghost()
            return
        self._candidates = candidates
        self._index = 0
        self._ghost = candidates[0]
        self._ghost_pos = self.textCursor().position()
        self.suggestion_changed.emit(0)
        self.viewport().update()

    @property
    def ghost_text(self) -> str:
        return self._ghost if self.has_ghost() else ""

    @property
    def candidates(self) -> list[str]:
        return list(self._candidates)

    def has_ghost(self) -> bool:
        return bool(self._ghost) and self._ghost_pos == self.textCursor().position()

    def clear_ghost(self) -> None:
        had = bool(self._ghost) or bool(self._candidates)
        self._ghost, self._candidates, self._ghost_pos = "", [], -1
        if had:
            self.suggestion_cleared.emit()
            self.viewport().update()

    def cycle(self, step: int) -> None:
        if not self._candidates or self._ghost_pos != self.textCursor().position():
            return
        self._index = (self._index + step) % len(self._candidates)
        self._ghost = self._candidates[self._index]
        self.suggestion_changed.emit(self._index)
        self.viewport().update()

    # -- accepting ----------------------------------------------------------------------------

    def _insert(self, text: str) -> None:
        self._own_edit = True
        try:
            # an edit block of its own keeps the acceptance from merging with the typing before it
            cursor = self.textCursor()
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
        finally:
            self._own_edit = False
        self.accepted.emit(text)
        if self.suggestions_enabled:
            self.pause.start()  # after a pause, offer what comes next

    def accept_all(self) -> bool:
        if not self.has_ghost():
            return False
        text = self._ghost
        self.clear_ghost()
        self._insert(text)
        return True

    def accept_word(self) -> bool:
        if not self.has_ghost():
            return False
        m = _NEXT_WORD.match(self._ghost)
        word = m.group(0) if m else self._ghost
        rest = self._ghost[len(word) :]
        candidates = self._candidates
        self._ghost = ""
        self._insert(word)
        if rest.strip():
            self._candidates = candidates
            self._ghost, self._ghost_pos = rest, self.textCursor().position()
            self.viewport().update()
        else:
            self.clear_ghost()
        return True

    def insert_candidate(self, index: int) -> bool:
        """Insert candidate `index` in full (from the side panel)."""
        if not (0 <= index < len(self._candidates)) or self._ghost_pos != self.textCursor().position():
            return False
        text = self._candidates[index]
        self.clear_ghost()
        self._insert(text)
        return True

    # -- events -------------------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key, mods = e.key(), e.modifiers()
        ghost = self.has_ghost()
        if ghost and key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.NoModifier:
            self.accept_all()
            return
        if ghost and key == Qt.Key.Key_Escape:
            self.clear_ghost()
            return
        if ghost and key == Qt.Key.Key_Right and mods == Qt.KeyboardModifier.ControlModifier:
            self.accept_word()
            return
        if mods & Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
            if self._candidates:
                self.cycle(1 if key == Qt.Key.Key_BracketRight else -1)
                return
        typed = e.text()
        if ghost and typed and typed.isprintable() and self._ghost.startswith(typed):
            # the writer is typing what the ghost predicted: keep the rest of it
            rest = self._ghost[len(typed) :]
            candidates = self._candidates
            self._own_edit = True
            try:
                super().keyPressEvent(e)
            finally:
                self._own_edit = False
            if rest and self.textCursor().position() == self._ghost_pos + len(typed):
                self._candidates = candidates
                self._ghost, self._ghost_pos = rest, self.textCursor().position()
                self.viewport().update()
            else:
                self.clear_ghost()
                self.pause.start()
            return
        super().keyPressEvent(e)

    def _text_changed(self) -> None:
        if self._own_edit:
            return
        self.clear_ghost()
        if self.suggestions_enabled:
            self.pause.start()

    def _cursor_moved(self) -> None:
        if self._own_edit:
            return
        if self._ghost and self._ghost_pos != self.textCursor().position():
            self.clear_ghost()

    # -- painting -----------------------------------------------------------------------------

    def ghost_color(self) -> QColor:
        c = self.palette().color(QPalette.ColorRole.Text)
        c.setAlphaF(0.42)
        return c

    def paintEvent(self, e) -> None:
        super().paintEvent(e)
        if not self.has_ghost():
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.ghost_color())
        painter.setFont(self.font())
        fm = QFontMetricsF(self.font())
        rect: QRect = self.cursorRect()
        right_edge = self.viewport().width() - 4
        left_edge = int(self.contentOffset().x() + self.document().documentMargin())
        x, y = rect.left() + 1, rect.top()
        line_h = fm.lineSpacing()
        last_block = self.textCursor().block() == self.document().lastBlock()
        # Wrap across the empty space below the last paragraph; elsewhere stay on the cursor's line
        # so the ghost never covers the writer's own text.
        words = re.findall(r"\s*\S+", self._ghost)
        line = ""
        for w in words:
            trial = line + w
            if x + fm.horizontalAdvance(trial) <= right_edge or not line and x == left_edge:
                line = trial
                continue
            if not last_block:
                line = fm.elidedText(line + w, Qt.TextElideMode.ElideRight, right_edge - x)
                break
            painter.drawText(int(x), int(y + fm.ascent()), line)
            x, y, line = left_edge, y + line_h, w.lstrip()
        if line:
            painter.drawText(int(x), int(y + fm.ascent()), line)
        painter.end()
