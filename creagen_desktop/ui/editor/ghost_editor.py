"""The text widget and its ghost text.

Ghost text is painted over the viewport, never inserted into the document, so the undo history and
the saved file only ever hold what the writer typed or accepted.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from creagen_desktop.documents.authorship import AuthorshipMarks
from creagen_desktop.engine.context_window import window_start

_NEXT_WORD = re.compile(r"^\s*\S+")
_WORDS = re.compile(r"\s*\S+")
MAX_GHOST_LINES = 10  # beyond this the ghost is cut with "…"; the side panel shows it whole
_MODS = Qt.KeyboardModifier
_IGNORED_MODS = _MODS.KeypadModifier  # arrow keys carry it on some platforms
# A soft tint per feature for text the model wrote (alpha keeps the writer's text colour readable).
TINTS = {"continuation": (70, 130, 230), "variation": (60, 170, 90), "blend": (160, 90, 200), "spark": (230, 140, 40)}


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


class GhostEditor(QPlainTextEdit):
    """A plain-text editor that asks for suggestions after a pause and shows them as ghost text."""

    wants_suggestions = Signal(str)  # the text before the cursor
    suggestion_cleared = Signal()
    suggestion_changed = Signal(int)  # index of the candidate shown
    suggestions_cancelled = Signal()  # Esc before a result came: any pending result is unwanted
    accepted = Signal(str)  # text inserted from a suggestion
    generated = Signal(str, str)  # feature, text: model text went into the document

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(False)
        # Lets the view scroll past the last line, so ghost text below it has room to show.
        self.setCenterOnScroll(True)
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(300)
        self.pause.timeout.connect(self._pause_elapsed)
        self.suggestions_enabled = True  # automatic suggestions after a pause; Suggest now works regardless
        self._candidates: list[str] = []
        self._index = 0
        self._ghost = ""  # what is left to show of the current candidate
        self._ghost_pos = -1  # cursor position the ghost text belongs to
        self._own_edit = False  # our own insertions must not clear the ghost
        self._edit_pos = -1  # cursor position after the last edit
        self.marks = AuthorshipMarks()  # which passages the model wrote; they follow every edit
        self._generating: str | None = None  # the feature while insert_generated edits
        self.tint_enabled = True
        self.column_chars: int | None = None  # focus mode: a centred column this many characters wide
        self._tint_timer = QTimer(self)
        self._tint_timer.setSingleShot(True)
        self._tint_timer.timeout.connect(self._update_tint)
        self.document().contentsChange.connect(self._contents_changed)
        self.textChanged.connect(self._text_changed)
        self.cursorPositionChanged.connect(self._cursor_moved)

    # -- asking -------------------------------------------------------------------------------

    def set_pause_ms(self, ms: int) -> None:
        self.pause.setInterval(max(0, int(ms)))

    def set_suggestions_enabled(self, on: bool) -> None:
        self.suggestions_enabled = on
        if not on:
            self.pause.stop()
            self.clear_ghost()

    def can_suggest_here(self) -> bool:
        """True at the end of a line or before whitespace, never in the middle of a word."""
        cursor = self.textCursor()
        if cursor.hasSelection() or not self.suggestions_enabled:
            return False
        block_text = cursor.block().text()
        col = cursor.positionInBlock()
        if col < len(block_text) and not block_text[col].isspace():
            return False
        return bool(self.text_before_cursor().strip())

    def text_before_cursor(self) -> str:
        """The text the model reads: a bounded window before the cursor, however long the document."""
        pos = self.textCursor().position()
        cursor = QTextCursor(self.document())
        cursor.setPosition(window_start(pos))
        cursor.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")  # Qt's paragraph separator

    def suggest_now(self) -> bool:
        """Ask at once (Ctrl+Space), even mid-word or with automatic suggestions off: the writer asked."""
        self.pause.stop()
        if self.textCursor().hasSelection() or not self.text_before_cursor().strip():
            return False
        self.wants_suggestions.emit(self.text_before_cursor())
        return True

    def _pause_elapsed(self) -> None:
        # The pause counts from typing: if the caret was moved away since, do not pop up a suggestion there.
        if self.textCursor().position() == self._edit_pos and self.can_suggest_here():
            self.wants_suggestions.emit(self.text_before_cursor())

    # -- showing ------------------------------------------------------------------------------

    def show_candidates(self, candidates: list[str], for_text: str | None = None) -> bool:
        """Show candidates at the cursor; ignored (False) if the text before it changed since `for_text`."""
        if self.textCursor().hasSelection():
            return False
        if for_text is not None and for_text != self.text_before_cursor():
            return False
        candidates = [c for c in candidates if c]
        if not candidates:
            self.clear_ghost()
            return False
        self._candidates = candidates
        self._index = 0
        self._ghost = candidates[0]
        self._ghost_pos = self.textCursor().position()
        self.suggestion_changed.emit(0)
        self.viewport().update()
        return True

    @property
    def ghost_text(self) -> str:
        return self._ghost if self.has_ghost() else ""

    @property
    def candidates(self) -> list[str]:
        return list(self._candidates)

    @property
    def current_index(self) -> int:
        return self._index

    def has_ghost(self) -> bool:
        return bool(self._ghost) and self._ghost_pos == self.textCursor().position()

    def clear_ghost(self) -> None:
        had = bool(self._ghost) or bool(self._candidates)
        self._ghost, self._candidates, self._ghost_pos = "", [], -1
        if had:
            self.suggestion_cleared.emit()
            self.viewport().update()

    def cycle(self, step: int) -> bool:
        if not self._candidates or self._ghost_pos != self.textCursor().position():
            return False
        self._index = (self._index + step) % len(self._candidates)
        self._ghost = self._candidates[self._index]
        self.suggestion_changed.emit(self._index)
        self.viewport().update()
        return True

    def _keep_rest(self, rest: str, candidates: list[str]) -> None:
        """After a partial accept or typing along: the remainder stays as ghost at the new cursor."""
        if rest:
            self._candidates = candidates
            self._ghost, self._ghost_pos = rest, self.textCursor().position()
            self.viewport().update()
        else:
            self.clear_ghost()

    # -- accepting ----------------------------------------------------------------------------

    def insert_generated(self, text: str, feature: str, replace_selection: bool = False) -> None:
        """Put model text in the document as one undo step and mark it as the model's.

        feature is "continuation", "variation", "blend" or "spark". Without replace_selection the
        text goes at the cursor (a selection is left as it is and the text goes after it).
        """
        self._own_edit = True
        self._generating = feature
        try:
            # An edit block of its own: one undo step, never merged with the typing before it.
            cursor = self.textCursor()
            if not replace_selection and cursor.hasSelection():
                cursor.setPosition(cursor.selectionEnd())
            cursor.beginEditBlock()
            cursor.insertText(text)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
        finally:
            self._own_edit = False
            self._generating = None
        self._edit_pos = self.textCursor().position()
        self.ensureCursorVisible()
        self.generated.emit(feature, text)

    def _insert(self, text: str) -> None:
        self.insert_generated(text, "continuation")
        self.accepted.emit(text)

    def set_column(self, chars: int | None) -> None:
        self.column_chars = chars
        self._apply_column()

    def _apply_column(self) -> None:
        side = 0
        if self.column_chars:
            width = QFontMetricsF(self.font()).averageCharWidth() * self.column_chars
            side = max(0, int((self.width() - width) / 2))
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        if self.column_chars:
            self._apply_column()

    # -- authorship marks ---------------------------------------------------------------------

    def reset_marks(self, marks: AuthorshipMarks | None = None) -> None:
        """After loading a document: its own marks (from the sidecar) or none."""
        self.marks = marks or AuthorshipMarks()
        self._update_tint()

    def set_tint_enabled(self, on: bool) -> None:
        self.tint_enabled = on
        self._update_tint()

    def _contents_changed(self, pos: int, removed: int, added: int) -> None:
        self.marks.edit(pos, removed, added, self._generating)
        if self.marks.spans or self.extraSelections():
            self._tint_timer.start(0)  # once per burst of edits, after Qt has settled the layout

    def _update_tint(self) -> None:
        selections = []
        if self.tint_enabled:
            length = self.document().characterCount() - 1
            for span in self.marks.spans:
                sel = QTextEdit.ExtraSelection()
                sel.format.setBackground(QColor(*TINTS[span.feature], 45))
                sel.format.setToolTip(f"Written by the model ({span.feature})")
                sel.format.setProperty(QTextFormat.Property.UserProperty, span.feature)
                cursor = QTextCursor(self.document())
                cursor.setPosition(min(span.start, length))
                cursor.setPosition(min(span.end, length), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                selections.append(sel)
        self.setExtraSelections(selections)

    def accept_all(self) -> bool:
        if not self.has_ghost():
            return False
        text = self._ghost
        self.clear_ghost()
        self._insert(text)
        if self.suggestions_enabled:
            self.pause.start()  # after a pause, offer what comes next
        return True

    def accept_word(self) -> bool:
        if not self.has_ghost():
            return False
        m = _NEXT_WORD.match(self._ghost)
        word = m.group(0) if m else self._ghost
        rest, candidates = self._ghost[len(word):], self._candidates
        self._ghost = ""
        self._insert(word)
        self._keep_rest(rest if rest.strip() else "", candidates)
        if not self.has_ghost() and self.suggestions_enabled:
            self.pause.start()
        return True

    def insert_candidate(self, index: int) -> bool:
        """Insert candidate `index` in full (from the side panel); only where it was suggested."""
        if not (0 <= index < len(self._candidates)) or self._ghost_pos != self.textCursor().position():
            return False
        text = self._candidates[index]
        self.clear_ghost()
        self._insert(text)
        self.setFocus()
        if self.suggestions_enabled:
            self.pause.start()
        return True

    # -- events -------------------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        key, mods = e.key(), e.modifiers() & ~_IGNORED_MODS
        ghost = self.has_ghost()
        if ghost and key == Qt.Key.Key_Tab and mods == _MODS.NoModifier:
            self.accept_all()
            return
        if key == Qt.Key.Key_Escape and mods == _MODS.NoModifier:
            if ghost:
                self.clear_ghost()
                return
            # Nothing shows yet, but a pause or a request may be under way: the writer does not want it.
            self.pause.stop()
            self.suggestions_cancelled.emit()
        if ghost and key == Qt.Key.Key_Right and mods == _MODS.ControlModifier:
            self.accept_word()
            return
        # Exactly Alt: AltGr (Ctrl+Alt on Windows) types brackets on many keyboard layouts.
        if mods == _MODS.AltModifier and key in (Qt.Key.Key_BracketRight, Qt.Key.Key_BracketLeft):
            if self.cycle(1 if key == Qt.Key.Key_BracketRight else -1):
                return
        typed = e.text().replace("\r", "\n")  # Enter arrives as "\r"
        if ghost and typed and (typed.isprintable() or typed == "\n") and self._ghost.startswith(typed):
            # The writer is typing what the ghost predicted: keep the rest of it, no new request.
            rest, candidates, expected = self._ghost[len(typed):], self._candidates, self._ghost_pos + len(typed)
            self._own_edit = True
            try:
                super().keyPressEvent(e)
            finally:
                self._own_edit = False
            self._edit_pos = self.textCursor().position()
            if self.textCursor().position() == expected and rest:
                self._keep_rest(rest, candidates)
            else:  # typed it all (or the widget did something else): ask again after the pause
                self.clear_ghost()
                if self.suggestions_enabled:
                    self.pause.start()
            return
        super().keyPressEvent(e)

    def _text_changed(self) -> None:
        if self._own_edit:
            return
        self._edit_pos = self.textCursor().position()
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
        c.setAlphaF(0.45)
        return c

    def ghost_lines(self) -> list[tuple[float, float, str]]:
        """Where the ghost is painted: (x, top y, text) per visual line, in viewport coordinates.

        At the end of a paragraph the ghost wraps like text: its first line continues after the
        cursor, the rest start at the left margin below. Inside a line only the ghost's first line
        shows, pushing the rest of the writer's line to the right (see paintEvent).
        """
        if not self.has_ghost():
            return []
        fm = QFontMetricsF(self.font())
        crect = self.cursorRect()
        margin = self.document().documentMargin()
        left = self.contentOffset().x() + margin
        right = self.viewport().width() - margin
        x0 = crect.left() + self.cursorWidth()
        line_h = fm.lineSpacing()
        paragraphs = self._ghost.replace("\t", "    ").split("\n")
        cursor = self.textCursor()
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

    def paintEvent(self, e) -> None:
        super().paintEvent(e)
        lines = self.ghost_lines()
        if not lines:
            return
        painter = QPainter(self.viewport())
        painter.setFont(self.font())
        fm = QFontMetricsF(self.font())
        line_h = fm.lineSpacing()
        base = self.palette().color(QPalette.ColorRole.Base)
        right = self.viewport().width() - self.document().documentMargin()
        cursor = self.textCursor()
        block = cursor.block()
        col = cursor.positionInBlock()
        if col < len(block.text()):
            # Inside a line: show the ghost as if inserted, with the rest of this visual line after it.
            line = block.layout().lineForTextPosition(col)
            tail = block.text()[col: line.textStart() + line.textLength()].replace("\t", "    ")
            x, y, text = lines[0]
            painter.fillRect(QRectF(x, y, right - x, line_h), base)
            text = fm.elidedText(text, Qt.TextElideMode.ElideRight, right - x)
            painter.setPen(self.ghost_color())
            painter.drawText(QPointF(x, y + fm.ascent()), text)
            x += fm.horizontalAdvance(text)
            painter.setPen(self.palette().color(QPalette.ColorRole.Text))
            painter.drawText(QPointF(x, y + fm.ascent()), fm.elidedText(tail, Qt.TextElideMode.ElideRight, max(0.0, right - x)))
            painter.end()
            return
        below = lines[1:]
        if below and block.next().isValid():
            # Lines below would cover the writer's next paragraphs: put them on a card as wide as
            # the text, so no half-covered line of theirs peeks out beside the ghost.
            top, left = below[0][1], below[0][0]
            card = QRectF(left - 3, top - 1, right - left + 6, below[-1][1] + line_h - top + 2)
            painter.fillRect(card, base)
            painter.setPen(QPen(self.ghost_color(), 1, Qt.PenStyle.DotLine))
            painter.drawRect(card)
        painter.setPen(self.ghost_color())
        for x, y, text in lines:
            painter.drawText(QPointF(x, y + fm.ascent()), text)
        painter.end()
