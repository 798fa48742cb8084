"""Knowing when another Creagen window has the same document open (a lock file per document).

Editing one file in two windows loses the changes of whichever saves first, so opening a document
another window holds gives a warning. Locks live in the data folder (locks/), one small JSON file
per document (named by a hash of its real path) naming the process and boot that hold it; a lock
whose process has ended, or from before a reboot, is stale and is taken over.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.documents.files import atomic_write
from creagen_desktop.processes import boot_id, process_alive


@dataclass(frozen=True)
class Holder:
    pid: int
    path: str


class DocumentLocks:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _lock_file(self, document: Path) -> Path:
        real = os.path.realpath(document)
        return self.folder / (hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:24] + ".lock")

    def holder(self, document: Path) -> Holder | None:
        """Another live process that holds `document`, or None."""
        try:
            info = json.loads(self._lock_file(document).read_text(encoding="utf-8"))
            pid, boot = info["pid"], info.get("boot", "")
            if not isinstance(pid, int) or isinstance(pid, bool) or not isinstance(boot, str):
                return None
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            return None  # no lock, or a damaged one: nobody holds the document
        if pid == os.getpid() or not process_alive(pid, boot):
            return None
        return Holder(pid, str(info.get("path", "")))

    def acquire(self, document: Path) -> Holder | None:
        """Take the lock for this process; returns the other live holder if there is one (the lock is
        then shared: both windows warn, neither blocks the writer)."""
        other = self.holder(document)
        if other is None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                atomic_write(self._lock_file(document), json.dumps(
                    {"pid": os.getpid(), "boot": boot_id(), "path": os.path.realpath(document)}).encode("utf-8"))
            except OSError:
                pass  # a lock is a courtesy: failing to write one must not stop the writer
        return other

    def release(self, document: Path) -> None:
        """Give the lock back if this process holds it."""
        lock = self._lock_file(document)
        try:
            if json.loads(lock.read_text(encoding="utf-8")).get("pid") == os.getpid():
                lock.unlink()
        except (OSError, ValueError, AttributeError, RecursionError):
            pass
