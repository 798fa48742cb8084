"""The document remembers: an n-gram cache of the text being written, mixed into the language
model's next-token distribution, so that the names and turns of phrase of this story come back.

The cache counts every n-gram (a context of up to `order` tokens and the token after it) of the
document's latest `tokens` tokens, and predicts the next token from the longest context it has
seen, interpolated down to the unigram (Witten-Bell). The model's distribution and the cache's are
mixed, p = (1 - w) p_LM + w p_cache, with a weight w that depends on how long a context matched and
how often it was seen (weights chosen on held-out books, recorded in the manifest's lm.cache). A
name the tokenizer cuts into pieces comes back whole: once its first piece is chosen, the cache
knows what followed that piece in this document. (Grave et al., 2017, cache the LM's hidden states
instead; counting tokens needs nothing of the graph and measured as well here: README.)

It reads the document incrementally, in chunks cut before whitespace (where tokens are stable): a
keystroke at the end reads only the new text; an edit drops the chunks from the edit on and reads
them again. The result is the same as reading the text afresh (tests check it).
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from dataclasses import dataclass

import numpy as np

from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack.format import CacheSection

CHUNK_CHARS = 512  # the cache reads in chunks of about this much text, cut before whitespace
DOCUMENTS = 3  # caches kept at once (the documents most recently asked about; ~20 MB each when full)


def bucket(n: int, buckets: int) -> int:
    """How often a context was seen, as 0 (once), 1 (2-3 times), 2 (4-7), ... up to buckets - 1."""
    return min(int(math.log2(n)), buckets - 1) if n > 0 else 0


def sureness(top: int, n: int, thresholds) -> int:
    """How sure the context is of what follows it: the share of its most frequent continuation,
    as the number of thresholds it reaches (a name's next piece: the one it always had)."""
    share = top / n if n else 0.0
    return sum(share >= t for t in thresholds)


def weight_group(k: int, n: int, sure: int, settings: CacheSection) -> int:
    """Which of the manifest's weights applies: 0 when the cache has seen no context (an empty cache),
    else one for each (longest context matched, in tokens, 0 = unigram; how often it was seen; how
    sure it is of what follows)."""
    if k < 0:
        return 0
    levels = len(settings.sure) + 1
    return 1 + (k * settings.buckets + bucket(n, settings.buckets)) * levels + sure


def groups(order: int, buckets: int, sure_levels: int = 3) -> int:
    return 1 + (order + 1) * buckets * sure_levels


def check(settings: CacheSection) -> None:
    """ValueError naming what is wrong with a manifest's cache settings."""
    if settings.order < 0 or settings.order > 8 or settings.tokens < 1 or settings.buckets < 1:
        raise ValueError("its order, size or buckets are out of range")
    need = groups(settings.order, settings.buckets, len(settings.sure) + 1)
    if len(settings.weights) != need:
        raise ValueError(f"it has {len(settings.weights)} weights where order {settings.order}, {settings.buckets} "
                         f"buckets and {len(settings.sure)} sureness thresholds need {need}")
    if any(not 0.0 <= w < 1.0 for w in settings.weights):
        raise ValueError("its weights must lie between 0 and 1")


@dataclass
class _Chunk:
    start: int  # document offset of its first character
    end: int
    tokens: int  # how many of the cache's tokens it holds (fewer than it read, for the first one, once trimmed)


class DocumentCache:
    """The n-grams of one document's latest tokens, and the next-token distribution they predict."""

    def __init__(self, tok: Tokenizer, settings: CacheSection):
        self.tok, self.settings = tok, settings
        self.order = settings.order
        check(settings)
        self.weights = np.asarray(settings.weights, dtype=np.float64)
        self.ids: deque[int] = deque()
        self.chunks: deque[_Chunk] = deque()
        self.text = ""  # the document from chunks[0].start to chunks[-1].end, as read
        # counts[k][context of k tokens] = {next token: count}; totals[k][context] = their sum
        self.counts: list[dict[tuple, dict[int, int]]] = [{} for _ in range(self.order + 1)]
        self.totals: list[dict[tuple, int]] = [{} for _ in range(self.order + 1)]
        self._memo: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}  # counts as arrays, until they change
        self._top: dict[tuple, int] = {}  # each context's most frequent continuation's count, until they change

    # -- reading ------------------------------------------------------------------------------

    @property
    def start(self) -> int:
        return self.chunks[0].start if self.chunks else 0

    @property
    def end(self) -> int:
        return self.chunks[-1].end if self.chunks else 0

    def read(self, text: str, start: int, cut: int) -> int:
        """Hold the n-grams of text[:cut], where `text` is the document from offset `start` on (cut is a
        stable boundary, Tokenizer.stable_cut). Returns the tokens it had to read.

        What it read earlier before `start` stays (the editor sends a window that moves on as the
        writer writes; the cache remembers further back, up to its size)."""
        stop = start + cut
        if self.chunks and (self.start > start or self.end < start):
            self.clear()  # text from before what it holds, or a gap: read the window afresh
        if self.chunks:
            same = self._same_until(text, start, stop)
            while self.chunks and self.chunks[-1].end > same:
                self._drop_last_chunk()
            if self.end < start:
                self.clear()
        if self.chunks:
            begin = self.end
        else:  # reading afresh: no further back than the cache can hold (a generous 8 characters a token)
            begin = start + _whitespace_after(text, max(0, cut - 8 * self.settings.tokens))
        read = 0
        for piece_start, piece in _pieces(text, begin - start, cut):
            ids = self.tok.encode(piece)
            for t in ids:
                self._push(t)
            self.chunks.append(_Chunk(start + piece_start, start + piece_start + len(piece), len(ids)))
            self.text += piece
            read += len(ids)
        self._trim()
        return read

    def _same_until(self, text: str, start: int, stop: int) -> int:
        """The document offset up to which the cache's text still stands in `text` (which begins at
        `start`; the cache's text before that is taken as it is) and not past stop."""
        first = max(self.start, start)  # where the two overlap
        mine = self.text[first - self.start :]
        offset = first - start
        lo, hi = 0, min(len(mine), stop - first)
        if text.startswith(mine[:hi], offset):
            return first + hi
        while lo < hi:  # binary search on equal prefixes
            mid = (lo + hi + 1) // 2
            if text[offset : offset + mid] == mine[:mid]:
                lo = mid
            else:
                hi = mid - 1
        return first + lo

    def clear(self) -> None:
        self.__init__(self.tok, self.settings)

    def _push(self, t: int) -> None:
        self._forget_derived()
        ids = self.ids
        n = len(ids)
        for k in range(0, min(self.order, n) + 1):
            ctx = tuple(ids[i] for i in range(n - k, n)) if k else ()
            _add(self.counts[k], self.totals[k], ctx, t, 1)
        ids.append(t)

    def _pop(self) -> None:
        """Forget the last token (an edit undid it)."""
        self._forget_derived()
        ids = self.ids
        t = ids.pop()
        n = len(ids)
        for k in range(0, min(self.order, n) + 1):
            ctx = tuple(ids[i] for i in range(n - k, n)) if k else ()
            _add(self.counts[k], self.totals[k], ctx, t, -1)

    def _forget_derived(self) -> None:
        if self._memo:
            self._memo.clear()
        if self._top:
            self._top.clear()

    def _popleft(self, keep_chunk: bool = False) -> None:
        """Forget the first token (the cache is full): every n-gram that begins with it."""
        self._forget_derived()
        ids = self.ids
        for k in range(0, min(self.order, len(ids) - 1) + 1):
            ctx = tuple(ids[i] for i in range(k))
            _add(self.counts[k], self.totals[k], ctx, ids[k], -1)
        ids.popleft()
        first = self.chunks[0]
        first.tokens -= 1
        if first.tokens <= 0 and not keep_chunk and len(self.chunks) > 1:
            self.chunks.popleft()
            self.text = self.text[self.chunks[0].start - first.start :]

    def _drop_last_chunk(self) -> None:
        c = self.chunks.pop()
        for _ in range(c.tokens):
            self._pop()
        self.text = self.text[: len(self.text) - (c.end - c.start)]

    def _trim(self) -> None:
        while len(self.ids) > self.settings.tokens:
            self._popleft()

    # -- predicting ---------------------------------------------------------------------------

    def context(self, more: list[int] | tuple = ()) -> list[int]:
        """The cache's last `order` tokens followed by `more` (what comes after the cut)."""
        tail = [self.ids[i] for i in range(max(0, len(self.ids) - self.order), len(self.ids))]
        return (tail + list(more))[-self.order :] if self.order else []

    def _levels(self, context) -> list[tuple[int, tuple, int, int]]:
        """(order, context, total, distinct continuations) of every order whose context the cache has
        seen after `context`, from the unigram (order 0) up to the longest."""
        levels = []
        for k in range(0, min(self.order, len(context)) + 1):
            ctx = tuple(context[len(context) - k :]) if k else ()
            total = self.totals[k].get(ctx)
            if not total:
                break
            levels.append((k, ctx, total, len(self.counts[k][ctx])))
        return levels

    def _group(self, levels) -> int:
        if not levels:
            return 0
        k, ctx, total, _ = levels[-1]
        top = self._top.get((k, ctx))
        if top is None:
            top = self._top[(k, ctx)] = max(self.counts[k][ctx].values())
        return weight_group(k, total, sureness(top, total, self.settings.sure), self.settings)

    @staticmethod
    def _shares(levels) -> list[float]:
        """What each order's counts weigh in the interpolation (Witten-Bell: the longest context keeps
        total / (total + distinct) and hands the rest down)."""
        shares, left = [0.0] * len(levels), 1.0
        for i in range(len(levels) - 1, 0, -1):
            _, _, total, distinct = levels[i]
            shares[i] = left / (total + distinct)  # times each count
            left *= distinct / (total + distinct)
        shares[0] = left / levels[0][2]  # the unigram: counts / total
        return shares

    def _arrays(self, k: int, ctx: tuple) -> tuple[np.ndarray, np.ndarray]:
        key = (k, ctx)
        got = self._memo.get(key)
        if got is None:
            row = self.counts[k][ctx]
            got = (np.fromiter(row.keys(), dtype=np.int64, count=len(row)),
                   np.fromiter(row.values(), dtype=np.float64, count=len(row)))
            self._memo[key] = got
        return got

    def mix(self, logits: np.ndarray, contexts: list) -> np.ndarray:
        """Log-probabilities [B, V] of the model's logits [B, V] mixed with the cache's predictions
        after each row's context (a list of token ids ending just before the token predicted)."""
        z = logits.astype(np.float64)
        z -= z.max(axis=-1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=-1, keepdims=True)
        for row, ctx in enumerate(contexts):
            levels = self._levels(ctx)
            w = self.weights[self._group(levels)]
            if not levels or w <= 0:
                continue
            p[row] *= 1 - w
            for (k, c, _, _), share in zip(levels, self._shares(levels)):
                idx, counts = self._arrays(k, c)
                p[row, idx] += (w * share) * counts
        with np.errstate(divide="ignore"):
            return np.log(p)

    def probability(self, context, token: int) -> tuple[float, int]:
        """(the cache's probability of `token` after `context`, its weight group): for scoring text."""
        levels = self._levels(context)
        if not levels:
            return 0.0, 0
        p = sum(share * self.counts[k][c].get(token, 0) for (k, c, _, _), share in zip(levels, self._shares(levels)))
        return p, self._group(levels)

    def score(self, ids) -> tuple[np.ndarray, np.ndarray]:
        """Read a token stream from the start, one token at a time as a writer would write it:
        (the cache's probability of each token before it was read, the weight group it fell in).
        How training chooses the weights (training.cache_tuning) and benchmarks score text."""
        self.clear()
        self.chunks.append(_Chunk(0, 0, 0))  # one chunk for the whole stream: no text is kept
        probs, where = np.zeros(len(ids)), np.zeros(len(ids), dtype=np.int64)
        for i, t in enumerate(ids):
            if self.ids:
                probs[i], where[i] = self.probability(self.context(), int(t))
            self._push(int(t))
            self.chunks[0].tokens += 1
            if len(self.ids) > self.settings.tokens:
                self._popleft(keep_chunk=True)
        self.clear()
        return probs, where

    def size(self) -> int:
        """Entries held (n-gram contexts and their continuations): what bounds its memory."""
        return sum(len(c) for counts in self.counts for c in counts.values())


