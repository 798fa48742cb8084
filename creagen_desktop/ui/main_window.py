"""The main window: the layout, the tabs, the rooms built and connected in one place, and the
window's own events (activation, closing).

The rooms: the desk (documents), the menus (one action table), the status bar, the looks (theme,
font, tint), the pack choice, the engines (one a language in use), the documents' languages, the
reports, and the model features. Each is handed what it needs; the window routes the engines' news
to them: the news of the engine of the document in view.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from creagen_desktop.documents.recovery import RecoveryStore
from creagen_desktop.paths import recovery_dir
from creagen_desktop.ui.app import load_engine
from creagen_desktop.ui.desk import Desk
from creagen_desktop.ui.dialogs.preferences import PreferencesDialog
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.editor.find_replace import FindBar
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.features import FeatureContext
from creagen_desktop.ui.features.alternatives import AlternativesFeature
from creagen_desktop.ui.features.continuation import ContinuationFeature
from creagen_desktop.ui.features.latent import LatentFeature
from creagen_desktop.ui.features.poem import PoemFeature
from creagen_desktop.ui.features.sparks import SparksFeature
from creagen_desktop.ui.engines import Engines
from creagen_desktop.ui.i18n import document_language, translation
from creagen_desktop.ui.languages import DocumentLanguages
from creagen_desktop.ui.learning import Learning
from creagen_desktop.ui.looks import Looks
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.packs import EngineFactory, PackChoice
from creagen_desktop.ui.reports import Reports
from creagen_desktop.ui.settings import LivePreferences, app_settings
from creagen_desktop.ui.export import ExportRoom
from creagen_desktop.ui.project import ProjectRoom
from creagen_desktop.ui.spelling import Spelling
from creagen_desktop.ui.status import StatusBar
from creagen_desktop.ui.workers import EngineThread, JobThread

FOCUS_COLUMN_CHARS = 72
PANEL_WIDTH = 260


class MainWindow(QMainWindow):
    """The editor window.

    engine_factory(pack_dir, device) is called on an engine thread (default: Engine.load); tests pass a
    fake. `settings` defaults to ui.settings.app_settings(). `device` overrides the saved preference
    for this session only. `pack_dir` (a folder or a list) overrides the pack chosen in the Model packs
    dialog for the language each serves.
    """

    def __init__(self, engine_factory: EngineFactory | None = None, pack_dir=None,
                 settings: QSettings | None = None, device: str | None = None):
        super().__init__()
        self.settings = settings if settings is not None else app_settings()
        self.preferences = LivePreferences(self.settings, self)
        self.model_error: str | None = None  # the engine's state, as the window last heard it
        self.model_loading = True
        self.focus_mode = False
        self._panels_shown: list[QDockWidget] = []  # the panels focus mode hid, shown again after
        self._was_maximized = False
        self._panels: list[QDockWidget] = []
        self._job_threads: list[JobThread] = []

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

        self.menus = Menus(self)
        self.status = StatusBar(self, lambda: self.desk.current_tab())
        self.packs = PackChoice(self, self.menus, self.settings, self.preferences, self._new_jobs,
                                engine_factory or load_engine, pack_dir, device, self.current_language)
        self.engines = Engines(self.packs.loader, self)
        self.desk = Desk(self, self.menus, self.tabs, self.settings, RecoveryStore(recovery_dir()),
                         self.preferences, self._wire_tab, self.status.say)
        self.languages = DocumentLanguages(self, self.menus, self.desk.current_tab, self.desk.all_tabs,
                                           lambda: document_language(translation.locale), self.status.say)
        self.looks = Looks(self, self.menus, self.preferences, self.settings, self._all_editors)
        self.reports = Reports(self, self.menus, self.desk.current_tab, self.desk.words_written,
                               self.desk.model_words_written, self.current_engine, self.status)
        ctx = FeatureContext(menus=self.menus, current_editor=self.current_editor, open_editors=self._all_editors,
                             new_jobs=self._new_jobs,
                             say=self.status.say, add_panel=self._add_panel, parent=self)
        self.continuation = ContinuationFeature(ctx, self.engines, self._language_of, self.preferences,
                                                self.reports.stats, self.status.show_latency, self._all_editors)
        self.latent = LatentFeature(ctx)  # variations and blends
        self.sparks = SparksFeature(ctx)  # new lines from the latent GAN
        self.alternatives = AlternativesFeature(ctx)  # the model's words at a word
        self.poems = PoemFeature(ctx)  # regulated Chinese poems, the matching line, revising a line
        self.spelling = Spelling(self.menus, self.preferences, self._new_jobs, self.current_editor,
                                 self._all_editors, self.status.say, self)
        self.project = ProjectRoom(self, self.menus, self.desk, self.preferences, self.settings,
                                   partial(self._add_panel, left=True),
                                   self.status.show_goal, self.status.say)
        self.export = ExportRoom(self, self.menus, self.desk, self.project, self._new_jobs, self.status.say)
        self.learning = Learning(self, self.menus, self.packs, self.status, lambda: self.desk.current_tab().path,
                                 self._new_jobs)
        self._bind_window_actions()

        self.engines.loading.connect(self._engine_loading)
        self.engines.loaded.connect(self._engine_loaded)
        self.engines.load_failed.connect(self._engine_failed)
        self.packs.pack_chosen.connect(self._pack_chosen)
        self.packs.device_chosen.connect(self._device_chosen)
        self.preferences.changed.connect(lambda *_: self._apply_originality())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.find_bar.closed.connect(lambda: self.editor.setFocus())
        self.desk.new_tab()
        self.looks.apply_theme(self.preferences.current.theme)
        self.engines.thread(self.current_language())  # the first document's engine starts loading

        self.resize(1000, 680)
        self.resizeDocks([self.continuation.panel], [PANEL_WIDTH], Qt.Orientation.Horizontal)
        geometry, state = self.settings.value("window/geometry"), self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self.desk.update_titles()
        self.editor.setFocus()
        self.desk.start()

    # -- what the rooms are handed ------------------------------------------------------------

    def current_editor(self) -> GhostEditor:
        """The editor in view: where generation features write (see GhostEditor.insert_generated)."""
        return self.desk.current_tab().editor

    @property
    def editor(self) -> GhostEditor:
        return self.current_editor()

    def current_language(self) -> str:
        """The language of the document in view ("en", "zh"): its engine serves it."""
        tab = self.desk.current_tab() if hasattr(self, "languages") else None
        return self.languages.code_of(tab) if tab is not None else document_language(translation.locale)

    def _language_of(self, editor: GhostEditor) -> str:
        tab = editor.parent()
        return self.languages.code_of(tab) if isinstance(tab, DocumentTab) else self.current_language()

    def current_engine(self):
        """The engine of the document in view's language, when it has loaded (else None)."""
        return self.engines.engine(self.current_language())

    @property
    def worker(self) -> EngineThread:
        """The engine thread of the document in view's language."""
        return self.engines.thread(self.current_language())

    def _all_editors(self) -> list[GhostEditor]:
        return [tab.editor for tab in self.desk.all_tabs()]

    def _new_jobs(self, parent, subject_of=None) -> JobThread:
        """A JobThread over the loaded engine (or `subject_of()`), for a room; stopped when the window closes."""
        jobs = JobThread(subject_of or self.current_engine, parent)
        self._job_threads.append(jobs)
        return jobs

    def _add_panel(self, panel: QDockWidget, left: bool = False) -> None:
        """Dock a panel on the right, the first one docked, the others as tabs beside it; or alone on
        the left (the project's tree)."""
        if left:
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panel)
        else:
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
            right = [p for p in self._panels if self.dockWidgetArea(p) == Qt.DockWidgetArea.RightDockWidgetArea]
            if right:
                self.tabifyDockWidget(right[0], panel)
        self._panels.append(panel)

    def _bind_window_actions(self) -> None:
        m, ed = self.menus, self.current_editor
        m.bind("file.quit", self.close)
        for name in ("undo", "redo", "cut", "copy", "paste"):
            m.bind(f"edit.{name}", lambda _=False, n=name: getattr(ed(), n)())
        m.bind("edit.select_all", lambda: ed().selectAll())
        m.bind("edit.find", lambda: self.find_bar.open_bar(ed(), False))
        m.bind("edit.find_next", self.find_bar.find_next)
        m.bind("edit.find_previous", self.find_bar.find_previous)
        m.bind("edit.replace", lambda: self.find_bar.open_bar(ed(), True))
        m.bind("edit.preferences", self.open_preferences)
        m.bind("view.focus", self.toggle_focus_mode)
        m.bind("view.next_pane", self.next_pane)
        m.bind("view.zoom_in", lambda: ed().zoomIn(1))
        m.bind("view.zoom_out", lambda: ed().zoomOut(1))
        m.bind("view.next_tab", partial(self._step_tab, 1))
        m.bind("view.previous_tab", partial(self._step_tab, -1))

    # -- tabs ---------------------------------------------------------------------------------

    def _wire_tab(self, tab: DocumentTab) -> None:
        """Connect a new tab's editor to the rooms (the desk adds the tab)."""
        ed = tab.editor
        self.looks.attach(ed)
        self.languages.attach(tab)
        tab.language_changed.connect(partial(self._language_changed, tab))
        self.continuation.attach(ed)
        self.status.attach(tab)
        self.spelling.attach(ed)
        ed.set_column(FOCUS_COLUMN_CHARS if self.focus_mode else None)
        ed.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        ed.customContextMenuRequested.connect(partial(self._context_menu, ed))
        mine = partial(lambda e: e is self.editor, ed)
        for name, signal in (("edit.undo", ed.undoAvailable), ("edit.redo", ed.redoAvailable),
                             ("edit.cut", ed.copyAvailable), ("edit.copy", ed.copyAvailable)):
            act = self.menus.action(name)
            signal.connect(lambda on, a=act: mine() and a.setEnabled(on))

    def _context_menu(self, ed: GhostEditor, pos) -> None:
        menu = ed.createStandardContextMenu()
        self.spelling.context_actions(menu, ed, pos)
        self.alternatives.context_actions(menu, ed, pos)
        self.latent.context_actions(menu)
        self.sparks.context_actions(menu)
        self.poems.context_actions(menu)
        menu.exec(ed.mapToGlobal(pos))
        menu.deleteLater()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.count() == 0:
            return
        self.continuation.tab_changed()
        self.languages.refresh()
        self._show_engine()
        ed = self.editor
        doc = ed.document()
        self.menus.action("edit.undo").setEnabled(doc.isUndoAvailable())
        self.menus.action("edit.redo").setEnabled(doc.isRedoAvailable())
        has_sel = ed.textCursor().hasSelection()
        self.menus.action("edit.cut").setEnabled(has_sel)
        self.menus.action("edit.copy").setEnabled(has_sel)
        if self.find_bar.isVisible():
            self.find_bar.editor = ed
        self.desk.update_titles()
        self.status.update_counts()

    def next_pane(self) -> QWidget:
        """Move the keyboard focus to the next visible panel (and from the last back to the text)."""
        panes = [self.editor] + [p for p in self._panels if p.isVisible()]
        focus = self.focusWidget()
        here = next((i for i, pane in enumerate(panes) if focus is not None and (pane is focus or pane.isAncestorOf(focus))), 0)
        pane = panes[(here + 1) % len(panes)]
        target = pane if pane is self.editor else next(
            (w for w in pane.findChildren(QWidget) if w.isVisible() and w.isEnabled()
             and w.focusPolicy() & Qt.FocusPolicy.TabFocus), pane)
        target.setFocus(Qt.FocusReason.TabFocusReason)
        return target

    def _step_tab(self, step: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def toggle_focus_mode(self) -> None:
        """Focus mode: only the text, in a centred column, full screen; every panel hidden (and
        shown again after); the keys keep working."""
        self.focus_mode = on = not self.focus_mode
        self.menus.action("view.focus").setChecked(on)
        if on:
            self._panels_shown = [p for p in self.findChildren(QDockWidget) if p.isVisible()]
            for p in self._panels_shown:
                p.hide()
            self._was_maximized = self.isMaximized()
            self.showFullScreen()
        else:
            for p in self._panels_shown:
                p.show()
                p.raise_()  # a panel tabbed with others comes back as the tab in front
            self._panels_shown = []
            self.showMaximized() if self._was_maximized else self.showNormal()
        self.menuBar().setVisible(not on)
        self.statusBar().setVisible(not on)
        self.tabs.tabBar().setVisible(not on)
        for ed in self._all_editors():
            ed.set_column(FOCUS_COLUMN_CHARS if on else None)
        self.editor.setFocus()

    # -- the engine and its preferences -------------------------------------------------------

    def _engine_loading(self, language: str) -> None:
        if language == self.current_language():
            self.model_loading = True
            self.status.engine_loading()

    def _engine_loaded(self, language: str, name: str, provider: str) -> None:
        self._apply_originality()
        if language != self.current_language():
            return  # another language's engine: the status bar speaks of the document in view
        self.model_loading, self.model_error = False, None
        self.status.engine_loaded(name, provider, self.packs.device)
        self._features_for(self.engines.engine(language))
        self.continuation.engine_loaded(language)  # last: it may ask at once, for a pause during the load

    def _engine_failed(self, language: str, message: str) -> None:
        if language != self.current_language():
            return
        self.model_loading, self.model_error = False, message
        self.continuation.engine_failed(language)
        self.status.engine_failed(message)

    def _features_for(self, engine) -> None:
        kinds = engine.pack.kinds
        self.menus.set_kinds(kinds)
        self.latent.engine_loaded(kinds)
        self.sparks.engine_loaded(kinds)
        self.poems.engine_loaded(engine)

    def _show_engine(self) -> None:
        """The status bar and the menus speak of the engine of the document in view."""
        language = self.current_language()
        self.engines.thread(language)
        engine, error = self.engines.engine(language), self.engines.error(language)
        self.model_loading = self.engines.is_loading(language)
        self.model_error = error
        if engine is not None and not self.model_loading:
            self.status.engine_loaded(engine.pack_name, engine.provider, self.packs.device, quiet=True)
            self._features_for(engine)
        elif error is not None:
            self.status.engine_failed(error)
        else:
            self.status.engine_loading()

    def _language_changed(self, tab: DocumentTab) -> None:
        if tab is self.desk.current_tab():
            self.continuation.tab_changed()  # a request in the old language is for the old pack
            self.editor.clear_ghost()
            self._show_engine()
            self.status.update_counts()

    def _pack_chosen(self, language: str) -> None:
        self.continuation.cancel()
        self.editor.clear_ghost()
        self.engines.reload(language)  # on its engine thread; the current pack serves until then

    def _device_chosen(self) -> None:
        self.continuation.cancel()
        self.engines.reload()  # on the engine threads; shows "Loading model…"

    def _apply_originality(self) -> None:
        """Tell the engines whether the originality guard drops or flags copies (read by their threads)."""
        for engine in self.engines.engines():
            engine.set_originality(self.preferences.current.originality)

    def open_preferences(self) -> None:
        dlg = PreferencesDialog(self.preferences.current, self.menus.keys, self)
        if dlg.exec():
            self.preferences.apply(dlg.preferences())

    # -- window events ------------------------------------------------------------------------

    def changeEvent(self, e) -> None:
        super().changeEvent(e)
        if e.type() == QEvent.Type.ActivationChange and self.tabs.count():
            if self.isActiveWindow():
                self.desk.check_disk_changes()
            else:
                self.desk.autosave.now()  # focus lost: the writer may be off to something that crashes

    def closeEvent(self, e: QCloseEvent) -> None:
        if not (self.learning.may_close() and self.desk.may_close()):
            e.ignore()
            return
        self.learning.shut()
        self.desk.shut()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        self.stop_jobs()
        e.accept()

    def stop_jobs(self) -> None:
        """Stop every worker thread (closing does; so does a test that drops a window it kept open)."""
        for engine in self.engines.engines():
            engine.shutdown()  # every job in flight stops at its next model call
        self.spelling.stop()
        for jobs in self._job_threads:
            jobs.stop()
        self.engines.stop()

