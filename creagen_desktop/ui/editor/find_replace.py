"""The find and replace bar under the editor. A replacement is the writer's text (never the
model's format of the match it replaces)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from creagen_desktop.ui.editor.marks import WRITER


class FindBar(QWidget):
    closed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.editor = None
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText(self.tr("Find"))
        self.replace_edit = QLineEdit()
        self.replace_edit.setPlaceholderText(self.tr("Replace with"))
        self.case = QCheckBox(self.tr("&Match case"))
        self.status = QLabel()
        prev_b, next_b = QPushButton(self.tr("Previous")), QPushButton(self.tr("Next"))
        self.replace_b, self.all_b = QPushButton(self.tr("&Replace")), QPushButton(self.tr("Replace &all"))
        close_b = QPushButton(self.tr("Close"))
        self.find_edit.setAccessibleName(self.tr("Find"))
        self.replace_edit.setAccessibleName(self.tr("Replace with"))
        for edit_w in (self.find_edit, self.replace_edit):
            edit_w.setMinimumWidth(120)
            edit_w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the bar
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        for w, stretch in ((self.find_edit, 3), (prev_b, 0), (next_b, 0), (self.replace_edit, 3), (self.replace_b, 0),
                           (self.all_b, 0), (self.case, 0), (self.status, 1), (close_b, 0)):
            layout.addWidget(w, stretch)
        # The bar takes the window's width; it never asks the window to grow (Ctrl+H used to).
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.find_edit.returnPressed.connect(self.find_next)
        self.replace_edit.returnPressed.connect(self.replace)
        prev_b.clicked.connect(self.find_previous)
        next_b.clicked.connect(self.find_next)
        self.replace_b.clicked.connect(self.replace)
        self.all_b.clicked.connect(self.replace_all)
        close_b.clicked.connect(self.close_bar)
        QShortcut(QKeySequence("Esc"), self, self.close_bar, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    def open_bar(self, editor, replace: bool) -> None:
        self.editor = editor
        for w in (self.replace_edit, self.replace_b, self.all_b):
            w.setVisible(replace)
        selected = editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_edit.setText(selected)
        self.status.clear()
        self.show()
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def _flags(self, backward=False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _find(self, backward: bool) -> bool:
        needle = self.find_edit.text()
        if not needle or self.editor is None:
            return False
        if self.editor.find(needle, self._flags(backward)):
            self.status.clear()
            return True
        # Wrap around once, from the other end.
        cursor = self.editor.textCursor()
        saved = QTextCursor(cursor)
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.editor.setTextCursor(cursor)
        if self.editor.find(needle, self._flags(backward)):
            self.status.setText(self.tr("Wrapped around"))
            return True
        self.editor.setTextCursor(saved)
        self.status.setText(self.tr("Not found"))
        return False

    def find_next(self) -> bool:
        return self._find(False)

    def find_previous(self) -> bool:
        return self._find(True)

    def _matches_selection(self) -> bool:
        sel = self.editor.textCursor().selectedText()
        needle = self.find_edit.text()
        return bool(needle) and (sel == needle if self.case.isChecked() else sel.lower() == needle.lower())

    def replace(self) -> bool:
        """Replace the current match (if the selection is one) and go to the next."""
        if self.editor is None:
            return False
        if self._matches_selection():
            self.editor.textCursor().insertText(self.replace_edit.text(), WRITER)
        return self.find_next()

    def replace_all(self) -> int:
        if self.editor is None or not self.find_edit.text():
            return 0
        doc = self.editor.document()
        needle, flags = self.find_edit.text(), self._flags()
        count = 0
        edit = QTextCursor(doc)
        edit.beginEditBlock()  # one undo step for the lot
        found = doc.find(needle, 0, flags)
        while not found.isNull():
            found.insertText(self.replace_edit.text(), WRITER)
            count += 1
            found = doc.find(needle, found.position(), flags)
        edit.endEditBlock()
        self.status.setText(f"{count} replaced")
        return count
