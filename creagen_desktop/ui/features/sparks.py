"""Sparks: new lines from the pack's latent GAN, in the Sparks panel.

Like Variations, the feature has its own JobThread (one job running, one waiting, stale answers
dropped). A clicked line goes in at the cursor of the current editor as one undo step, marked as
the model's text.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from creagen_desktop.ui.dialogs.sparks import SparksPanel
from creagen_desktop.ui.features import FeatureContext
from creagen_desktop.ui.features.latent import CONTEXT_CHARS
from creagen_desktop.ui.i18n import arg

SPARKS = 5


class SparksFeature(QObject):
    def __init__(self, ctx: FeatureContext):
        super().__init__(ctx.parent)
        self.ctx = ctx
        self.action = ctx.menus.bind("generate.spark", self.open)
        self.panel = SparksPanel(ctx.menus.keys, ctx.parent)
        ctx.add_panel(self.panel)  # a tab beside suggestions and variations
        self.panel.hide()
        self.jobs = ctx.new_jobs(self)
        self.jobs.fresh_result.connect(self._ready)
        self.jobs.fresh_failed.connect(self._failed)
        self.panel.requested.connect(self.request)
        self.panel.chosen.connect(self.insert)

    def available(self) -> bool:
        return self.action.isVisible()

    def engine_loaded(self, kinds: list[str]) -> None:
        if "gan" not in kinds:
            self.panel.hide()

    def context_actions(self, menu: QMenu) -> None:
        """Add this feature's entry to an editor's context menu."""
        if self.available():
            menu.addAction(self.action)

    def open(self) -> None:
        if not self.available():
            return
        self.panel.setMinimumWidth(300)
        self.panel.show()
        self.panel.raise_()
        self.request()

    def _paragraph(self) -> str | None:
        text = self.ctx.current_editor().textCursor().block().text()
        return text if text.strip() else None

    def request(self) -> None:
        near = self._paragraph() if self.panel.near_paragraph else None
        seed = random.randrange(1 << 30)
        context = self.ctx.current_editor().text_before_cursor()[-CONTEXT_CHARS:]  # the lines follow its quotes
        self.panel.set_busy()
        self.jobs.submit(lambda e: (e.sparks(SPARKS, near, seed, context), set(e.flagged)))

    def _ready(self, result) -> None:
        lines, flagged = result
        self.panel.show_lines(list(lines), flagged)

    def _failed(self, message: str) -> None:
        self.panel.show_message(arg(self.tr("Sparks failed: %1"), message))

    def insert(self, line: str) -> None:
        if not line:
            return
        ed = self.ctx.current_editor()
        c = ed.textCursor()
        pos = c.selectionEnd() if c.hasSelection() else c.position()
        doc = ed.document()
        before = doc.characterAt(pos - 1) if pos > 0 else ""
        # a line dropped after a word gets a space, so it starts a sentence of its own
        sep = " " if before and not before.isspace() and before != "\u2029" else ""
        ed.insert_generated(sep + line, "spark")
        self.ctx.say(arg(self.tr("Spark inserted (%1 undoes it)."), self.ctx.menus.keys('edit.undo')), 4000)
