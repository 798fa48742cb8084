"""The tokenizer's pieces as the ghost's search sees them, and what one model call tells it.

A *unit* is what the ghost's confidence is measured on: a run of word characters (a word, with its
apostrophes and hyphens), a run of punctuation, or one ideograph, each with the whitespace before
it. A unit is finished when the next piece starts with whitespace or with a character of another
class, so P(unit) = P(its pieces) x P(a unit boundary follows): " the" is not the start of " then".
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
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
        self.ends_f = self.ends.astype(np.float32)
        self.starts = {c: ~self.banned & self.ends[:, i] for i, c in enumerate(CLASSES)}
        self.cls = cls
        self.banned_ids = np.flatnonzero(self.banned)
        ordered = sorted((s, i) for i, s in enumerate(self.surface) if s and not self.banned[i])
        self._sorted = [s for s, _ in ordered]
        self._sorted_ids = np.asarray([i for _, i in ordered], dtype=np.int64)
        self.by_surface: dict[str, list[int]] = {}
        for s, i in ordered:
            self.by_surface.setdefault(s, []).append(i)

    @lru_cache(maxsize=4096)
    def covering(self, need: str) -> tuple[np.ndarray, tuple[int, ...]]:
        """(ids of the pieces that start with `need`, ids of the pieces that are proper prefixes of it)."""
        lo = bisect.bisect_left(self._sorted, need)
        hi = bisect.bisect_left(self._sorted, need + "\U0010ffff")
        partial = tuple(t for i in range(1, len(need)) for t in self.by_surface.get(need[:i], ()))
        return self._sorted_ids[lo:hi], partial


def column(cls: int) -> int:
    return CLASSES.index(cls)


GAP = 10.0  # nats below a row's best piece: a piece further down is never among those followed


@dataclass
class Step:
    """What one model call gives the search, row by row: the logits and the state after each row's
    last piece, log Z, log P(a unit ends here) for each class a unit can end in, and the `top` most
    likely pieces the ghost may write (ids and normalised log-probabilities, best first)."""

    logits: np.ndarray  # [B, V]
    state: np.ndarray  # [S, B, H]
    logz: np.ndarray  # [B]
    log_end: np.ndarray  # [B, len(CLASSES)]
    top_ids: list  # per row: ids [<= top]
    top_lp: list  # per row: their log-probabilities
    tables: PieceTables

    @classmethod
    def of(cls, logits: np.ndarray, state: np.ndarray, tables: PieceTables, top: int) -> "Step":
        m = logits.max(axis=1)
        e = np.exp(logits - m[:, None])
        z = e.sum(axis=1)
        logz = np.log(z) + m
        log_end = np.log(np.maximum(e @ tables.ends_f, 1e-30)) - np.log(z)[:, None]
        ids, lps = [], []
        for r in range(len(logits)):
            i, lp = _best(logits[r], m[r], ~tables.banned, top)
            ids.append(i)
            lps.append(lp - logz[r])
        return cls(logits, state, logz, log_end, ids, lps, tables)

    def row(self, r: int) -> "Step":
        return Step(self.logits[r:r + 1], self.state[:, r:r + 1], self.logz[r:r + 1], self.log_end[r:r + 1],
                    self.top_ids[r:r + 1], self.top_lp[r:r + 1], self.tables)

    def log_p(self, r: int, ids) -> np.ndarray:
        """Normalised log-probabilities of pieces `ids` in row r."""
        return self.logits[r, ids] - self.logz[r]

    def starting(self, r: int, after: int, top: int) -> tuple[np.ndarray, np.ndarray]:
        """The `top` most likely pieces of row r that start a new unit after one ending in class `after`."""
        lg = self.logits[r]
        i, lp = _best(lg, lg.max(), self.tables.starts[after], top)
        return i, lp - self.logz[r]


def _best(lg: np.ndarray, best: float, allowed: np.ndarray, top: int) -> tuple[np.ndarray, np.ndarray]:
    """The `top` highest allowed logits of a row (within GAP of its best), highest first: a threshold
    and a small sort instead of a partition of the whole vocabulary."""
    idx = np.flatnonzero(lg > best - GAP)
    idx = idx[allowed[idx]]
    if len(idx) > top:
        idx = idx[np.argpartition(-lg[idx], top - 1)[:top]]
    idx = idx[np.argsort(-lg[idx])]
    return idx, lg[idx]
