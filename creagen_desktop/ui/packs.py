"""Which model pack each language's engine thread loads and on which device, and the Model packs
dialog that changes them.

Every pack serves the language its manifest names (English when it names none). A language's pack
is the one named on the command line for it, else the one last chosen in the dialog (kept in the
settings), else the bundled one for that language. The device is the command line's for this session
only, else the preference. Loading and verifying happen on the engine threads; importing (unzip,
hash every file) and removing on this room's own JobThread over the pack store: never on the GUI thread.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from creagen_desktop.pack import ModelPackError
from creagen_desktop.pack.store import PackStore
from creagen_desktop.pack.verify import read_manifest
from creagen_desktop.paths import bundled_pack_for, default_pack_dir, user_packs_dir
from creagen_desktop.ui.dialogs.packs import PackDialog
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.settings import LivePreferences
from creagen_desktop.ui.workers import JobThread

ACTIVE_KEY = "packs/active"  # the English pack chosen; another language's under active_key(language)
DEFAULT_LANGUAGE = "en"  # what a pack whose manifest names no language serves
EngineFactory = Callable[..., object]  # (pack_dir, device) -> engine, like Engine.load


def active_key(language: str) -> str:
    return ACTIVE_KEY if language == DEFAULT_LANGUAGE else f"{ACTIVE_KEY}_{language}"


def pack_language(path) -> str:
    """The language a pack folder serves, from its manifest alone (no checksums: cheap enough for the
    GUI thread); English for a pack that names none, or that cannot be read (loading will say why)."""
    try:
        return read_manifest(Path(path)).language or DEFAULT_LANGUAGE
    except (ModelPackError, OSError, ValueError, TypeError):
        return DEFAULT_LANGUAGE


class PackChoice(QObject):
    pack_chosen = Signal(str)  # another pack is to be loaded for this language (loader() says how)
    device_chosen = Signal()  # the same packs on another device

    def __init__(self, parent: QWidget, menus: Menus, settings: QSettings, prefs: LivePreferences,
                 new_jobs: Callable[..., JobThread], factory: EngineFactory, pack_dir=None, device: str | None = None,
                 current_language: Callable[[], str] = lambda: DEFAULT_LANGUAGE):
        """`pack_dir`: a pack folder, or a list of them, for this session (each serves its own language)."""
        super().__init__(parent)
        self.parent_widget = parent
        self.settings = settings
        self.prefs = prefs
        self.factory = factory
        self.current_language = current_language  # the language of the document in view (the dialog's)
        given = [] if pack_dir is None else [pack_dir] if isinstance(pack_dir, (str, Path)) else list(pack_dir)
        self.given = {pack_language(p): str(p) for p in given}  # the command line's: not saved
        self.device = device or prefs.current.device  # a command-line choice is not saved
        self.store = PackStore(user_packs_dir())
        self.jobs = new_jobs(self, lambda: self.store)  # the store is read when a job starts
        self.dialog: PackDialog | None = None  # the one waiting for an import or removal
        self.jobs.fresh_result.connect(lambda outcome: self.dialog is not None and self.dialog.work_done(outcome))
        self.jobs.fresh_failed.connect(lambda message: self.dialog is not None and self.dialog.work_failed(message))
        menus.bind("tools.packs", self.open_dialog)
        prefs.changed.connect(self._prefs_changed)

    @property
    def pack_dir(self) -> str | None:
        """The English pack's folder (None: the bundled default)."""
        return self.pack_for(DEFAULT_LANGUAGE)

    @pack_dir.setter
    def pack_dir(self, path) -> None:
        self.given[DEFAULT_LANGUAGE] = str(path)

    def pack_for(self, language: str) -> str | None:
        """The folder of the pack for `language`: given, else chosen, else (None for English: the
        default) the bundled one for it."""
        if language in self.given:
            return self.given[language]
        saved = self.settings.value(active_key(language), "")
        if saved and Path(str(saved)).is_dir():
            return str(saved)
        return None if language == DEFAULT_LANGUAGE else str(bundled_pack_for(language))

    def loader(self, language: str = DEFAULT_LANGUAGE) -> Callable[[], object]:
        """What a language's engine thread runs to load its pack on the chosen device."""
        return partial(self.factory, self.pack_for(language), self.device)

    def active_path(self, language: str | None = None) -> Path:
        """The pack in use for `language` (default: the document in view's)."""
        found = self.pack_for(language or self.current_language())
        return Path(found) if found else default_pack_dir()

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
        """Use another pack for its language from now on (the current one serves until it has loaded)."""
        language = pack_language(path)
        self.given.pop(language, None)  # the writer's choice now beats the command line's
        self.settings.setValue(active_key(language), str(path))
        self.pack_chosen.emit(language)

    def _prefs_changed(self, new, old) -> None:
        if new.device != old.device:
            self.device = new.device
            self.device_chosen.emit()
