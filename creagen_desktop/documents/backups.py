"""Backups of the previous version of a document, kept in the data folder (not beside the writer's
files), as novelWriter keeps them: a safety net against a save the writer regrets.

Before a save replaces a file, its current version is copied to backups/<name>-<path hash>/, at
most once every `min_interval_s` (a writer who saves every minute keeps versions some minutes apart,
not five copies of the last few seconds), and only the `keep` newest copies stay.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from creagen_desktop.documents.files import atomic_write

DEFAULT_KEEP = 5
DEFAULT_INTERVAL_S = 600.0


class Backups:
    def __init__(self, folder: Path, keep: int = DEFAULT_KEEP, min_interval_s: float = DEFAULT_INTERVAL_S):
        self.folder = Path(folder)
        self.keep = max(0, int(keep))
        self.min_interval_s = min_interval_s

    def folder_for(self, document: Path) -> Path:
        real = Path(os.path.realpath(document))
        tag = hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:10]
        return self.folder / f"{real.name}-{tag}"

    def copies(self, document: Path) -> list[Path]:
        """The kept versions of `document`, newest first (by their sequence number, not the clock)."""
        folder = self.folder_for(document)
        if not folder.is_dir():
            return []
        return sorted((p for p in folder.iterdir() if p.is_file() and _sequence(p) >= 0), key=_sequence, reverse=True)

    def keep_copy(self, document: Path) -> Path | None:
        """Copy the file's current version, unless a recent copy exists; prune old ones. Raises OSError."""
        if self.keep == 0 or not Path(document).is_file():
            return None
        existing = self.copies(document)
        if existing and time.time() - existing[0].stat().st_mtime < self.min_interval_s:
            return None
        folder = self.folder_for(document)
        folder.mkdir(parents=True, exist_ok=True)
        seq = 1 + max((_sequence(p) for p in existing), default=0)
        target = folder / f"{seq:05d}-{time.strftime('%Y%m%d-%H%M%S')}-{Path(document).name}"
        with open(document, "rb") as f:
            atomic_write(target, f.read())
        for old in self.copies(document)[self.keep:]:
            try:
                old.unlink()
            except OSError:
                pass
        return target

    def remove_all(self, document: Path) -> None:
        shutil.rmtree(self.folder_for(document), ignore_errors=True)


def _sequence(copy: Path) -> int:
    """The number a copy's name starts with (-1 for a file that is not a copy)."""
    head = copy.name.split("-", 1)[0]
    return int(head) if head.isdigit() else -1
