"""A document's word and character counts, kept up to date edit by edit.

Counting a 50 MB novel takes most of a second; doing it at every pause in the typing would freeze
the window. The count of each paragraph (text block) is remembered, and an edit recounts only the
blocks it touched, so a keystroke costs a few microseconds whatever the length of the document.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextDocument

from creagen_desktop.documents.counts import words_per_line

RECOUNT_ALL_ABOVE = 100_000  # characters changed at once (a load, a paste): recount from the text


class LiveCounts(QObject):
    """`per_line(lines)` counts the words of each line (documents.counts.words_per_line)."""

    def __init__(self, document: QTextDocument, per_line: Callable[[list[str]], list[int]] = words_per_line,
                 parent=None):
        super().__init__(parent)
        self.doc = document
        self.per_line = per_line
        self._blocks: list[int] = []
        self.words = 0
        document.contentsChange.connect(self._changed)
        self.recount()

    @property
    def chars(self) -> int:
        """Characters as a writer counts them: line breaks are not characters."""
        return self.doc.characterCount() - self.doc.blockCount()

    def set_per_line(self, per_line: Callable[[list[str]], list[int]]) -> None:
        """Count by another rule from now on (words, or 字 for a Chinese document)."""
        if per_line is not self.per_line:
            self.per_line = per_line
            self.recount()

    def recount(self) -> None:
        self._blocks = self.per_line(self.doc.toPlainText().split("\n"))
        self.words = sum(self._blocks)

    def _changed(self, pos: int, removed: int, added: int) -> None:
        doc = self.doc
        delta = doc.blockCount() - len(self._blocks)
        if max(added, removed) > RECOUNT_ALL_ABOVE or delta > RECOUNT_ALL_ABOVE // 10:
            self.recount()
            return
        last = max(0, doc.characterCount() - 1)
        first = doc.findBlock(min(pos, last)).blockNumber()
        end = doc.findBlock(min(pos + added, last)).blockNumber()  # the last block the edit left text in
        fresh = self.per_line([doc.findBlockByNumber(i).text() for i in range(first, end + 1)])
        old = self._blocks[first:end + 1 - delta]
        self.words += sum(fresh) - sum(old)
        self._blocks[first:end + 1 - delta] = fresh
