"""The writer's desk: the open documents (one tab each), new, open, save, recent files, questions
before losing unsaved changes, files changed on disk, autosave and the recovery offer. The work
itself is in creagen_desktop.documents; the desk asks the writer and calls it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTabWidget, QWidget

from creagen_desktop.documents.authorship import AuthorshipMarks, qt_length
from creagen_desktop.documents.counts import count_words
from creagen_desktop.documents.files import DocumentError, read_document
from creagen_desktop.documents.recovery import (
    RecoveredDocument,
    RecoveryStore,
    diff_against_saved,
)
from creagen_desktop.ui.dialogs.recovery import RecoveryDialog
from creagen_desktop.ui.editor.document_tab import DocumentTab
from creagen_desktop.ui.menus import RECENT_SLOTS, Menus
from creagen_desktop.ui.settings import LivePreferences

FILE_FILTER = "Text and Markdown (*.txt *.md);;All files (*)"
RECENT_KEY = "files/recent"
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
        self.recovery_dialog: RecoveryDialog | None = None
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(prefs.current.autosave_s * 1000)
        self.autosave_timer.timeout.connect(self.autosave_now)
        prefs.changed.connect(lambda new, _old: self.autosave_timer.setInterval(new.autosave_s * 1000))
        tabs.tabCloseRequested.connect(self.close_tab)
        for name, handler in (("file.new", self.new_file), ("file.open", self.open_file_dialog),
                              ("file.save", self.save), ("file.save_as", lambda: self.save_as_dialog()),
                              ("file.reload", self.reload_current),
                              ("file.close", lambda: self.close_tab(self.tabs.currentIndex()))):
            menus.bind(name, handler)
        self.recent_menu = menus.submenu("file.recent")
        self.recent_actions: list[QAction] = []
        for i in range(RECENT_SLOTS):  # fixed actions, so their Alt+N shortcuts work without opening the menu
            self.recent_actions.append(menus.bind(f"file.recent.{i + 1}", lambda _=False, i=i: self.open_recent(i)))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._fill_recent_menu()

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
        self.tabs.setCurrentIndex(self.tabs.addTab(tab, tab.title))
        ed.setFocus()
        # A document loaded before its tab had a size is scrolled as if the view were one line high;
        # once laid out, put the cursor (at the end) mid-view with the text above it in sight.
        QTimer.singleShot(0, ed, ed.centerCursor)
        return tab

    def words_written(self) -> int:
        """Words written this session: in the open tabs since they were opened, and in those closed."""
        return self.closed_words + sum(max(0, count_words(t.text()) - t.baseline_words) for t in self.all_tabs())

    # -- titles and recent files --------------------------------------------------------------

    def update_titles(self) -> None:
        """The window's title and each tab's text: the document's name, and whether it has unsaved changes."""
        tab = self.current_tab()
        if tab is None:
            return
        self.frame.setWindowTitle(f"{tab.title}[*] — Creagen")
        self.frame.setWindowModified(tab.is_modified())
        for t in self.all_tabs():
            i = self.tabs.indexOf(t)
            self.tabs.setTabText(i, t.title + (" •" if t.is_modified() else ""))
            self.tabs.setTabToolTip(i, str(t.path) if t.path else "Not saved yet")

    def recent_files(self) -> list[str]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings gives a lone string back for a one-item list
            value = [value]
        return [str(v) for v in (value or [])][:RECENT_SLOTS]

    def _remember(self, path: Path) -> None:
        entry = str(Path(path).resolve())
        recent = [entry] + [p for p in self.recent_files() if p != entry]
        self.settings.setValue(RECENT_KEY, recent[:RECENT_SLOTS])

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for i, act in enumerate(self.recent_actions):
            act.setEnabled(i < len(recent))
            if i < len(recent):
                act.setText(f"&{i + 1} {Path(recent[i]).name}")
                act.setToolTip(recent[i])
                self.recent_menu.addAction(act)
        if not recent:
            first = self.recent_actions[0].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            empty = self.recent_menu.addAction(f"(no recent files)\t{first}…{len(self.recent_actions)}")
            empty.setEnabled(False)

    def open_recent(self, index: int) -> bool:
        recent = self.recent_files()
        return index < len(recent) and self.open_path(Path(recent[index]))

    # -- asking -------------------------------------------------------------------------------

    def confirm_discard(self, tab: DocumentTab | None = None) -> bool:
        """Ask before losing unsaved changes; True when it is fine to go on."""
        tab = tab or self.current_tab()
        if not tab.is_modified():
            return True
        answer = QMessageBox.question(self.frame, "Unsaved changes", f"Save the changes to {tab.title} first?",
                                      _B.Save | _B.Discard | _B.Cancel, _B.Save)
        if answer == _B.Save:
            return self.save_tab(tab)
        return answer == _B.Discard

    def confirm_overwrite(self, tab: DocumentTab) -> bool:
        answer = QMessageBox.question(
            self.frame, "Changed on disk",
            f"{tab.path} was changed by another program since Creagen opened or saved it.\n\n"
            "Save anyway and replace that version with the text here? (Cancel keeps both as they are; "
            "you can then Save As under another name, or Reload from Disk.)",
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
                self._remember(path)
                return True
        tab = DocumentTab()
        try:
            note = tab.load(path)
        except DocumentError as exc:
            tab.deleteLater()
            QMessageBox.warning(self.frame, "Cannot open", str(exc))
            return False
        self._show_instead_of_pristine(tab)
        self._remember(path)
        self.say(note or f"Opened {path}", 6000 if note else 3000)
        return True

    def close_tab(self, index: int) -> bool:
        tab = self.tabs.widget(index)
        if tab is None:
            return False
        self.tabs.setCurrentIndex(index)
        if not self.confirm_discard(tab):
            return False
        self._forget_recovery(tab)
        self.closed_words += max(0, count_words(tab.text()) - tab.baseline_words)
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
        self.tabs.removeTab(self.tabs.indexOf(tab))
        tab.deleteLater()

    def reload_current(self) -> bool:
        tab = self.current_tab()
        if tab.path is None:
            return False
        if tab.is_modified():
            answer = QMessageBox.question(self.frame, "Reload", f"Throw away your changes to {tab.title} and "
                                          "load the version on disk?", _B.Discard | _B.Cancel, _B.Cancel)
            if answer != _B.Discard:
                return False
        return self._reload(tab)

    def _reload(self, tab: DocumentTab) -> bool:
        try:
            tab.load(tab.path)
        except DocumentError as exc:
            QMessageBox.warning(self.frame, "Cannot reload", str(exc))
            return False
        self._forget_recovery(tab)
        self.update_titles()
        return True

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
        try:
            note = tab.save(path)
        except DocumentError as exc:
            QMessageBox.warning(self.frame, "Cannot save", str(exc))
            return False
        self._forget_recovery(tab)
        self._remember(path)
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
                self.say(f"{tab.title} was deleted or moved on disk; Save writes it again.", 8000)
            elif not tab.is_modified():
                if self._reload(tab):
                    self.say(f"{tab.title} was changed on disk and has been reloaded.", 8000)
            else:
                self.say(f"{tab.title} was changed on disk; saving will ask before replacing it.", 8000)

    # -- autosave and recovery ----------------------------------------------------------------

    def autosave_now(self) -> int:
        """Copy every document with unsaved changes to the recovery folder; returns how many were written."""
        written = 0
        if self.closing:
            return 0  # a clean exit removes the copies; the focus change it causes must not write them back
        for tab in self.all_tabs():
            if not tab.is_modified():
                if tab.autosaved_revision != -1:
                    self._forget_recovery(tab)  # back to the saved text (undo): nothing to recover
                continue
            if tab.revision == tab.autosaved_revision:
                continue
            try:
                marks = [[m.start, m.end, m.feature] for m in tab.editor.marks.spans]
                self.recovery.save(tab.doc_id, tab.text(), tab.path, tab.title, tab.fmt, marks)
            except OSError as exc:
                self.say(f"Autosave failed ({exc.strerror or exc}); keep saving by hand.", 10000)
                continue
            tab.autosaved_revision = tab.revision
            written += 1
        return written

    def _forget_recovery(self, tab: DocumentTab) -> None:
        tab.autosaved_revision = -1
        try:
            self.recovery.discard(tab.doc_id)
        except OSError:
            pass  # a stale copy is offered once more at worst

    def offer_recovery(self) -> None:
        docs = self.recovery.list()
        if not docs:
            return
        dlg = RecoveryDialog(docs, diff_against_saved, self.restore_recovered, self._discard_recovered, self.frame)
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
        tab = DocumentTab()
        tab.set_text(doc.text, doc.path, doc.fmt, stamp)
        try:
            tab.editor.reset_marks(AuthorshipMarks.from_spans(doc.marks, qt_length(doc.text)))
        except (ValueError, TypeError):
            pass  # marks that do not fit the text are dropped; the text is what matters
        tab.doc_id = doc.doc_id  # this session now owns the copy in the recovery folder
        tab.editor.document().setModified(True)
        self._show_instead_of_pristine(tab)
        self.autosave_now()
        self.update_titles()
        return tab

    # -- starting and closing -----------------------------------------------------------------

    def start(self) -> None:
        """Once the window is built: tidy the recovery folder, autosave from now on, and offer what a crash left."""
        self.recovery.clean_temps()
        self.autosave_timer.start()
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
        for tab in self.all_tabs():
            self._forget_recovery(tab)
        self.autosave_timer.stop()
        for tab in self.all_tabs():
            tab.editor.pause.stop()
