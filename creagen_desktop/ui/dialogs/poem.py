"""Generate ▸ Poem…: the form, an acrostic, a first line, the rhyme table and the script of a
regulated poem (绝句 or 律诗), the poem written by the model, and Insert to put it in the document.

The dialog only draws: it asks (`write_requested`) and is told (show_poem, show_error); the poem
feature writes the poem off the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from creagen_desktop.engine.verse import FORMS


class PoemDialog(QDialog):
    write_requested = Signal(dict)  # form, acrostic, first_line, rhyme, traditional
    insert_requested = Signal(str)  # the poem as shown

    def __init__(self, tables: list[str], parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Write a poem"))
        form_names = {"wujue": self.tr("五言绝句 (four lines of five)"), "qijue": self.tr("七言绝句 (four lines of seven)"),
                      "wulv": self.tr("五言律诗 (eight lines of five)"), "qilv": self.tr("七言律诗 (eight lines of seven)")}
        table_names = {"xin": self.tr("中华新韵 (modern readings)"), "pingshui": self.tr("平水韵 (the classical rhyme book)")}
        self.form = QComboBox()
        for key in FORMS:
            self.form.addItem(form_names.get(key, key), key)
        self.acrostic = QLineEdit()
        self.acrostic.setPlaceholderText(self.tr("one character a line, e.g. 春江花月"))
        self.first_line = QLineEdit()
        self.first_line.setPlaceholderText(self.tr("a line of your own to start with (optional)"))
        self.rhyme = QComboBox()
        for key in tables:
            self.rhyme.addItem(table_names.get(key, key), key)
        self.traditional = QCheckBox(self.tr("Write in Traditional characters (繁體)"))
        self.poem = QPlainTextEdit()
        self.poem.setReadOnly(True)
        self.poem.setAccessibleName(self.tr("The poem"))
        self.poem.setMinimumHeight(170)
        font = self.poem.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.poem.setFont(font)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Poem status"))
        fields = QFormLayout()
        fields.addRow(self.tr("&Form"), self.form)
        fields.addRow(self.tr("&Acrostic"), self.acrostic)
        fields.addRow(self.tr("F&irst line"), self.first_line)
        fields.addRow(self.tr("&Rhyme table"), self.rhyme)
        fields.addRow(self.traditional)
        for row in range(fields.rowCount()):  # screen readers hear each field by its label
            label = fields.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = fields.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and label.widget() is not None and field is not None:
                label.widget().setBuddy(field.widget())
                field.widget().setAccessibleName(label.widget().text().replace("&", ""))
        self.write_button = QPushButton(self.tr("&Write"))
        self.write_button.setDefault(True)
        self.insert_button = QPushButton(self.tr("&Insert"))
        self.insert_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.write_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.insert_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.write_button.clicked.connect(self.write)
        self.insert_button.clicked.connect(self._insert)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.poem, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

    def request(self) -> dict:
        return {"form": self.form.currentData(), "acrostic": self.acrostic.text().strip() or None,
                "first_line": self.first_line.text().strip() or None, "rhyme": self.rhyme.currentData() or "xin",
                "traditional": self.traditional.isChecked()}

    def write(self) -> None:
        self.write_button.setEnabled(False)
        self.insert_button.setEnabled(False)
        self.note.setText(self.tr("Writing…"))
        self.write_requested.emit(self.request())

    def show_poem(self, text: str, note: str = "") -> None:
        self.poem.setPlainText(text)
        self.note.setText(note)
        self.write_button.setEnabled(True)
        self.write_button.setText(self.tr("&Write again"))
        self.insert_button.setEnabled(bool(text))
        self.insert_button.setFocus()

    def show_error(self, message: str) -> None:
        self.note.setText(message)
        self.write_button.setEnabled(True)

    def _insert(self) -> None:
        text = self.poem.toPlainText()
        if text:
            self.insert_requested.emit(text)
            self.accept()
