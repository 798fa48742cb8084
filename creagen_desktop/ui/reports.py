"""What the Tools and Help menus report: who wrote what in this document, this session's statistics
(and the originality guard's counts), and About."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from creagen_desktop import __version__
from creagen_desktop.documents.authorship import FEATURES
from creagen_desktop.documents.counts import SessionStats, guard_summary
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.status import StatusBar


class Reports(QObject):
    """Keeps this session's statistics (the continuation feature counts its own into `stats`)."""

    def __init__(self, parent: QWidget, menus: Menus, current_tab: Callable[[], DocumentTab],
                 words_written: Callable[[], int], model_words_written: Callable[[], int],
                 engine_of: Callable[[], object], status: StatusBar):
        super().__init__(parent)
        self.parent_widget = parent
        self.current_tab = current_tab
        self.words_written = words_written
        self.model_words_written = model_words_written
        self.engine_of = engine_of
        self.status = status
        self.stats = SessionStats()
        menus.bind("tools.authorship", self.show_authorship)
        menus.bind("tools.statistics", self.show_statistics)
        menus.bind("help.about", self.show_about)

    # -- texts --------------------------------------------------------------------------------

    def shares(self) -> dict[str, float]:
        """The current document's shares by author, from the marks on its text."""
        tab = self.current_tab()
        return tab.authorship().report(tab.length())

    def authorship_text(self) -> str:
        tab = self.current_tab()
        shares = self.shares()
        names = {"writer": self.tr("You"), "continuation": self.tr("Continuation"), "variation": self.tr("Variation"),
                 "blend": self.tr("Blend"), "spark": self.tr("Spark"), "alternative": self.tr("Alternative"),
                 "poem": self.tr("Poem")}
        lines = [self.tr("%s: who wrote what (share of characters)") % tab.title, ""]
        for key in ("writer", *FEATURES):
            lines.append(f"{names.get(key, key.capitalize())}: {shares[key]:.1%}")
        lines.append("\n" + self.tr("The model in all: %s") % f"{1 - shares['writer']:.1%}")
        return "\n".join(lines)

    def statistics_text(self) -> str:
        rows = self.stats.summary(self.words_written(), self.model_words_written())
        tab = self.current_tab()
        rows.append((f"The model's share of {tab.title}", f"{1 - self.shares()['writer']:.1%} (as in the Authorship Report)"))
        engine = self.engine_of()
        if engine is not None and engine.guard is not None:
            rows += guard_summary(engine.guard_counts)
        return "\n".join(f"{k}: {v}" for k, v in rows)

    def about_text(self) -> str:
        model = self.status.model.text() if self.engine_of() is not None else self.tr("no model loaded")
        return (f"<b>Creagen {__version__}</b><p>" + self.tr("An offline writing assistant. The models run on this "
                "computer; nothing you write leaves it.") + f"</p><p>{model} {self.status.provider.text()}</p>")

    # -- showing ------------------------------------------------------------------------------

    def show_authorship(self) -> None:
        QMessageBox.information(self.parent_widget, self.tr("Authorship report"), self.authorship_text())

    def show_statistics(self) -> None:
        QMessageBox.information(self.parent_widget, self.tr("Session statistics"), self.statistics_text())

    def show_about(self) -> None:
        QMessageBox.about(self.parent_widget, self.tr("About Creagen"), self.about_text())
