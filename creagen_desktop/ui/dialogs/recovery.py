"""After a crash: the documents found in the recovery folder, each with how it differs from its file."""

from __future__ import annotations

import html
import time
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
)

from creagen_desktop.documents.recovery import RecoveredDocument


class RecoveryDialog(QDialog):
    """Lists recovered documents; `restore` and `discard` are called with each one the writer picks.

    Documents left alone stay in the recovery folder and are offered again next time.
    """

    def __init__(self, docs: list[RecoveredDocument], diff: Callable[[RecoveredDocument], str],
                 restore: Callable[[RecoveredDocument], None], discard: Callable[[RecoveredDocument], None],
                 parent=None, damaged: list[tuple[str, str]] = (), folder: str = "",
                 delete_damaged: Callable[[], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self.resize(820, 520)
        self._diff, self._restore, self._discard = diff, restore, discard
        intro = QLabel("Creagen did not close properly last time. These documents had changes that were "
                       "not saved. Restore them to keep working on them, or discard them.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        for doc in docs:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(doc.saved_at))
            where = str(doc.path) if doc.path else "never saved"
            item = QListWidgetItem(f"{doc.title} — {where} — autosaved {when}")
            item.setData(Qt.ItemDataRole.UserRole, doc)
            self.list.addItem(item)
        self.diff_view = QPlainTextEdit()
        self.diff_view.setReadOnly(True)
        self.diff_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.list)
        split.addWidget(self.diff_view)
        split.setSizes([120, 380])
        buttons = QDialogButtonBox()
        self.restore_b = QPushButton(self.tr("&Restore"))
        self.restore_all_b = QPushButton(self.tr("Restore &all"))
        self.restore_all_b.setEnabled(len(docs) > 1)
        self.discard_b = QPushButton(self.tr("&Discard"))
        buttons.addButton(self.restore_b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_all_b, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_all_b.clicked.connect(self.restore_all)
        buttons.addButton(self.discard_b, QDialogButtonBox.ButtonRole.DestructiveRole)
        later = buttons.addButton(self.tr("Decide &later"), QDialogButtonBox.ButtonRole.RejectRole)
        later.clicked.connect(self.reject)
        self.restore_b.clicked.connect(lambda: self._take(self._restore))
        self.discard_b.clicked.connect(lambda: self._take(self._discard))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(split, 1)
        self.damaged_label = None
        if damaged:
            # a damaged copy is never hidden or deleted behind the writer's back: named, and kept
            lines = "".join(f"<li>{html.escape(name)}: {html.escape(why)}</li>" for name, why in damaged)
            self.damaged_label = QLabel(f"<p>{len(damaged)} recovery cop{'y' if len(damaged) == 1 else 'ies'} could "
                                        f"not be read, and {'is' if len(damaged) == 1 else 'are'} kept in "
                                        f"{html.escape(folder)}:</p><ul>{lines}</ul>")
            self.damaged_label.setWordWrap(True)
            self.damaged_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(self.damaged_label)
            if delete_damaged is not None:
                self.delete_damaged_b = buttons.addButton(self.tr("Delete the damaged copies"), QDialogButtonBox.ButtonRole.ResetRole)
                self.delete_damaged_b.clicked.connect(lambda: (delete_damaged(), self.delete_damaged_b.setEnabled(False),
                                                               self.damaged_label.setText(self.tr("The damaged copies were deleted."))))
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(self._show)
        self.list.setCurrentRow(0)

    def current(self) -> RecoveredDocument | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show(self, _row: int) -> None:
        doc = self.current()
        self.diff_view.setPlainText(self._diff(doc) if doc else "")

    def restore_all(self) -> int:
        """Restore every document still listed; returns how many."""
        count = 0
        while self.list.count():
            self.list.setCurrentRow(0)
            self._take(self._restore)
            count += 1
        return count

    def _take(self, action: Callable[[RecoveredDocument], None]) -> None:
        doc = self.current()
        if doc is None:
            return
        action(doc)
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0 and self.damaged_label is None:
            self.accept()
