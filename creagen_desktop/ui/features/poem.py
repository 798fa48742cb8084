"""Poems (a pack with the "poem" kind: the Chinese poetry pack): Generate ▸ Poem… writes a regulated
poem with the chosen form, acrostic, first line and rhyme table (Engine.poem); Suggest the next line
offers the matching line (对句) of the line before the cursor as ghost text (Engine.next_line: Tab
takes it, Alt+] shows another); Revise this line offers other versions of the verse line under the
cursor that still fit the poem (Engine.revise_line), one of which replaces it.

All three run on this room's own JobThread; a poem goes into the document as the model's text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QMenu

from creagen_desktop.engine.verse import LINE_BREAKS, line_spans
from creagen_desktop.ui.dialogs.poem import PoemDialog
from creagen_desktop.ui.features import FeatureContext

FEATURE = "poem"


def _traditional(text: str, wanted: bool) -> str:
    if not wanted:
        return text
    from creagen_desktop.engine.script import to_traditional  # OpenCC, loaded only when asked for

    return to_traditional(text)


def write_poem(engine, request: dict) -> tuple[str, str]:
    """(the poem's text, a note on it): run on the feature's thread."""
    poem = engine.poem(request["form"], request["acrostic"], request["first_line"], request["rhyme"])
    check = engine.check_poem(poem.text, request["rhyme"])
    return _traditional(poem.text, request["traditional"]), check


class PoemFeature(QObject):
    def __init__(self, ctx: FeatureContext):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.poem_action = ctx.menus.bind("generate.poem", self.open)
        self.next_action = ctx.menus.bind("generate.next_line", self.next_line)
        self.revise_action = ctx.menus.bind("generate.revise_line", self.revise_line)
        self.jobs = ctx.new_jobs(self)
        self.jobs.fresh_result.connect(self._ready)
        self.jobs.fresh_failed.connect(self._failed)
        self.dialog: PoemDialog | None = None
        self.tables: list[str] = ["xin"]
        self.waiting: tuple | None = None  # what the newest job answers: ("poem",), ("next", text), ("revise", ...)

    def engine_loaded(self, engine) -> None:
        """The engine of the document in view: its rhyme tables are the dialog's choices."""
        self.tables = list(getattr(engine, "rhyme_tables", []) or ["xin"])

    def context_actions(self, menu: QMenu) -> None:
        for act in (self.next_action, self.revise_action):
            if act.isVisible():
                menu.addAction(act)

    # -- the Poem dialog ----------------------------------------------------------------------

    def open(self) -> PoemDialog:
        dlg = self.dialog = PoemDialog(self.tables, self.ctx.parent)
        dlg.write_requested.connect(self.write)
        dlg.insert_requested.connect(self.insert)
        dlg.finished.connect(lambda _r: self.dialog is dlg and self._closed())
        dlg.open()  # window-modal; returned so tests can drive it
        return dlg

    def _closed(self) -> None:
        self.dialog = None
        if self.waiting and self.waiting[0] == "poem":
            self.waiting = None
            self.jobs.forget()

    def write(self, request: dict) -> None:
        self.waiting = ("poem",)
        self.jobs.submit(lambda engine: write_poem(engine, request))

    def insert(self, text: str) -> None:
        ed = self.ctx.current_editor()
        before = ed.text_before_cursor()
        if before and not before.endswith("\n"):
            text = "\n" + text  # a poem starts a line of its own
        ed.insert_generated(text, FEATURE)
        ed.setFocus()

    # -- the next line ------------------------------------------------------------------------

    def next_line(self) -> None:
        ed = self.ctx.current_editor()
        text = ed.text_before_cursor()
        if not text.strip():
            self.ctx.say(self.tr("Write a line first: the matching line answers it."), 4000)
            return
        self.waiting = ("next", text)
        self.jobs.submit(lambda engine: engine.next_line(text))
        self.ctx.say(self.tr("Looking for the matching line…"), 2000)

    @staticmethod
    def _as_ghost(before: str, line: str) -> str:
        """The matching line as it follows the text: after its ，(or one put in), closed with 。."""
        lead = "" if before.rstrip()[-1:] in LINE_BREAKS else "，"
        return lead + line.strip().rstrip(LINE_BREAKS) + "。"

    # -- revising a line ----------------------------------------------------------------------

    def _poem_here(self) -> tuple[str, int, int, int] | None:
        """(the poem's text, the index of the verse line at the cursor, where the poem starts, its
        end): the poem is the run of non-empty lines around the cursor."""
        ed = self.ctx.current_editor()
        block = ed.textCursor().block()
        if not block.text().strip():
            return None
        first = last = block
        while first.previous().isValid() and first.previous().text().strip():
            first = first.previous()
        while last.next().isValid() and last.next().text().strip():
            last = last.next()
        start, end = first.position(), last.position() + last.length() - 1
        cursor = QTextCursor(ed.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        text = cursor.selectedText().replace("\u2029", "\n")
        at = ed.textCursor().position() - start
        spans = line_spans(text)
        index = next((i for i, (a, b) in enumerate(spans) if a <= at <= b), None)
        return None if index is None else (text, index, start, spans[index])

    def revise_line(self) -> None:
        found = self._poem_here()
        if found is None:
            self.ctx.say(self.tr("Put the cursor in a line of a poem to revise it."), 4000)
            return
        text, index, start, span = found
        self.waiting = ("revise", text, start, span)
        self.jobs.submit(lambda engine: engine.revise_line(text, index))
        self.ctx.say(self.tr("Writing other versions of this line…"), 2000)

    def _replace(self, start: int, span: tuple[int, int], expected: str, line: str) -> None:
        ed = self.ctx.current_editor()
        cursor = QTextCursor(ed.document())
        cursor.setPosition(start + span[0])
        cursor.setPosition(start + span[1], QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != expected:
            self.ctx.say(self.tr("The line has changed since: nothing was replaced."), 4000)
            return
        ed.setTextCursor(cursor)
        ed.insert_generated(line, FEATURE, replace_selection=True)

    # -- answers ------------------------------------------------------------------------------

    def _ready(self, result) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is None:
            return
        ed = self.ctx.current_editor()
        if waiting[0] == "poem" and self.dialog is not None:
            text, check = result
            self.dialog.show_poem(text, self._check_note(check))
        elif waiting[0] == "next":
            before = waiting[1]
            if not result:
                self.ctx.say(self.tr("No matching line came out this time: try again."), 4000)
            elif not ed.show_candidates([self._as_ghost(before, line) for line in result], for_text=before):
                self.ctx.say(self.tr("The text changed while the line was written."), 3000)
        elif waiting[0] == "revise":
            _, text, start, span = waiting
            old = text[span[0]:span[1]]
            if not result:
                self.ctx.say(self.tr("No other version fits the poem here: try again."), 4000)
                return
            menu = QMenu(ed)
            for line in result:
                menu.addAction(line).triggered.connect(lambda _=False, s=line: self._replace(start, span, old, s))
            rect = ed.cursorRect()
            menu.popup(ed.viewport().mapToGlobal(rect.bottomLeft()))
            self.revisions = menu  # kept for tests and until it closes

    def _check_note(self, check) -> str:
        """What the checker says of the poem: form, rhyme (its group) and tones (平仄)."""
        mark = {True: "✓", False: "✗"}
        group = f" ({check.rhyme_group})" if check.rhyme_group else ""
        return " · ".join([self.tr("form %s") % mark[check.form is not None],
                           self.tr("rhyme %s") % mark[bool(check.rhyme_ok)] + group,
                           self.tr("tones %s") % mark[bool(check.tones.ok)]])

    def _failed(self, message: str) -> None:
        waiting, self.waiting = self.waiting, None
        if waiting is not None and waiting[0] == "poem" and self.dialog is not None:
            self.dialog.show_error(message)
        else:
            self.ctx.say(message, 6000)
