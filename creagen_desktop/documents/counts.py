"""Counting words and characters, and what happened in this writing session. No Qt."""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache


def words_per_line(lines: list[str]) -> list[int]:
    """Whitespace-separated words in each line, counted at C speed (no Python call per line)."""
    return list(map(len, map(str.split, lines)))


def count_words(text: str) -> int:
    """Whitespace-separated words. Line by line: one line at a time keeps memory small for a 50 MB
    document (a whole-text split would make millions of strings at once)."""
    return sum(words_per_line(text.split("\n")))


def count_chars(text: str) -> int:
    """Characters as a writer counts them: line breaks are not characters."""
    return len(text) - text.count("\n")


@lru_cache(maxsize=1)
def _not_zi() -> re.Pattern:
    """Whitespace and every punctuation mark (Unicode category P*), as one class: re runs it at C speed."""
    marks = "".join(chr(c) for c in range(min(sys.maxunicode, 0xFFFF) + 1) if unicodedata.category(chr(c))[0] == "P")
    return re.compile(f"[\\s{re.escape(marks)}]+")


def zi_per_line(lines: list[str]) -> list[int]:
    """字 in each line: characters that are neither whitespace nor punctuation (as Chinese writers count)."""
    strip = _not_zi().sub
    return [len(strip("", line)) for line in lines]


def count_zi(text: str) -> int:
    """字: characters without punctuation and whitespace. "床前明月光，疑是地上霜。" is 10 字."""
    return sum(zi_per_line(text.split("\n")))


@dataclass
class SessionStats:
    suggestions_shown: int = 0
    suggestions_accepted: int = 0

    def summary(self, words_written: int, model_words: int) -> list[tuple[str, str]]:
        """`model_words`: the model's words among those written, read from the authorship marks."""
        rate = (f"{self.suggestions_accepted / self.suggestions_shown:.0%}" if self.suggestions_shown else "–")
        return [
            ("Words written this session", f"{words_written:,}"),
            ("  of which from the model", f"{min(model_words, words_written):,}"),
            ("Suggestions shown", f"{self.suggestions_shown:,}"),
            ("Suggestions accepted", f"{self.suggestions_accepted:,} ({rate})"),
        ]


def guard_summary(counts: dict) -> list[tuple[str, str]]:
    """The originality guard's counts (the engine's guard_counts) as session statistics rows."""
    return [
        ("Suggestions checked for copied training text", f"{counts.get('checked', 0):,}"),
        ("  dropped as copies", f"{counts.get('dropped', 0):,}"),
        ("  flagged as copies", f"{counts.get('flagged', 0):,}"),
    ]
