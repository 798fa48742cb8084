"""The document remembers: an n-gram cache of the text being written, so that the names and turns
of phrase of this story come back in its suggestions (engine.cache_mix mixes its predictions into
the language model's).

The cache counts every n-gram (a context of up to `order` tokens and the token after it) of the
document's latest `tokens` tokens. It reads the document incrementally, in chunks cut before
whitespace (where tokens are stable): a keystroke at the end reads only the new text; an edit drops
the chunks from the edit on and reads them again. The result is the same as reading the text afresh
(tests check it). What it read before the window the editor sends stays, up to its size.
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

import numpy as np

from creagen_desktop.engine import cache_mix
from creagen_desktop.engine.context_window import same_until
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.words import Lexicon, load_lexicon
from creagen_desktop.pack.format import CacheSection

WORD_PIECES = 8  # pieces of the word being spelled the context keeps (to tell a likely name)
CHUNK_CHARS = 512  # the cache reads in chunks of about this much text, cut before whitespace
DOCUMENTS = 3  # caches kept at once (the documents most recently asked about; ~20 MB each when full)


@dataclass
class _Chunk:
    start: int  # document offset of its first character
    end: int
    tokens: int  # how many of the cache's tokens it holds (fewer than it read, for the first one, once trimmed)


class DocumentCache:
    """The n-grams of one document's latest tokens, and the next-token distribution they predict."""

    def __init__(self, tok: Tokenizer, settings: CacheSection, lexicon: Lexicon | None = None):
        self.tok, self.settings = tok, settings
        self.lexicon = lexicon if settings.names else None  # tells the likely names (cache_mix.in_name)
        self.words_memo: dict[tuple, bool] = {}  # a word's pieces (and the one before) -> whether a name
        self.order = settings.order
        cache_mix.check(settings)
        self.weights = np.asarray(settings.weights, dtype=np.float64)
        self.boundary = np.asarray(settings.boundary, dtype=np.float64)
        self.goes_on = cache_mix.goes_on(tok)
        self.goes_on_f32 = self.goes_on.astype(np.float32)
        self.ids: deque[int] = deque()
        self.chunks: deque[_Chunk] = deque()
        self.text = ""  # the document from chunks[0].start to chunks[-1].end, as read
        # counts[k][context of k tokens] = {next token: count}; totals[k][context] = their sum
        self.counts: list[dict[tuple, dict[int, int]]] = [{} for _ in range(self.order + 1)]
        self.totals: list[dict[tuple, int]] = [{} for _ in range(self.order + 1)]
        self.unigram = np.zeros(tok.vocab_size, dtype=np.float64)  # counts[0][()] as a dense array
        self.unigram_goes_on = 0  # of those, the counts of pieces that continue a word
        self.memo: dict[tuple, tuple] = {}  # what cache_mix derives from a context's counts, until they change

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
                self.push(t)
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
        return first + same_until(text, offset, mine[: max(0, stop - first)]) - offset

    def clear(self) -> None:
        self.__init__(self.tok, self.settings, self.lexicon)

    def push(self, t: int) -> None:
        """Count the n-grams that end with token t, read after the others."""
        ids = self.ids
        n = len(ids)
        for k in range(0, min(self.order, n) + 1):
            ctx = tuple(ids[i] for i in range(n - k, n)) if k else ()
            self._count(k, ctx, t, 1)
        ids.append(t)

    def _pop(self) -> None:
        """Forget the last token (an edit undid it)."""
        ids = self.ids
        t = ids.pop()
        n = len(ids)
        for k in range(0, min(self.order, n) + 1):
            ctx = tuple(ids[i] for i in range(n - k, n)) if k else ()
            self._count(k, ctx, t, -1)

    def _count(self, k: int, ctx: tuple, t: int, by: int) -> None:
        _add(self.counts[k], self.totals[k], ctx, t, by)
        self.memo.pop((k, ctx), None)  # what was derived from this context's counts is stale
        if k == 0:
            self.unigram[t] += by
            self.unigram_goes_on += by * int(self.goes_on[t])

    def popleft(self, keep_chunk: bool = False) -> None:
        """Forget the first token (the cache is full): every n-gram that begins with it."""
        ids = self.ids
        for k in range(0, min(self.order, len(ids) - 1) + 1):
            ctx = tuple(ids[i] for i in range(k))
            self._count(k, ctx, ids[k], -1)
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
            self.popleft()

    # -- predicting ---------------------------------------------------------------------------

    def context(self, more: list[int] | tuple = ()) -> list[int]:
        """The cache's last tokens followed by `more` (what comes after the cut): the last `order`,
        or more with a lexicon, enough to hold the word being spelled."""
        keep = max(self.order, WORD_PIECES) if self.lexicon is not None else self.order
        tail = [self.ids[i] for i in range(max(0, len(self.ids) - keep), len(self.ids))]
        return (tail + list(more))[-keep:] if keep else []

    def mix(self, logits: np.ndarray, contexts: list) -> np.ndarray:
        """Log-probabilities [B, V]: the model's logits mixed with this cache's predictions (cache_mix.mix)."""
        return cache_mix.mix(self, logits, contexts)

    def probability(self, context, token: int) -> cache_mix.Odds:
        return cache_mix.probability(self, context, token)

    def score(self, ids) -> cache_mix.Scored:
        """Each token of a stream as the cache would have predicted it, read as a writer writes (cache_mix.score)."""
        return cache_mix.score(self, ids)

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


