"""Authorship marks kept on the text itself: a character-format property names the feature that
wrote each character, so Qt's own undo stack, cut, paste and drag carry the marks with the text.

The document is the one source of truth. MarkLedger mirrors it as sorted span arrays for the
readers (the report, the statistics, the sidecar, the recovery copies) without walking the whole
document: an edit can only change the marks inside the range it touched, so each contentsChange
shifts the spans after it (in numpy, microseconds for 20,000 marks) and reads the formats of the
touched characters alone. Text the writer types, pastes from elsewhere or replaces always gets
WRITER (no property): it never inherits the model's format from the character before it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument, QTextDocumentFragment, QTextFormat

from creagen_desktop.documents.authorship import FEATURES, Span

AUTHOR = int(QTextFormat.Property.UserProperty) + 1  # holds the feature's name on model text
_CODE = {f: i for i, f in enumerate(FEATURES)}


def model_format(feature: str) -> QTextCharFormat:
    if feature not in _CODE:
        raise ValueError(f"unknown feature {feature!r}")
    fmt = QTextCharFormat()
    fmt.setProperty(AUTHOR, feature)
    return fmt


WRITER = QTextCharFormat()  # the writer's text: no property at all


def feature_of(fmt: QTextFormat) -> str | None:
    value = fmt.property(AUTHOR) if fmt.hasProperty(AUTHOR) else None
    return value if value in _CODE else None


def scan(document: QTextDocument, start: int = 0, end: int | None = None) -> list[Span]:
    """The marks of document[start:end], read from the formats (paragraph separators are never marked)."""
    last = document.characterCount() - 1
    end = last if end is None else min(end, last)
    out: list[Span] = []
    if end <= start:
        return out
    block = document.findBlock(max(0, start))
    while block.isValid() and block.position() < end:
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            feature = feature_of(frag.charFormat())
            if feature is not None:
                a, b = max(frag.position(), start), min(frag.position() + frag.length(), end)
                if a < b:
                    if out and out[-1].feature == feature and out[-1].end == a:
                        out[-1] = Span(out[-1].start, b, feature)
                    else:
                        out.append(Span(a, b, feature))
            it += 1
        block = block.next()
    return out


def apply_spans(document: QTextDocument, spans: list[Span]) -> None:
    """Put marks on a document's text, as formats (undoable: for a document being built)."""
    last = document.characterCount() - 1
    cursor = QTextCursor(document)
    for s in spans:
        if 0 <= s.start < s.end <= last:
            cursor.setPosition(s.start)
            cursor.setPosition(s.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.setCharFormat(model_format(s.feature))


def split_at_paragraphs(document: QTextDocument, spans: list[Span]) -> list[Span]:
    """Spans as they lie on the text: paragraph separators are never marked, so a span over one
    is two marks; neighbours of one feature that touch are one."""
    out: list[Span] = []
    last = document.characterCount() - 1
    for s in sorted(spans, key=lambda s: s.start):
        start, end = max(0, s.start), min(s.end, last)
        while start < end:
            block = document.findBlock(start)
            stop = min(end, block.position() + block.length() - 1)  # before the separator
            if stop > start:
                if out and out[-1].feature == s.feature and out[-1].end >= start:
                    out[-1] = Span(out[-1].start, max(out[-1].end, stop), s.feature)
                else:
                    out.append(Span(start, stop, s.feature))
            start = block.position() + block.length()
    return out


def load_text(document: QTextDocument, text: str, spans: list[Span]) -> list[Span]:
    """Replace the whole text (a load) with `text`, the writer's but for `spans`; the undo history
    starts afresh. Returns the marks as they now lie on the text.

    Marks are put on a scratch document first and the result goes in whole: moving a cursor in a
    document an editor shows lays its lines out, which for 20,000 marks costs seconds. The
    document's signals are held while it is replaced: whoever follows its edits must catch up
    (DocumentTab recounts and hands the ledger the marks)."""
    spans = [s for s in spans if s.end > s.start]
    if not spans:
        set_plain_text(document, text)
        return []
    scratch = QTextDocument()
    scratch.setUndoRedoEnabled(False)
    scratch.setPlainText(text)
    apply_spans(scratch, spans)
    document.setUndoRedoEnabled(False)
    blocked = document.blockSignals(True)
    try:
        document.clear()
        QTextCursor(document).insertFragment(QTextDocumentFragment(scratch))
    finally:
        document.blockSignals(blocked)
        document.setUndoRedoEnabled(True)
    return split_at_paragraphs(document, spans)


def set_plain_text(document: QTextDocument, text: str) -> None:
    """Replace the whole text (a load): all of it the writer's, whatever the document held before
    (Qt gives new text the format the old first character had). Resets the undo history."""
    document.setPlainText(text)
    if _has_model_formats(document):
        document.setUndoRedoEnabled(False)
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.setCharFormat(WRITER)
        document.setUndoRedoEnabled(True)


def _has_model_formats(document: QTextDocument) -> bool:
    return any(f.hasProperty(AUTHOR) for f in document.allFormats())


class MarkLedger(QObject):
    """The marks of one document, kept in step with its formats edit by edit."""

    def __init__(self, document: QTextDocument, parent=None):
        super().__init__(parent)
        self.document = document
        self._starts = np.zeros(0, dtype=np.int64)
        self._ends = np.zeros(0, dtype=np.int64)
        self._codes = np.zeros(0, dtype=np.int8)
        document.contentsChange.connect(self._changed)
        self.rescan()

    # -- reading ------------------------------------------------------------------------------

    @property
    def spans(self) -> list[Span]:
        return [Span(int(a), int(b), FEATURES[c]) for a, b, c in zip(self._starts, self._ends, self._codes)]

    def __len__(self) -> int:
        return len(self._starts)

    def feature_at(self, pos: int) -> str | None:
        i = int(np.searchsorted(self._starts, pos, side="right")) - 1
        return FEATURES[self._codes[i]] if i >= 0 and pos < self._ends[i] else None

    def in_range(self, start: int, end: int) -> list[Span]:
        """The marks inside [start, end), clipped, relative to the document."""
        keep = (self._ends > start) & (self._starts < end)
        return [Span(max(int(a), start), min(int(b), end), FEATURES[c])
                for a, b, c in zip(self._starts[keep], self._ends[keep], self._codes[keep])]

    def chars_by_feature(self) -> dict[str, int]:
        lengths = self._ends - self._starts
        return {f: int(lengths[self._codes == i].sum()) for i, f in enumerate(FEATURES)}

    # -- keeping in step ----------------------------------------------------------------------

    def adopt(self, spans: list[Span]) -> None:
        """Take the marks a load put on the text (load_text's answer) without reading it all again."""
        self._set(spans)

    def rescan(self) -> None:
        """Read every mark from the document (at load; a plain document is skipped at once)."""
        spans = scan(self.document) if _has_model_formats(self.document) else []
        self._set(spans)

    def _set(self, spans: list[Span]) -> None:
        self._starts = np.asarray([s.start for s in spans], dtype=np.int64)
        self._ends = np.asarray([s.end for s in spans], dtype=np.int64)
        self._codes = np.asarray([_CODE[s.feature] for s in spans], dtype=np.int8)

    def _changed(self, pos: int, removed: int, added: int) -> None:
        if not len(self._starts) and not _has_model_formats(self.document):
            return  # nothing marked anywhere: typing in a plain document costs one check
        cut, delta = pos + removed, added - removed
        s, e, c = self._starts, self._ends, self._codes
        # Marks are sorted and never overlap: those before the edit, those it touched, those after.
        i0 = int(np.searchsorted(e, pos, side="right"))  # e <= pos: wholly before
        i1 = max(i0, int(np.searchsorted(s, cut, side="left")))  # s >= cut: wholly after
        local: list[Span] = []
        if i0 < i1 and s[i0] < pos:  # the part of a touched mark before the edit stays
            local.append(Span(int(s[i0]), pos, FEATURES[c[i0]]))
        local += scan(self.document, pos, pos + added)
        if i0 < i1 and e[i1 - 1] > cut:  # and so does the part after it, shifted
            local.append(Span(max(int(s[i1 - 1]), cut) + delta, int(e[i1 - 1]) + delta, FEATURES[c[i1 - 1]]))
        # neighbours of one feature that now touch become one mark
        lo, hi = i0, i1
        if lo > 0:
            lo -= 1
            local.insert(0, Span(int(s[lo]), int(e[lo]), FEATURES[c[lo]]))
        if hi < len(s):
            local.append(Span(int(s[hi]) + delta, int(e[hi]) + delta, FEATURES[c[hi]]))
            hi += 1
        merged: list[Span] = []
        for span in local:
            if span.end <= span.start:
                continue
            if merged and merged[-1].feature == span.feature and merged[-1].end >= span.start:
                merged[-1] = Span(merged[-1].start, max(merged[-1].end, span.end), span.feature)
            else:
                merged.append(span)
        self._starts = np.concatenate([s[:lo], np.asarray([m.start for m in merged], dtype=np.int64), s[hi:] + delta])
        self._ends = np.concatenate([e[:lo], np.asarray([m.end for m in merged], dtype=np.int64), e[hi:] + delta])
        self._codes = np.concatenate([c[:lo], np.asarray([_CODE[m.feature] for m in merged], dtype=np.int8), c[hi:]])
