"""The Variations panel: rewrites of the selected passage under a creativity slider."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop.ui.i18n import arg

SLIDER_STEPS = 10  # slider units per creativity unit
MAX_CREATIVITY = 2.5


class VariationsPanel(QDockWidget):
    """keys(name) names an action's key (Menus.keys), for the tooltips."""

    chosen = Signal(str)  # the variation the writer clicked
    reroll = Signal()  # new draws wanted (button, slider or scope changed)

    def __init__(self, keys: Callable[[str], str], parent=None):
        super().__init__(self.tr("Variations"), parent)
        self.setObjectName("variations_panel")
        body = QWidget()
        lay = QVBoxLayout(body)
        self.source = QLabel(self.tr("Select a passage, then choose Generate ▸ Variations."))
        self.source.setWordWrap(True)
        self.source.setStyleSheet("color: palette(mid);")
        lay.addWidget(self.source)

        scope_row = QHBoxLayout()
        self.scope_all = QRadioButton(self.tr("Every sentence"))
        self.scope_cursor = QRadioButton(self.tr("Sentence at cursor"))
        self.scope_all.setChecked(True)
        self.scope_group = QButtonGroup(self)
        for b in (self.scope_all, self.scope_cursor):
            self.scope_group.addButton(b)
            scope_row.addWidget(b)
        lay.addLayout(scope_row)

        slider_row = QHBoxLayout()
        slider_row.addWidget(QLabel(self.tr("Creativity")))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, int(MAX_CREATIVITY * SLIDER_STEPS))
        self.slider.setValue(SLIDER_STEPS)
        self.slider.setAccessibleName(self.tr("Creativity"))
        self.slider.setToolTip(self.tr("0 keeps close to the passage's own meaning; further right wanders further"))
        slider_row.addWidget(self.slider, 1)
        self.value_label = QLabel(self.tr("1.0"))
        slider_row.addWidget(self.value_label)
        lay.addLayout(slider_row)

        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long lines wrap instead
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(3)  # each variation reads as its own (a style sheet would stay light in the dark theme)
        self.list.setAccessibleName(self.tr("Variations"))
        self.list.setToolTip(arg(self.tr("Click a variation to put it in place of the passage (%1 undoes it)"), keys('edit.undo')))
        lay.addWidget(self.list, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)
        self.reroll_button = QPushButton(self.tr("Re-roll"))
        self.reroll_button.setToolTip(arg(self.tr("Draw new variations (%1)"), keys('generate.reroll')))
        lay.addWidget(self.reroll_button)
        self.setWidget(body)

        # slider moves ask for new draws once it rests, not at every step
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.reroll)
        self.slider.valueChanged.connect(self._slider_moved)
        self.scope_group.buttonClicked.connect(lambda _b: self.reroll.emit())
        self.reroll_button.clicked.connect(self.reroll)
        self.list.itemClicked.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.list.itemActivated.connect(lambda item: self.chosen.emit(item.data(Qt.ItemDataRole.UserRole)))

    @property
    def creativity(self) -> float:
        return self.slider.value() / SLIDER_STEPS

    def set_creativity(self, value: float) -> None:
        self.slider.setValue(round(value * SLIDER_STEPS))

    @property
    def only_cursor_sentence(self) -> bool:
        return self.scope_cursor.isChecked()

    def _slider_moved(self, _value: int) -> None:
        self.value_label.setText(f"{self.creativity:.1f}")
        self._debounce.start()

    def set_source(self, text: str) -> None:
        short = text if len(text) <= 160 else text[:157] + "…"
        self.source.setText(arg(self.tr("Varying: “%1”"), short))

    def set_busy(self) -> None:
        self.status.setText(self.tr("Writing variations…"))

    def show_variations(self, variations: list[str]) -> None:
        self.list.clear()
        for v in variations:
            item = QListWidgetItem(v)
            item.setData(Qt.ItemDataRole.UserRole, v)
            self.list.addItem(item)
        self.status.setText("" if variations else "No new variation came out; try more creativity or re-roll.")

    def reset(self, message: str = "Select a passage, then choose Generate ▸ Variations.") -> None:
        """No passage any more (its document was closed): no header, no list."""
        self.source.setText(message)
        self.list.clear()
        self.status.setText("")

    def show_message(self, message: str) -> None:
        self.list.clear()
        self.status.setText(message)

    def variations(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
