"""The Export dialog: what to export (this document or the whole project), to which format, what to
do with the authorship marks, the title and author, and where; the export itself runs on a worker
thread (ui/export.py) and the dialog says when it is done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop.documents.export import AUTHORSHIP, FORMATS
from creagen_desktop.ui.i18n import arg


class ExportDialog(QDialog):
    requested = Signal(str, str, str, str, str, str)  # scope, format, authorship, title, author, path

    def __init__(self, document_title: str, project: str | None, chapters: int, start_dir: Path, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.setMinimumWidth(620)  # room for a whole path in "Save to"
        self.start_dir = start_dir
        self.scope_doc = QRadioButton(arg(self.tr("This &document (%1)"), document_title))
        self.scope_project = QRadioButton(f"The whole &project ({project}: {chapters} chapters in order)"
                                          if project else "The whole &project (open a project folder first)")
        self.scope_project.setEnabled(bool(project))
        (self.scope_project if project else self.scope_doc).setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.scope_doc)
        group.addButton(self.scope_project)
        self.format = QComboBox()
        for key, label in FORMATS.items():
            self.format.addItem(label, key)
        self.format.setAccessibleName(self.tr("Format"))
        self.authorship = QComboBox()
        for key, label in AUTHORSHIP.items():
            self.authorship.addItem(label, key)
        self.authorship.setAccessibleName(self.tr("Authorship marks"))
        self.authorship.setToolTip(self.tr("Text the model wrote can go out unmarked, tinted, or with a comment naming the feature"))
        self.title_edit = QLineEdit(project or document_title.rsplit(".", 1)[0])
        self.title_edit.setAccessibleName(self.tr("Title"))
        self.author_edit = QLineEdit()
        self.author_edit.setAccessibleName(self.tr("Author"))
        self.author_edit.setPlaceholderText(self.tr("Your name (goes in the file's details)"))
        self.path_edit = QLineEdit()
        self.path_edit.setAccessibleName(self.tr("Export to file"))
        browse = QPushButton(self.tr("&Browse…"))
        browse.setAccessibleName(self.tr("Choose where to export"))
        browse.clicked.connect(self.browse)
        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(browse)
        where_w = QWidget()
        where_w.setLayout(where)
        where.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.scope_doc)
        form.addRow(self.scope_project)
        form.addRow("&Format", self.format)
        form.addRow("Authorship &marks", self.authorship)
        form.addRow("&Title", self.title_edit)
        form.addRow("A&uthor", self.author_edit)
        form.addRow("&Save to", where_w)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_b = self.buttons.addButton(self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_b.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.status)
        lay.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(lambda _i: self._default_path())
        self.scope_doc.toggled.connect(lambda _on: self._default_path())
        self._default_path()

    def _default_path(self) -> None:
        name = (self.title_edit.text().strip() or "export").replace("/", "-")
        self.path_edit.setText(str(self.start_dir / f"{name}.{self.format.currentData()}"))

    def browse(self) -> None:
        fmt = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(self, "Export to", self.path_edit.text(), f"{FORMATS[fmt]} (*.{fmt})")
        if name:
            self.path_edit.setText(name if name.lower().endswith(f".{fmt}") else f"{name}.{fmt}")

    def export(self) -> None:
        if not self.path_edit.text().strip():
            self.status.setText(self.tr("Choose where to save the export."))
            return
        self.export_b.setEnabled(False)
        self.status.setText(self.tr("Exporting…"))
        self.requested.emit("project" if self.scope_project.isChecked() else "document", self.format.currentData(),
                            self.authorship.currentData(), self.title_edit.text(), self.author_edit.text(),
                            self.path_edit.text().strip())

    def done_ok(self, path: str) -> None:
        self.export_b.setEnabled(True)
        self.status.setText(arg(self.tr("Exported to %1"), path))

    def done_failed(self, message: str) -> None:
        self.export_b.setEnabled(True)
        self.status.setText(arg(self.tr("Export failed: %1"), message))
