"""Which model pack and device the engine thread loads, and the Model packs dialog that changes them.

The pack is the one named on the command line, else the one last chosen in the dialog (kept in the
settings), else the bundled default. The device is the command line's for this session only, else
the preference. Loading and verifying happen on the engine thread; importing (unzip, hash every
file) and removing on this room's own JobThread over the pack store: never on the GUI thread.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from creagen_desktop.pack.store import PackStore
from creagen_desktop.paths import default_pack_dir, user_packs_dir
from creagen_desktop.ui.dialogs.packs import PackDialog
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.settings import LivePreferences
from creagen_desktop.ui.workers import JobThread

ACTIVE_KEY = "packs/active"
EngineFactory = Callable[..., object]  # (pack_dir, device) -> engine, like Engine.load


class PackChoice(QObject):
    pack_chosen = Signal()  # another pack is to be loaded (loader() says how)
    device_chosen = Signal()  # the same pack on another device

    def __init__(self, parent: QWidget, menus: Menus, settings: QSettings, prefs: LivePreferences,
                 new_jobs: Callable[..., JobThread], factory: EngineFactory, pack_dir=None, device: str | None = None):
        super().__init__(parent)
        self.parent_widget = parent
        self.settings = settings
        self.prefs = prefs
        self.factory = factory
        saved = settings.value(ACTIVE_KEY, "")
        if pack_dir is None and saved and Path(str(saved)).is_dir():
            pack_dir = str(saved)
        self.pack_dir = pack_dir
        self.device = device or prefs.current.device  # a command-line choice is not saved
        self.store = PackStore(user_packs_dir())
        self.jobs = new_jobs(self, lambda: self.store)  # the store is read when a job starts
        self.dialog: PackDialog | None = None  # the one waiting for an import or removal
        self.jobs.fresh_result.connect(lambda outcome: self.dialog is not None and self.dialog.work_done(outcome))
        self.jobs.fresh_failed.connect(lambda message: self.dialog is not None and self.dialog.work_failed(message))
        menus.bind("tools.packs", self.open_dialog)
        prefs.changed.connect(self._prefs_changed)

    def loader(self) -> Callable[[], object]:
        """What the engine thread runs to load the chosen pack on the chosen device."""
        return partial(self.factory, self.pack_dir, self.device)

    def active_path(self) -> Path:
        return Path(self.pack_dir) if self.pack_dir else default_pack_dir()

    def open_dialog(self) -> PackDialog:
        dlg = PackDialog(self.store, self.active_path(), self.parent_widget, device=self.device)
        dlg.activate.connect(self.use)
        dlg.device_chosen.connect(lambda device: self.prefs.update(device=device))
        dlg.import_requested.connect(lambda source: self._run(dlg, lambda store: store.import_pack(source)))
        dlg.remove_requested.connect(lambda path: self._run(dlg, lambda store: store.remove(path) or path))
        dlg.open()  # window-modal; returned so tests and callers can drive it
        return dlg

    def _run(self, dlg: PackDialog, job) -> None:
        """Import or remove off the GUI thread; the dialog shows it is busy until the answer."""
        self.dialog = dlg
        self.jobs.submit(job)

    def use(self, path) -> None:
        """Use another pack from now on (the current one serves until it has loaded)."""
        self.pack_dir = str(path)
        self.settings.setValue(ACTIVE_KEY, self.pack_dir)
        self.pack_chosen.emit()

    def _prefs_changed(self, new, old) -> None:
        if new.device != old.device:
            self.device = new.device
            self.device_chosen.emit()
