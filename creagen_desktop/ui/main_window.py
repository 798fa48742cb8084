"""The main window: builds the tabs, menus and panels and connects their signals in one place.

Document work (files, autosave, recovery) is routed through DeskMixin (ui/desk.py); the model's
suggestions go through the engine thread (ui/workers.py).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QFontDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from creagen_desktop import __version__
from creagen_desktop.documents.counts import (
    SessionStats,
    count_chars,
    count_words,
    guard_summary,
)
from creagen_desktop.documents.recovery import RecoveryStore
from creagen_desktop.pack.store import PackStore
from creagen_desktop.paths import default_pack_dir, recovery_dir, user_packs_dir
from creagen_desktop.ui.desk import DeskMixin
from creagen_desktop.ui.dialogs.packs import PackDialog
from creagen_desktop.ui.dialogs.preferences import PreferencesDialog
from creagen_desktop.ui.dialogs.suggestions import SuggestionsPanel
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.editor.find_replace import FindBar
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.features.latent import LatentFeatures
from creagen_desktop.ui.features.sparks import SparksFeature
from creagen_desktop.ui.settings import APP, ORG, THEMES, Preferences
from creagen_desktop.ui.themes import apply_theme
from creagen_desktop.ui.workers import EngineThread

EngineFactory = Callable[..., object]  # (pack_dir, device) -> engine, like Engine.load
FOCUS_COLUMN_CHARS = 72


def load_engine(pack_dir=None, device: str = "auto"):
    """The default engine factory. Imported lazily: the window shows before onnxruntime is loaded."""
    from creagen_desktop.engine.engine import Engine

    return Engine.load(pack_dir, device=device)


def _keys(standard: QKeySequence.StandardKey, fallback: str) -> QKeySequence:
    """The platform's standard shortcut, or `fallback` where the platform defines none (Quit on Windows)."""
    seq = QKeySequence(standard)
    return seq if not seq.isEmpty() else QKeySequence(fallback)


