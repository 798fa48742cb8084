"""The text widget: asks for suggestions after a pause, shows them as ghost text, takes them in.

The ghost's state is a Ghost (ghost.py); when it may speak unasked is the Etiquette's
(etiquette.py); painting is in paint.py, the tint of model text in tint.py. This class handles the
keys and wires them together.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from creagen_desktop.documents.authorship import AuthorshipMarks
from creagen_desktop.engine.context_window import window_start
from creagen_desktop.engine.words import WORD, char_class
from creagen_desktop.ui.editor import paint
from creagen_desktop.ui.editor.etiquette import DELETION, TYPING, UNDO, Etiquette
from creagen_desktop.ui.editor.ghost import Ghost
from creagen_desktop.ui.editor.tint import tint_selections
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
        self.pause = QTimer(self)
        self.pause.setSingleShot(True)
        self.pause.setInterval(300)
        self.pause.timeout.connect(self._pause_elapsed)
        self._pause_ms = 300  # the writer's pause; the etiquette may wait longer
        self.hide_after = QTimer(self)  # a ghost left alone this long goes away
        self.hide_after.setSingleShot(True)
        self.hide_after.timeout.connect(self.clear_ghost)
        self.suggestions_enabled = True  # automatic suggestions after a pause; Suggest now works regardless
        self.etiquette = Etiquette()
        self.markdown = False  # a Markdown document: no ghost in its headings
        self.ghost = Ghost()
        self._own_edit = False  # our own insertions must not clear the ghost
        self._edit_pos = -1  # cursor position after the last edit
        self.marks = AuthorshipMarks()  # which passages the model wrote; they follow every edit
        self._generating: str | None = None  # the feature while insert_generated edits
        self.tint_enabled = True
        self.column_chars: int | None = None  # focus mode: a centred column this many characters wide
        self._tint_timer = QTimer(self)
        self._tint_timer.setSingleShot(True)
        self._tint_timer.timeout.connect(self._update_tint)
        self._undo_steps = 0
        self.document().contentsChange.connect(self._contents_changed)
        self.textChanged.connect(self._text_changed)
        self.cursorPositionChanged.connect(self._cursor_moved)

    def _pos(self) -> int:
        return self.textCursor().position()

    # -- asking -------------------------------------------------------------------------------

    def set_pause_ms(self, ms: int) -> None:
        self._pause_ms = max(0, int(ms))
        self.pause.setInterval(self._pause_ms * self.etiquette.pause_factor())

    def set_hide_after_s(self, seconds: int) -> None:
        """A ghost shown this long without typing hides itself (0: it stays)."""
        self.hide_after.setInterval(max(0, int(seconds)) * 1000)
        if not seconds:
            self.hide_after.stop()

    def set_back_off(self, on: bool) -> None:
        self.etiquette.back_off = on
        self.set_pause_ms(self._pause_ms)

    def set_suggestions_enabled(self, on: bool) -> None:
        self.suggestions_enabled = on
        if not on:
            self.pause.stop()
            self.clear_ghost()

    def can_suggest_here(self) -> bool:
        """May a ghost show here unasked? At the end of a word (it completes it) or after a space,
        never inside a word, and only where the etiquette allows (not at a paragraph's start, in a
        Markdown heading, or right after a deletion or an undo)."""
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
        if self.ghost.text:
            self.suggestion_changed.emit(0)
            self._start_hide_timer()
        self.viewport().update()
        return True

    def offer_more(self, candidates: list[str], for_text: str | None = None) -> bool:
        """More candidates for the suggestion on offer here (the side panel's), after the ghost's."""
        if for_text is not None and for_text != self.text_before_cursor():
            return False
        return self.ghost.offer_more(candidates, self._pos())

    def _start_hide_timer(self) -> None:
        if self.hide_after.interval() > 0:
            self.hide_after.start()

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
        self.hide_after.stop()
        if self.ghost.clear():
            self.suggestion_cleared.emit()
            self.viewport().update()

    def cycle(self, step: int) -> bool:
        index = self.ghost.cycle(step, self._pos())
        if index is None:
            return False
        self.suggestion_changed.emit(index)
        self._start_hide_timer()
        self.viewport().update()
        return True

    def _keep_rest(self, rest: str) -> None:
        """After a partial accept or typing along: the remainder stays as ghost at the new cursor."""
        if self.ghost.keep(rest, self._pos()):
            self._start_hide_timer()
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
        self._edit_pos = self._pos()
        self.ensureCursorVisible()
        self.generated.emit(feature, text)

    def _insert(self, text: str) -> None:
        self.insert_generated(text, "continuation")
        self.etiquette.accepted()
        self.set_pause_ms(self._pause_ms)
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

    def reset_marks(self, marks: AuthorshipMarks | None = None) -> None:
        """After loading a document: its own marks (from the sidecar) or none."""
        self.marks = marks or AuthorshipMarks()
        self._update_tint()

    def set_tint_enabled(self, on: bool) -> None:
        self.tint_enabled = on
        self._update_tint()

    def _contents_changed(self, pos: int, removed: int, added: int) -> None:
        self.marks.edit(pos, removed, added, self._generating)
        steps = self.document().availableUndoSteps()
        if self._own_edit:  # model text put in, or the writer typing what the ghost said
            self.etiquette.edited(TYPING)
        else:
            self.etiquette.edited(UNDO if steps < self._undo_steps else DELETION if removed and not added else TYPING)
        self._undo_steps = steps
        if self.marks.spans or self.extraSelections():
            self._tint_timer.start(0)  # once per burst of edits, after Qt has settled the layout

    def _update_tint(self) -> None:
        spans = self.marks.spans if self.tint_enabled else []
        self.setExtraSelections(tint_selections(self.document(), spans))

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
                self.etiquette.dismissed_one()
                self.set_pause_ms(self._pause_ms)
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
        return paint.ghost_lines(self, self.ghost_text)

    def paintEvent(self, e) -> None:
        super().paintEvent(e)
        paint.paint_ghost(self, self.ghost_lines())
