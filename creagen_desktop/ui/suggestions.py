"""The side panel listing the candidates of the latest suggestion."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDockWidget, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget


class SuggestionsPanel(QDockWidget):
    chosen = Signal(int)  # index of the candidate clicked

    def __init__(self, parent=None):
        super().__init__("Suggestions", parent)
        self.setObjectName("suggestions")
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking must leave the cursor in the editor
        self.list.itemClicked.connect(lambda item: self.chosen.emit(self.list.row(item)))
        self.hint = QLabel("Pause while writing to see suggestions.\nTab accepts, Alt+] shows the next one.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid); padding: 6px;")
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.setWidget(body)

    def set_candidates(self, candidates: list[str]) -> None:
        self.list.clear()
        for c in candidates:
            item = QListWidgetItem("…" + c.strip())
            item.setToolTip(c)
            self.list.addItem(item)

    def highlight(self, index: int) -> None:
        if 0 <= index < self.list.count():
            self.list.setCurrentRow(index)

    def clear(self) -> None:
        self.list.clear()

    def candidates_shown(self) -> list[str]:
        return [self.list.item(i).toolTip() for i in range(self.list.count())]