class MainWindow(DeskMixin, QMainWindow):
    """The editor window.

    engine_factory(pack_dir, device) is called on the engine thread (default: Engine.load); tests pass a
    fake. `settings` defaults to QSettings("Creagen", "Creagen"). `device` overrides the saved preference
    for this session only. `pack_dir` overrides the pack chosen in the Model packs dialog.
    """

    def __init__(self, engine_factory: EngineFactory | None = None, pack_dir=None,
                 settings: QSettings | None = None, device: str | None = None):
        super().__init__()
        self.settings = settings if settings is not None else QSettings(ORG, APP)
        self.prefs = Preferences.load(self.settings)
        self.device = device or self.prefs.device  # a command-line choice is not saved
        saved_pack = self.settings.value("packs/active", "")
        if pack_dir is None and saved_pack and Path(str(saved_pack)).is_dir():
            pack_dir = str(saved_pack)
        self.pack_dir = pack_dir
        self.engine_factory = engine_factory or load_engine
        self.asked: str | None = None  # the text the newest continuation job was asked for
        self.model_error: str | None = None
        self.model_loading = True
        self._notice_shown = False
        self.notice: QMessageBox | None = None
        self.recovery = RecoveryStore(recovery_dir())
        self.packs = PackStore(user_packs_dir())
        self.stats = SessionStats()
        self._accepted_current = False  # the suggestion showing now was (partly) taken
        self._closed_words = 0  # words written in tabs closed this session
        self.focus_mode = False
        self._closing = False
        self._font = self._saved_font()

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.find_bar = FindBar()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)
        self.panel = SuggestionsPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

        self.status_counts = QLabel("")
        self.status_model = QLabel("Loading model…")
        self.status_provider = QLabel("")
        self.status_latency = QLabel("")
        self.status_latency.setToolTip("Time taken by the last suggestion")
        for w in (self.status_counts, self.status_model, self.status_provider, self.status_latency):
            self.statusBar().addPermanentWidget(w)

        self.counts_timer = QTimer(self)  # counting a long document waits for a pause in typing
        self.counts_timer.setSingleShot(True)
        self.counts_timer.setInterval(300)
        self.counts_timer.timeout.connect(self.update_counts)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(self.prefs.autosave_s * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)

        self._build_menus()
        self.worker = EngineThread(self._loader(self.device))
        self.latent = LatentFeatures(self)  # variations and blends (their menu entries and threads)
        self.sparks = SparksFeature(self)  # new lines from the latent GAN
        self.worker.loading.connect(self._engine_loading)
        self.worker.loaded.connect(self._engine_loaded)
        self.worker.load_failed.connect(self._engine_failed)
        self.worker.fresh_result.connect(self._suggestions_ready)
        self.worker.fresh_failed.connect(self._suggestion_failed)
        self.panel.chosen.connect(lambda i: self.editor.insert_candidate(i))
        self.tabs.currentChanged.connect(self._tab_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.find_bar.closed.connect(lambda: self.editor.setFocus())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_theme_changed)
        self.new_tab()
        self.apply_theme(self.prefs.theme)
        self.worker.start()
        self.autosave_timer.start()

        self.resize(1000, 680)
        self.resizeDocks([self.panel], [260], Qt.Orientation.Horizontal)
        geometry, state = self.settings.value("window/geometry"), self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._update_title()
        self.editor.setFocus()
        self.recovery.clean_temps()
        QTimer.singleShot(0, self.offer_recovery)  # after the window shows, so the offer has a parent

    # -- the current document -----------------------------------------------------------------

    def current_tab(self) -> DocumentTab:
        return self.tabs.currentWidget()

    def current_editor(self) -> GhostEditor:
        """The editor that generation features write into (see GhostEditor.insert_generated)."""
        return self.current_tab().editor

    @property
    def editor(self) -> GhostEditor:
        return self.current_editor()

    @property
    def path(self) -> Path | None:
        return self.current_tab().path

    def all_tabs(self) -> list[DocumentTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    # -- building -----------------------------------------------------------------------------

    @staticmethod
    def _default_font() -> QFont:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 12.0))
        return font

    def _saved_font(self) -> QFont:
        font = self._default_font()
        saved = self.settings.value("editor/font", "")
        if saved:
            font.fromString(str(saved))
        return font

    def _action(self, menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)  # shortcuts keep working while focus mode hides the menu bar
        return act

    def _build_menus(self) -> None:
        K = QKeySequence.StandardKey
        m = self.menuBar().addMenu("&File")
        self._action(m, "&New", self.new_file, _keys(K.New, "Ctrl+N"))
        self._action(m, "&Open…", self.open_file_dialog, _keys(K.Open, "Ctrl+O"))
        self.recent_menu = m.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._recent_actions = []
        for i in range(9):  # fixed actions, so their Alt+N shortcuts work without opening the menu
            act = QAction(self)
            act.setShortcut(QKeySequence(f"Alt+{i + 1}"))
            act.triggered.connect(partial(self.open_recent, i))
            self.addAction(act)
            self._recent_actions.append(act)
        self._fill_recent_menu()
        self._action(m, "&Save", self.save, _keys(K.Save, "Ctrl+S"))
        self._action(m, "Save &As…", self.save_as_dialog, _keys(K.SaveAs, "Ctrl+Shift+S"))
        self._action(m, "Re&load from Disk", self.reload_current, "Ctrl+Shift+R")
        self._action(m, "&Close Document", lambda: self.close_tab(self.tabs.currentIndex()), "Ctrl+W")
        m.addSeparator()
        self._action(m, "&Quit", self.close, _keys(K.Quit, "Ctrl+Q"))

        m = self.menuBar().addMenu("&Edit")
        self.undo_act = self._action(m, "&Undo", lambda: self.editor.undo(), _keys(K.Undo, "Ctrl+Z"))
        self.redo_act = self._action(m, "&Redo", lambda: self.editor.redo(), _keys(K.Redo, "Ctrl+Shift+Z"))
        m.addSeparator()
        self.cut_act = self._action(m, "Cu&t", lambda: self.editor.cut(), _keys(K.Cut, "Ctrl+X"))
        self.copy_act = self._action(m, "&Copy", lambda: self.editor.copy(), _keys(K.Copy, "Ctrl+C"))
        self._action(m, "&Paste", lambda: self.editor.paste(), _keys(K.Paste, "Ctrl+V"))
        self._action(m, "Select &All", lambda: self.editor.selectAll(), _keys(K.SelectAll, "Ctrl+A"))
        m.addSeparator()
        self._action(m, "&Find…", lambda: self.find_bar.open_bar(self.editor, False), _keys(K.Find, "Ctrl+F"))
        self._action(m, "Find &Next", self.find_bar.find_next, _keys(K.FindNext, "F3"))
        self._action(m, "Find Pre&vious", self.find_bar.find_previous, _keys(K.FindPrevious, "Shift+F3"))
        self._action(m, "R&eplace…", lambda: self.find_bar.open_bar(self.editor, True), "Ctrl+H")
        m.addSeparator()
        self._action(m, "&Preferences…", self.open_preferences, "Ctrl+,")

        self._build_generate_menu()

        m = self.menuBar().addMenu("&View")
        panel_act = self.panel.toggleViewAction()
        panel_act.setText("&Suggestions panel")
        panel_act.setShortcut(QKeySequence("F9"))
        m.addAction(panel_act)
        self.addAction(panel_act)
        self.panel_action = panel_act
        self.focus_act = self._action(m, "&Focus mode", self.toggle_focus_mode, "F11")
        self.focus_act.setCheckable(True)
        self.theme_act = self._action(m, "", self.cycle_theme, "Ctrl+Shift+L")
        self.tint_act = self._action(m, "&Tint model text", self.set_tint, "Ctrl+Shift+M")
        self.tint_act.setCheckable(True)
        self.tint_act.setChecked(self.prefs.tint)
        self._action(m, "F&ont…", self.choose_font, "Ctrl+Shift+F")
        m.addSeparator()
        self._action(m, "Zoom &In", lambda: self.editor.zoomIn(1), _keys(K.ZoomIn, "Ctrl++"))
        self._action(m, "Zoom &Out", lambda: self.editor.zoomOut(1), _keys(K.ZoomOut, "Ctrl+-"))
        m.addSeparator()
        self._action(m, "Ne&xt Document", partial(self._step_tab, 1), "Ctrl+PgDown")
        self._action(m, "Pre&vious Document", partial(self._step_tab, -1), "Ctrl+PgUp")

        m = self.menuBar().addMenu("&Tools")
        self._action(m, "&Model Packs…", self.open_pack_dialog, "Ctrl+Shift+P")
        self._action(m, "&Authorship Report…", self.show_authorship_report, "Ctrl+Shift+A")
        self._action(m, "Session &Statistics…", self.show_session_stats, "Ctrl+Shift+I")

        m = self.menuBar().addMenu("&Help")
        self._action(m, "&About Creagen", self.about, "F1")

    def _build_generate_menu(self) -> None:
        """The Generate menu: one section per model feature. feature_actions maps a pack kind (the
        manifest's "kinds") to its actions, which are hidden when the active pack lacks that kind."""
        m = self.generate_menu = self.menuBar().addMenu("&Generate")
        self.feature_actions: dict[str, list[QAction]] = {}
        lm = [
            self._action(m, "Suggest &now", self.suggest_now, "Ctrl+Space"),
            # These keys mean something else when no suggestion shows, so the editor handles them
            # itself; the menu entries name the keys ("\t" puts them in the shortcut column) and do the same.
            self._action(m, "&Accept suggestion\tTab", lambda: self.editor.accept_all()),
            self._action(m, "Accept next &word\tCtrl+Right", lambda: self.editor.accept_word()),
            self._action(m, "&Dismiss\tEsc", lambda: self.editor.clear_ghost()),
            self._action(m, "N&ext candidate\tAlt+]", lambda: self.editor.cycle(1)),
            self._action(m, "P&revious candidate\tAlt+[", lambda: self.editor.cycle(-1)),
        ]
        self.toggle_enabled = self._action(m, "Suggest while &writing", self.set_suggestions_enabled,
                                           "Ctrl+Shift+Space")
        self.toggle_enabled.setCheckable(True)
        self.toggle_enabled.setChecked(self.prefs.enabled)
        self.feature_actions["lm"] = lm + [self.toggle_enabled]
        m.addSeparator()  # later features (variations, blends) add their sections below

    def update_feature_actions(self, kinds: list[str]) -> None:
        for kind, actions in self.feature_actions.items():
            for act in actions:
                act.setVisible(kind in kinds)

    def _loader(self, device: str) -> Callable[[], object]:
        return partial(self.engine_factory, self.pack_dir, device)

    # -- tabs ---------------------------------------------------------------------------------

    def new_tab(self, tab: DocumentTab | None = None) -> DocumentTab:
        """Add a tab (a fresh Untitled one by default), wire its editor and show it."""
        tab = tab or DocumentTab()
        ed = tab.editor
        ed.setFont(self._font)
        ed.set_pause_ms(self.prefs.pause_ms)
        ed.set_suggestions_enabled(self.prefs.enabled)
        ed.set_tint_enabled(self.prefs.tint)
        ed.set_column(FOCUS_COLUMN_CHARS if self.focus_mode else None)
        mine = partial(lambda e: e is self.editor, ed)  # only the visible tab talks to the panel and model
        ed.wants_suggestions.connect(lambda text: mine() and self.request_suggestions(text))
        ed.suggestions_cancelled.connect(lambda: mine() and self.cancel_suggestions())
        ed.suggestion_cleared.connect(lambda: mine() and self.panel.clear())
        ed.suggestion_changed.connect(lambda i: mine() and self.panel.highlight(i))
        ed.generated.connect(self._generated)
        ed.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        ed.customContextMenuRequested.connect(partial(self._context_menu, ed))
        ed.textChanged.connect(lambda: mine() and self.counts_timer.start())
        ed.selectionChanged.connect(lambda: mine() and self.counts_timer.start())
        ed.document().modificationChanged.connect(lambda _: self._update_title())
        for act, signal in ((self.undo_act, ed.undoAvailable), (self.redo_act, ed.redoAvailable),
                            (self.cut_act, ed.copyAvailable), (self.copy_act, ed.copyAvailable)):
            signal.connect(lambda on, a=act: mine() and a.setEnabled(on))
        index = self.tabs.addTab(tab, tab.title)
        self.tabs.setCurrentIndex(index)
        ed.setFocus()
        # A document loaded before its tab had a size is scrolled as if the view were one line high;
        # once laid out, put the cursor (at the end) mid-view with the text above it in sight.
        QTimer.singleShot(0, ed, ed.centerCursor)
        return tab

    def _context_menu(self, ed: GhostEditor, pos) -> None:
        menu = ed.createStandardContextMenu()
        self.latent.context_actions(menu)
        if self.sparks.available():
            menu.addAction(self.sparks.action)
        menu.exec(ed.mapToGlobal(pos))
        menu.deleteLater()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.count() == 0:
            return
        if self.asked is not None:  # a request for the tab left behind is still out
            self.cancel_suggestions()
        self.panel.clear()
        ed = self.editor
        doc = ed.document()
        self.undo_act.setEnabled(doc.isUndoAvailable())
        self.redo_act.setEnabled(doc.isRedoAvailable())
        has_sel = ed.textCursor().hasSelection()
        self.cut_act.setEnabled(has_sel)
        self.copy_act.setEnabled(has_sel)
        if self.find_bar.isVisible():
            self.find_bar.editor = ed
        self._update_title()
        self.update_counts()

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    # -- suggestions --------------------------------------------------------------------------

    def request_suggestions(self, text: str) -> None:
        if self.worker.engine is None:
            return
        config = self.prefs.sampling()
        self.asked = text  # only the newest job's answer comes back, so only its text is kept
        self.worker.submit(lambda engine: engine.suggest(text, config))

    def suggest_now(self) -> None:
        if self.model_error is not None and self.worker.engine is None:
            self.statusBar().showMessage(f"Suggestions off: {self.model_error}", 8000)
        elif self.worker.engine is None:
            self.statusBar().showMessage("The model is still loading…", 3000)
        elif not self.editor.suggest_now():
            self.statusBar().showMessage("Write something first, or clear the selection.", 3000)

    def cancel_suggestions(self) -> None:
        """Forget any queued or running request: its answer is no longer wanted."""
        self.asked = None
        self.worker.forget()

    def _suggestions_ready(self, suggestions) -> None:
        text, self.asked = self.asked, None
        self.status_latency.setText(f"{suggestions.latency_ms:.0f} ms")
        if self.editor.show_candidates(suggestions.candidates, for_text=text):
            self.stats.suggestions_shown += 1
            self._accepted_current = False
            self.panel.set_candidates(self.editor.candidates)
            self.panel.highlight(0)

    def _generated(self, feature: str, text: str) -> None:
        self.stats.model_words += count_words(text)
        if feature == "continuation" and not self._accepted_current:
            self._accepted_current = True  # word-by-word accepts of one suggestion count once
            self.stats.suggestions_accepted += 1

    def _suggestion_failed(self, message: str) -> None:
        self.asked = None
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
        self.status_provider.setToolTip("")
        self.panel.set_notice(None)
        pack = getattr(self.worker.engine, "pack", None)
        kinds = list(getattr(pack, "kinds", ["lm"]))
        self.update_feature_actions(kinds)
        self.latent.pack_changed(kinds)
        self.sparks.pack_changed(kinds)
        self._apply_originality()
        if self.device == "cuda" and provider != "CUDA":
            self.statusBar().showMessage("CUDA is not usable here: the model runs on the CPU.", 8000)
        elif self.device == "auto" and provider != "CUDA":
            # Quietly: most machines have no usable GPU, and the CPU is fast enough for these models.
            self.status_provider.setToolTip("Device: Auto. No usable GPU was found, so the CPU is used.")
            self.statusBar().showMessage("Auto device: no usable GPU, running on the CPU.", 4000)
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
        self.statusBar().showMessage(off, 10000)
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
        for tab in self.all_tabs():
            tab.editor.set_suggestions_enabled(on)
        self.toggle_enabled.setChecked(on)
        if not on:
            self.cancel_suggestions()

    # -- packs --------------------------------------------------------------------------------

    def active_pack_path(self) -> Path:
        return Path(self.pack_dir) if self.pack_dir else default_pack_dir()

    def open_pack_dialog(self) -> PackDialog:
        dlg = PackDialog(self.packs, self.active_pack_path(), self, device=self.device)
        dlg.activate.connect(self.switch_pack)
        dlg.device_chosen.connect(self.set_device)
        dlg.open()  # window-modal; returned so tests and callers can drive it
        return dlg

    def switch_pack(self, path) -> None:
        """Use another pack from now on (loaded on the engine thread; the current one serves until then)."""
        self.pack_dir = str(path)
        self.settings.setValue("packs/active", self.pack_dir)
        self.cancel_suggestions()
        self.editor.clear_ghost()
        self.worker.reload(self._loader(self.device))

    def set_device(self, device: str) -> None:
        """Auto, CPU or CUDA from now on (kept as the preference); reloads the model on its thread."""
        prefs = Preferences(**{**self.prefs.__dict__, "device": device})
        self.apply_preferences(prefs)

    # -- preferences and looks ----------------------------------------------------------------

    def open_preferences(self) -> None:
        dlg = PreferencesDialog(self.prefs, self)
        if dlg.exec():
            self.apply_preferences(dlg.preferences())

    def apply_preferences(self, prefs: Preferences) -> None:
        device_changed = prefs.device != self.prefs.device
        self.prefs = prefs
        prefs.save(self.settings)
        for tab in self.all_tabs():
            tab.editor.set_pause_ms(prefs.pause_ms)
        self.set_suggestions_enabled(prefs.enabled)
        self.set_tint(prefs.tint)
        self.apply_theme(prefs.theme)
        self.autosave_timer.setInterval(prefs.autosave_s * 1000)
        self._apply_originality()
        if device_changed:
            self.device = prefs.device
            self.cancel_suggestions()
            self.worker.reload(self._loader(prefs.device))  # on the engine thread; shows "Loading model…"

    def _apply_originality(self) -> None:
        """Tell the engine whether the originality guard drops or flags copies (read by its threads)."""
        engine = self.worker.engine
        if engine is not None and hasattr(engine, "set_originality"):
            engine.set_originality(self.prefs.originality)

    def apply_theme(self, name: str) -> None:
        self.prefs.theme = name
        self.effective_theme = apply_theme(name)
        label = {"system": f"System ({self.effective_theme})", "light": "Light", "dark": "Dark"}[name]
        self.theme_act.setText(f"T&heme: {label}")

    def cycle_theme(self) -> None:
        self.apply_theme(THEMES[(THEMES.index(self.prefs.theme) + 1) % len(THEMES)])
        self.prefs.save(self.settings)

    def _system_theme_changed(self, *_):
        if self.prefs.theme == "system":
            self.apply_theme("system")

    def set_tint(self, on: bool) -> None:
        self.prefs.tint = bool(on)
        self.prefs.save(self.settings)
        self.tint_act.setChecked(self.prefs.tint)
        for tab in self.all_tabs():
            tab.editor.set_tint_enabled(self.prefs.tint)

    def choose_font(self) -> None:
        ok, font = QFontDialog.getFont(self._font, self, "Writing font")
        if ok:
            self.set_writing_font(font)

    def set_writing_font(self, font: QFont) -> None:
        self._font = QFont(font)
        self.settings.setValue("editor/font", font.toString())
        for tab in self.all_tabs():
            tab.editor.setFont(self._font)

    def toggle_focus_mode(self) -> None:
        self.focus_mode = not self.focus_mode
        on = self.focus_mode
        self.focus_act.setChecked(on)
        if on:
            self._panel_was_visible = self.panel.isVisible()
            self.panel.hide()
        elif getattr(self, "_panel_was_visible", True):
            self.panel.show()
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.tabs.tabBar().setVisible(not on)
        for tab in self.all_tabs():
            tab.editor.set_column(FOCUS_COLUMN_CHARS if on else None)
        self.editor.setFocus()

    # -- counts and reports -------------------------------------------------------------------

    def update_counts(self) -> None:
        ed = self.editor
        text = ed.toPlainText()
        words, chars = count_words(text), count_chars(text)
        label = f"{words:,} words, {chars:,} characters"
        sel = ed.textCursor().selectedText().replace("\u2029", "\n")
        if sel:
            label += f" (selection: {count_words(sel):,} words, {count_chars(sel):,} characters)"
        self.status_counts.setText(label)

    def words_written(self) -> int:
        return self._closed_words + sum(max(0, count_words(t.text()) - t.baseline_words) for t in self.all_tabs())

    def authorship_report_text(self) -> str:
        tab = self.current_tab()
        from creagen_desktop.documents.authorship import qt_length

        shares = tab.editor.marks.report(qt_length(tab.text()))
        lines = [f"{tab.title}: who wrote what (share of characters)", ""]
        for key in ("writer", "continuation", "variation", "blend", "spark"):
            lines.append(f"{'You' if key == 'writer' else key.capitalize()}: {shares[key]:.1%}")
        lines.append(f"\nThe model in all: {1 - shares['writer']:.1%}")
        return "\n".join(lines)

    def show_authorship_report(self) -> None:
        QMessageBox.information(self, "Authorship report", self.authorship_report_text())

    def session_stats_text(self) -> str:
        rows = self.stats.summary(self.words_written())
        counts = getattr(self.worker.engine, "guard_counts", None)
        if counts is not None and getattr(self.worker.engine, "guard", None) is not None:
            rows += guard_summary(counts)
        return "\n".join(f"{k}: {v}" for k, v in rows)

    def show_session_stats(self) -> None:
        QMessageBox.information(self, "Session statistics", self.session_stats_text())

    def about(self) -> None:
        model = self.status_model.text() if self.worker.engine is not None else "no model loaded"
        QMessageBox.about(
            self, "About Creagen",
            f"<b>Creagen {__version__}</b><p>An offline writing assistant. The models run on this "
            f"computer; nothing you write leaves it.</p><p>{model} {self.status_provider.text()}</p>",
        )

    # -- window events ------------------------------------------------------------------------

    def changeEvent(self, e) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.ActivationChange and self.tabs.count():
            if self.isActiveWindow():
                self.check_disk_changes()
            else:
                self.autosave_now()  # focus lost: the writer may be off to something that crashes

    def closeEvent(self, e: QCloseEvent) -> None:
        for tab in self.all_tabs():
            if tab.is_modified():
                self.tabs.setCurrentWidget(tab)
                if not self.confirm_discard(tab):
                    e.ignore()
                    return
        self._closing = True
        for tab in self.all_tabs():
            self._forget_recovery(tab)  # a clean exit: nothing to recover next time
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.autosave_timer.stop()
        for tab in self.all_tabs():
            tab.editor.pause.stop()
        self.latent.stop()
        self.sparks.stop()
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
            window.current_tab().path = Path(file)
            window._update_title()
    return app.exec()
