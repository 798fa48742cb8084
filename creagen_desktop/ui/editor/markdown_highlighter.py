"""Markdown colouring for .md documents: headings, emphasis, code, links, lists and quotes.

Line by line (QSyntaxHighlighter works per block), with one state for fenced code blocks.
"""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat

IN_FENCE = 1


def _fmt(color: str | None = None, bold=False, italic=False, mono=False) -> QTextCharFormat:
    f = QTextCharFormat()
    if color:
        f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if mono:
        f.setFontFamilies(["monospace"])
    return f


class MarkdownHighlighter(QSyntaxHighlighter):
    # Mid-tone colours read on light and dark backgrounds alike.
    RULES = [
        (re.compile(r"^#{1,6}\s.*$"), _fmt("#3b7dd8", bold=True)),
        (re.compile(r"^\s*>.*$"), _fmt("#7f8c8d", italic=True)),
        (re.compile(r"^\s*(?:[-*+]|\d+[.)])\s"), _fmt("#d35400", bold=True)),
        (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), _fmt(bold=True)),
        (re.compile(r"(\*\*\*|___)(?=\S)(.+?)(?<=\S)\1"), _fmt(bold=True, italic=True)),
        # one * or _ only: "**bold**" is not italic (its inner stars may not open or close emphasis)
        (re.compile(r"(?<![*_\w])([*_])(?![*_\s])(.+?)(?<![*_\s])\1(?![*_\w])"), _fmt(italic=True)),
        (re.compile(r"`[^`]+`"), _fmt("#8e44ad", mono=True)),
        (re.compile(r"!?\[[^\]]*\]\([^)]*\)"), _fmt("#16a085")),
        (re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$"), _fmt("#7f8c8d")),
    ]
    FENCE = re.compile(r"^\s*(```|~~~)")
    CODE = _fmt("#8e44ad", mono=True)

    def highlightBlock(self, text: str) -> None:
        fence = bool(self.FENCE.match(text))
        inside = self.previousBlockState() == IN_FENCE
        if inside or fence:
            self.setFormat(0, len(text), self.CODE)
            self.setCurrentBlockState(IN_FENCE if inside != fence else 0)
            return
        self.setCurrentBlockState(0)
        for pattern, fmt in self.RULES:
            for m in pattern.finditer(text):
                self.setFormat(m.start(), m.end() - m.start(), fmt)
