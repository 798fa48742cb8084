"""Word n-gram baselines for benchmarks/next_words.py: what a phone keyboard does.

Words are whitespace-delimited chunks, as the editor's Ctrl+Right takes them. The context is the
previous chunks as written ("said," predicts differently from "said"); the predicted word is a chunk
without its trailing punctuation (`strip_trail`), the form the benchmark compares. Counts live in
sorted numpy arrays, one table per order; a prediction is the most frequent word after the longest
context seen (with any word that fits a typed prefix), or the best stupid-backoff score (Brants et
al. 2007, alpha 0.4) when asked.
"""

from __future__ import annotations

import numpy as np

BITS = 21  # bits per chunk id in a context key: up to 2 million distinct chunks, three of them in 63 bits


def strip_trail(w: str) -> str:
    """A chunk without trailing punctuation ("night," -> "night", "said’" -> "said"); kept if all punctuation."""
    s = w
    while s and not s[-1].isalnum():
        s = s[:-1]
    return s or w


class NGram:
    def __init__(self, text: str, order: int = 4, alpha: float = 0.4):
        self.order, self.alpha = order, alpha
        chunks = text.split()
        ctx_ids: dict[str, int] = {}
        tgt_ids: dict[str, int] = {}
        c = np.fromiter((ctx_ids.setdefault(w, len(ctx_ids) + 1) for w in chunks), dtype=np.int64, count=len(chunks))
        t = np.fromiter((tgt_ids.setdefault(strip_trail(w), len(tgt_ids)) for w in chunks), dtype=np.int64,
                        count=len(chunks))
        if len(ctx_ids) >= 1 << BITS:
            raise ValueError("too many distinct words for the n-gram tables")
        self.ctx_ids = ctx_ids
        self.words = [""] * len(tgt_ids)
        for w, i in tgt_ids.items():
            self.words[i] = w
        self.tables = [self._table(c, t, n, len(chunks)) for n in range(1, order + 1)]

    @staticmethod
    def _table(c, t, n, length):
        """For contexts of n-1 chunks: sorted keys, and per key its words by count (most frequent first)."""
        key = np.zeros(length - (n - 1), dtype=np.int64)
        for j in range(n - 1):
            key = (key << BITS) | c[j: length - (n - 1) + j]
        tg = t[n - 1:]
        pair = np.lexsort((tg, key))
        k2, t2 = key[pair], tg[pair]
        new = np.ones(len(k2), dtype=bool)
        new[1:] = (k2[1:] != k2[:-1]) | (t2[1:] != t2[:-1])
        starts = np.flatnonzero(new)
        count = np.diff(np.append(starts, len(k2)))
        uk, ut = k2[starts], t2[starts]
        o = np.lexsort((-count, uk))
        uk, ut, count = uk[o], ut[o], count[o]
        kstart = np.flatnonzero(np.r_[True, uk[1:] != uk[:-1]])
        return uk[kstart], kstart, np.append(kstart[1:], len(uk)), np.add.reduceat(count, kstart), ut, count

    def _key(self, context: list[str]) -> int | None:
        k = 0
        for w in context:
            i = self.ctx_ids.get(w)
            if i is None:
                return None
            k = (k << BITS) | i
        return k

    def predict(self, history: list[str], prefix: str = "", k: int = 1, max_order: int | None = None,
                backoff: str = "longest", per_order: int = 20) -> list[str]:
        """The k best next words after `history` (chunks as written) that start with `prefix`.
        max_order 2 is a bigram; backoff "longest" or "stupid"."""
        scores: dict[int, float] = {}
        seen_higher: list[np.ndarray] = []  # words seen after a longer context keep the score they got there
        weight = 1.0
        for n in range(min(self.order, max_order or self.order), 0, -1):
            if n > 1 and len(history) < n - 1:
                weight *= self.alpha
                continue
            key = self._key(history[len(history) - (n - 1):]) if n > 1 else 0
            if key is not None:
                keys, ks, ke, totals, words, counts = self.tables[n - 1]
                j = int(np.searchsorted(keys, key))
                if j < len(keys) and keys[j] == key:
                    found = 0
                    for pos in range(ks[j], ke[j]):
                        w = int(words[pos])
                        if prefix and not self.words[w].startswith(prefix):
                            continue
                        if w not in scores and not any((h == w).any() for h in seen_higher):
                            scores[w] = weight * counts[pos] / totals[j]
                        found += 1
                        if found >= per_order:
                            break
                    seen_higher.append(words[ks[j]: ke[j]])
            if backoff == "longest" and len(scores) >= k:
                break
            weight *= self.alpha
        return [self.words[w] for w in sorted(scores, key=lambda w: -scores[w])[:k]]
