"""The recent files: the list in the settings, the File ▸ Open Recent menu and its Alt+1…9 keys."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QAction, QKeySequence

from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.menus import RECENT_SLOTS, Menus

RECENT_KEY = "files/recent"


class RecentFiles(QObject):
    """Handed the menus, the settings (where the list lives) and `open_path`."""

    def __init__(self, menus: Menus, settings: QSettings, open_path: Callable[[Path], bool], parent=None):
        super().__init__(parent)
        self.settings = settings
        self.open_path = open_path
        self.menu = menus.submenu("file.recent")
        self.actions: list[QAction] = []
        for i in range(RECENT_SLOTS):  # fixed actions, so their Alt+N shortcuts work without opening the menu
            self.actions.append(menus.bind(f"file.recent.{i + 1}", lambda _=False, i=i: self.open(i)))
        self.menu.aboutToShow.connect(self._fill_menu)
        self._fill_menu()

    def files(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a lone string back for a one-item list
            value = [value]
        return [str(v) for v in (value or [])][:RECENT_SLOTS]

    def remember(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        recent = [entry] + [p for p in self.files() if p != entry]
        self.settings.setValue(RECENT_KEY, recent[:RECENT_SLOTS])

    def _fill_menu(self) -> None:
        self.menu.clear()
        recent = self.files()
        for i, act in enumerate(self.actions):
            act.setEnabled(i < len(recent))
            if i < len(recent):
                act.setText(arg(self.tr("&%1 %2"), i + 1, Path(recent[i]).name))
                act.setToolTip(recent[i])
                self.menu.addAction(act)
        if not recent:
            first = self.actions[0].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            empty = self.menu.addAction(arg(self.tr("(no recent files)	%1…%2"), first, len(self.actions)))
            empty.setEnabled(False)

    def open(self, index: int) -> bool:
        recent = self.files()
        return index < len(recent) and self.open_path(Path(recent[index]))
