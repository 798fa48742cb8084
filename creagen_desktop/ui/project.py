"""The project room: a folder opened as a project (documents/project.py), its panel, chapter names
on the tabs and in the recovery copies, per-chapter and total counts, and the word goals (one for
the session, in the preferences; one for the project, in its folder) with progress in the status bar.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from creagen_desktop.documents.project import Project, ProjectError
from creagen_desktop.ui.desk import Desk
from creagen_desktop.ui.dialogs.project_panel import ProjectPanel
from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.settings import RANGES, LivePreferences

LAST_PROJECT_KEY = "project/last"
REFRESH_MS = 1000  # counts and goals follow the typing at most this often


class ProjectRoom(QObject):
    def __init__(self, frame: QWidget, menus: Menus, desk: Desk, prefs: LivePreferences, settings: QSettings,
                 add_panel: Callable, show_goal: Callable[[str, str], None], say: Callable[..., None]):
        super().__init__(frame)
        self.frame, self.desk, self.prefs, self.settings = frame, desk, prefs, settings
        self.show_goal, self.say = show_goal, say
        self.project: Project | None = None
        self._disk_words: dict[str, tuple[float, int]] = {}  # place -> (mtime, words) of chapters not open
        self.panel = ProjectPanel(menus.keys, frame)
        add_panel(self.panel)
        self.panel.hide()
        menus.adopt("view.project", self.panel.toggleViewAction())
        menus.bind("file.open_project", self.open_dialog)
        menus.bind("file.new_chapter", self.new_chapter)
        menus.bind("project.move_up", lambda: self._move_selected(-1))
        menus.bind("project.move_down", lambda: self._move_selected(1))
        menus.bind("tools.goals", self.goals_dialog)
        self.panel.opened.connect(self.open_chapter)
        self.panel.new_requested.connect(self.new_chapter)
        self.panel.rename_requested.connect(self.rename_chapter)
        self.panel.move_requested.connect(self.move_chapter)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh_counts)
        self.timer.start()
        prefs.changed.connect(lambda *_: self.refresh_counts())
        desk.tabs.currentChanged.connect(lambda _i: self.project is not None and self.name_tabs())

    # -- opening ------------------------------------------------------------------------------

    def open_dialog(self) -> bool:
        start = str(self.project.folder if self.project else Path.home())
        folder = QFileDialog.getExistingDirectory(self.frame, "Open a folder as a project", start)
        return self.open_folder(Path(folder)) if folder else False

    def open_folder(self, folder: Path) -> bool:
        try:
            self.project = Project.open(folder)
        except ProjectError as exc:
            QMessageBox.warning(self.frame, self.tr("Cannot open the project"), str(exc))
            return False
        self.settings.setValue(LAST_PROJECT_KEY, str(self.project.folder))
        self._disk_words.clear()
        self.panel.show()
        self.panel.raise_()
        self.name_tabs()
        self.refresh_counts()
        self.say(arg(self.tr("Project %1: %2 chapters"), self.project.name, len(self.project.order)), 4000)
        return True

    def open_chapter(self, rel: str) -> bool:
        if self.project is None:
            return False
        opened = self.desk.open_path(self.project.path_of(rel))
        self.name_tabs()
        return opened

    def name_tabs(self) -> None:
        """Tabs (and so recovery copies) of the project's chapters carry the chapter's name."""
        for tab in self.desk.all_tabs():
            rel = self.project.rel(tab.path) if self.project and tab.path else None
            tab.chapter = f"{self.project.name} ▸ {Project.chapter_name(rel)}" if rel else None
        self.desk.update_titles()

    # -- chapters -----------------------------------------------------------------------------

    def _ask_name(self, title: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self.frame, title, "Chapter name:", text=text)
        return name if ok and name.strip() else None

    def new_chapter(self) -> str | None:
        if self.project is None:
            self.say(self.tr("Open a folder as a project first (File ▸ Open Project Folder)."), 5000)
            return None
        name = self._ask_name("New chapter", arg(self.tr("Chapter %1"), len(self.project.order) + 1))
        if name is None:
            return None
        try:
            rel = self.project.create(name, after=self.panel.selected())
        except ProjectError as exc:
            QMessageBox.warning(self.frame, self.tr("New chapter"), str(exc))
            return None
        self.refresh_counts(select=rel)
        self.open_chapter(rel)
        return rel

    def rename_chapter(self, rel: str) -> str | None:
        if self.project is None:
            return None
        name = self._ask_name("Rename chapter", Project.chapter_name(rel))
        if name is None:
            return None
        old_path = self.project.path_of(rel)
        tab = next((t for t in self.desk.all_tabs() if t.path is not None and t.path.resolve() == old_path.resolve()), None)
        if tab is not None and tab.is_modified() and not self.desk.save_tab(tab):
            return None  # its unsaved changes go with it, or the rename waits
        try:
            new_rel = self.project.rename(rel, name)
        except ProjectError as exc:
            QMessageBox.warning(self.frame, self.tr("Rename chapter"), str(exc))
            return None
        if tab is not None:
            self.desk.moved(tab, self.project.path_of(new_rel))
        self.name_tabs()
        self.refresh_counts(select=new_rel)
        return new_rel

    def move_chapter(self, rel: str, step: int) -> bool:
        if self.project is None:
            return False
        try:
            moved = self.project.move(rel, step)
        except ProjectError as exc:
            self.say(str(exc), 6000)
            return False
        self.refresh_counts(select=rel)
        return moved

    def _move_selected(self, step: int) -> None:
        if self.panel.selected():
            self.move_chapter(self.panel.selected(), step)

    # -- counts and goals ---------------------------------------------------------------------

    def chapter_words(self) -> list[tuple[str, int]]:
        """(place, words) of each chapter in order: the open tab's live count, else the file's."""
        if self.project is None:
            return []
        open_counts = {t.path.resolve(): t.counts.words for t in self.desk.all_tabs() if t.path is not None}
        out = []
        for rel in self.project.order:
            path = self.project.path_of(rel)
            words = open_counts.get(path.resolve())
            if words is None:
                try:
                    mtime = path.stat().st_mtime
                except OSError:
                    mtime = -1.0
                cached = self._disk_words.get(rel)
                if cached is None or cached[0] != mtime:
                    cached = self._disk_words[rel] = (mtime, self.project.words_on_disk(rel))
                words = cached[1]
            out.append((rel, words))
        return out

    def refresh_counts(self, select: str | None = None) -> None:
        session_goal = self.prefs.current.session_goal
        written = self.desk.words_written()
        session = (f"Session: {written:,} / {session_goal:,} words ({min(1, written / session_goal):.0%})"
                   if session_goal else "")
        project = ""
        if self.project is not None:
            if select is not None:
                self.project.refresh()
            chapters = self.chapter_words()
            total = sum(w for _, w in chapters)
            if self.panel.isVisible() or select is not None:
                self.panel.show_chapters(self.project.name, chapters, total, self.project.goal_words, select)
            goal = self.project.goal_words
            project = f"{self.project.name}: {total:,}" + (f" / {goal:,} words ({min(1, total / goal):.0%})" if goal else " words")
        self.show_goal(session, project)

    def goals_dialog(self) -> bool:
        dlg = QDialog(self.frame)
        dlg.setWindowTitle(self.tr("Word goals"))
        session = QSpinBox()
        session.setRange(*RANGES["session_goal"])
        session.setSingleStep(100)
        session.setSpecialValueText(self.tr("none"))
        session.setValue(self.prefs.current.session_goal)
        session.setAccessibleName(self.tr("Words to write this session"))
        project = QSpinBox()
        project.setRange(0, 10_000_000)
        project.setSingleStep(1000)
        project.setSpecialValueText(self.tr("none"))
        project.setEnabled(self.project is not None)
        project.setValue(self.project.goal_words if self.project else 0)
        project.setAccessibleName(self.tr("Words for the whole project"))
        form = QFormLayout(dlg)
        form.addRow("&This session", session)
        form.addRow("The whole &project", project)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dlg.accept)
        buttons.rejected.connect(dlg.reject)
        form.addRow(buttons)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        if not dlg.exec():
            return False
        self.set_goals(session.value(), project.value())
        return True

    def set_goals(self, session: int, project: int) -> None:
        self.prefs.update(session_goal=int(session))
        if self.project is not None:
            self.project.goal_words = max(0, int(project))
            try:
                self.project.save()
            except ProjectError as exc:
                self.say(str(exc), 6000)
        self.refresh_counts()
