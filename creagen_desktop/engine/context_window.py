"""The stretch of text before the cursor that suggestions read, bounded so that a 10 MB document
costs no more than a short one.

The language model reads only the end of it (Continuer.window_chars); the document cache reads all
of it, so it reaches back some twenty pages, far enough for a name from one chapter to come back in
the next (the cache keeps at most the pack's lm.cache.tokens of it). The window's start moves in
whole steps rather than with every keystroke: the engine caches its reading by position within the
text it is given, and a start that stayed put keeps that cache valid.
"""

from __future__ import annotations

MIN_CHARS = 64_000
STEP = 16_384


def window_start(pos: int, min_chars: int = MIN_CHARS, step: int = STEP) -> int:
    """Where the context for a cursor at `pos` begins: at least min_chars back, on a step boundary."""
    if pos <= min_chars:
        return 0
    return ((pos - min_chars) // step) * step


def same_until(doc: str, start: int, text: str) -> int:
    """The offset in doc of the first character where doc[start:] and text differ: how much of a
    text read earlier still stands. A binary search of slice compares, not a loop over characters."""
    n = min(len(text), len(doc) - start)
    if doc.startswith(text[:n], start):  # the usual case: nothing changed
        return start + n
    lo, hi = 0, n
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if doc[start : start + mid] == text[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return start + lo
