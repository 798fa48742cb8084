"""Autosave: copies of unsaved work in the recovery folder, written off the GUI thread.

An edit reaches the recovery folder at most `autosave_s` after it is made, even while the typing
goes on, or at once after AUTOSAVE_CHARS characters, as Vim's swap file does. Copies wait in one queue (the newest copy of each document replaces an older one) and a JobThread
writes whatever is queued when it runs, so a replaced job loses nothing. Forgetting a document (it
was saved, closed, or undone back to its saved text) wins over a copy already on its way: the write
and the removal take the same lock, and a copy is written only while its document still wants one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from creagen_desktop.documents.files import TextFormat
from creagen_desktop.documents.recovery import RecoveryStore
from creagen_desktop.ui.settings import AUTOSAVE_CHARS, LivePreferences
from creagen_desktop.ui.workers import JobThread


@dataclass(frozen=True)
class Snapshot:
    doc_id: str
    revision: int
    text: str
    path: Path | None
    title: str
    fmt: TextFormat
    marks: list


class RecoveryCopies(QObject):
    copy_failed = Signal(str)  # why a copy could not be written

    def __init__(self, store: RecoveryStore, parent=None):
        super().__init__(parent)
        self.store = store
        self._lock = Lock()
        self._queued: dict[str, Snapshot] = {}
        self._wanted: dict[str, int] = {}  # doc_id -> the revision a copy is wanted of
        self.jobs = JobThread(lambda: store, self)
        self.jobs.fresh_failed.connect(self.copy_failed.emit)

    def write_later(self, snap: Snapshot) -> None:
        with self._lock:
            self._queued[snap.doc_id] = snap
            self._wanted[snap.doc_id] = snap.revision
        self.jobs.submit(lambda _store: self._flush())

    def write_now(self, snap: Snapshot) -> None:
        """Write on this thread (raises OSError)."""
        with self._lock:
            self._queued.pop(snap.doc_id, None)
            self._wanted[snap.doc_id] = snap.revision
            self._write(snap)

    def forget(self, doc_id: str) -> None:
        """No copy of this document any more: the queued one is dropped, the written one removed."""
        with self._lock:
            self._queued.pop(doc_id, None)
            self._wanted.pop(doc_id, None)
            self.store.discard(doc_id)

    def _flush(self) -> int:
        written = 0
        while True:
            with self._lock:
                if not self._queued:
                    return written
                _, snap = self._queued.popitem()
                if self._wanted.get(snap.doc_id) == snap.revision:
                    self._write(snap)  # under the lock: a forget() cannot slip in between
                    written += 1

    def _write(self, snap: Snapshot) -> None:
        self.store.save(snap.doc_id, snap.text, snap.path, snap.title, snap.fmt, snap.marks)

    def idle(self) -> bool:
        return self.jobs.idle()

    def stop(self) -> None:
        self.jobs.stop()


class Autosave(QObject):
    """Handed the open tabs (a callable), the recovery store, the preferences and `say`."""

    def __init__(self, tabs: Callable[[], list], recovery: RecoveryStore, prefs: LivePreferences,
                 say: Callable[[str, int], None], parent=None):
        super().__init__(parent)
        self.tabs, self.say = tabs, say
        self.closing = False
        self.timer = QTimer(self)  # started by the first edit not yet copied
        self.timer.setSingleShot(True)
        self.timer.setInterval(prefs.current.autosave_s * 1000)
        self.timer.timeout.connect(self.soon)
        prefs.changed.connect(lambda new, _old: self.timer.setInterval(new.autosave_s * 1000))
        self.copies = RecoveryCopies(recovery, self)
        self.copies.copy_failed.connect(lambda msg: say(f"Autosave failed ({msg}); keep saving by hand.", 10000))

    def watch(self, tab) -> None:
        tab.editor.document().contentsChange.connect(lambda _pos, removed, added: self.edited(tab, max(removed, added)))

    def edited(self, tab, chars: int) -> None:
        tab.uncopied_chars += chars
        if tab.uncopied_chars >= AUTOSAVE_CHARS:
            self.soon()
        elif not self.timer.isActive():
            self.timer.start()

    def _changed_tabs(self) -> list:
        """Tabs whose edits are not in the recovery folder yet; tabs back to their saved text lose their copy."""
        changed = []
        for tab in self.tabs():
            if not tab.is_modified():
                if tab.autosaved_revision != -1:
                    self.forget(tab)  # back to the saved text (undo): nothing to recover
            elif tab.revision != tab.autosaved_revision:
                changed.append(tab)
        return changed

    @staticmethod
    def _snapshot(tab) -> Snapshot:
        tab.autosaved_revision, tab.uncopied_chars = tab.revision, 0
        marks = [[m.start, m.end, m.feature] for m in tab.authorship().spans]
        return Snapshot(tab.doc_id, tab.revision, tab.text(), tab.path, tab.recovery_title(), tab.fmt, marks)

    def soon(self) -> int:
        """Copy the edited documents on the worker thread (the typing path); returns how many."""
        self.timer.stop()
        if self.closing:
            return 0
        tabs = self._changed_tabs()
        for tab in tabs:
            self.copies.write_later(self._snapshot(tab))
        return len(tabs)

    def now(self) -> int:
        """Copy every document with unsaved changes before returning (focus lost, a restore);
        returns how many were written."""
        if self.closing:
            return 0  # a clean exit removes the copies; the focus change it causes must not write them back
        written = 0
        for tab in self._changed_tabs():
            try:
                self.copies.write_now(self._snapshot(tab))
            except OSError as exc:
                tab.autosaved_revision = -2  # not copied: try again next time
                self.say(f"Autosave failed ({exc.strerror or exc}); keep saving by hand.", 10000)
                continue
            written += 1
        return written

    def forget(self, tab) -> None:
        """The tab's text is safe (saved, closed, back to the saved version): no copy of it."""
        tab.autosaved_revision = -1
        tab.uncopied_chars = 0
        try:
            self.copies.forget(tab.doc_id)
        except OSError:
            pass  # a stale copy is offered once more at worst

    def stop(self) -> None:
        """A clean exit: no timer fires after this, and a copy on its way is written first."""
        self.closing = True
        self.timer.stop()
        self.copies.stop()