def caches_for(pack, tok: Tokenizer) -> DocumentCaches | None:
    """The document caches of a pack (None when its manifest records no cache settings);
    ModelPackError when the settings are unusable."""
    from creagen_desktop.pack import ModelPackError

    settings = pack.manifest.lm.cache
    if settings is None:
        return None
    try:
        return DocumentCaches(tok, settings, lexicon_for(pack))
    except ValueError as exc:
        raise ModelPackError(f"The document cache settings in the model pack {pack.name} are unusable: {exc}.") from None


def lexicon_for(pack) -> Lexicon | None:
    """The lexicon the cache tells names by: the pack's, when its cache settings use one."""
    settings = pack.manifest.lm.cache
    if settings is None or not settings.names or "lexicon" not in pack.kinds:
        return None
    return load_lexicon(pack)


class DocumentCaches:
    """One cache a document (by the key the editor gives it), the few most recently asked about."""

    def __init__(self, tok: Tokenizer, settings: CacheSection, lexicon: Lexicon | None = None,
                 documents: int = DOCUMENTS):
        cache_mix.check(settings)
        self.tok, self.settings, self.documents, self.lexicon = tok, settings, documents, lexicon
        self._caches: OrderedDict[object, DocumentCache] = OrderedDict()

    def get(self, key) -> DocumentCache:
        cache = self._caches.pop(key, None) or DocumentCache(self.tok, self.settings, self.lexicon)
        self._caches[key] = cache
        while len(self._caches) > self.documents:
            self._caches.popitem(last=False)
        return cache

    def mixer(self, key, text: str, start: int) -> DocumentMix:
        """Document `key`'s cache, having read `text` (the document from offset `start` on) up to its
        stable cut, as the mixer of a request at the end of `text`."""
        cut = self.tok.stable_cut(text)
        cache = self.get(key)
        cache.read(text, start, cut)
        return DocumentMix(cache, cut)

    def forget(self, key) -> None:
        self._caches.pop(key, None)

    def __len__(self) -> int:
        return len(self._caches)


class DocumentMix:
    """The Continuer's mixer (continuation.NextTokenMix) for one request: the document's cache, read
    up to the request's stable cut, mixed into every next-token distribution of the search."""

    def __init__(self, cache: DocumentCache, cut: int):
        self.cache, self.cut = cache, cut  # the cache has read the request's text[:cut]
        self._lead: tuple[str, list[int]] = ("", [])

    def mix(self, logits: np.ndarray, document: str, generated: list[tuple[int, ...]]) -> np.ndarray:
        """`document`: the request's text before the pieces generated (it goes on past the cut when a
        continuation starts after a newline or completes a word)."""
        tail = document[self.cut :]
        if tail != self._lead[0]:
            self._lead = (tail, self.cache.tok.encode(tail) if tail else [])
        lead = self._lead[1]
        return self.cache.mix(logits, [self.cache.context(lead + list(g)) for g in generated])
