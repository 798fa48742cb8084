"""The model packs dialog: what is installed, importing, removing, and choosing the active pack.

The dialog draws and asks: importing (unzip, hash every file) and removing run off the GUI thread,
in the room that opened it (ui/packs.py), which reports back through work_done() and work_failed().
Meanwhile the dialog shows what it waits for and stays open. Listing reads the manifests only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from creagen_desktop.pack.store import PackInfo, PackStore
from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.settings import DEVICE_LABELS

REPORT = Path("report") / "report.html"  # written by `creagen-train report PACK`, beside the pack's files
COLUMNS = ["Name", "Source", "Language", "Kinds", "Size", "Training corpus", "Metrics"]


def _metrics_text(metrics: dict) -> str:
    parts = []
    for k, v in metrics.items():
        parts.append(f"{k.replace('_', ' ')} {v:.3f}" if isinstance(v, float) else f"{k.replace('_', ' ')} {v}")
    return ", ".join(parts)


class PackDialog(QDialog):
    activate = Signal(object)  # Path of the pack to use
    device_chosen = Signal(str)  # "auto", "cpu" or "cuda"
    import_requested = Signal(object)  # Path of a folder or .zip to import (off the GUI thread)
    remove_requested = Signal(object)  # Path of a user pack to remove (off the GUI thread)
    imported = Signal(object)  # PackInfo of the pack just imported
    removed = Signal(object)  # Path of the pack just removed
    refused = Signal(str)  # why an import or removal did not happen

    def __init__(self, store: PackStore, active: Path | None, parent=None, device: str = "auto"):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Model packs"))
        self.resize(900, 380)
        self.store = store
        self.active = Path(active).resolve() if active else None
        self.packs: list[PackInfo] = []
        self.waiting_for: str | None = None  # what runs in the background now ("Importing mine.zip…")
        self._failure_title = ""
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName(self.tr("Model packs"))
        self.table.horizontalHeader().setAccessibleName(self.tr("Pack details columns"))
        # with several packs (one a language) the table scrolls: its scroll bars are controls too
        self.table.verticalScrollBar().setAccessibleName(self.tr("Scroll the packs"))
        self.table.horizontalScrollBar().setAccessibleName(self.tr("Scroll the pack details"))
        self.table.verticalHeader().hide()  # row numbers say nothing (and bring an unnamed corner button)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.use_selected())
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_b = QPushButton(self.tr("&Use this pack"))
        self.remove_b = QPushButton(self.tr("&Remove"))
        self.report_b = QPushButton(self.tr("Re&port…"))
        import_dir = QPushButton(self.tr("Import &folder…"))
        import_zip = QPushButton(self.tr("Import .&zip…"))
        close_b = QPushButton(self.tr("Close"))
        self.busy_label = QLabel()  # what the dialog waits for, or how the last import or removal went
        self.busy_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the store reports no fractions
        self.progress.setMaximumWidth(160)
        self.progress.hide()
        self.device = QComboBox()
        for key, label in DEVICE_LABELS.items():
            self.device.addItem(QCoreApplication.translate("Preferences", label), key)
        keys = list(DEVICE_LABELS)
        self.device.setCurrentIndex(keys.index(device) if device in keys else 0)
        self.device.setAccessibleName(self.tr("Device"))
        self.device.setToolTip("Where the models run. Auto uses the GPU when onnxruntime can start on it, "
                               "otherwise the CPU (the status bar says which). Changing it reloads the model.")
        self.device.currentIndexChanged.connect(lambda _: self.device_chosen.emit(self.device.currentData()))
        self.use_b.clicked.connect(self.use_selected)
        self.remove_b.clicked.connect(self.remove_selected)
        self.report_b.clicked.connect(self.open_report)
        import_dir.clicked.connect(self._import_folder_dialog)
        import_zip.clicked.connect(self._import_zip_dialog)
        close_b.clicked.connect(self.accept)
        self._work_buttons: list[QAbstractButton] = [self.use_b, self.remove_b, self.report_b, import_dir, import_zip,
                                                     close_b]
        busy_row = QHBoxLayout()
        busy_row.addWidget(self.progress)
        busy_row.addWidget(self.busy_label, 1)
        row = QHBoxLayout()
        for b in (self.use_b, self.remove_b, self.report_b, import_dir, import_zip):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(QLabel(self.tr("&Device:")))
        row.itemAt(row.count() - 1).widget().setBuddy(self.device)
        row.addWidget(self.device)
        row.addWidget(close_b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(arg(self.tr("Bundled packs, and your own in %1"), store.user_dir)))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(busy_row)
        layout.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        self.packs = self.store.list()
        self.table.setRowCount(len(self.packs))
        for r, p in enumerate(self.packs):
            active = self.active is not None and p.path.resolve() == self.active
            values = [p.name + ("  (active)" if active else ""), p.source, p.language, ", ".join(p.kinds),
                      f"{p.bytes / 1e6:.1f} MB" if p.bytes else "", p.corpus,
                      _metrics_text(p.metrics) if p.usable else f"damaged: {p.error}"]
            for c, v in enumerate(values):
                item = QTableWidgetItem(v)
                item.setToolTip(p.error or p.description or str(p.path))
                self.table.setItem(r, c, item)
        if self.packs:
            self.table.selectRow(0)
        self._selection_changed()

    def selected(self) -> PackInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.packs[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        p = self.selected()
        self.use_b.setEnabled(p is not None and p.usable)
        self.remove_b.setEnabled(p is not None and p.source == "user")
        has_report = p is not None and (p.path / REPORT).is_file()
        self.report_b.setEnabled(has_report)
        self.report_b.setToolTip("Open the pack's evaluation report in the browser" if has_report else
                                 "This pack has no evaluation report; make one with: creagen-train report PACK --text HELD-OUT.txt")
        if p is None:
            self.detail.setText("")
        else:
            self.detail.setText(p.error or f"{p.description}\n{p.path}".strip())

    def report_path(self) -> Path | None:
        p = self.selected()
        return p.path / REPORT if p is not None and (p.path / REPORT).is_file() else None

    def open_report(self) -> bool:
        path = self.report_path()
        return path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def select_path(self, path: Path) -> bool:
        for r, p in enumerate(self.packs):
            if p.path.resolve() == Path(path).resolve():
                self.table.selectRow(r)
                return True
        return False

    def use_selected(self) -> None:
        p = self.selected()
        if p is not None and p.usable:
            self.active = p.path.resolve()
            self.activate.emit(p.path)
            self.refresh()

    def remove_selected(self) -> bool:
        """Ask, then have the selected user pack removed; True if the removal was started."""
        p = self.selected()
        if p is None or p.source != "user" or self.waiting_for is not None:
            return False
        if self.active is not None and p.path.resolve() == self.active:
            QMessageBox.information(self, self.tr("Pack in use"), arg(self.tr("%1 is the active pack. Switch to another one first."), p.name))
            return False
        answer = QMessageBox.question(self, self.tr("Remove pack"), arg(self.tr("Remove the pack %1 from %2?"), p.name, p.path.parent))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._wait(arg(self.tr("Removing %1…"), p.name), "Cannot remove")
        self.remove_requested.emit(p.path)
        return True

    def import_from(self, source: Path) -> bool:
        """Have a folder or .zip imported (unpacked, checked file by file); True if the import was started.
        A refusal is shown, and nothing is left behind."""
        if self.waiting_for is not None:
            return False
        self._wait(arg(self.tr("Importing %1: unpacking it and checking every file…"), Path(source).name), "Pack not imported")
        self.import_requested.emit(Path(source))
        return True

    def _import_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import a pack folder")
        if folder:
            self.import_from(Path(folder))

    def _import_zip_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a pack archive", "", "Zip archives (*.zip)")
        if name:
            self.import_from(Path(name))

    # -- waiting for the background work ------------------------------------------------------

    def _wait(self, what: str, failure_title: str) -> None:
        self.waiting_for, self._failure_title = what, failure_title
        self.busy_label.setText(what)
        self.progress.show()
        self.table.setEnabled(False)
        for b in self._work_buttons:
            b.setEnabled(False)

    def _done_waiting(self, message: str) -> None:
        self.waiting_for = None
        self.progress.hide()
        self.busy_label.setText(message)
        self.table.setEnabled(True)
        for b in self._work_buttons:
            b.setEnabled(True)
        self.refresh()  # also sets the buttons that depend on the selection

    def work_done(self, outcome) -> None:
        """The import (a PackInfo) or removal (the removed Path) finished."""
        if isinstance(outcome, PackInfo):
            self._done_waiting(arg(self.tr("Imported %1."), outcome.name))
            self.select_path(outcome.path)
            self.imported.emit(outcome)
        else:
            self._done_waiting(arg(self.tr("Removed %1."), Path(outcome).name))
            self.removed.emit(outcome)

    def work_failed(self, message: str) -> None:
        self._done_waiting(message)
        QMessageBox.warning(self, self._failure_title, message)
        self.refused.emit(message)

    def done(self, result: int) -> None:
        if self.waiting_for is not None:  # the work finishes first: an import is never left half-seen
            self.busy_label.setText(arg(self.tr("%1 The dialog closes once this is done."), self.waiting_for))
            return
        super().done(result)

    def closeEvent(self, e) -> None:
        if self.waiting_for is not None:
            e.ignore()
            self.done(0)  # says why it stays open
            return
        super().closeEvent(e)
