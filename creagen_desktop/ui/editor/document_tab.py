"""One open document: its editor and where it lives on disk (path, format, last known stamp)."""

from __future__ import annotations

import uuid
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from creagen_desktop.documents import files as documents
from creagen_desktop.documents.authorship import (
    AuthorshipMarks,
    load_sidecar,
    model_words,
    save_sidecar,
    sidecar_path,
)
from creagen_desktop.documents.counts import words_per_line, zi_per_line
from creagen_desktop.documents.files import DiskStamp, TextFormat
from creagen_desktop.documents.language import DocumentLanguage
from creagen_desktop.ui.editor.ghost_editor import GhostEditor
from creagen_desktop.ui.editor.live_counts import LiveCounts
from creagen_desktop.ui.editor.markdown_highlighter import MarkdownHighlighter

STALE_TEMP_AGE_S = 60  # younger temporary files may be another window's save in progress
HIGHLIGHT_LIMIT = 2_000_000  # characters: beyond this Markdown colouring would slow a huge file down


class DocumentTab(QWidget):
    language_changed = Signal()  # language.code changed: the document now wants another language's pack

    def __init__(self, parent=None):
        super().__init__(parent)
        self.language = DocumentLanguage()  # which pack serves it; how its words are counted
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
        self.baseline_model_words = 0  # and the model's words among them
        self.highlighter: MarkdownHighlighter | None = None
        self.chapter: str | None = None  # "Project ▸ Chapter" while the file is a chapter of the open project

    def _edited(self) -> None:
        self.revision += 1

    @property
    def title(self) -> str:
        return self.chapter or (self.path.name if self.path else self.tr("Untitled"))

    def recovery_title(self) -> str:
        """How the recovery offer names this document: an Untitled one by its first words."""
        if self.path is not None or self.chapter:
            return self.title
        first = " ".join(self.editor.document().firstBlock().text().split()[:8])
        if not first:
            return "Untitled"
        return f"Untitled: “{first[:60]}…”"

    def is_modified(self) -> bool:
        return self.editor.document().isModified()

    def is_pristine(self) -> bool:
        """An untouched empty Untitled tab, which opening a file may reuse."""
        return self.path is None and not self.is_modified() and self.editor.document().isEmpty()

    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str, path: Path | None, fmt: TextFormat, stamp: DiskStamp | None,
                 spans=None) -> str | None:
        """Show a document with its marks (`spans`, or else those of its sidecar); returns a note for
        the writer if its authorship marks could not be restored."""
        self.editor.clear_ghost()
        note = None
        if spans is None:
            marks, note = load_sidecar(path, text) if path else (AuthorshipMarks(), None)
            spans = marks.spans
        self.load_text(text, spans)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        self.path, self.fmt, self.stamp = path, fmt, stamp
        self.editor.document().setModified(False)
        self.redetect_language(text)
        self.baseline_words = self.counts.words
        self.baseline_model_words = self.model_words()
        self._sync_highlighter()
        return note

    def redetect_language(self, text: str | None = None) -> None:
        """Tell the document's language from its text again (`text`: the text, when the caller has it)."""
        if self.language.redetect(self.text() if text is None else text):
            self._language_now()

    def choose_language(self, choice: str) -> None:
        """The writer's choice: "auto" (detected), or a language code ("en", "zh")."""
        if self.language.choose(choice):
            self._language_now()

    def apply_language(self) -> None:
        """Count as the document's language counts: Chinese in 字 (no spaces between words to count by)."""
        self.counts.set_per_line(zi_per_line if self.language.code == "zh" else words_per_line)

    def _language_now(self) -> None:
        self.apply_language()
        self.language_changed.emit()

    def load_text(self, text: str, spans) -> None:
        """The whole text replaced (a load or a restore), with its marks; the counts catch up (a
        load with marks holds the document's signals, see marks.load_text)."""
        self.editor.load_text(text, spans)
        if spans:
            self.counts.recount()

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
            save_sidecar(path, self.authorship(), text)
        except OSError as exc:
            return f"Saved, but the authorship marks could not be written to {sidecar_path(path).name}: {exc}"
        return None

    def authorship(self) -> AuthorshipMarks:
        """Who wrote what, read from the text's own marks: the one source of the sidecar, the
        recovery copies, the Authorship Report and the session statistics."""
        return AuthorshipMarks(self.editor.marks.spans)

    def model_words(self) -> int:
        """The model's words in this document now, from the marks on its text."""
        spans = self.editor.marks.spans
        return model_words(self.text(), spans) if spans else 0

    def length(self) -> int:
        """The document's length in editor positions (what mark positions count)."""
        return self.editor.document().characterCount() - 1

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
