"""The "Learn from my writing" dialog: which texts, how long, then the run's progress.

It only draws and asks; the room that opened it (ui/learning.py) runs the training process and
reports back through the show_* methods. The dialog is not modal: the writer goes on writing while
the model learns, closes it and opens it again to see how far it is.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

INTRO = ("Creagen trains its language model further on texts you choose, here on this computer, so that its "
         "suggestions take up your names and your way of writing. Nothing is sent anywhere. Your texts are not "
         "copied into the new pack, and the temporary copy made for training is deleted at the end.")
MINUTES = (1, 240, 10)  # the time budget's range and default
STEPS = 1000  # the progress bar's resolution


def minutes_text(seconds: float) -> str:
    if seconds < 60:
        return "less than a minute left"
    return f"about {round(seconds / 60)} min left"


class LearnDialog(QDialog):
    start_requested = Signal(list, str, float, bool, bool)  # sources (Paths), name, minutes, vae, keep work folder
    cancel_requested = Signal()
    use_requested = Signal()  # switch to the new pack
    back_requested = Signal()  # switch back to the pack it started from
    packs_requested = Signal()  # open Model Packs

    def __init__(self, base_name: str, has_vae: bool, sources: list[Path], name: str, problem: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("Learn from my writing")
        self.setModal(False)
        self.resize(620, 480)
        self.base_name = base_name
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page(has_vae, sources, name, problem))
        self.pages.addWidget(self._run_page())
        self.start_b = QPushButton("&Start learning")
        self.start_b.setDefault(True)
        self.cancel_b = QPushButton("&Cancel learning")
        self.use_b = QPushButton("&Use the new pack")
        self.back_b = QPushButton(f"&Back to {base_name}")
        self.packs_b = QPushButton("Model &Packs…")
        self.close_b = QPushButton("Close")
        self.start_b.clicked.connect(self._start)
        self.cancel_b.clicked.connect(self.cancel_requested)
        self.use_b.clicked.connect(self.use_requested)
        self.back_b.clicked.connect(self.back_requested)
        self.packs_b.clicked.connect(self.packs_requested)
        self.close_b.clicked.connect(self.hide)
        row = QHBoxLayout()
        row.addStretch(1)
        for b in (self.start_b, self.cancel_b, self.use_b, self.back_b, self.packs_b, self.close_b):
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(row)
        self.ready = not problem
        self._buttons("setup")
        self._sources_changed()
        self.resize(self.width(), max(self.height(), self.sizeHint().height()))

    # -- the pages ----------------------------------------------------------------------------

    def _setup_page(self, has_vae: bool, sources: list[Path], name: str, problem: str) -> QWidget:
        page = QWidget()
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        # what to install, when training cannot run here: read-only text, so the commands can be copied
        self.problem = QPlainTextEdit(problem)
        self.problem.setReadOnly(True)
        self.problem.setStyleSheet("QPlainTextEdit { border: 1px solid #b35c00; }")
        lines = sum(1 + len(line) // 90 for line in problem.splitlines()) if problem else 0
        self.problem.setFixedHeight(self.problem.fontMetrics().lineSpacing() * (lines + 1) + 12)
        self.problem.setVisible(bool(problem))
        self.sources = QListWidget()
        self.sources.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for s in sources:
            self.sources.addItem(str(s))
        add_files = QPushButton("Add &files…")
        add_folder = QPushButton("Add f&older…")
        self.remove_b = QPushButton("&Remove")
        add_files.clicked.connect(self._add_files_dialog)
        add_folder.clicked.connect(self._add_folder_dialog)
        self.remove_b.clicked.connect(self.remove_selected)
        self.sources.itemSelectionChanged.connect(self._sources_changed)
        buttons = QHBoxLayout()
        for b in (add_files, add_folder, self.remove_b):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.name = QLineEdit(name)
        self.minutes = QSpinBox()
        self.minutes.setRange(*MINUTES[:2])
        self.minutes.setValue(MINUTES[2])
        self.minutes.setSuffix(" min")
        self.minutes.setToolTip("How long to train. Longer learns more; the run stops earlier once your held-out "
                                "text no longer improves.")
        self.vae = QCheckBox("Also learn your sentences for Variations, Blends and Sparks (takes a quarter of the time)")
        self.vae.setEnabled(has_vae)
        self.keep = QCheckBox("Keep the work folder (it holds a copy of your texts; for inspecting or resuming)")
        form = QFormLayout()
        form.addRow("Starting from:", QLabel(self.base_name))
        form.addRow("&Name of the new pack:", self.name)
        form.addRow("&Time:", self.minutes)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.problem)
        layout.addWidget(QLabel("Your texts (.txt and .md files, or folders of them):"))
        layout.addWidget(self.sources, 1)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(self.vae)
        layout.addWidget(self.keep)
        return page

    def _run_page(self) -> QWidget:
        page = QWidget()
        self.stage = QLabel("Starting…")
        self.stage.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, STEPS)
        self.remaining = QLabel("")
        self.figure = QLabel("")  # the held-out figure as it improves
        self.figure.setWordWrap(True)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setMaximumBlockCount(2000)
        self.log.hide()
        details = QPushButton("&Details")
        details.setCheckable(True)
        details.toggled.connect(self.log.setVisible)
        layout = QVBoxLayout(page)
        layout.addWidget(self.stage)
        layout.addWidget(self.progress)
        layout.addWidget(self.remaining)
        layout.addWidget(self.figure)
        layout.addWidget(self.result)
        layout.addStretch(1)
        layout.addWidget(details, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.log, 3)
        return page

    def _buttons(self, state: str) -> None:
        """setup, running, done, failed: which buttons show."""
        self.state = state
        self.pages.setCurrentIndex(0 if state == "setup" else 1)
        self.start_b.setVisible(state in ("setup", "failed"))
        self.start_b.setText("&Start learning" if state == "setup" else "&Try again")
        self.cancel_b.setVisible(state == "running")
        self.use_b.setVisible(state == "done")
        self.back_b.setVisible(False)
        self.packs_b.setVisible(state == "done")
        self.close_b.setText("Close" if state != "running" else "Hide (it goes on learning)")

    # -- the setup ----------------------------------------------------------------------------

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def add_sources(self, paths: list[Path]) -> None:
        have = {str(p) for p in self.source_paths()}
        for p in paths:
            if str(p) not in have:
                self.sources.addItem(str(p))
        self._sources_changed()

    def remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._sources_changed()

    def _add_files_dialog(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Your texts", "", "Texts (*.txt *.md)")
        self.add_sources([Path(n) for n in names])

    def _add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "A folder of your texts")
        if folder:
            self.add_sources([Path(folder)])

    def _sources_changed(self) -> None:
        self.remove_b.setEnabled(bool(self.sources.selectedItems()))
        self.start_b.setEnabled(self.ready and self.sources.count() > 0)
        self.start_b.setToolTip("" if self.ready else "Training cannot run here: see the note above.")

    def _start(self) -> None:
        if self.state == "failed":
            self._buttons("setup")
            return
        name = self.name.text().strip() or f"{self.base_name}-mine"
        self.start_requested.emit(self.source_paths(), name, float(self.minutes.value()), self.vae.isChecked(),
                                  self.keep.isChecked())

    # -- the run, as the room reports it ------------------------------------------------------

    def show_started(self) -> None:
        self._buttons("running")
        self.progress.setValue(0)
        self.stage.setText("Starting…")
        self.remaining.setText("")
        self.figure.setText("")
        self.result.setText("")
        self.log.clear()

    def show_stage(self, text: str) -> None:
        self.stage.setText(text)

    def show_progress(self, fraction: float, remaining_s: float) -> None:
        self.progress.setValue(round(STEPS * max(0.0, min(1.0, fraction))))
        self.remaining.setText(minutes_text(remaining_s))

    def show_figure(self, base_bpc: float, best_bpc: float) -> None:
        self.figure.setText(f"On your held-out text: {best_bpc:.3f} bits per character so far, against "
                            f"{base_bpc:.3f} for {self.base_name} ({_change(base_bpc, best_bpc)}; lower is better).")

    def add_log(self, line: str) -> None:
        self.log.appendPlainText(line)

    def show_done(self, name: str, where: Path, base_bpc: float | None, bpc: float | None) -> None:
        self._buttons("done")
        self.progress.setValue(STEPS)
        self.remaining.setText("")
        self.stage.setText("Done.")
        figures = ""
        if base_bpc and bpc:
            figures = (f" On your held-out text it scores {bpc:.3f} bits per character, against {base_bpc:.3f} "
                       f"for {self.base_name} ({_change(base_bpc, bpc)}).")
        self.result.setText(f"The new pack {name} is in Model Packs ({where}).{figures} Use it now, or switch to it "
                            "later in Tools ▸ Model Packs.")

    def show_using(self, new_pack: bool) -> None:
        """After a switch: offer the way back (or forward again)."""
        self.use_b.setVisible(not new_pack)
        self.back_b.setVisible(new_pack)

    def show_failed(self, message: str) -> None:
        self._buttons("failed")
        self.stage.setText("Learning stopped.")
        self.remaining.setText("")
        self.result.setText(message)

    def show_cancelled(self) -> None:
        self.show_failed("Cancelled. Nothing was written, and the copy of your texts made for training is deleted.")


def _change(base_bpc: float, bpc: float) -> str:
    """"5.2% better" (fewer bits per character) or "1.0% worse"."""
    better = (base_bpc - bpc) / base_bpc if base_bpc else 0.0
    return f"{better:.1%} better" if better >= 0 else f"{-better:.1%} worse"
