"""The text widget: asks for suggestions after a pause, shows them as ghost text, takes them in.

The ghost's state is in ghost.py, when it may speak unasked in etiquette.py, its clocks in ghost_timers.py,
painting in paint.py and tint.py. Who wrote each character is its format's (marks.py), so undo, cut, paste and
drag carry it; this class keeps the writer's typing out of the model's format, handles keys, wires the rest.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from creagen_desktop.documents.authorship import Span
from creagen_desktop.engine.context_window import window_start
from creagen_desktop.engine.words import WORD, char_class
from creagen_desktop.ui.editor import clipboard, paint
from creagen_desktop.ui.editor.announce import announce
from creagen_desktop.ui.editor.etiquette import Etiquette
from creagen_desktop.ui.editor.ghost import Ghost
from creagen_desktop.ui.editor.ghost_timers import GhostTimers
from creagen_desktop.ui.editor.marks import WRITER, MarkLedger, load_text, model_format
from creagen_desktop.ui.editor.tint import paint_tint
from creagen_desktop.ui.menus import editor_keys

_IGNORED_MODS = Qt.KeyboardModifier.KeypadModifier  # arrow keys carry it on some platforms
# The keys this widget handles itself, from the action table (the menus name the same keys);
# matched exactly: AltGr (Ctrl+Alt on Windows) types brackets on many layouts and is not Alt.
_KEYS = {name.split(".")[1]: (seq[0].key().value, seq[0].keyboardModifiers()) for name, seq in editor_keys().items()}


class GhostEditor(QPlainTextEdit):
    """A plain-text editor that asks for suggestions after a pause and shows them as ghost text."""

    wants_suggestions = Signal(str)  # the text before the cursor, after a pause
    asks_suggestions = Signal(str)  # the same, when the writer asked (Suggest now)
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
        self.etiquette = Etiquette()
        self.markdown = False  # a Markdown document: no ghost in its headings
        self.timers = GhostTimers(self, self.etiquette, self._pause_elapsed, self.clear_ghost)
        self.pause = self.timers.pause
        self.suggestions_enabled = True  # automatic suggestions after a pause; Suggest now works regardless
        self.ghost = Ghost()
        self._own_edit = False  # our own insertions must not clear the ghost
        self._edit_pos = -1  # cursor position after the last edit
        self.marks = MarkLedger(self.document(), self.document())  # what the model wrote, read from the text's formats
        self.tint_enabled = True
        self.column_chars: int | None = None  # focus mode: a centred column this many characters wide
        self.announced = ""  # what the ghost last told assistive technology
        self.composing = False  # an input method's composition (preedit) is under way
        self.setAccessibleName("Document text")
        self.underlines = None  # underlines(block) -> misspelled (start, end) ranges: set by the spelling room
        self.document().contentsChange.connect(lambda _pos, removed, added: self.etiquette.edit_seen(
            removed, added, self.document().availableUndoSteps(), self._own_edit))
        self.textChanged.connect(self._text_changed)
        self.cursorPositionChanged.connect(self._cursor_moved)

    def _pos(self) -> int:
        return self.textCursor().position()

    # -- asking -------------------------------------------------------------------------------

    def set_pause_ms(self, ms: int) -> None:
        self.timers.set_pause_ms(ms)

    def set_suggestions_enabled(self, on: bool) -> None:
        self.suggestions_enabled = on
        if not on:
            self.pause.stop()
            self.clear_ghost()

    def can_suggest_here(self) -> bool:
        """At a word's end, after a space or anywhere in Chinese, never inside a word; where the etiquette allows."""
        cursor = self.textCursor()
        if cursor.hasSelection() or not self.suggestions_enabled:
            return False
        line, col = cursor.block().text(), cursor.positionInBlock()
        if col < len(line) and char_class(line[col]) == WORD:
            return False
        return self.etiquette.may_ask(line, col, self.markdown)

    def text_before_cursor(self) -> str:
        """The text the model reads: a bounded window before the cursor, however long the document."""
        pos = self._pos()
        cursor = QTextCursor(self.document())
        cursor.setPosition(window_start(pos))
        cursor.setPosition(pos, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")  # Qt's paragraph separator

    def suggest_now(self) -> bool:
        """Ask at once (Ctrl+Space), even mid-word or with automatic suggestions off: the writer asked."""
        self.pause.stop()
        if self.textCursor().hasSelection() or not self.text_before_cursor().strip():
            return False
        self.asks_suggestions.emit(self.text_before_cursor())
        return True

    def _pause_elapsed(self) -> None:
        # The pause counts from typing: if the caret was moved away since, do not pop up a suggestion there.
        if self._pos() == self._edit_pos and self.can_suggest_here():
            self.wants_suggestions.emit(self.text_before_cursor())

    def _ask_after_pause(self) -> None:
        if self.suggestions_enabled:
            self.pause.start()

    # -- showing ------------------------------------------------------------------------------

    def show_candidates(self, candidates: list[str], for_text: str | None = None) -> bool:
        """Show candidates at the cursor; ignored (False) if the text before it changed since `for_text`."""
        if self.textCursor().hasSelection():
            return False
        if for_text is not None and for_text != self.text_before_cursor():
            return False
        if not self.ghost.show(candidates, self._pos()):
            self.clear_ghost()
            return False
        if self.ghost.text:  # (an empty first candidate: the model was not sure, nothing shows)
            self.suggestion_changed.emit(0)
            self.timers.shown()
            self._announce()
        self.viewport().update()
        return True

    def offer_more(self, candidates: list[str], for_text: str | None = None) -> bool:
        """More candidates for the suggestion on offer here (the side panel's), after the ghost's."""
        ok = (for_text is None or for_text == self.text_before_cursor()) and self.ghost.offer_more(candidates, self._pos())
        if ok and self.ghost.text:
            self._announce(aloud=False)  # the description now says how many there are to cycle
        return ok

    def _announce(self, aloud: bool = True) -> None:
        self.announced = announce(self, self.ghost, aloud)

    @property
    def ghost_text(self) -> str:
        return self.ghost.text if self.has_ghost() else ""

    @property
    def candidates(self) -> list[str]:
        return list(self.ghost.candidates)

    @property
    def current_index(self) -> int:
        return self.ghost.index

    def has_ghost(self) -> bool:
        return self.ghost.shows_at(self._pos())

    def clear_ghost(self) -> None:
        self.timers.hide_after.stop()
        if self.accessibleDescription():
            self.setAccessibleDescription("")
        if self.ghost.clear():
            self.suggestion_cleared.emit()
            self.viewport().update()

    def cycle(self, step: int) -> bool:
        index = self.ghost.cycle(step, self._pos())
        if index is None:
            return False
        self.suggestion_changed.emit(index)
        self.timers.shown()
        self.viewport().update()
        self._announce()
        return True

    def _keep_rest(self, rest: str) -> None:
        """After a partial accept or typing along: the remainder stays as ghost at the new cursor."""
        if self.ghost.keep(rest, self._pos()):
            self.timers.shown()
            self.viewport().update()
        else:
            self.clear_ghost()

    # -- accepting ----------------------------------------------------------------------------

    def insert_generated(self, text: str, feature: str, replace_selection: bool = False) -> None:
        """Put model text in the document as one undo step and mark it as the model's.

        feature is "continuation", "variation", "blend" or "spark". Without replace_selection the
        text goes at the cursor (a selection is left as it is and the text goes after it).
        """
        fmt = model_format(feature)
        self._own_edit = True
        try:
            # An edit block of its own: one undo step, never merged with the typing before it (and
            # the model's format keeps Qt from merging it with typing after it).
            cursor = self.textCursor()
            if not replace_selection and cursor.hasSelection():
                cursor.setPosition(cursor.selectionEnd())
            cursor.beginEditBlock()
            cursor.insertText(text, fmt)
            cursor.endEditBlock()
            self.setTextCursor(cursor)
        finally:
            self._own_edit = False
        self._edit_pos = self._pos()
        self.ensureCursorVisible()
        self.generated.emit(feature, text)

    def _insert(self, text: str) -> None:
        self.insert_generated(text, "continuation")
        self.timers.accepted()
        self.accepted.emit(text)

    def accept_all(self) -> bool:
        if not self.has_ghost():
            return False
        text = self.ghost.text
        self.clear_ghost()
        self._insert(text)
        self._ask_after_pause()  # after a pause, offer what comes next
        return True

    def accept_word(self) -> bool:
        if not self.has_ghost():
            return False
        word, rest = self.ghost.take_word()
        self._insert(word)
        self._keep_rest(rest if rest.strip() else "")
        if not self.has_ghost():
            self._ask_after_pause()
        return True

    def insert_candidate(self, index: int) -> bool:
        """Insert candidate `index` in full (from the side panel); only where it was suggested."""
        text = self.ghost.candidate(index, self._pos())
        if text is None:
            return False
        self.clear_ghost()
        self._insert(text)
        self.setFocus()
        self._ask_after_pause()
        return True

    # -- focus column and authorship tint -----------------------------------------------------

    def set_column(self, chars: int | None) -> None:
        self.column_chars = chars
        self._apply_column()

    def _apply_column(self) -> None:
        side = paint.column_margin(self, self.column_chars)
        self.setViewportMargins(side, 0, side, 0)

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        if self.column_chars:
            self._apply_column()

    def load_text(self, text: str, spans: list[Span] = ()) -> None:
        """Show a loaded document (a new undo history), its own marks (from the sidecar or a
        recovery copy) on the text."""
        self.marks.adopt(load_text(self.document(), text, list(spans)))
        self.viewport().update()

    def setPlainText(self, text: str) -> None:
        """All of a new text is the writer's (Qt would give it the old first character's format)."""
        self.load_text(text)

    def set_tint_enabled(self, on: bool) -> None:
        self.tint_enabled = on
        self.viewport().update()

    # -- the writer's text is the writer's ----------------------------------------------------

    def _type_as_writer(self, e: QKeyEvent) -> bool:
        """Typing over a selection: replace it with the writer's text in one undo step. True if done."""
        cursor = self.textCursor()
        text = e.text().replace("\r", "\n")
        if not cursor.hasSelection() or not text or not (text.isprintable() or text == "\n"):
            return False
        cursor.beginEditBlock()
        cursor.removeSelectedText()
        cursor.insertText(text, WRITER)
        cursor.endEditBlock()
        self.setTextCursor(cursor)
        self.ensureCursorVisible()
        return True

    def inputMethodEvent(self, e) -> None:
        """A composition (preedit) never asks for, moves or covers the ghost (unpainted till it ends); a commit is typing."""
        if not self.textCursor().hasSelection():
            self.setCurrentCharFormat(WRITER)
        commit = e.commitString()
        self.composing = bool(e.preeditString()) and not commit
        rest = self.ghost.typed_through(commit) if commit and self.has_ghost() and not e.replacementLength() else None
        if commit and rest is None:
            return super().inputMethodEvent(e)  # the writer's own text: the ghost goes, a pause asks again
        self._own_edit = True  # Qt redraws the composition as an edit of the block: not the writer's
        try:
            super().inputMethodEvent(e)
        finally:
            self._own_edit = False
        self.pause.stop()  # still composing (the writer is typing), or typed along the ghost
        if commit:
            self._edit_pos = self._pos()
            self._keep_rest(rest if self._pos() == self.ghost.pos + len(commit) else "")
            if not self.has_ghost():
                self._ask_after_pause()
        self.viewport().update()

    def createMimeDataFromSelection(self):
        return clipboard.mime_for(self.textCursor(), self.marks)

    def canInsertFromMimeData(self, source) -> bool:
        return source.hasText() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:
        """Paste and drop: Creagen's own text keeps its marks; anything else comes in as the writer's."""
        if not source.hasText():
            return
        text = source.text()
        cursor = self.textCursor()
        clipboard.insert_with_marks(cursor, text, clipboard.marks_in(source, text))
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    # -- events -------------------------------------------------------------------------------

    def keyPressEvent(self, e: QKeyEvent) -> None:
        pressed = (e.key(), e.modifiers() & ~_IGNORED_MODS)
        ghost = self.has_ghost()
        if ghost and pressed == _KEYS["accept"]:
            self.accept_all()
            return
        if pressed == _KEYS["dismiss"]:
            if ghost:
                self.clear_ghost()
                self.timers.dismissed()
                return
            # Nothing shows yet, but a pause or a request may be under way: the writer does not want it.
            self.pause.stop()
            self.suggestions_cancelled.emit()
        if ghost and pressed == _KEYS["accept_word"]:
            self.accept_word()
            return
        if pressed in (_KEYS["next"], _KEYS["previous"]):
            if self.cycle(1 if pressed == _KEYS["next"] else -1):
                return
        if not self.textCursor().hasSelection():
            self.setCurrentCharFormat(WRITER)  # no undo step: only what the next typed character takes
        elif self._type_as_writer(e):
            return
        typed = e.text().replace("\r", "\n")  # Enter arrives as "\r"
        rest = self.ghost.typed_through(typed) if ghost else None
        if rest is not None:
            # The writer is typing what the ghost predicted: keep the rest of it, no new request.
            expected = self.ghost.pos + len(typed)
            self._own_edit = True
            try:
                super().keyPressEvent(e)
            finally:
                self._own_edit = False
            self._edit_pos = self._pos()
            if self._pos() == expected and rest:
                self._keep_rest(rest)
            else:  # typed it all (or the widget did something else): ask again after the pause
                self.clear_ghost()
                self._ask_after_pause()
            return
        super().keyPressEvent(e)

    def _text_changed(self) -> None:
        if self._own_edit:
            return
        self._edit_pos = self._pos()
        self.clear_ghost()
        self._ask_after_pause()

    def _cursor_moved(self) -> None:
        if self._own_edit:
            return
        if self.ghost.text and self.ghost.pos != self._pos():
            self.clear_ghost()

    # -- painting -----------------------------------------------------------------------------

    def ghost_lines(self) -> list[tuple[float, float, str]]:
        """Where the ghost is painted: (x, top y, text) per visual line (see paint.ghost_lines)."""
        return [] if self.composing else paint.ghost_lines(self, self.ghost_text)

    def paintEvent(self, e) -> None:
        if self.tint_enabled and len(self.marks):
            paint_tint(self)  # under the text
        super().paintEvent(e)
        if self.underlines is not None:
            paint.paint_underlines(self, self.underlines)
        paint.paint_ghost(self, self.ghost_lines())
