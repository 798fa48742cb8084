"""Sparks in the window: the action, the panel and its worker thread.

Like Variations, the feature has its own JobThread (one job running, one waiting, stale results
dropped). A clicked line goes in at the cursor of the current editor as one undo step, marked as
the model's text.
"""

from __future__ import annotations

import random

from PySide6.QtCore import QObject, Qt

from creagen_desktop.ui.dialogs.sparks import SparksPanel
from creagen_desktop.ui.workers import JobThread

SPARKS = 5


class SparksFeature(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.panel = SparksPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        window.tabifyDockWidget(window.panel, self.panel)  # a tab beside suggestions and variations
        self.panel.hide()
        self.jobs = JobThread(lambda: window.worker.engine, self)
        self.jobs.fresh_result.connect(self._ready)
        self.jobs.fresh_failed.connect(self._failed)
        self.panel.requested.connect(self.request)
        self.panel.chosen.connect(self.insert)
        self.action = window._action(window.generate_menu, "S&park new lines", self.open, "Ctrl+Shift+K")
        window.feature_actions["gan"] = [self.action]
        self.action.setVisible(False)  # until a pack with a sparks generator has loaded

    def stop(self) -> None:
        self.jobs.stop()

    def available(self) -> bool:
        return self.action.isVisible()

    def pack_changed(self, kinds: list[str]) -> None:
        if "gan" not in kinds:
            self.panel.hide()

    def open(self) -> None:
        if not self.available():
            return
        self.panel.setMinimumWidth(300)
        self.panel.show()
        self.panel.raise_()
        self.request()

    def _paragraph(self) -> str | None:
        text = self.w.current_editor().textCursor().block().text()
        return text if text.strip() else None

    def request(self) -> None:
        near = self._paragraph() if self.panel.near_paragraph else None
        seed = random.randrange(1 << 30)
        self.panel.set_busy()
        self.jobs.submit(lambda e: (e.sparks(SPARKS, near, seed), set(getattr(e, "flagged", ()))))

    def _ready(self, result) -> None:
        lines, flagged = result
        self.panel.show_lines(list(lines), flagged)

    def _failed(self, message: str) -> None:
        self.panel.show_message(f"Sparks failed: {message}")

    def insert(self, line: str) -> None:
        if not line:
            return
        ed = self.w.current_editor()
        c = ed.textCursor()
        pos = c.selectionEnd() if c.hasSelection() else c.position()
        doc = ed.document()
        before = doc.characterAt(pos - 1) if pos > 0 else ""
        # a line dropped after a word gets a space, so it starts a sentence of its own
        sep = " " if before and not before.isspace() and before != "\u2029" else ""
        ed.insert_generated(sep + line, "spark")
        self.w.statusBar().showMessage("Spark inserted (Ctrl+Z undoes it).", 4000)
