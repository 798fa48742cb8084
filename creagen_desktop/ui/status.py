"""The status bar: word and character counts, which model runs where, the last suggestion's time,
messages, and what it says while the engine loads, when it has loaded and when it could not."""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from creagen_desktop.documents.counts import count_chars, count_words, count_zi
from creagen_desktop.ui.editor.document_tab import DocumentTab

COUNT_PAUSE_MS = 300  # the counts change at most this often while the writer types
MODEL_LABEL_WIDTH = 520  # a long "Suggestions off: …" is elided here; its tooltip has it whole


class StatusBar(QObject):
    def __init__(self, window: QMainWindow, current_tab: Callable[[], DocumentTab]):
        super().__init__(window)
        self.window = window
        self.bar = window.statusBar()
        self.current_tab = current_tab
        self.counts = QLabel("")
        self.model = QLabel(self.tr("Loading model…"))
        self.provider = QLabel("")
        self.latency = QLabel("")
        self.latency.setToolTip(self.tr("Time taken by the last suggestion"))
        self.task = QLabel("")  # work in the background that outlasts a message (learning from the writer)
        self.task.hide()
        self.goal = QLabel("")
        self.goal.setAccessibleName(self.tr("Word goals"))
        for w in (self.task, self.goal, self.counts, self.model, self.provider, self.latency):
            self.bar.addPermanentWidget(w)
        self.counts_timer = QTimer(self)
        self.counts_timer.setSingleShot(True)
        self.counts_timer.setInterval(COUNT_PAUSE_MS)
        self.counts_timer.timeout.connect(self.update_counts)
        self.notice: QMessageBox | None = None  # why suggestions are off, shown once a session

    def say(self, message: str, ms: int = 3000) -> None:
        self.bar.showMessage(message, ms)

    # -- counts and latency -------------------------------------------------------------------

    def attach(self, tab: DocumentTab) -> None:
        """Show the counts of the tab in view as it changes: at most every COUNT_PAUSE_MS, also in the
        middle of a burst of typing (the tab's LiveCounts make each update cheap)."""
        mine = partial(lambda t: t is self.current_tab(), tab)
        tab.editor.textChanged.connect(lambda: mine() and not self.counts_timer.isActive() and self.counts_timer.start())
        tab.editor.selectionChanged.connect(lambda: mine() and not self.counts_timer.isActive() and self.counts_timer.start())

    def update_counts(self) -> None:
        tab = self.current_tab()
        ed = tab.editor
        sel = ed.textCursor().selectedText().replace("\u2029", "\n")
        if tab.language.code == "zh":  # Chinese is counted in 字: characters without punctuation
            label = self.tr("%s 字") % f"{tab.counts.words:,}"
            if sel:
                label += self.tr(" (selection: %s 字)") % f"{count_zi(sel):,}"
        else:
            label = self.tr("%1 words, %2 characters").replace("%1", f"{tab.counts.words:,}").replace(
                "%2", f"{tab.counts.chars:,}")
            if sel:
                label += self.tr(" (selection: %1 words, %2 characters)").replace(
                    "%1", f"{count_words(sel):,}").replace("%2", f"{count_chars(sel):,}")
        self.counts.setText(label)

    def show_task(self, text: str) -> None:
        """What runs in the background, until it ends (empty text: nothing)."""
        self.task.setText(text)
        self.task.setVisible(bool(text))

    def show_goal(self, session: str, project: str) -> None:
        """The goals' progress ("Today: 350 / 1,000 words", "Novel: 42,300 / 80,000 words (53%)")."""
        text = " · ".join(t for t in (session, project) if t)
        self.goal.setText(text)
        self.goal.setVisible(bool(text))

    def show_latency(self, ms: float) -> None:
        self.latency.setText(f"{ms:.0f} ms")

    # -- the engine ---------------------------------------------------------------------------

    def engine_loading(self) -> None:
        self.model.setText(self.tr("Loading model…"))
        self.model.setToolTip("")
        self.provider.setText("")

    def engine_loaded(self, name: str, provider: str, device: str, quiet: bool = False) -> None:
        """`quiet`: shown again (another document in view), not news: no messages."""
        self.model.setText(self.tr("Model: %s") % name)
        self.model.setToolTip("")
        self.provider.setText(provider)
        self.provider.setToolTip("")
        if device == "cuda" and provider != "CUDA":
            # asked for explicitly: a note that stays, not a message that scrolls away
            self.provider.setText(self.tr("%s: CUDA not usable") % provider)
            self.provider.setStyleSheet("color: #b35c00; font-weight: bold")
            self.provider.setToolTip(self.tr("CUDA was chosen (Preferences or the Model Packs dialog), but it cannot "
                                             "run here: no usable NVIDIA GPU or CUDA libraries. The models run on "
                                             "the CPU. Choose Auto or CPU to make this note go away."))
            if not quiet:
                self.say(self.tr("CUDA was chosen but cannot run here: the models run on the CPU."), 10000)
            return
        self.provider.setStyleSheet("")
        if device == "auto" and provider != "CUDA":
            # Quietly: most machines have no usable GPU, and the CPU is fast enough for these models.
            self.provider.setToolTip(self.tr("Device: Auto. No usable GPU was found, so the CPU is used."))
            if not quiet:
                self.say(self.tr("Auto device: no usable GPU, running on the CPU."), 4000)

    def engine_failed(self, message: str) -> None:
        off = self.tr("Suggestions off: %s") % message
        self.model.setText(self.model.fontMetrics().elidedText(off, Qt.TextElideMode.ElideRight, MODEL_LABEL_WIDTH))
        self.model.setToolTip(off)
        self.provider.setText("")
        self.say(off, 10000)
        if self.notice is None:  # once per session: writing goes on, the status bar keeps saying why
            self.notice = QMessageBox(QMessageBox.Icon.Information, self.tr("Suggestions are off"),
                                      message + "\n\n" + self.tr("You can still write, open and save as usual."),
                                      QMessageBox.StandardButton.Ok, self.window)
            self.notice.setWindowModality(Qt.WindowModality.NonModal)
            self.notice.show()
