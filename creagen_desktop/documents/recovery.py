"""The recovery folder: autosaved copies of unsaved documents, offered again after a crash.

Each open document with changes has `<id>.txt` (its text) and `<id>.json` (where it belongs and
which process wrote it). A clean close removes them; a crash leaves them for the next start. Entries
whose process is still running belong to another open Creagen window and are not offered.
"""

from __future__ import annotations

import difflib
import json
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


def _boot_id() -> str:
    """Changes at every reboot (Linux), so a pid from before it is known dead even if reused since."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _alive(pid: int, boot: str = "") -> bool:
    if boot and boot != _boot_id():
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but is not ours, or we cannot tell: do not take its files
    return True


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
                "bom": fmt.bom, "newline": fmt.newline, "pid": os.getpid(), "boot": _boot_id(), "marks": marks or []}
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
        if not self.folder.is_dir():
            return []
        found = []
        for meta in sorted(self.folder.glob("*.json")):
            doc_id = meta.stem
            try:
                info = json.loads(meta.read_text(encoding="utf-8"))
                text = self._paths(doc_id)[0].read_text(encoding="utf-8")
                pid = int(info.get("pid", 0))
                doc = RecoveredDocument(
                    doc_id=doc_id, text=text, path=Path(info["path"]) if info.get("path") else None,
                    title=str(info.get("title") or "Untitled"), saved_at=float(info.get("saved_at", 0)),
                    fmt=TextFormat(bool(info.get("bom")), "\r\n" if info.get("newline") == "\r\n" else "\n"),
                    pid=pid, marks=[list(m) for m in info.get("marks", [])],
                )
            except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
                continue  # a damaged entry is skipped, not fatal; its files stay for inspection
            if not include_running and _alive(pid, str(info.get("boot", ""))):
                continue
            found.append(doc)
        return sorted(found, key=lambda d: d.saved_at)

    def clean_temps(self) -> None:
        # Only old ones: another open window may be autosaving right now.
        clean_stale_temps(self.folder, min_age_s=60)


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
