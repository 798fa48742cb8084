"""Variations and blends: rewrites of a passage (the Variations panel) and a path from passage A to
passage B (the Blend dialog), from the pack's sentence VAE.

Each has its own JobThread (one job running, one waiting, stale answers dropped). Each remembers the
passage it works on; before writing into the document it checks that the passage is still there
unchanged, so a late click never overwrites text the writer has edited.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QMenu

from creagen_desktop.engine.sentences import split_sentences
from creagen_desktop.ui.dialogs.blend import BlendDialog
from creagen_desktop.ui.dialogs.variations import VariationsPanel
from creagen_desktop.ui.features import FeatureContext
from creagen_desktop.ui.i18n import arg

VARIATIONS = 5
CONTEXT_CHARS = 4000  # the writer's text before the cursor that lends a request its words and quote style
PARAGRAPH_SEPARATOR = "\u2029"  # how QTextCursor.selectedText() writes a line break


def _plain(selected: str) -> str:
    return selected.replace(PARAGRAPH_SEPARATOR, "\n")


@dataclass
class Passage:
    """A stretch of one editor's document that a feature works on."""

    editor: object
    start: int
    end: int
    text: str
    cursor: int | None = None  # offset of the writer's cursor inside text

    def cursor_over(self) -> QTextCursor:
        c = QTextCursor(self.editor.document())
        c.setPosition(self.start)
        c.setPosition(self.end, QTextCursor.MoveMode.KeepAnchor)
        return c

    def alive(self, open_editors: list) -> bool:
        """False once the passage's document has been closed (its editor gone from the tabs, or deleted)."""
        return shiboken6.isValid(self.editor) and any(e is self.editor for e in open_editors)

    def unchanged(self) -> bool:
        doc = self.editor.document()
        return self.end <= doc.characterCount() - 1 and _plain(self.cursor_over().selectedText()) == self.text

    def select(self) -> None:
        self.editor.setTextCursor(self.cursor_over())


def passage_from(editor, whole_paragraph_if_empty: bool = True) -> Passage | None:
    """The editor's selection; without one, the paragraph around the cursor (noting the cursor)."""
    c = editor.textCursor()
    if c.hasSelection():
        text = _plain(c.selectedText())
        if text.strip():
            return Passage(editor, c.selectionStart(), c.selectionEnd(), text)
        return None
    if not whole_paragraph_if_empty:
        return None
    block = c.block()
    text = block.text()
    if not text.strip() or not split_sentences(text):
        return None
    return Passage(editor, block.position(), block.position() + len(text), text, c.position() - block.position())


