"""The Sparks panel: new lines from the pack's sparks generator, one click to insert at the cursor."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop.ui.i18n import arg

FLAG_MARK = "⚠ "
INTRO = {False: QT_TRANSLATE_NOOP("SparksPanel", "New lines from nowhere in particular: click one to put it at the cursor."),
         True: QT_TRANSLATE_NOOP("SparksPanel", "New lines near the paragraph at the cursor: click one to put it there.")}


class SparksPanel(QDockWidget):
    """keys(name) names an action's key (Menus.keys), for the tooltips."""

    chosen = Signal(str)  # the line the writer clicked
    requested = Signal()  # the Spark button

    def __init__(self, keys: Callable[[str], str], parent=None):
        super().__init__(self.tr("Sparks"), parent)
        self.setObjectName("sparks_panel")
        body = QWidget()
        lay = QVBoxLayout(body)
        self.intro = QLabel(self.tr(INTRO[False]))
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color: palette(mid);")
        lay.addWidget(self.intro)
        self.near = QCheckBox(self.tr("Near this paragraph"))
        self.near.setToolTip(self.tr("Steer the lines toward the paragraph at the cursor"))
        self.near.toggled.connect(lambda on: self.intro.setText(self.tr(INTRO[on])))
        lay.addWidget(self.near)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long lines wrap instead
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)  # a style sheet here would keep the light theme's colours in the dark one
        self.list.setAccessibleName(self.tr("Sparks"))
        self.list.setToolTip(arg(self.tr("Click a line to insert it at the cursor (%1 undoes it)"), keys('edit.undo')))
        lay.addWidget(self.list, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.spark_button = QPushButton(self.tr("Spark"))
        self.spark_button.setToolTip(arg(self.tr("Draw new lines (%1)"), keys('generate.spark')))
        lay.addWidget(self.spark_button)
        self.setWidget(body)
        self.spark_button.clicked.connect(self.requested)
        self.list.itemClicked.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    @property
    def near_paragraph(self) -> bool:
        return self.near.isChecked()

    def set_busy(self) -> None:
        self.status.setText(self.tr("Writing sparks…"))

    def show_lines(self, lines: list[str], flagged: set[str] = frozenset()) -> None:
        """The lines, those the originality guard flagged marked (their text inserts unmarked)."""
        self.list.clear()
        for line in lines:
            item = QListWidgetItem((FLAG_MARK + line) if line in flagged else line)
            item.setData(Qt.ItemDataRole.UserRole, line)
            if line in flagged:
                item.setForeground(QColor("#b35900"))
                item.setToolTip(self.tr("This line repeats a long run of the model's training text word for word."))
            self.list.addItem(item)
        self.status.setText("" if lines else "No new line came out; spark again.")

    def show_message(self, message: str) -> None:
        self.list.clear()
        self.status.setText(message)

    def lines(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
