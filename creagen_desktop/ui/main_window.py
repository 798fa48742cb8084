"""The main window: builds the panels and connects their signals in one place."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSaveFile, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox

from creagen_desktop import __version__
from creagen_desktop.ui.editor import GhostEditor
from creagen_desktop.ui.settings import APP, ORG, Preferences, PreferencesDialog
from creagen_desktop.ui.suggestions import SuggestionsPanel
from creagen_desktop.ui.workers import EngineThread

FILE_FILTER = "Text and Markdown (*.txt *.md);;All files (*)"
EngineFactory = Callable[..., object]  # (pack_dir, device) -> engine, like Engine.load


def load_engine(pack_dir=None, device: str = "auto"):
    """The default engine factory. Imported lazily: the window shows before onnxruntime is loaded."""
    from creagen_desktop.engine import Engine

    return Engine.load(pack_dir, device=device)


def _keys(standard: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's standard shortcut, or `fallback` where the platform defines none (Quit on Windows)."""
    seq = QKeySequence(standard)
    return seq if not seq.isEmpty() else QKeySequence(fallback)


class MainWindow(QMainWindow):
    """The editor window.

    engine_factory(pack_dir, device) is called on the engine thread (default: Engine.load); tests pass a
    fake. `settings` defaults to QSettings("Creagen", "Creagen"). `device` overrides the saved preference
    for this session only.
    """

    def __init__(self, engine_factory: EngineFactory | None = None, pack_dir=None,
                 settings: QSettings | None = None, device: str | None = None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings(ORG, APP)
        self.prefs = Preferences.load(self.settings)
        self.device = device or self.prefs.device  # a command-line choice is not saved
        self.pack_dir = pack_dir
        self.engine_factory = engine_factory or load_engine
        self.path: Path | None = None
        self.newline = "\n"  # the open file's line ending, written back on save
        self.job_id = 0
        self._job_text: dict[int, str] = {}
        self.model_error: str | None = None
        self.model_loading = True
        self._notice_shown = False
        self.notice: QMessageBox | None = None

        self.editor = GhostEditor(self)
        self.editor.setFont(self._writing_font())
        self.editor.set_pause_ms(self.prefs.pause_ms)
        self.editor.set_suggestions_enabled(self.prefs.enabled)
        self.setCentralWidget(self.editor)
        self.panel = SuggestionsPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

        self.status_model = QLabel("Loading model…")
        self.status_provider = QLabel("")
        self.status_latency = QLabel("")
        self.status_latency.setToolTip("Time taken by the last suggestion")
        for w in (self.status_model, self.status_provider, self.status_latency):
            self.statusBar().addPermanentWidget(w)

        self._build_menus()
        self.worker = EngineThread(self._loader(self.device))
        self.worker.loading.connect(self._engine_loading)
        self.worker.loaded.connect(self._engine_loaded)
        self.worker.load_failed.connect(self._engine_failed)
        self.worker.result.connect(self._suggestions_ready)
        self.worker.failed.connect(self._suggestion_failed)
        self.editor.wants_suggestions.connect(self.request_suggestions)
        self.editor.suggestions_cancelled.connect(self.cancel_suggestions)
        self.editor.suggestion_cleared.connect(self.panel.clear)
        self.editor.suggestion_changed.connect(self.panel.highlight)
        self.panel.chosen.connect(self.editor.insert_candidate)
        self.editor.document().modificationChanged.connect(self._update_title)
        self.worker.start()

        self.resize(1000, 680)
        self.resizeDocks([self.panel], [260], Qt.Orientation.Horizontal)
        geometry, state = self.settings.value("window/geometry"), self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._update_title()
        self.editor.setFocus()

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def _writing_font() -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        return font

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _build_menus(self) -> None:
        K = QKeySequence.StandardKey
        m = self.menuBar().addMenu("&File")
        self._action(m, "&New", self.new_file, _keys(K.New, "Ctrl+N"))
        self._action(m, "&Open…", self.open_file_dialog, _keys(K.Open, "Ctrl+O"))
        self._action(m, "&Save", self.save, _keys(K.Save, "Ctrl+S"))
        self._action(m, "Save &As…", self.save_as_dialog, _keys(K.SaveAs, "Ctrl+Shift+S"))
        m.addSeparator()
        self._action(m, "&Quit", self.close, _keys(K.Quit, "Ctrl+Q"))

        m = self.menuBar().addMenu("&Edit")
        undo = self._action(m, "&Undo", self.editor.undo, _keys(K.Undo, "Ctrl+Z"))
        redo = self._action(m, "&Redo", self.editor.redo, _keys(K.Redo, "Ctrl+Shift+Z"))
        m.addSeparator()
        cut = self._action(m, "Cu&t", self.editor.cut, _keys(K.Cut, "Ctrl+X"))
        copy = self._action(m, "&Copy", self.editor.copy, _keys(K.Copy, "Ctrl+C"))
        self._action(m, "&Paste", self.editor.paste, _keys(K.Paste, "Ctrl+V"))
        self._action(m, "Select &All", self.editor.selectAll, _keys(K.SelectAll, "Ctrl+A"))
        for act, signal in ((undo, self.editor.undoAvailable), (redo, self.editor.redoAvailable),
                            (cut, self.editor.copyAvailable), (copy, self.editor.copyAvailable)):
            act.setEnabled(False)
            signal.connect(act.setEnabled)
        m.addSeparator()
        self._action(m, "&Preferences…", self.open_preferences, "Ctrl+,")

        m = self.menuBar().addMenu("&Suggestions")
        self._action(m, "Suggest &now", self.suggest_now, "Ctrl+Space")
        # These keys mean something else when no suggestion shows, so the editor handles them
        # itself; the menu entries name the keys ("\t" puts them in the shortcut column) and do the same.
        self._action(m, "&Accept suggestion\tTab", self.editor.accept_all)
        self._action(m, "Accept next &word\tCtrl+Right", self.editor.accept_word)
        self._action(m, "&Dismiss\tEsc", self.editor.clear_ghost)
        self._action(m, "N&ext candidate\tAlt+]", partial(self.editor.cycle, 1))
        self._action(m, "P&revious candidate\tAlt+[", partial(self.editor.cycle, -1))
        m.addSeparator()
        self.toggle_enabled = self._action(m, "Suggest while &writing", self.set_suggestions_enabled,
                                           "Ctrl+Shift+Space")
        self.toggle_enabled.setCheckable(True)
        self.toggle_enabled.setChecked(self.prefs.enabled)

        m = self.menuBar().addMenu("&View")
        panel_act = self.panel.toggleViewAction()
        panel_act.setText("&Suggestions panel")
        panel_act.setShortcut(QKeySequence("F9"))
        m.addAction(panel_act)
        self.panel_action = panel_act
        m.addSeparator()
        self._action(m, "Zoom &In", lambda: self.editor.zoomIn(1), _keys(K.ZoomIn, "Ctrl++"))
        self._action(m, "Zoom &Out", lambda: self.editor.zoomOut(1), _keys(K.ZoomOut, "Ctrl+-"))

        m = self.menuBar().addMenu("&Help")
        self._action(m, "&About Creagen", self.about, "F1")

    def _loader(self, device: str) -> Callable[[], object]:
        return partial(self.engine_factory, self.pack_dir, device)

    # -- suggestions --------------------------------------------------------------------------

    def request_suggestions(self, text: str) -> None:
        if self.worker.engine is None:
            return
        self.job_id += 1
        self._job_text = {self.job_id: text}  # only the newest job's text is kept
        self.worker.request(self.job_id, text, self.prefs.sampling())

    def suggest_now(self) -> None:
        if self.model_error is not None and self.worker.engine is None:
            self.statusBar().showMessage(f"Suggestions off: {self.model_error}", 8000)
        elif self.worker.engine is None:
            self.statusBar().showMessage("The model is still loading…", 3000)
        elif not self.editor.suggest_now():
            self.statusBar().showMessage("Write something first, or clear the selection.", 3000)

    def cancel_suggestions(self) -> None:
        """Forget any queued or running request: its result would arrive with an outdated job id."""
        self.job_id += 1
        self._job_text = {}
        self.worker.cancel_pending()

    def _suggestions_ready(self, job_id: int, suggestions) -> None:
        if job_id != self.job_id:
            return  # stale: the writer has typed or asked again since
        text = self._job_text.pop(job_id, None)
        self.status_latency.setText(f"{suggestions.latency_ms:.0f} ms")
        if self.editor.show_candidates(suggestions.candidates, for_text=text):
            self.panel.set_candidates(self.editor.candidates)
            self.panel.highlight(0)

    def _suggestion_failed(self, job_id: int, message: str) -> None:
        if job_id == self.job_id:
            self.statusBar().showMessage(f"Suggestion failed: {message}", 8000)

    def _engine_loading(self) -> None:
        self.model_loading = True
        self.status_model.setText("Loading model…")
        self.status_model.setToolTip("")
        self.status_provider.setText("")

    def _engine_loaded(self, name: str, provider: str) -> None:
        self.model_loading = False
        self.model_error = None
        self.status_model.setText(f"Model: {name}")
        self.status_model.setToolTip("")
        self.status_provider.setText(provider)
        self.panel.set_notice(None)
        if self.device == "cuda" and provider != "CUDA":
            self.statusBar().showMessage("CUDA is not usable here: the model runs on the CPU.", 8000)
        # The writer may have paused while the model was loading: answer that pause now.
        if self.editor.hasFocus() and self.editor.can_suggest_here() and not self.editor.has_ghost():
            self.request_suggestions(self.editor.text_before_cursor())

    def _engine_failed(self, message: str) -> None:
        self.model_loading = False
        self.model_error = message
        self.editor.clear_ghost()
        off = f"Suggestions off: {message}"
        self.status_model.setText(self.status_model.fontMetrics().elidedText(off, Qt.TextElideMode.ElideRight, 520))
        self.status_model.setToolTip(off)
        self.status_provider.setText("")
        self.panel.set_notice(off)
        if not self._notice_shown:  # once per session: writing goes on, the status bar keeps saying why
            self._notice_shown = True
            self.notice = QMessageBox(QMessageBox.Icon.Information, "Suggestions are off",
                                      f"{message}\n\nYou can still write, open and save as usual.",
                                      QMessageBox.StandardButton.Ok, self)
            self.notice.setWindowModality(Qt.WindowModality.NonModal)
            self.notice.show()

    def set_suggestions_enabled(self, on: bool) -> None:
        self.prefs.enabled = on
        self.prefs.save(self.settings)
        self.editor.set_suggestions_enabled(on)
        self.toggle_enabled.setChecked(on)
        if not on:
            self.cancel_suggestions()

    def open_preferences(self) -> None:
        dlg = PreferencesDialog(self.prefs, self)
        if dlg.exec():
            self.apply_preferences(dlg.preferences())

    def apply_preferences(self, prefs: Preferences) -> None:
        device_changed = prefs.device != self.prefs.device
        self.prefs = prefs
        prefs.save(self.settings)
        self.editor.set_pause_ms(prefs.pause_ms)
        self.set_suggestions_enabled(prefs.enabled)
        if device_changed:
            self.device = prefs.device
            self.cancel_suggestions()
            self.worker.reload(self._loader(prefs.device))  # on the engine thread; shows "Loading model…"

    # -- files --------------------------------------------------------------------------------

    def _update_title(self, *_):
        name = self.path.name if self.path else "Untitled"
        self.setWindowTitle(f"{name}[*] — Creagen")
        self.setWindowModified(self.editor.document().isModified())

    def confirm_discard(self) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        if not self.editor.document().isModified():
            return True
        name = self.path.name if self.path else "Untitled"
        answer = QMessageBox.question(
            self, "Unsaved changes", f"Save the changes to {name} first?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _set_document(self, text: str, path: Path | None) -> None:
        self.cancel_suggestions()
        self.editor.clear_ghost()
        self.editor.setPlainText(text)  # also resets the undo history
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.path = path
        self.editor.document().setModified(False)
        self._update_title()

    def new_file(self) -> bool:
        if not self.confirm_discard():
            return False
        self.newline = "\n"
        self._set_document("", None)
        return True

    def _start_dir(self) -> str:
        return str(self.path.parent if self.path else Path.home())

    def open_file_dialog(self) -> bool:
        if not self.confirm_discard():
            return False
        name, _ = QFileDialog.getOpenFileName(self, "Open", self._start_dir(), FILE_FILTER)
        return self.open_path(Path(name)) if name else False

    def open_path(self, path: Path) -> bool:
        """Open a UTF-8 text file (no prompt here: callers ask about unsaved changes first)."""
        path = Path(path)
        try:
            data = path.read_bytes()
            if b"\x00" in data[:8192]:
                raise ValueError("it looks like a binary file, not text")
            text = data.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            if isinstance(exc, UnicodeDecodeError):
                reason = "it is not UTF-8 text"
            elif isinstance(exc, OSError):
                reason = exc.strerror or str(exc)
            else:
                reason = str(exc)
            QMessageBox.warning(self, "Cannot open", f"{path} could not be opened: {reason}.")
            return False
        # The editor works in "\n"; the file's own line ending is written back on save.
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self._set_document(text.replace("\r\n", "\n"), path)
        return True

    def save(self) -> bool:
        if self.path is None:
            return self.save_as_dialog()
        return self.save_to(self.path)

    def save_as_dialog(self) -> bool:
        dlg = QFileDialog(self, "Save As", str(self.path or Path(self._start_dir()) / "Untitled.txt"), FILE_FILTER)
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setDefaultSuffix("txt")  # "chapter one" is saved as "chapter one.txt"
        if not dlg.exec() or not dlg.selectedFiles():
            return False
        return self.save_to(Path(dlg.selectedFiles()[0]))

    def save_to(self, path: Path) -> bool:
        path = Path(path)
        # QSaveFile writes a temporary file and renames it: a crash never leaves half a document.
        f = QSaveFile(str(path))
        ok = f.open(QSaveFile.OpenModeFlag.WriteOnly)
        if ok:
            text = self.editor.toPlainText()
            if self.newline != "\n":
                text = text.replace("\n", self.newline)
            f.write(text.encode("utf-8"))
            ok = f.commit()
        if not ok:
            QMessageBox.warning(self, "Cannot save", f"{path} could not be saved: {f.errorString()}")
            return False
        self.path = path
        self.editor.document().setModified(False)
        self._update_title()
        self.statusBar().showMessage(f"Saved {path}", 3000)
        return True

    def about(self) -> None:
        model = self.status_model.text() if self.worker.engine is not None else "no model loaded"
        QMessageBox.about(
            self, "About Creagen",
            f"<b>Creagen {__version__}</b><p>An offline writing assistant. The models run on this "
            f"computer; nothing you write leaves it.</p><p>{model} {self.status_provider.text()}</p>",
        )

    def closeEvent(self, e: QCloseEvent) -> None:
        if not self.confirm_discard():
            e.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.editor.pause.stop()
        self.worker.stop()
        e.accept()


def run_app(argv: list[str], pack_dir=None, device: str | None = None, file: str | None = None,
            engine_factory: EngineFactory | None = None) -> int:
    """Open the editor window and run the event loop; returns the exit code."""
    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationVersion(__version__)
    window = MainWindow(engine_factory=engine_factory, pack_dir=pack_dir, device=device)
    window.show()
    if file:
        if Path(file).exists():
            window.open_path(Path(file))
        else:  # like other editors: a new document that will be saved under that name
            window.path = Path(file)
            window._update_title()
    return app.exec()
