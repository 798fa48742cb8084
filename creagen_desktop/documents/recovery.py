"""The recovery folder: autosaved copies of unsaved documents, offered again after a crash.

Each open document with changes has `<id>.txt` (its text) and `<id>.json` (where it belongs and
which process wrote it). A clean close removes them; a crash leaves them for the next start. Entries
whose process is still running belong to another open Creagen window and are not offered.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

from creagen_desktop.documents.files import (
    DocumentError,
    TextFormat,
    atomic_write,
    clean_stale_temps,
    read_document,
)
from creagen_desktop.processes import boot_id, process_alive

DIFF_LIMIT_CHARS = 1_000_000  # beyond this difflib gets slow; the dialog shows sizes instead


@dataclass
class RecoveredDocument:
    doc_id: str
    text: str
    path: Path | None  # the file it was opened from or saved to, if any
    title: str
    saved_at: float
    fmt: TextFormat
    pid: int
    marks: list = None  # authorship spans [start, end, feature], so model text stays marked

    def __post_init__(self):
        self.marks = list(self.marks or [])


class RecoveryStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _paths(self, doc_id: str) -> tuple[Path, Path]:
        return self.folder / f"{doc_id}.txt", self.folder / f"{doc_id}.json"

    def save(self, doc_id: str, text: str, path: Path | None, title: str, fmt: TextFormat,
             marks: list | None = None) -> None:
        """Write (or overwrite) the copy of one document. Raises OSError."""
        self.folder.mkdir(parents=True, exist_ok=True)
        txt, meta = self._paths(doc_id)
        atomic_write(txt, text.encode("utf-8"))
        info = {"path": str(path) if path else None, "title": title, "saved_at": time.time(),
                "bom": fmt.bom, "newline": fmt.newline, "pid": os.getpid(), "boot": boot_id(), "marks": marks or []}
        # The meta goes last: an entry is only listed once its text is complete.
        atomic_write(meta, json.dumps(info).encode("utf-8"))

    def discard(self, doc_id: str) -> None:
        for p in self._paths(doc_id)[::-1]:
            try:
                p.unlink()
            except FileNotFoundError:
                pass

    def list(self, include_running: bool = False) -> list[RecoveredDocument]:
        """Documents left by sessions that ended without closing them, oldest first."""
        return self.scan(include_running)[0]

    def scan(self, include_running: bool = False) -> tuple[list[RecoveredDocument], list[tuple[str, str]]]:
        """(good entries oldest first, damaged entries as (file name, why)). A damaged entry never
        hides the others, and its files stay on disk for the writer (or support) to look at."""
        if not self.folder.is_dir():
            return [], []
        found, damaged = [], []
        for meta in sorted(self.folder.glob("*.json")):
            try:
                doc, boot = self._read_entry(meta)
            except Exception as exc:  # anything at all: one bad entry must not cost the writer the rest
                damaged.append((meta.name, _why(exc)))
                continue
            if not include_running and process_alive(doc.pid, boot):
                continue
            found.append(doc)
        return sorted(found, key=lambda d: d.saved_at), damaged

    def _read_entry(self, meta: Path) -> tuple[RecoveredDocument, str]:
        info = json.loads(meta.read_text(encoding="utf-8"))
        if not isinstance(info, dict):
            raise ValueError("its description is not a JSON object")
        text = self._paths(meta.stem)[0].read_text(encoding="utf-8")
        pid, saved_at, boot = info.get("pid", 0), info.get("saved_at", 0), info.get("boot", "")
        path, title, marks = info.get("path"), info.get("title"), info.get("marks", [])
        if isinstance(pid, bool) or not isinstance(pid, int):
            raise ValueError("its process number is not a number")
        if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) or not math.isfinite(saved_at):
            raise ValueError("its time is not a number")
        if not (path is None or isinstance(path, str)) or not (title is None or isinstance(title, str)):
            raise ValueError("its file name or title is not text")
        if not isinstance(boot, str) or not isinstance(marks, list) or not all(isinstance(m, list) for m in marks):
            raise ValueError("its details are malformed")
        doc = RecoveredDocument(
            doc_id=meta.stem, text=text, path=Path(path) if path else None, title=title or "Untitled",
            saved_at=float(saved_at), fmt=TextFormat(bool(info.get("bom")), "\r\n" if info.get("newline") == "\r\n" else "\n"),
            pid=pid, marks=[list(m) for m in marks],
        )
        return doc, boot

    def delete_damaged(self, names: list[str]) -> None:
        """Remove entries the writer chose to delete after scan() named them damaged."""
        for name in names:
            for p in (self.folder / name, (self.folder / name).with_suffix(".txt")):
                try:
                    p.unlink()
                except OSError:
                    pass

    def clean_temps(self) -> None:
        # Only old ones: another open window may be autosaving right now.
        clean_stale_temps(self.folder, min_age_s=60)


def _why(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return "its text file is missing"
    if isinstance(exc, RecursionError):
        return "its description is nested too deeply"
    if isinstance(exc, UnicodeDecodeError):
        return "its text is not UTF-8"
    if isinstance(exc, json.JSONDecodeError):
        return "its description is not valid JSON"
    return str(exc) or type(exc).__name__


def diff_against_saved(doc: RecoveredDocument) -> str:
    """How the recovered text differs from the file on disk, as a unified diff (or a short note)."""
    if doc.path is None:
        return "(never saved: the whole text is new)\n\n" + doc.text[:5000]
    try:
        saved, _, _ = read_document(doc.path)
    except DocumentError as exc:
        return f"(the saved file cannot be read: {exc})\n\n" + doc.text[:5000]
    if saved == doc.text:
        return "(the same as the saved file)"
    if len(saved) > DIFF_LIMIT_CHARS or len(doc.text) > DIFF_LIMIT_CHARS:
        return (f"(too long to compare line by line: saved file {len(saved):,} characters, "
                f"recovered text {len(doc.text):,} characters)")
    # Compared line by line without the line ends: a final newline typed after the last line is not
    # worth showing the writer that line twice.
    lines = difflib.unified_diff(saved.splitlines(), doc.text.splitlines(), lineterm="",
                                 fromfile=f"{doc.path.name} (saved)", tofile=f"{doc.title} (recovered)")
    return "\n".join(lines) + "\n"
