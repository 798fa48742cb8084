"""One open document: its editor and where it lives on disk (path, format, last known stamp)."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtWidgets import QVBoxLayout, QWidget

from creagen_desktop.documents import files as documents
from creagen_desktop.documents.authorship import (
    load_sidecar,
    save_sidecar,
    sidecar_path,
)
from creagen_desktop.documents.files import DiskStamp, TextFormat
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.editor.live_counts import LiveCounts
from creagen_desktop.ui.editor.markdown_highlighter import MarkdownHighlighter

STALE_TEMP_AGE_S = 60  # younger temporary files may be another window's save in progress
HIGHLIGHT_LIMIT = 2_000_000  # characters: beyond this Markdown colouring would slow a huge file down


class DocumentTab(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.editor = GhostEditor(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        self.editor.document().contentsChanged.connect(self._edited)
        self.counts = LiveCounts(self.editor.document(), parent=self)
        self.path: Path | None = None
        self.fmt = TextFormat()
        self.stamp: DiskStamp | None = None
        self.doc_id = uuid.uuid4().hex  # names its copy in the recovery folder
        self.revision = 0  # counts edits; autosave copies a tab whose count moved since its last copy
        self.autosaved_revision = -1
        self.uncopied_chars = 0  # characters typed since the last copy to the recovery folder
        self.baseline_words = 0  # words when opened: "words written" counts from here
        self.highlighter: MarkdownHighlighter | None = None

    def _edited(self) -> None:
        self.revision += 1

    @property
    def title(self) -> str:
        return self.path.name if self.path else "Untitled"

    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    def is_pristine(self) -> bool:
        """An untouched empty Untitled tab, which opening a file may reuse."""
        return self.path is None and not self.is_modified() and self.editor.document().isEmpty()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str, path: Path | None, fmt: TextFormat, stamp: DiskStamp | None) -> str | None:
        """Show a document; returns a note for the writer if its authorship marks could not be restored."""
        self.editor.clear_ghost()
        self.editor.setPlainText(text)  # also resets the undo history
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.path, self.fmt, self.stamp = path, fmt, stamp
        marks, note = load_sidecar(path, text) if path else (None, None)
        self.editor.reset_marks(marks)
        self.editor.document().setModified(False)
        self.baseline_words = self.counts.words
        self._sync_highlighter()
        return note

    def load(self, path: Path) -> str | None:
        """Read a file into this tab; DocumentError (nothing changed) when it cannot be opened."""
        text, fmt, stamp = documents.read_document(path)
        # A save of this file that was killed half-way left its temporary file here: tidy it.
        documents.clean_stale_temps(Path(path).parent, Path(path).name, min_age_s=STALE_TEMP_AGE_S)
        return self.set_text(text, Path(path), fmt, stamp)

    def save(self, path: Path, allow_read_only: bool = False, backups=None) -> str | None:
        """Write safely (documents.files.save_document: DocumentError when impossible, ReadOnlyError
        for a read-only file unless allowed); returns a note if only the marks failed."""
        path = Path(path)
        text = self.text()
        self.stamp = documents.save_document(path, text, self.fmt, allow_read_only=allow_read_only, backups=backups)
        self.path = path
        self.editor.document().setModified(False)
        self._sync_highlighter()
        try:
            save_sidecar(path, self.editor.marks, text)
        except OSError as exc:
            return f"Saved, but the authorship marks could not be written to {sidecar_path(path).name}: {exc}"
        return None

    def changed_on_disk(self) -> bool:
        return self.path is not None and documents.changed_on_disk(self.path, self.stamp)

    def _sync_highlighter(self) -> None:
        self.editor.markdown = self.path is not None and self.path.suffix.lower() in (".md", ".markdown")
        wanted = self.editor.markdown and self.editor.document().characterCount() <= HIGHLIGHT_LIMIT
        if wanted and self.highlighter is None:
            self.highlighter = MarkdownHighlighter(self.editor.document())
        elif not wanted and self.highlighter is not None:
            self.highlighter.setDocument(None)
            self.highlighter = None
