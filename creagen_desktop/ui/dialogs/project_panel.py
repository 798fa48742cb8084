"""The project panel: a tree of the project's chapters in order (sub-folders as branches), each with
its word count, the project's total against its goal, and buttons to add, rename and move chapters.
Enter or a double click opens a chapter; Alt+Up / Alt+Down move it (keys from the action table)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop.ui.i18n import arg

ROLE = Qt.ItemDataRole.UserRole


class ProjectPanel(QDockWidget):
    opened = Signal(str)  # a chapter's place in the project
    new_requested = Signal()
    rename_requested = Signal(str)
    move_requested = Signal(str, int)

    def __init__(self, keys: Callable[[str], str], parent=None):
        super().__init__(self.tr("Project"), parent)
        self.setObjectName("project_panel")
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        self.header = QLabel(self.tr("Open a folder as a project (File ▸ Open Project Folder)."))
        self.header.setWordWrap(True)
        lay.addWidget(self.header)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Chapter", "Words"])
        self.tree.setAccessibleName(self.tr("Chapters"))
        self.tree.setAccessibleDescription("The project's chapters in order, with their word counts")
        self.tree.setRootIsDecorated(True)
        header = self.tree.header()
        header.setAccessibleName(self.tr("Chapter and word count columns"))
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the names get the room
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._activated)
        lay.addWidget(self.tree, 1)
        row = QHBoxLayout()
        self.new_b = QPushButton(self.tr("&New"))
        self.new_b.setToolTip(arg(self.tr("A new chapter after the selected one (%1)"), keys('file.new_chapter')))
        self.rename_b = QPushButton(self.tr("Rena&me"))
        self.up_b = QPushButton(self.tr("↑"))
        self.up_b.setAccessibleName(self.tr("Move chapter up"))
        self.up_b.setToolTip(arg(self.tr("Move the chapter up (%1)"), keys('project.move_up')))
        self.down_b = QPushButton(self.tr("↓"))
        self.down_b.setAccessibleName(self.tr("Move chapter down"))
        self.down_b.setToolTip(arg(self.tr("Move the chapter down (%1)"), keys('project.move_down')))
        for b in (self.new_b, self.rename_b, self.up_b, self.down_b):
            row.addWidget(b)
        lay.addLayout(row)
        self.setWidget(body)
        self.new_b.clicked.connect(self.new_requested)
        self.rename_b.clicked.connect(lambda: self.selected() and self.rename_requested.emit(self.selected()))
        self.up_b.clicked.connect(lambda: self.selected() and self.move_requested.emit(self.selected(), -1))
        self.down_b.clicked.connect(lambda: self.selected() and self.move_requested.emit(self.selected(), 1))

    def _activated(self, item: QTreeWidgetItem, _col: int) -> None:
        rel = item.data(0, ROLE)
        if rel:
            self.opened.emit(rel)

    def selected(self) -> str | None:
        item = self.tree.currentItem()
        return item.data(0, ROLE) if item else None

    def show_chapters(self, name: str, chapters: list[tuple[str, int]], total: int, goal: int,
                      select: str | None = None) -> None:
        """chapters: (place, words) in order; folders become branches in the order they first appear.
        When only the counts changed, the tree stays as it is (its scroll position, its selection)."""
        goal_text = f" of {goal:,}" if goal else ""
        self.header.setText(arg(self.tr("<b>%1</b>: %2 chapter%3, %4%5 words"), name, len(chapters), 's' * (len(chapters) != 1), f"{total:,}", goal_text))
        items = self._items()
        if [rel for rel, _ in chapters] == [it.data(0, ROLE) for it in items] and select is None:
            for item, (_rel, words) in zip(items, chapters):
                if item.text(1) != f"{words:,}":
                    item.setText(1, f"{words:,}")
            return
        keep = select or self.selected()
        self.tree.clear()
        branches: dict[str, QTreeWidgetItem] = {}
        for rel, words in chapters:
            parent_key = str(PurePosixPath(rel).parent)
            parent = self.tree.invisibleRootItem()
            if parent_key != ".":
                if parent_key not in branches:
                    branches[parent_key] = QTreeWidgetItem(self.tree, [parent_key, ""])
                    branches[parent_key].setExpanded(True)
                parent = branches[parent_key]
            item = QTreeWidgetItem(parent, [PurePosixPath(rel).stem, f"{words:,}"])
            item.setData(0, ROLE, rel)
            item.setToolTip(0, rel)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            if rel == keep:
                self.tree.setCurrentItem(item)
        for b in branches.values():
            b.setExpanded(True)

    def _items(self) -> list[QTreeWidgetItem]:
        out = []

        def walk(item):
            for i in range(item.childCount()):
                child = item.child(i)
                if child.data(0, ROLE):
                    out.append(child)
                walk(child)

        walk(self.tree.invisibleRootItem())
        return out

    def chapters_shown(self) -> list[str]:
        return [item.data(0, ROLE) for item in self._items()]
