"""The writer's desk: the open documents (one tab each), new, open, save, recent files, questions
before losing unsaved changes, files changed on disk, autosave and the recovery offer. The work
itself is in creagen_desktop.documents; the desk asks the writer and calls it.
Autosave is its own room (ui/autosave.py), handed the tabs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabBar, QTabWidget, QWidget

from creagen_desktop.documents.authorship import AuthorshipMarks, qt_length
from creagen_desktop.documents.backups import Backups
from creagen_desktop.documents.files import DocumentError, ReadOnlyError, read_document
from creagen_desktop.documents.locks import DocumentLocks
from creagen_desktop.documents.recovery import (
    RecoveredDocument,
    RecoveryStore,
    diff_against_saved,
)
from creagen_desktop.paths import backups_dir, locks_dir
from creagen_desktop.ui.autosave import Autosave
from creagen_desktop.ui.dialogs.recovery import RecoveryDialog
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.i18n import arg
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.recent_files import RecentFiles
from creagen_desktop.ui.settings import LivePreferences

FILE_FILTER = "Text and Markdown (*.txt *.md);;All files (*)"
_B = QMessageBox.StandardButton


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


class Desk(QObject):
    """Handed the window (the parent of its questions, whose title names the document), its tab
    widget, the settings (recent files), the recovery store, the preferences (autosave interval),
    `wire_tab` (how the window connects a new tab's editor to the other rooms) and `say` (a
    status-bar message)."""

    def __init__(self, frame: QWidget, menus: Menus, tabs: QTabWidget, settings: QSettings,
                 recovery: RecoveryStore, prefs: LivePreferences, wire_tab: Callable[[DocumentTab], None],
                 say: Callable[[str, int], None]):
        super().__init__(frame)
        self.frame = frame
        self.tabs = tabs
        self.settings = settings
        self.recovery = recovery
        self.wire_tab = wire_tab
        self.say = say
        self.closing = False  # set by shut(): a clean exit
        self.closed_words = 0  # words written in tabs closed this session
        self.closed_model_words = 0  # the model's words among them
        self.recovery_dialog: RecoveryDialog | None = None
        self.prefs = prefs
        self.autosave = Autosave(self.all_tabs, recovery, prefs, say, self)
        self.locks = DocumentLocks(locks_dir())
        tabs.tabCloseRequested.connect(self.close_tab)
        for name, handler in (("file.new", self.new_file), ("file.open", self.open_file_dialog),
                              ("file.save", self.save), ("file.save_as", lambda: self.save_as_dialog()),
                              ("file.reload", self.reload_current),
                              ("file.close", lambda: self.close_tab(self.tabs.currentIndex()))):
            menus.bind(name, handler)
        self.recent = RecentFiles(menus, settings, self.open_path, self)

    # -- the documents ------------------------------------------------------------------------

    def current_tab(self) -> DocumentTab | None:
        return self.tabs.currentWidget()

    def all_tabs(self) -> list[DocumentTab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def new_tab(self, tab: DocumentTab | None = None) -> DocumentTab:
        """Add a tab (a fresh Untitled one by default), wire its editor and show it."""
        tab = tab or DocumentTab()
        self.wire_tab(tab)
        ed = tab.editor
        ed.document().modificationChanged.connect(lambda _: self.update_titles())
        self.autosave.watch(tab)
        self.tabs.setCurrentIndex(self.tabs.addTab(tab, tab.title))
        ed.setFocus()
        # A document loaded before its tab had a size is scrolled as if the view were one line high;
        # once laid out, put the cursor (at the end) mid-view with the text above it in sight.
        QTimer.singleShot(0, ed, ed.centerCursor)
        return tab

    def words_written(self) -> int:
        """Words written this session: in the open tabs since they were opened, and in those closed."""
        return self.closed_words + sum(max(0, t.counts.words - t.baseline_words) for t in self.all_tabs())

    def model_words_written(self) -> int:
        """The model's words among them, read from the marks on the text (so an undone accept no
        longer counts, and a redone one counts again)."""
        return self.closed_model_words + sum(max(0, t.model_words() - t.baseline_model_words)
                                             for t in self.all_tabs())

    # -- titles -------------------------------------------------------------------------------

    def update_titles(self) -> None:
        """The window's title and each tab's text: the document's name, and whether it has unsaved changes."""
        tab = self.current_tab()
        if tab is None:
            return
        self.frame.setWindowTitle(arg(self.tr("%1[*] — Creagen"), tab.title))
        self.frame.setWindowModified(tab.is_modified())
        for t in self.all_tabs():
            i = self.tabs.indexOf(t)
            self.tabs.setTabText(i, t.title + (" •" if t.is_modified() else ""))
            self.tabs.setTabToolTip(i, str(t.path) if t.path else "Not saved yet")
            close = self.tabs.tabBar().tabButton(i, QTabBar.ButtonPosition.RightSide)
            if close is not None:
                close.setAccessibleName(arg(self.tr("Close %1"), t.title))

    # -- asking -------------------------------------------------------------------------------

    def confirm_discard(self, tab: DocumentTab | None = None) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        tab = tab or self.current_tab()
        if not tab.is_modified():
            return True
        answer = QMessageBox.question(self.frame, self.tr("Unsaved changes"), arg(self.tr("Save the changes to %1 first?"), tab.title),
                                      _B.Save | _B.Discard | _B.Cancel, _B.Save)
        if answer == _B.Save:
            return self.save_tab(tab)
        return answer == _B.Discard

    def confirm_read_only(self, exc: ReadOnlyError) -> bool:
        answer = QMessageBox.question(self.frame, self.tr("Read-only file"), arg(self.tr("%1\n\nOverwrite it anyway?"), exc),
                                      _B.Save | _B.Cancel, _B.Cancel)
        return answer == _B.Save

    def _hold(self, tab: DocumentTab, path: Path) -> None:
        """Take the document's lock (giving back any the tab held for another file); warn when
        another Creagen window has it open too."""
        if tab.path is not None and not _same_file(tab.path, path):
            self.locks.release(tab.path)
        holder = self.locks.acquire(path)
        if holder is not None:
            QMessageBox.warning(self.frame, self.tr("Open in another window"),
                                arg(self.tr("%1 is also open in another Creagen window (process %2).\n\nIf you change it in both, whichever saves last replaces the other's changes."), path.name, holder.pid))

    def confirm_overwrite(self, tab: DocumentTab) -> bool:
        answer = QMessageBox.question(
            self.frame, self.tr("Changed on disk"),
            arg(self.tr("%1 was changed by another program since Creagen opened or saved it.\n\nSave anyway and replace that version with the text here? (Cancel keeps both as they are; you can then Save As under another name, or Reload from Disk.)"), tab.path),
            _B.Save | _B.Cancel, _B.Cancel)
        return answer == _B.Save

    # -- new, open, close ---------------------------------------------------------------------

    def new_file(self) -> bool:
        self.new_tab()
        return True

    def _start_dir(self) -> str:
        path = self.current_tab().path
        return str(path.parent if path else Path.home())

    def open_file_dialog(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(self.frame, "Open", self._start_dir(), FILE_FILTER)
        return self.open_path(Path(name)) if name else False

    def open_path(self, path: Path) -> bool:
        """Open a file in a tab (or show it if it is open already); a refusal is explained, and no
        open document is touched."""
        path = Path(path)
        for tab in self.all_tabs():
            if tab.path is not None and _same_file(tab.path, path):
                self.tabs.setCurrentWidget(tab)
                self.recent.remember(path)
                return True
        tab = DocumentTab()
        try:
            note = tab.load(path)
        except DocumentError as exc:
            tab.deleteLater()
            QMessageBox.warning(self.frame, self.tr("Cannot open"), str(exc))
            return False
        self._show_instead_of_pristine(tab)
        self._hold(tab, path)
        self.recent.remember(path)
        self.say(note or f"Opened {path}", 6000 if note else 3000)
        return True

    def close_tab(self, index: int) -> bool:
        tab = self.tabs.widget(index)
        if tab is None:
            return False
        self.tabs.setCurrentIndex(index)
        if not self.confirm_discard(tab):
            return False
        self.autosave.forget(tab)
        self.closed_words += max(0, tab.counts.words - tab.baseline_words)
        self.closed_model_words += max(0, tab.model_words() - tab.baseline_model_words)
        self._remove_tab(tab)
        if self.tabs.count() == 0:
            self.new_tab()
        return True

    def _show_instead_of_pristine(self, tab: DocumentTab) -> None:
        """Show a tab just filled; an untouched empty Untitled tab in view makes way for it."""
        current = self.current_tab()
        self.new_tab(tab)
        if current is not None and current.is_pristine():
            self._remove_tab(current)

    def _remove_tab(self, tab: DocumentTab) -> None:
        tab.editor.pause.stop()
        if tab.path is not None:
            self.locks.release(tab.path)
        self.tabs.removeTab(self.tabs.indexOf(tab))
        tab.deleteLater()

    def reload_current(self) -> bool:
        tab = self.current_tab()
        if tab.path is None:
            return False
        if tab.is_modified():
            answer = QMessageBox.question(self.frame, self.tr("Reload"), arg(self.tr("Throw away your changes to %1 and load the version on disk?"), tab.title), _B.Discard | _B.Cancel, _B.Cancel)
            if answer != _B.Discard:
                return False
        return self._reload(tab)

    def _reload(self, tab: DocumentTab) -> bool:
        try:
            tab.load(tab.path)
        except DocumentError as exc:
            QMessageBox.warning(self.frame, self.tr("Cannot reload"), str(exc))
            return False
        self.autosave.forget(tab)
        self.update_titles()
        return True

    def moved(self, tab: DocumentTab, path: Path) -> None:
        """The tab's file was renamed (a chapter): it now lives at `path`."""
        if tab.path is not None:
            self.locks.release(tab.path)
        tab.path = Path(path)
        try:
            tab.stamp = read_document(tab.path)[2]
        except DocumentError:
            tab.stamp = None  # saving writes it afresh
        self.locks.acquire(tab.path)
        self.recent.remember(tab.path)
        self.update_titles()

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> bool:
        return self.save_tab(self.current_tab())

    def save_to(self, path: Path) -> bool:
        return self.save_tab(self.current_tab(), Path(path))

    def save_as_dialog(self, tab: DocumentTab | None = None) -> bool:
        tab = tab or self.current_tab()
        start = str(tab.path or Path(self._start_dir()) / "Untitled.txt")
        dlg = QFileDialog(self.frame, "Save As", start, FILE_FILTER)
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setDefaultSuffix("txt")  # "chapter one" is saved as "chapter one.txt"
        if not dlg.exec() or not dlg.selectedFiles():
            return False
        return self.save_tab(tab, Path(dlg.selectedFiles()[0]))

    def save_tab(self, tab: DocumentTab, path: Path | None = None) -> bool:
        if path is None:
            if tab.path is None:
                return self.save_as_dialog(tab)
            path = tab.path
        path = Path(path)
        same = tab.path is not None and _same_file(tab.path, path)
        if same and tab.changed_on_disk() and not self.confirm_overwrite(tab):
            return False
        backups = Backups(backups_dir(), self.prefs.current.backups)
        try:
            try:
                note = tab.save(path, backups=backups)
            except ReadOnlyError as exc:
                if not self.confirm_read_only(exc):
                    return False
                note = tab.save(path, allow_read_only=True, backups=backups)
        except DocumentError as exc:
            QMessageBox.warning(self.frame, self.tr("Cannot save"), str(exc))
            return False
        if not same:
            self._hold(tab, path)
        self.autosave.forget(tab)
        self.recent.remember(path)
        self.update_titles()
        self.say(note or f"Saved {path}", 8000 if note else 3000)
        return True

    # -- files changed elsewhere --------------------------------------------------------------

    def check_disk_changes(self) -> None:
        """When the window comes back: reload untouched documents changed elsewhere, warn about the rest."""
        for tab in self.all_tabs():
            if not tab.changed_on_disk():
                continue
            if not tab.path.exists():
                self.say(arg(self.tr("%1 was deleted or moved on disk; Save writes it again."), tab.title), 8000)
            elif not tab.is_modified():
                if self._reload(tab):
                    self.say(arg(self.tr("%1 was changed on disk and has been reloaded."), tab.title), 8000)
            else:
                self.say(arg(self.tr("%1 was changed on disk; saving will ask before replacing it."), tab.title), 8000)

    # -- autosave and recovery ----------------------------------------------------------------

    def offer_recovery(self) -> None:
        docs, damaged = self.recovery.scan()
        if not docs and not damaged:
            return
        dlg = RecoveryDialog(docs, diff_against_saved, self.restore_recovered, self._discard_recovered, self.frame,
                             damaged=damaged, folder=str(self.recovery.folder),
                             delete_damaged=lambda: self.recovery.delete_damaged([n for n, _ in damaged]))
        self.recovery_dialog = dlg
        dlg.exec()

    def _discard_recovered(self, doc: RecoveredDocument) -> None:
        self.recovery.discard(doc.doc_id)

    def restore_recovered(self, doc: RecoveredDocument) -> DocumentTab:
        """Open a recovered text as an unsaved document belonging to its original file."""
        stamp = None
        if doc.path is not None:
            try:
                stamp = read_document(doc.path)[2]
            except DocumentError:
                stamp = None  # gone or unreadable: saving writes it afresh
        try:
            spans = AuthorshipMarks.from_spans(doc.marks, qt_length(doc.text)).spans
        except (ValueError, TypeError):
            spans = []  # marks that do not fit the text are dropped; the text is what matters
        tab = DocumentTab()
        tab.set_text(doc.text, doc.path, doc.fmt, stamp, spans=spans)
        tab.doc_id = doc.doc_id  # this session now owns the copy in the recovery folder
        tab.editor.document().setModified(True)
        self._show_instead_of_pristine(tab)
        self.autosave.now()
        self.update_titles()
        return tab

    # -- starting and closing -----------------------------------------------------------------

    def start(self) -> None:
        """Once the window is built: tidy the recovery folder and offer what a crash left."""
        self.recovery.clean_temps()
        QTimer.singleShot(0, self.offer_recovery)  # after the window shows, so the offer has a parent

    def open_or_name(self, path: Path) -> None:
        """Open `path`; if there is no such file, like other editors, a new document to be saved under that name."""
        path = Path(path)
        if path.exists():
            self.open_path(path)
        else:
            self.current_tab().path = path
            self.update_titles()

    def may_close(self) -> bool:
        """Ask about each document with unsaved changes; False if the writer wants to stay."""
        for tab in self.all_tabs():
            if tab.is_modified():
                self.tabs.setCurrentWidget(tab)
                if not self.confirm_discard(tab):
                    return False
        return True

    def shut(self) -> None:
        """A clean exit: nothing to recover next time, and no timer fires after it."""
        self.closing = True
        self.autosave.stop()  # a copy on its way is written (or not) before the copies are removed
        for tab in self.all_tabs():
            self.autosave.forget(tab)
            if tab.path is not None:
                self.locks.release(tab.path)
        for tab in self.all_tabs():
            tab.editor.pause.stop()
