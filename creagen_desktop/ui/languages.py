"""Each document's language, shown and changed in the status bar (and Tools ▸ Document Language).

A document's language is detected from its text (documents.language) when it is opened and again a
moment after the writer stops typing, until the writer fixes it here. The document owns its language
(DocumentTab.language); this room only shows it, offers the choice and keeps detection going.
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QActionGroup, QFontDatabase
from PySide6.QtWidgets import QMainWindow, QToolButton

from creagen_desktop.documents.language import AUTO, SAMPLE_CHARS
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.menus import Menus


def chinese_fonts() -> list[str]:
    """The installed fonts that can show Simplified Chinese (Qt asks the system: fontconfig, DirectWrite, Core Text)."""
    return QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


REDETECT_MS = 700  # after the writer stops typing
CHOICES = (AUTO, "en", "zh")


class DocumentLanguages(QObject):
    def __init__(self, window: QMainWindow, menus: Menus, current_tab: Callable[[], DocumentTab | None],
                 all_tabs: Callable[[], list[DocumentTab]], fallback: Callable[[], str],
                 say: Callable[..., None] = lambda *a: None):
        """`fallback()`: the language of a document with no letters yet (the app's own language);
        `say(text, ms)`: a status-bar message."""
        super().__init__(window)
        self.current_tab = current_tab
        self.all_tabs = all_tabs
        self.fallback = fallback
        self.say = say
        self.font_warned = False  # no font for Chinese: said once a session
        self.button = QToolButton()
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setAutoRaise(True)
        self.button.setToolTip(self.tr("The document's language: which model pack suggests, how it is counted"))
        self.button.setAccessibleName(self.tr("Document language"))
        window.statusBar().addPermanentWidget(self.button)
        self.group = QActionGroup(self)
        self.actions = {}
        menu = menus.submenu("tools.language")
        for choice in CHOICES:
            act = menus.bind(f"language.{choice}", partial(self.choose, choice))
            self.group.addAction(act)
            self.actions[choice] = act
        menu.addActions(self.group.actions())
        self.button.setMenu(menu)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REDETECT_MS)
        self.timer.timeout.connect(self._redetect)

    def short_name(self, code: str) -> str:
        return {"en": self.tr("English"), "zh": "中文"}.get(code, code)

    def attach(self, tab: DocumentTab) -> None:
        tab.language.fallback = self.fallback()
        tab.apply_language()
        tab.language_changed.connect(partial(self._changed, tab))
        tab.editor.textChanged.connect(partial(self._typed, tab))
        if tab is self.current_tab():
            self.refresh()

    def code_of(self, tab: DocumentTab) -> str:
        """The document's language now: a detection still waiting for the pause is done at once, so a
        request made right after typing goes to the engine of what was typed."""
        if tab is self.current_tab() and self.timer.isActive():
            self.timer.stop()
            self._redetect()
        return tab.language.code

    def choose(self, choice: str) -> None:
        tab = self.current_tab()
        if tab is not None:
            tab.choose_language(choice)
            if choice == AUTO:
                tab.redetect_language()
            self.refresh()

    def refresh(self) -> None:
        """Show the language of the document in view."""
        tab = self.current_tab()
        if tab is None:
            return
        lang = tab.language
        self.actions[lang.choice].setChecked(True)
        self.actions[AUTO].setText(self.tr("Detect from the text (now: %s)") % self.short_name(lang.detected or lang.fallback))
        self.button.setText(self.short_name(lang.code) + ("" if lang.choice == AUTO else " ✓"))
        if lang.code == "zh" and not self.font_warned and not chinese_fonts():
            self.font_warned = True
            self.say(self.tr("No font for Chinese is installed: Chinese shows as boxes. Install one (on Debian "
                             "or Ubuntu: sudo apt-get install fonts-noto-cjk) and start Creagen again."), 15000)

    def set_fallback(self, code: str) -> None:
        """The app's language changed: documents with nothing to tell by follow it."""
        for tab in self.all_tabs():
            tab.language.fallback = code
            tab.apply_language()
        self.refresh()

    def _typed(self, tab: DocumentTab) -> None:
        # a long document's language is settled at opening: reading it again at every pause would cost
        if tab is self.current_tab() and tab.language.choice == AUTO and (
                tab.language.detected is None or tab.editor.document().characterCount() <= 2 * SAMPLE_CHARS):
            self.timer.start()

    def _redetect(self) -> None:
        tab = self.current_tab()
        if tab is not None and tab.language.choice == AUTO:
            tab.redetect_language()
            self.refresh()

    def _changed(self, tab: DocumentTab) -> None:
        if tab is self.current_tab():
            self.refresh()
