"""Spell checking in the editors: wavy red lines under misspelled words, suggestions, "Add to
Dictionary" and "Ignore" in the context menu. The dictionary loads on a worker thread; the words in
view are checked after the typing pauses, a slice of lines at a time, never on the keystroke path,
and only the blocks on screen, however long the document (documents/spelling.py does the checking).
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QTextCursor
from PySide6.QtWidgets import QMenu

from creagen_desktop.documents.spelling import SpellChecker, word_at
from creagen_desktop.paths import personal_dictionary_file
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.editor.marks import WRITER
from creagen_desktop.ui.editor.tint import visible_blocks
from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.settings import LivePreferences

CHECK_PAUSE_MS = 250  # after the last edit or scroll
# The dictionaries are read by Python code (seconds of it) on a worker thread, which still takes turns
# with the window for Python's lock: they start loading once the window and the document it opens
# with are up, not at the same moment.
LOAD_AFTER_MS = 2500
SLICE_MS = 8  # the most one pass may take before it yields to the event loop
_LINE_CACHE = 50_000


def _utf16(text: str, col: int) -> int:
    return len(text[:col].encode("utf-16-le")) // 2


class Spelling(QObject):
    """Handed the action table, the preferences, a job thread maker, the editor in view and `say`."""

    def __init__(self, menus: Menus, prefs: LivePreferences, new_jobs: Callable, current_editor: Callable[[], GhostEditor],
                 all_editors: Callable[[], list[GhostEditor]], say: Callable[..., None], parent=None):
        super().__init__(parent)
        self.prefs, self.current_editor, self.all_editors, self.say = prefs, current_editor, all_editors, say
        self.checker: SpellChecker | None = None
        self.problem: str | None = None  # why there is no checker
        self.stopped = False
        self._lines: dict[str, list[tuple[int, int]]] = {}  # block text -> misspelled ranges (editor units)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(CHECK_PAUSE_MS)
        self.timer.timeout.connect(self.check_visible)
        self.action = menus.bind("tools.spelling", self.set_enabled)
        self.action.setChecked(prefs.current.spelling)
        prefs.changed.connect(self._prefs_changed)
        self.jobs = new_jobs(self, lambda: personal_dictionary_file())
        self.jobs.fresh_result.connect(self._loaded)
        self.jobs.fresh_failed.connect(self._failed)
        QTimer.singleShot(LOAD_AFTER_MS, self, self.load)
        # suggestions take a good part of a second a word: found in the background for the words in view
        self.suggested: dict[str, list[str]] = {}
        self.suggest_jobs = new_jobs(self, lambda: self.checker)
        self.suggest_jobs.fresh_result.connect(self.suggested.update)

    def load(self) -> None:
        """Read the dictionaries on the worker thread (once a process: every window shares them)."""
        if self.checker is None and self.jobs.submitted == 0 and not self.stopped:
            self.jobs.submit(lambda personal: SpellChecker(personal=personal))

    def stop(self) -> None:
        """Before the window goes: a dictionary still loading is waited for (its thread must not
        outlive the window), however long the machine takes."""
        self.stopped = True
        self.jobs.stop()
        self.jobs.wait()
        self.suggest_jobs.stop()
        self.suggest_jobs.wait()

    @property
    def enabled(self) -> bool:
        return self.prefs.current.spelling and self.checker is not None

    def _loaded(self, checker: SpellChecker) -> None:
        self.checker = checker
        self._apply()

    def _failed(self, message: str) -> None:
        self.problem = message
        self.say(arg(self.tr("Spell checking is off: %1"), message), 8000)

    def set_enabled(self, on: bool) -> None:
        self.prefs.update(spelling=bool(on))

    def _prefs_changed(self, new, _old) -> None:
        self.action.setChecked(new.spelling)
        self._apply()

    def _apply(self) -> None:
        for ed in self.all_editors():
            ed.underlines = partial(self.underlines, ed) if self.enabled else None
            ed.viewport().update()
        if self.enabled:
            self.timer.start()

    def attach(self, editor: GhostEditor) -> None:
        later = partial(lambda e: e is self.current_editor() and self.enabled and self.timer.start(), editor)
        editor.textChanged.connect(later)
        editor.verticalScrollBar().valueChanged.connect(lambda _v: later())
        editor.underlines = partial(self.underlines, editor) if self.enabled else None

    # -- checking -----------------------------------------------------------------------------

    def underlines(self, _editor: GhostEditor, block) -> list[tuple[int, int]] | None:
        return self._lines.get(block.text())

    @property
    def checked_lines(self) -> int:
        """Lines checked so far (and remembered): what a long document costs."""
        return len(self._lines)

    def check_visible(self) -> int:
        """Check the unchecked lines in view, SLICE_MS at a time; returns how many were checked."""
        if not self.enabled:
            return 0
        from time import perf_counter

        ed = self.current_editor()
        start, done = perf_counter(), 0
        for block, _corner in visible_blocks(ed):
            text = block.text()
            if text in self._lines:
                continue
            if len(self._lines) > _LINE_CACHE:
                self._lines.clear()
            self._lines[text] = [(_utf16(text, a), _utf16(text, b)) for a, b in self.checker.misspelled(text)]
            done += 1
            if (perf_counter() - start) * 1000 > SLICE_MS:
                self.timer.start(0)  # more next time round the event loop
                break
        if done:
            ed.viewport().update()
        self._suggest_later([block.text()[a:b] for block, _c in visible_blocks(ed)
                             for a, b in self.checker.misspelled(block.text())])
        return done

    def _suggest_later(self, words: list[str]) -> None:
        wanted = [w for w in dict.fromkeys(words) if w not in self.suggested][:20]
        if wanted and self.suggest_jobs.idle():
            self.suggest_jobs.submit(lambda checker: {w: checker.suggestions(w) for w in wanted})

    def forget_word(self, word: str) -> None:
        """A word became correct (added or ignored): lines holding it are checked again."""
        self._lines = {t: r for t, r in self._lines.items() if word not in t}
        for ed in self.all_editors():
            ed.viewport().update()
        self.timer.start(0)

    # -- the context menu ---------------------------------------------------------------------

    def context_actions(self, menu: QMenu, editor: GhostEditor, pos) -> None:
        """At a misspelled word: its suggestions, Add to Dictionary and Ignore, at the top of the menu."""
        if not self.enabled:
            return
        cursor = editor.cursorForPosition(pos)
        block, col = cursor.block(), cursor.positionInBlock()
        text = block.text()
        py_col = len(text.encode("utf-16-le")[: 2 * col].decode("utf-16-le", errors="ignore"))
        found = word_at(text, py_col)
        if found is None or self.checker.correct(text[found[0]:found[1]]):
            return
        word = text[found[0]:found[1]]
        start, end = block.position() + _utf16(text, found[0]), block.position() + _utf16(text, found[1])
        first = menu.actions()[0] if menu.actions() else None
        added: list[QAction] = []
        if word not in self.suggested:  # not found in the background yet: the writer asked, so now
            self.suggested[word] = self.checker.suggestions(word)
        for s in self.suggested[word]:
            act = QAction(s, menu)
            act.triggered.connect(partial(self.replace, editor, start, end, s))
            added.append(act)
        if not added:
            none = QAction(self.tr("(no suggestions)"), menu)
            none.setEnabled(False)
            added.append(none)
        add = QAction(arg(self.tr("Add “%1” to Dictionary"), word), menu)
        add.triggered.connect(partial(self.add_word, word))
        ignore = QAction(self.tr("Ignore"), menu)
        ignore.triggered.connect(partial(self.ignore_word, word))
        added += [add, ignore]
        for act in added:
            menu.insertAction(first, act)
        menu.insertSeparator(first)

    def replace(self, editor: GhostEditor, start: int, end: int, word: str) -> None:
        """Put a suggestion in place of the word: one undo step, the writer's text."""
        c = QTextCursor(editor.document())
        c.setPosition(start)
        c.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        c.insertText(word, WRITER)

    def add_word(self, word: str) -> None:
        try:
            self.checker.add(word)
        except OSError as exc:
            self.say(arg(self.tr("Could not save the personal dictionary: %1"), exc), 8000)
        self.forget_word(word)

    def ignore_word(self, word: str) -> None:
        self.checker.ignore(word)
        self.forget_word(word)
