"""The Blend dialog: passage A (the selection) morphs into passage B along a path in latent space.

The path is decoded once per request (every step in one batch); the slider then moves along the
decoded steps, so moving it never waits for the model.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QSpinBox,
    QVBoxLayout,
)

PATHS = [("Spherical (slerp)", "slerp"), ("Straight line (lerp)", "lerp")]


class BlendDialog(QDialog):
    requested = Signal(str, str, int, str)  # A, B, steps, path
    take_selection = Signal()  # "use the editor's selection as B"
    insert = Signal(str, bool)  # text, replace A?

    def __init__(self, a: str, b: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Blend"))
        self.setObjectName("blend_dialog")
        self.setModal(False)  # the writer may select passage B in the editor meanwhile
        self.path_texts: list[str] = []
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.a_view = QPlainTextEdit(a)
        self.a_view.setReadOnly(True)
        self.a_view.setMaximumHeight(70)
        self.a_view.setAccessibleName(self.tr("Passage A"))
        form.addRow("Passage A", self.a_view)
        b_row = QHBoxLayout()
        self.b_edit = QPlainTextEdit(b)
        self.b_edit.setPlaceholderText(self.tr("Paste or type passage B, or select it in the editor and press the button"))
        self.b_edit.setMaximumHeight(70)
        self.b_edit.setAccessibleName(self.tr("Passage B"))
        b_row.addWidget(self.b_edit, 1)
        self.take_button = QPushButton(self.tr("Use editor\nselection"))
        self.take_button.setToolTip(self.tr("Make the text selected in the editor passage B"))
        b_row.addWidget(self.take_button)
        form.addRow("Passage B", b_row)
        opts = QHBoxLayout()
        self.steps = QSpinBox()
        self.steps.setRange(3, 24)
        self.steps.setValue(8)
        self.steps.setAccessibleName(self.tr("Steps"))
        self.path = QComboBox()
        self.path.setAccessibleName(self.tr("Path"))
        for label, key in PATHS:
            self.path.addItem(label, key)
        opts.addWidget(QLabel(self.tr("Steps")))
        opts.addWidget(self.steps)
        opts.addWidget(QLabel(self.tr("Path")))
        opts.addWidget(self.path, 1)
        form.addRow(opts)
        lay.addLayout(form)

        slider_row = QHBoxLayout()
        slider_row.addWidget(QLabel(self.tr("A")))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setEnabled(False)
        self.slider.setAccessibleName(self.tr("From passage A to passage B"))
        slider_row.addWidget(self.slider, 1)
        slider_row.addWidget(QLabel(self.tr("B")))
        lay.addLayout(slider_row)
        self.current = QLabel("")
        self.current.setWordWrap(True)
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setMinimumHeight(48)
        self.current.setStyleSheet("font-size: 12pt; padding: 6px;")
        lay.addWidget(self.current)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(self.tr("Blend steps"))
        lay.addWidget(self.list, 1)
        self.status = QLabel("")
        lay.addWidget(self.status)

        buttons = QDialogButtonBox()
        self.insert_button = buttons.addButton(self.tr("&Insert after A"), QDialogButtonBox.ButtonRole.ActionRole)
        self.replace_button = buttons.addButton(self.tr("&Replace A"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        lay.addWidget(buttons)
        self._set_result_buttons(False)
        self.resize(560, 520)

        self._debounce = QTimer(self)  # typing in B asks for a new path once it pauses
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(400)
        self._debounce.timeout.connect(self.request)
        self.b_edit.textChanged.connect(self._debounce.start)
        self.steps.valueChanged.connect(lambda _v: self._debounce.start())
        self.path.currentIndexChanged.connect(lambda _i: self.request())
        self.take_button.clicked.connect(self.take_selection)
        self.slider.valueChanged.connect(self._show_step)
        self.list.currentRowChanged.connect(lambda row: row >= 0 and self.slider.setValue(row))
        self.insert_button.clicked.connect(lambda: self._emit_insert(False))
        self.replace_button.clicked.connect(lambda: self._emit_insert(True))
        buttons.rejected.connect(self.close)

    @property
    def a(self) -> str:
        return self.a_view.toPlainText()

    @property
    def b(self) -> str:
        return self.b_edit.toPlainText()

    def set_b(self, text: str) -> None:
        self.b_edit.setPlainText(text)

    def request(self) -> None:
        self._debounce.stop()
        if not self.b.strip():
            self.status.setText(self.tr("Passage B is empty."))
            return
        self.status.setText(self.tr("Blending…"))
        self.requested.emit(self.a, self.b, self.steps.value(), self.path.currentData())

    def show_path(self, texts: list[str]) -> None:
        self.path_texts = list(texts)
        self.list.clear()
        for i, t in enumerate(texts):
            self.list.addItem(f"{i + 1}. {t}")
        self.slider.setRange(0, max(0, len(texts) - 1))
        self.slider.setEnabled(bool(texts))
        self._set_result_buttons(bool(texts))
        self.status.setText(f"{len(texts)} steps from A to B. Move the slider or pick a step.")
        self.slider.setValue(len(texts) // 2)
        self._show_step(self.slider.value())

    def show_message(self, message: str) -> None:
        self.status.setText(message)

    def selected_text(self) -> str:
        i = self.slider.value()
        return self.path_texts[i] if 0 <= i < len(self.path_texts) else ""

    def _show_step(self, i: int) -> None:
        if 0 <= i < len(self.path_texts):
            self.current.setText(self.path_texts[i])
            if self.list.currentRow() != i:
                self.list.setCurrentRow(i)

    def _set_result_buttons(self, on: bool) -> None:
        self.insert_button.setEnabled(on)
        self.replace_button.setEnabled(on)

    def _emit_insert(self, replace: bool) -> None:
        text = self.selected_text()
        if text:
            self.insert.emit(text, replace)
