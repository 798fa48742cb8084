"""The main window: builds the panels and connects their signals in one place."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox

from creagen_desktop import __version__
from creagen_desktop.ui.editor import GhostEditor
from creagen_desktop.ui.settings import Preferences, PreferencesDialog
from creagen_desktop.ui.suggestions import SuggestionsPanel
from creagen_desktop.ui.workers import EngineThread

FILE_FILTER = "Text and Markdown (*.txt *.md);;All files (*)"


def default_engine_factory(pack_dir=None, device: str = "auto") -> Callable[[], object]:
    def load():
        from creagen_desktop.engine import Engine

        return Engine.load(pack_dir, device=device)

    return load


class MainWindow(QMainWindow):
    def __init__(self, engine_factory: Callable[[], object] | None = None, pack_dir=None,
                 settings: QSettings | None = None, device: str | None = None):
        super().__init__()
        self.settings = settings or QSettings("Creagen", "Creagen")
        self.prefs = Preferences.load(self.settings)
        if device:  # a command-line choice for this session only; not saved
            self.prefs.device = device
        self.pack_dir = pack_dir
        self._factory_override = engine_factory
        self.path: Path | None = None
        self.job_id = 0
        self._job_text: dict[int, str] = {}
        self.model_error: str | None = None

        self.editor = GhostEditor(self)
        self.editor.setFont(self._writing_font())
        self.editor.set_pause_ms(self.prefs.pause_ms)
        self.editor.suggestions_enabled = self.prefs.enabled
        self.setCentralWidget(self.editor)
        self.panel = SuggestionsPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

        self.status_model = QLabel("Loading model…")
        self.status_provider = QLabel("")
        self.status_latency = QLabel("")
        for w in (self.status_model, self.status_provider, self.status_latency):
            self.statusBar().addPermanentWidget(w)

        self._build_menus()
        self.worker = EngineThread(self._engine_factory())
        self.worker.loaded.connect(self._engine_loaded)
        self.worker.load_failed.connect(self._engine_failed)
        self.worker.result.connect(self._suggestions_ready)
        self.worker.failed.connect(self._suggestion_failed)
        self.editor.wants_suggestions.connect(self.request_suggestions)
        self.editor.suggestion_cleared.connect(self.panel.clear)
        self.editor.suggestion_changed.connect(self.panel.highlight)
        self.panel.chosen.connect(self.editor.insert_candidate)
        self.editor.document().modificationChanged.connect(self._update_title)
        self.worker.start()
        self.resize(1000, 680)
        self.resizeDocks([self.panel], [250], Qt.Orientation.Horizontal)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._update_title()

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def _writing_font() -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        return font

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        m = self.menuBar().addMenu("&File")
        self._action(m, "&New", self.new_file, QKeySequence.StandardKey.New)
        self._action(m, "&Open…", self.open_file_dialog, QKeySequence.StandardKey.Open)
        self._action(m, "&Save", self.save, QKeySequence.StandardKey.Save)
        self._action(m, "Save &As…", self.save_as_dialog, QKeySequence.StandardKey.SaveAs)
        m.addSeparator()
        self._action(m, "&Quit", self.close, QKeySequence.StandardKey.Quit)

        m = self.menuBar().addMenu("&Edit")
        self._action(m, "&Undo", self.editor.undo, QKeySequence.StandardKey.Undo)
        self._action(m, "&Redo", self.editor.redo, QKeySequence.StandardKey.Redo)
        m.addSeparator()
        self._action(m, "Cu&t", self.editor.cut, QKeySequence.StandardKey.Cut)
        self._action(m, "&Copy", self.editor.copy, QKeySequence.StandardKey.Copy)
        self._action(m, "&Paste", self.editor.paste, QKeySequence.StandardKey.Paste)
        m.addSeparator()
        self._action(m, "&Preferences…", self.open_preferences, "Ctrl+,")

        m = self.menuBar().addMenu("&Suggestions")
        self._action(m, "Suggest &now", self.editor.suggest_now, "Ctrl+Space")
        # These keys mean something else when no suggestion shows, so the editor handles them;
        # the menu entries name the keys and do the same thing.
        self._action(m, "&Accept suggestion\tTab", self.editor.accept_all)
        self._action(m, "Accept next &word\tCtrl+Right", self.editor.accept_word)
        self._action(m, "&Dismiss\tEsc", self.editor.clear_ghost)
        self._action(m, "N&ext candidate\tAlt+]", partial(self.editor.cycle, 1))
        self._action(m, "P&revious candidate\tAlt+[", partial(self.editor.cycle, -1))
        m.addSeparator()
        self.toggle_enabled = self._action(m, "Suggest while &writing", self._toggle_enabled, "Ctrl+Shift+Space")
        self.toggle_enabled.setCheckable(True)
        self.toggle_enabled.setChecked(self.prefs.enabled)

        m = self.menuBar().addMenu("&View")
        panel_act = self.panel.toggleViewAction()
        panel_act.setShortcut(QKeySequence("Ctrl+Shift+S" if sys.platform == "darwin" else "F9"))
        m.addAction(panel_act)

        m = self.menuBar().addMenu("&Help")
        self._action(m, "&About Creagen", self.about, QKeySequence.StandardKey.HelpContents)

    def _engine_factory(self):
        return self._factory_override or default_engine_factory(self.pack_dir, self.prefs.device)

    # -- suggestions --------------------------------------------------------------------------

    def request_suggestions(self, text: str) -> None:
        if self.worker.engine is None:
            return
        self.job_id += 1
        self._job_text = {self.job_id: text}  # only the newest job's text is kept
        self.worker.request(self.job_id, text, self.prefs.sampling())

    def _suggestions_ready(self, job_id: int, suggestions) -> None:
        if job_id != self.job_id:
            return  # stale: the writer has typed since
        text = self._job_text.pop(job_id, None)
        self.status_latency.setText(f"{suggestions.latency_ms:.0f} ms")
        self.editor.show_candidates(suggestions.candidates, for_text=text)
        if self.editor.has_ghost():
            self.panel.set_candidates(self.editor.candidates)
            self.panel.highlight(0)

    def _suggestion_failed(self, job_id: int, message: str) -> None:
        if job_id == self.job_id:
            self.statusBar().showMessage(f"Suggestion failed: {message}", 8000)

    def _engine_loaded(self, name: str, provider: str) -> None:
        self.model_error = None
        self.status_model.setText(f"Model: {name}")
        self.status_model.setToolTip("")
        self.status_provider.setText(provider)
        note = ""
        if self.prefs.device == "cuda" and provider != "CUDA":
            note = "CUDA is not usable here; running on the CPU"
        elif self.prefs.device == "auto" and provider == "CPU":
            note = "running on the CPU"
        if note:
            self.statusBar().showMessage(note, 6000)

    def _engine_failed(self, message: str) -> None:
        self.model_error = message
        self.status_model.setText("Suggestions off")
        self.status_model.setToolTip(message)
        self.status_provider.setText("")
        self.statusBar().showMessage(f"Suggestions off: {message}")

    def _toggle_enabled(self, on: bool) -> None:
        self.prefs.enabled = on
        self.prefs.save(self.settings)
        self.editor.suggestions_enabled = on
        if not on:
            self.editor.clear_ghost()

    def open_preferences(self) -> None:
        dlg = PreferencesDialog(self.prefs, self)
        if dlg.exec():
            self.apply_preferences(dlg.preferences())

    def apply_preferences(self, prefs: Preferences) -> None:
        device_changed = prefs.device != self.prefs.device
        self.prefs = prefs
        prefs.save(self.settings)
        self.editor.set_pause_ms(prefs.pause_ms)
        self.editor.suggestions_enabled = prefs.enabled
        self.toggle_enabled.setChecked(prefs.enabled)
        if device_changed and self._factory_override is None:
            self.status_model.setText("Loading model…")
            self.worker.reload(default_engine_factory(self.pack_dir, prefs.device))

    # -- files --------------------------------------------------------------------------------

    def _update_title(self, *_):
        name = self.path.name if self.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — Creagen")
        self.setWindowModified(self.editor.document().isModified())

    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        if not self.editor.document().isModified():
            return True
        answer = QMessageBox.question(
            self, "Unsaved changes", "Save the changes to this document first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def new_file(self) -> None:
        if self.confirm_discard():
            self.editor.clear_ghost()
            self.editor.setPlainText("")
            self.path = None
            self.editor.document().setModified(False)
            self._update_title()

    def open_file_dialog(self) -> None:
        if not self.confirm_discard():
            return
        name, _ = QFileDialog.getOpenFileName(self, "Open", str(self.path.parent if self.path else Path.home()), FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        try:
            data = Path(path).read_bytes()
            if b"\x00" in data[:8192]:
                raise ValueError("it looks like a binary file, not text")
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else str(exc)
            QMessageBox.warning(self, "Cannot open", f"{path} could not be opened: {reason}.")
            return False
        self.editor.clear_ghost()
        self.editor.setPlainText(text)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.path = Path(path)
        self.editor.document().setModified(False)
        self._update_title()
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_as_dialog(self) -> bool:
        name, _ = QFileDialog.getSaveFileName(self, "Save As", str(self.path or Path.home() / "Untitled.txt"), FILE_FILTER)
        return self.save_to(Path(name)) if name else False

    def save_to(self, path: Path) -> bool:
        from PySide6.QtCore import QSaveFile

        # QSaveFile writes a temporary file and renames it: a crash never leaves half a document.
        f = QSaveFile(str(path))
        ok = f.open(QSaveFile.OpenModeFlag.WriteOnly)
        if ok:
            f.write(self.editor.toPlainText().encode("utf-8"))
            ok = f.commit()
        if not ok:
            QMessageBox.warning(self, "Cannot save", f"{path} could not be saved: {f.errorString()}")
            return False
        self.path = Path(path)
        self.editor.document().setModified(False)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 3000)
        return True

    def about(self) -> None:
        QMessageBox.about(
            self, "About Creagen",
            f"<b>Creagen {__version__}</b><p>An offline writing assistant. The models run on this "
            "computer; nothing you write leaves it.</p>",
        )

    def closeEvent(self, e: QCloseEvent) -> None:
        if not self.confirm_discard():
            e.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.worker.stop()
        e.accept()


def run_app(argv: list[str], pack_dir=None, device: str | None = None, file: str | None = None) -> int:
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName("Creagen")
    app.setApplicationName("Creagen")
    app.setApplicationVersion(__version__)
    window = MainWindow(pack_dir=pack_dir, device=device)
    if file:
        window.open_path(Path(file))
    window.show()
    return app.exec()