class LatentFeature(QObject):
    def __init__(self, ctx: FeatureContext):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.passage: Passage | None = None
        self.blend_passage: Passage | None = None
        self.dialog: BlendDialog | None = None
        m = ctx.menus
        self.vary_action = m.bind("generate.vary", self.open_variations)
        self.reroll_action = m.bind("generate.reroll", self.request_variations)
        self.blend_action = m.bind("generate.blend", self.open_blend)
        self.panel = VariationsPanel(m.keys, ctx.parent)
        ctx.add_panel(self.panel)  # a tab beside the suggestions: the whole height for the variations
        self.panel.hide()
        self.vary_jobs = ctx.new_jobs(self)
        self.blend_jobs = ctx.new_jobs(self)
        self.vary_jobs.fresh_result.connect(self._variations_ready)
        self.vary_jobs.fresh_failed.connect(self._variations_failed)
        self.blend_jobs.fresh_result.connect(self._blend_ready)
        self.blend_jobs.fresh_failed.connect(self._blend_failed)
        self.panel.reroll.connect(self.request_variations)
        self.panel.chosen.connect(self.place_variation)

    def available(self) -> bool:
        return self.vary_action.isVisible()

    def engine_loaded(self, kinds: list[str]) -> None:
        if "vae" not in kinds:
            self.panel.hide()
            if self.dialog is not None:
                self.dialog.close()

    def context_actions(self, menu: QMenu) -> None:
        """Add this feature's entries to an editor's context menu."""
        if self.available():
            menu.addSeparator()
            menu.addAction(self.vary_action)
            menu.addAction(self.blend_action)

    # -- variations ---------------------------------------------------------------------------

    def open_variations(self) -> None:
        if not self.available():
            return
        passage = passage_from(self.ctx.current_editor())
        if passage is None:
            self.ctx.say(self.tr("Select a passage (or put the cursor in a sentence) to vary it."), 6000)
            return
        self.passage = passage
        passage.editor.destroyed.connect(self._document_closed)
        if passage.cursor is not None:
            self.panel.scope_cursor.setChecked(True)
        self.panel.set_source(passage.text)
        self.panel.setMinimumWidth(300)
        self.panel.show()
        self.panel.raise_()
        self.request_variations()

    def _document_closed(self, *_args) -> None:
        """The varied passage's document was closed: its header and rewrites go too."""
        if self.passage is not None and not self.passage.alive(self.ctx.open_editors()):
            self.passage = None
            self.vary_jobs.forget()
            self.panel.reset("The document of that passage was closed. Select a passage, then choose Generate ▸ Variations.")

    def request_variations(self) -> None:
        if self.passage is None:
            self.open_variations()
            return
        p = self.passage
        text, creativity, seed = p.text, self.panel.creativity, random.randrange(1 << 30)
        cursor = p.cursor if self.panel.only_cursor_sentence else None
        if cursor is None and self.panel.only_cursor_sentence:
            cursor = len(text) // 2  # a selection without a cursor mark: its middle sentence
        context = p.editor.text_before_cursor()[-CONTEXT_CHARS:]  # its words and quotes are the writer's
        self.panel.set_busy()
        self.vary_jobs.submit(lambda e: e.variations(text, VARIATIONS, creativity, seed, cursor, context))

    def _variations_ready(self, variations) -> None:
        self.panel.show_variations(list(variations))

    def _variations_failed(self, message: str) -> None:
        self.panel.show_message(arg(self.tr("Variations failed: %1"), message))

    def place_variation(self, text: str) -> None:
        p = self.passage
        if p is None or not text:
            return
        if not p.alive(self.ctx.open_editors()):
            self.passage = None
            self.panel.show_message("The document of that passage was closed; select a passage and ask again.")
            return
        if not p.unchanged():
            self.panel.show_message("The passage has changed since these were written; select it and ask again.")
            return
        p.select()
        p.editor.insert_generated(text, "variation", replace_selection=True)
        # the new text is now the passage: re-roll varies it further
        self.passage = Passage(p.editor, p.start, p.start + len(text), text, None if p.cursor is None else min(p.cursor, len(text)))
        self.panel.set_source(text)
        self.ctx.say(arg(self.tr("Variation placed (%1 undoes it)."), self.ctx.menus.keys('edit.undo')), 4000)

    # -- blends -------------------------------------------------------------------------------

    def open_blend(self) -> BlendDialog | None:
        if not self.available():
            return None
        passage = passage_from(self.ctx.current_editor(), whole_paragraph_if_empty=False)
        if passage is None:
            self.ctx.say(self.tr("Select passage A first; passage B comes next, in the Blend window."), 6000)
            return None
        self.blend_passage = passage
        clip = QGuiApplication.clipboard().text()
        b = clip if clip.strip() and clip.strip() != passage.text.strip() and len(clip) < 4000 else ""
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dlg = BlendDialog(passage.text, b, self.ctx.parent)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.destroyed.connect(lambda *_: self._dialog_gone(dlg))
        dlg.requested.connect(self.request_blend)
        dlg.take_selection.connect(self._take_b_from_editor)
        dlg.insert.connect(self.place_blend)
        dlg.show()
        if b:
            dlg.request()
        return dlg

    def _dialog_gone(self, dlg) -> None:
        if self.dialog is dlg:
            self.dialog = None
            self.blend_jobs.forget()  # a result still on its way has nowhere to go

    def _take_b_from_editor(self) -> None:
        if self.dialog is None:
            return
        c = self.ctx.current_editor().textCursor()
        text = _plain(c.selectedText()) if c.hasSelection() else ""
        if not text.strip():
            self.dialog.show_message("Select passage B in the editor first.")
            return
        self.dialog.set_b(text)
        self.dialog.request()

    def request_blend(self, a: str, b: str, steps: int, path: str) -> None:
        context = self.ctx.current_editor().text_before_cursor()[-CONTEXT_CHARS:]
        self.blend_jobs.submit(lambda e: e.blend(a, b, steps, path, context))

    def _blend_ready(self, path) -> None:
        if self.dialog is not None:
            self.dialog.show_path(list(path))

    def _blend_failed(self, message: str) -> None:
        if self.dialog is not None:
            self.dialog.show_message(arg(self.tr("Blend failed: %1"), message))

    def place_blend(self, text: str, replace: bool) -> None:
        p = self.blend_passage
        if p is None:
            return
        if not p.alive(self.ctx.open_editors()):
            self.blend_passage = None
            if self.dialog is not None:
                self.dialog.show_message("Passage A's document was closed; select a passage and blend again.")
            return
        if not p.unchanged():
            if self.dialog is not None:
                self.dialog.show_message("Passage A has changed in the document; select it and blend again.")
            return
        if replace:
            p.select()
            p.editor.insert_generated(text, "blend", replace_selection=True)
            self.blend_passage = Passage(p.editor, p.start, p.start + len(text), text)
        else:
            c = QTextCursor(p.editor.document())
            c.setPosition(p.end)
            p.editor.setTextCursor(c)
            sep = "" if p.text[-1:].isspace() else " "
            p.editor.insert_generated(sep + text, "blend")
        self.ctx.say(arg(self.tr("Blend placed (%1 undoes it)."), self.ctx.menus.keys('edit.undo')), 4000)
