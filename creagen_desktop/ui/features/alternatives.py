"""Alternatives at a word: on the word at the cursor (or under the context menu), a popup lists the
language model's most likely words there with their probabilities, given the text before it;
picking one puts it in place of the word, one undo step, marked as the model's.

The job runs on a JobThread of its own over the engine (alternatives keep no state), so a
suggestion being written does not hold it up; an answer comes back only if the word is still there.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from creagen_desktop.documents.spelling import word_at
from creagen_desktop.engine.alternatives import ALTERNATIVES
from creagen_desktop.engine.context_window import window_start
from creagen_desktop.ui.features import FeatureContext
from creagen_desktop.ui.i18n import arg

FEATURE = "alternative"


@dataclass
class Word:
    editor: object
    start: int
    end: int
    text: str

    def still_there(self, open_editors) -> bool:
        """The same word, whole, at the same place (not grown into another word)."""
        if not any(e is self.editor for e in open_editors):
            return False
        c = QTextCursor(self.editor.document())
        c.setPosition(min(self.start, self.editor.document().characterCount() - 1))
        return word_of(self.editor, c) == self

    def before(self) -> str:
        c = QTextCursor(self.editor.document())
        c.setPosition(window_start(self.start))
        c.setPosition(self.start, QTextCursor.MoveMode.KeepAnchor)
        return c.selectedText().replace("\u2029", "\n")


def word_of(editor, cursor: QTextCursor) -> Word | None:
    """The word at a cursor (a selection of one word counts as that word)."""
    block = cursor.block()
    text = block.text()
    col = cursor.positionInBlock() if not cursor.hasSelection() else cursor.selectionStart() - block.position()
    units = text.encode("utf-16-le")
    py_col = len(units[: 2 * col].decode("utf-16-le", errors="ignore"))
    found = word_at(text, py_col)
    if found is None:
        return None
    a, b = found
    start = block.position() + len(text[:a].encode("utf-16-le")) // 2
    end = block.position() + len(text[:b].encode("utf-16-le")) // 2
    return Word(editor, start, end, text[a:b])


class AlternativesFeature(QObject):
    def __init__(self, ctx: FeatureContext):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.word: Word | None = None
        self.popup: QMenu | None = None
        self.action = ctx.menus.bind("generate.alternatives", lambda: self.ask())
        self.jobs = ctx.new_jobs(self)
        self.jobs.fresh_result.connect(self._ready)
        self.jobs.fresh_failed.connect(lambda msg: self.ctx.say(arg(self.tr("Alternatives failed: %1"), msg), 6000))

    def context_actions(self, menu: QMenu, editor, pos) -> None:
        word = word_of(editor, editor.cursorForPosition(pos))
        if word is not None and self.action.isVisible():
            act = menu.addAction(arg(self.tr("Alternatives to “%1”…"), word.text))
            act.triggered.connect(partial(self.ask, word))

    def ask(self, word: Word | None = None) -> bool:
        ed = self.ctx.current_editor()
        word = word or word_of(ed, ed.textCursor())
        if word is None:
            self.ctx.say(self.tr("Put the cursor on a word to see the model's alternatives."), 5000)
            return False
        self.word = word
        before = word.before()
        self.ctx.say(arg(self.tr("Looking for alternatives to “%1”…"), word.text), 3000)
        self.jobs.submit(lambda e: e.alternatives(before, ALTERNATIVES))
        return True

    def _ready(self, alternatives) -> None:
        word = self.word
        if word is None or not word.still_there(self.ctx.open_editors()):
            self.ctx.say(self.tr("The word changed before its alternatives came; ask again."), 5000)
            return
        ed = word.editor
        menu = QMenu(ed)
        menu.setAccessibleName(arg(self.tr("Alternatives to %1"), word.text))
        menu.setToolTipsVisible(True)
        title = menu.addAction(arg(self.tr("Instead of “%1”:"), word.text))
        title.setEnabled(False)
        for text, prob in alternatives:
            act = menu.addAction(f"{text}\t{prob:.1%}" + ("  (as now)" if text == word.text else ""))
            act.setToolTip(arg(self.tr("The model gives “%1” a %2 chance here"), text, f"{prob:.1%}"))
            act.triggered.connect(partial(self.replace, word, text))
        if not alternatives:
            none = menu.addAction(self.tr("(the model has no other word here)"))
            none.setEnabled(False)
        c = QTextCursor(ed.document())
        c.setPosition(word.start)
        if self.popup is not None:
            self.popup.close()
        self.popup = menu
        menu.popup(ed.mapToGlobal(ed.cursorRect(c).bottomLeft()))
        if len(menu.actions()) > 1:
            menu.setActiveAction(menu.actions()[1])  # the most likely, for the keyboard

    def replace(self, word: Word, text: str) -> bool:
        if not word.still_there(self.ctx.open_editors()):
            self.ctx.say(self.tr("The word changed; ask again for its alternatives."), 5000)
            return False
        c = QTextCursor(word.editor.document())
        c.setPosition(word.start)
        c.setPosition(word.end, QTextCursor.MoveMode.KeepAnchor)
        word.editor.setTextCursor(c)
        word.editor.insert_generated(text, FEATURE, replace_selection=True)
        self.ctx.say(arg(self.tr("“%1” became “%2” (%3 undoes it)."), word.text, text, self.ctx.menus.keys('edit.undo')), 4000)
        return True
