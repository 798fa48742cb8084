"""Copy, cut, paste and drag inside Creagen keep the authorship marks: the copied text goes out as
text/plain (for every other program) and, beside it, its marks in a MIME type of Creagen's own.
Text from anywhere else comes in as the writer's.
"""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QTextCursor

from creagen_desktop.documents.authorship import FEATURES, Span, qt_length
from creagen_desktop.ui.editor.marks import WRITER, MarkLedger, model_format

MARKS_MIME = "application/x-creagen-marks"
PARAGRAPH_SEPARATOR = "\u2029"


def mime_for(cursor: QTextCursor, ledger: MarkLedger) -> QMimeData:
    """The selection as text/plain, with its marks (relative to the selection) beside it."""
    text = cursor.selectedText().replace(PARAGRAPH_SEPARATOR, "\n")
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    data = QMimeData()
    data.setText(text)
    spans = [[s.start - start, s.end - start, s.feature] for s in ledger.in_range(start, end)]
    if spans:
        data.setData(MARKS_MIME, json.dumps({"text_length": qt_length(text), "spans": spans}).encode("utf-8"))
    return data


def marks_in(source: QMimeData, text: str) -> list[Span]:
    """The marks Creagen put beside `text`; none when they are missing, malformed or for other text."""
    if not source.hasFormat(MARKS_MIME):
        return []
    try:
        info = json.loads(bytes(source.data(MARKS_MIME)).decode("utf-8"))
        length = qt_length(text)
        if info.get("text_length") != length:
            return []  # another program replaced the text but left our marks: they are not for this
        spans = []
        for start, end, feature in info["spans"]:
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length and feature in FEATURES):
                return []
            spans.append(Span(start, end, feature))
        return spans
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


def insert_with_marks(cursor: QTextCursor, text: str, spans: list[Span]) -> None:
    """Insert text at the cursor (replacing its selection) as one undo step, the marked stretches in
    the model's format and the rest in the writer's."""
    units = text.encode("utf-16-le")  # spans count UTF-16 code units, as Qt does

    def piece(a: int, b: int) -> str:
        return units[2 * a: 2 * b].decode("utf-16-le", errors="replace")

    cursor.beginEditBlock()
    if cursor.hasSelection():
        cursor.removeSelectedText()
    at, length = 0, len(units) // 2
    for s in sorted(spans, key=lambda s: s.start):
        if s.start > at:
            cursor.insertText(piece(at, s.start), WRITER)
        cursor.insertText(piece(max(at, s.start), s.end), model_format(s.feature))
        at = max(at, s.end)
    if at < length:
        cursor.insertText(piece(at, length), WRITER)
    cursor.endEditBlock()