def _add(counts: dict, totals: dict, ctx: tuple, t: int, by: int) -> None:
    row = counts.get(ctx)
    if row is None:
        row = counts[ctx] = {}
    value = row.get(t, 0) + by
    if value:
        row[t] = value
    else:
        del row[t]
    total = totals.get(ctx, 0) + by
    if total:
        totals[ctx] = total
    else:
        del totals[ctx]
        del counts[ctx]


def _whitespace_after(text: str, i: int) -> int:
    """i, or the next whitespace character after it (where reading may start with stable tokens)."""
    if i <= 0:
        return 0
    while i < len(text) and not text[i].isspace():
        i += 1
    return i


def _pieces(text: str, begin: int, cut: int):
    """(offset, piece) of text[begin:cut] in chunks of about CHUNK_CHARS, cut just before whitespace."""
    i = begin
    while i < cut:
        j = min(cut, i + CHUNK_CHARS)
        if j < cut:
            k = j
            while k > i and not text[k].isspace():
                k -= 1
            j = k if k > i else cut
        yield i, text[i:j]
        i = j


class DocumentCaches:
    """One cache a document (by the key the editor gives it), the few most recently asked about."""

    def __init__(self, tok: Tokenizer, settings: CacheSection, documents: int = DOCUMENTS):
        check(settings)
        self.tok, self.settings, self.documents = tok, settings, documents
        self._caches: OrderedDict[object, DocumentCache] = OrderedDict()

    def get(self, key) -> DocumentCache:
        cache = self._caches.pop(key, None) or DocumentCache(self.tok, self.settings)
        self._caches[key] = cache
        while len(self._caches) > self.documents:
            self._caches.popitem(last=False)
        return cache

    def forget(self, key) -> None:
        self._caches.pop(key, None)

    def __len__(self) -> int:
        return len(self._caches)
