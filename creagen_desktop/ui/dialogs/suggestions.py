"""The side panel listing the candidates of the latest suggestion."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

HINT = QT_TRANSLATE_NOOP("SuggestionsPanel", "Pause while writing, or press {suggest_now}, to see suggestions "
                         "here.\n\n{accept} accepts, {accept_word} takes one word, {next} and {previous} switch, "
                         "{dismiss} dismisses. Click one to insert it.")


def hint(keys: Callable[[str], str]) -> str:
    """The empty panel's hint, naming the keys keys("generate.…") says work."""
    names = ("suggest_now", "accept", "accept_word", "next", "previous", "dismiss")
    return QCoreApplication.translate("SuggestionsPanel", HINT).format(**{n: keys(f"generate.{n}") for n in names})


class SuggestionsPanel(QDockWidget):
    """keys(name) names an action's key (Menus.keys), for the hint."""

    chosen = Signal(int)  # index of the candidate clicked

    def __init__(self, keys: Callable[[str], str], parent=None):
        super().__init__(self.tr("Suggestions"), parent)
        self.setObjectName("suggestions")  # saveState/restoreState need a name
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(2)  # not a style sheet: it would keep the light theme's colours in the dark one
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long candidates wrap
        self.list.setAccessibleName(self.tr("Suggestions"))
        # a click must leave the cursor in the editor; the keyboard reaches the list (F6) and Enter inserts
        self.list.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.list.itemClicked.connect(lambda item: self.chosen.emit(self.list.row(item)))
        self.list.itemActivated.connect(lambda item: self.chosen.emit(self.list.row(item)))
        self.hint = QLabel(hint(keys))
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.hint.setStyleSheet("color: palette(mid); padding: 6px;")
        self.notice = QLabel()  # why suggestions are off, when they are
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setStyleSheet("padding: 6px;")
        self.notice.hide()
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.notice)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.hint, 1)
        layout.addStretch(0)  # keeps a lone notice at the top
        self.setWidget(body)
        self._sync()

    def _sync(self) -> None:
        empty = self.list.count() == 0
        self.list.setVisible(not empty)
        self.hint.setVisible(empty and self.notice.isHidden())

    def set_candidates(self, candidates: list[str]) -> None:
        self.list.clear()
        for c in candidates:
            # "…" says it continues the text; the writer's next paragraphs show as such
            item = QListWidgetItem("…" + c.strip())
            item.setData(Qt.ItemDataRole.UserRole, c)
            item.setToolTip(self.tr("Click to insert"))
            self.list.addItem(item)
        self._sync()

    def highlight(self, index: int) -> None:
        if 0 <= index < self.list.count():
            self.list.setCurrentRow(index)

    def clear(self) -> None:
        self.list.clear()
        self._sync()

    def set_notice(self, message: str | None) -> None:
        self.notice.setText(message or "")
        self.notice.setVisible(bool(message))
        self._sync()

    def candidates_shown(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
