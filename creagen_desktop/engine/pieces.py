"""The tokenizer's pieces as the ghost's search sees them, and what one model call tells it.

A *unit* is what the ghost's confidence is measured on: a run of word characters (a word, with its
apostrophes and hyphens), a run of punctuation, or one ideograph, each with the whitespace before
it. A unit is finished when the next piece starts with whitespace or with a character of another
class, so P(unit) = P(its pieces) x P(a unit boundary follows): " the" is not the start of " then".
"""

from __future__ import annotations

import bisect
import math
from functools import lru_cache

import numpy as np

from creagen_desktop.engine.words import IDEOGRAPH, PUNCT, WHITESPACE, WORD, char_class

CLASSES = (WORD, PUNCT, IDEOGRAPH)  # the classes a unit can end in: columns of PieceTables.ends


class PieceTables:
    """Per-tokenizer tables: first-character classes, the pieces the ghost never writes, which
    pieces end a unit of each class, and the pieces that start with a given text."""

    def __init__(self, tok):
        self.surface = tok.surface
        vocab = tok.vocab_size
        cls = np.array([char_class(s[0]) if s else -1 for s in self.surface])
        newline = np.arange(vocab) == tok.newline_id
        # never written by the ghost: control and unknown pieces, bytes (no surface), the newline (it ends there)
        self.banned = tok.never | tok.is_byte | newline | (cls == -1)
        starts_unit = (cls == WHITESPACE) | newline | (cls == IDEOGRAPH)
        usable = ~tok.never
        # column c: the pieces that come after a unit ending in a character of class CLASSES[c]
        # (the newline counts: the probability of a boundary is the mass of every such piece)
        self.ends = np.stack([(starts_unit | (cls == PUNCT)) & usable, (starts_unit | (cls == WORD)) & usable,
                              usable], axis=1)
        # as floats, one contiguous column per class: a search mostly asks one, and right after a
        # model call every table it reads is a cold pass over the vocabulary
        self.ends_f = [np.ascontiguousarray(self.ends[:, i], dtype=np.float32) for i in range(len(CLASSES))]
        self.starts = {c: ~self.banned & self.ends[:, i] for i, c in enumerate(CLASSES)}
        self.cls = cls
        self.banned_ids = np.flatnonzero(self.banned)
        self.writable = ~self.banned  # made once: a fresh mask at every step costs a cold pass over the vocabulary
        ordered = sorted((s, i) for i, s in enumerate(self.surface) if s and not self.banned[i])
        self._sorted = [s for s, _ in ordered]
        self._sorted_ids = np.asarray([i for _, i in ordered], dtype=np.int64)
        self.by_surface: dict[str, list[int]] = {}
        for s, i in ordered:
            self.by_surface.setdefault(s, []).append(i)

    @lru_cache(maxsize=4096)
    def covering(self, need: str) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        """For the text `need` still to spell: (mask and float mask of the pieces that start with it,
        ids of the pieces that are proper prefixes of it)."""
        lo = bisect.bisect_left(self._sorted, need)
        hi = bisect.bisect_left(self._sorted, need + "\U0010ffff")
        mask = np.zeros(len(self.surface), dtype=bool)
        mask[self._sorted_ids[lo:hi]] = True
        partial = tuple(t for i in range(1, len(need)) for t in self.by_surface.get(need[:i], ()))
        return mask, mask.astype(np.float32), partial


def column(cls: int) -> int:
    return CLASSES.index(cls)


GAP = 8.0  # nats below a row's best piece: none further down can be part of a word shown at a threshold >= 0.025


class Step:
    """What one model call gives the search, row by row: the logits and the state after each row's
    last piece, log Z, and on demand log P(a unit ends here) for each class a unit can end in and
    the `top` most likely pieces the ghost may write (ids and normalised log-probabilities, best
    first). What a row never needs is never computed: most rows of a search are only asked for the
    probability of a few pieces."""

    def __init__(self, logits: np.ndarray, state: np.ndarray, tables: PieceTables, top: int, _parts=None):
        self.logits, self.state, self.tables, self.k = logits, state, tables, top
        if _parts is None:
            m = logits.max(axis=1)
            e = logits - m[:, None]
            np.exp(e, out=e)  # in place: one vocabulary-sized array written, not two
            z = e.sum(axis=1)
            _parts = (m, e, np.log(z) + m, {}, {})
        self._m, self._e, self.logz, self._log_end, self._top = _parts

    def log_end(self, r: int, col: int) -> float:
        """log P(the next piece ends a unit of class CLASSES[col]) in row r (computed for every row
        at once, one class at a time)."""
        if col not in self._log_end:
            self._log_end[col] = np.log(np.maximum(self._e @ self.tables.ends_f[col], 1e-30)) - (self.logz - self._m)
        return float(self._log_end[col][r])

    def top(self, r: int) -> tuple[np.ndarray, np.ndarray]:
        if r not in self._top:
            i, lg = _best(self.logits[r], self._m[r], self.tables.writable, self.k)
            self._top[r] = (i, lg - self.logz[r])
        return self._top[r]

    def row(self, r: int) -> "Step":
        s = slice(r, r + 1)
        end = {c: v[s] for c, v in self._log_end.items()}
        top = {0: self._top[r]} if r in self._top else {}
        return Step(self.logits[s], self.state[:, s], self.tables, self.k, (self._m[s], self._e[s], self.logz[s], end, top))

    def log_p(self, r: int, ids) -> np.ndarray:
        """Normalised log-probabilities of pieces `ids` in row r."""
        return self.logits[r, ids] - self.logz[r]

    def starting(self, r: int, after: int, top: int) -> tuple[np.ndarray, np.ndarray]:
        """The `top` most likely pieces of row r that start a new unit after one ending in class `after`."""
        return self.best_of(r, self.tables.starts[after], top)

    def best_of(self, r: int, allowed: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
        """The `top` most likely pieces of row r among `allowed` (a mask), with their log-probabilities."""
        i, lg = _best(self.logits[r], self._m[r], allowed, top)
        return i, lg - self.logz[r]

    def mass(self, r: int, pieces_f: np.ndarray) -> float:
        """P(the next piece is one of pieces_f, a float mask) in row r."""
        return float(self._e[r] @ pieces_f) * math.exp(self._m[r] - self.logz[r])


def _best(lg: np.ndarray, best: float, allowed: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """The `top` highest allowed logits of a row (within GAP of its best), highest first: a threshold
    and a small sort instead of a partition of the whole vocabulary."""
    idx = np.flatnonzero(lg > best - GAP)
    idx = idx[allowed[idx]]
    v = lg[idx]  # the candidates' logits, gathered once
    if len(idx) > top:
        part = np.argpartition(-v, top - 1)[:top]
        idx, v = idx[part], v[part]
    order = np.argsort(-v)
    return idx[order], v[order]
