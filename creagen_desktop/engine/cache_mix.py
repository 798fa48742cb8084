"""What the document cache (engine.doc_cache) predicts, and how that is mixed into the language
model's next-token distribution.

The cache predicts the next token from the longest context it has seen, interpolated down to the
unigram (Witten-Bell). The mixture has two stages. First, does the word go on (the next piece
continues it) or end (a space, punctuation, a line break)? P(goes on) = (1 - b) P_LM + b P_cache.
Then which piece, within that class: (1 - w) P_LM(t | class) + w P_cache(t | class). A name the
tokenizer cuts into pieces ("Qu" "ee" "que" "g") comes back whole: the cache knows each next piece,
and, after the last, that the word ends there, which a model that never saw the name does not.
The weights w and b depend on how long a context matched, how often it was seen and how sure the
cache is (of the next piece for w, of the word going on or ending for b); they are chosen on
held-out books by EM (training.cache_tuning) and recorded in the manifest's lm.cache. Without
`boundary` weights the mixture is one stage: (1 - w) P_LM + w P_cache.

With `names`, contexts inside what is likely a name (a word the pack's lexicon does not know, or
one written with a capital mid-sentence: in_name) have groups of their own. There the model has
mostly never seen the word and the document's own counts should decide, also whether it ends.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import re

import numpy as np

from creagen_desktop.engine.words import norm_word
from creagen_desktop.pack.format import CacheSection

if TYPE_CHECKING:
    from creagen_desktop.engine.doc_cache import DocumentCache

_WORD_END = re.compile(r"[^\W_]*$")  # the letters at the end of a word's first piece ("\u2581Q" -> "Q")
SENTENCE_END = ".!?\n:;—"  # after these a capital letter says nothing about a name
BOUNDARY_SURE = 0.9  # the cache is sure a word goes on (or ends) when this share of its mass says so


def goes_on(tok) -> np.ndarray:
    """Pieces that continue the word before them (no space, no punctuation first; bytes too)."""
    return np.array([tok.sp.is_byte(i) or tok.sp.id_to_piece(i)[:1].isalnum() for i in range(tok.vocab_size)])


def bucket(n: int, buckets: int) -> int:
    """How often a context was seen, as 0 (once), 1 (2-3 times), 2 (4-7), ... up to buckets - 1."""
    return min(int(math.log2(n)), buckets - 1) if n > 0 else 0


def sureness(top: int, n: int, thresholds) -> int:
    """How sure the context is of what follows it: the share of its most frequent continuation,
    as the number of thresholds it reaches (a name's next piece: the one it always had)."""
    share = top / n if n else 0.0
    return sum(share >= t for t in thresholds)


def boundary_sureness(go: float) -> int:
    """0: the cache is sure the word ends; 2: sure it goes on; 1: neither."""
    return 0 if go <= 1 - BOUNDARY_SURE else (2 if go >= BOUNDARY_SURE else 1)


def weight_group(k: int, n: int, sure: int, settings: CacheSection, name: bool = False) -> int:
    """Which weight applies: 0 when the cache has seen no context (an empty cache), else one for each
    (longest context matched, in tokens, 0 = unigram; how often it was seen; how sure it is), and
    with `names` a second set for contexts inside a likely name (in_name)."""
    if k < 0:
        return 0
    levels = len(settings.sure) + 1
    g = 1 + (k * settings.buckets + bucket(n, settings.buckets)) * levels + sure
    if name and settings.names:
        g += groups(settings.order, settings.buckets, levels) - 1
    return g


def groups(order: int, buckets: int, sure_levels: int = 3, names: bool = False) -> int:
    one = (order + 1) * buckets * sure_levels
    return 1 + one * (2 if names else 1)


def in_name(cache: DocumentCache, context) -> bool:
    """Whether the next piece is predicted inside what is likely a name of this story: a word the
    lexicon does not know (the word so far, from its first piece within the context, is no prefix
    of a lexicon word), or one with a capital first letter that does not begin a sentence."""
    if cache.lexicon is None or not context:
        return False
    i = len(context)
    while i > 0 and cache.goes_on[context[i - 1]]:
        i -= 1
    if i == 0:  # longer than the context: no common word is cut into so many pieces
        return True
    key = tuple(context[max(0, i - 2) :])  # the piece before the word too: does a sentence begin?
    got = cache.words_memo.get(key)
    if got is None:
        piece = cache.tok.sp.id_to_piece
        head = _WORD_END.search(piece(int(context[i - 1])))
        text = (head.group(0) if head else "") + "".join(piece(int(t)) for t in context[i:])
        before = piece(int(context[i - 2])).rstrip("\u2581 \"'“”‘’(") if i >= 2 else "."
        capital = text[:1].isupper() and bool(before) and before[-1] not in SENTENCE_END
        got = cache.words_memo[key] = bool(text) and (capital or norm_word(text) not in cache.lexicon.prefixes)
    return got


def check(settings: CacheSection) -> None:
    """ValueError naming what is wrong with a manifest's cache settings."""
    if settings.order < 0 or settings.order > 8 or settings.tokens < 1 or settings.buckets < 1:
        raise ValueError("its order, size or buckets are out of range")
    need = groups(settings.order, settings.buckets, len(settings.sure) + 1, settings.names)
    if len(settings.weights) != need or settings.boundary and len(settings.boundary) != need:
        raise ValueError(f"it has {len(settings.weights)} weights (and {len(settings.boundary)} boundary weights) "
                         f"where order {settings.order}, {settings.buckets} buckets and {len(settings.sure)} "
                         f"sureness thresholds need {need}")
    if settings.boundary and len(settings.sure) != 2:
        raise ValueError("boundary weights need two sureness levels")
    if any(not 0.0 <= w < 1.0 for w in (*settings.weights, *settings.boundary)):
        raise ValueError("its weights must lie between 0 and 1")


# -- the cache's prediction ------------------------------------------------------------------------


class Level(NamedTuple):
    k: int  # context length
    ctx: tuple
    total: int  # how often the context was seen
    share: float  # what each of its counts weighs in the interpolated prediction


class Prediction(NamedTuple):
    levels: list[Level]  # from the unigram up to the longest context matched; empty: nothing seen
    go: float  # the cache's probability that the next piece continues the word
    group: int  # the piece weight's group
    boundary_group: int  # the boundary weight's group


def _row(cache: DocumentCache, k: int, ctx: tuple) -> tuple[np.ndarray, np.ndarray, int, int]:
    """(piece ids, counts, counts of pieces that go on, top count) of a context, remembered until the counts change."""
    key = (k, ctx)
    got = cache.memo.get(key)
    if got is None:
        row = cache.counts[k][ctx]
        idx = np.fromiter(row.keys(), dtype=np.int64, count=len(row))
        counts = np.fromiter(row.values(), dtype=np.float64, count=len(row))
        got = cache.memo[key] = (idx, counts, int(counts[cache.goes_on[idx]].sum()), int(counts.max()))
    return got


def predict(cache: DocumentCache, context) -> Prediction:
    s = cache.settings
    seen = []
    name = in_name(cache, context)
    for k in range(0, min(cache.order, len(context)) + 1):
        ctx = tuple(context[len(context) - k :]) if k else ()
        total = cache.totals[k].get(ctx)
        if not total:
            break
        seen.append((k, ctx, total, len(cache.counts[k][ctx])))
    if not seen:
        return Prediction([], 0.0, 0, 0)
    shares, left = [0.0] * len(seen), 1.0
    for i in range(len(seen) - 1, 0, -1):  # Witten-Bell: a context keeps total / (total + distinct)
        _, _, total, distinct = seen[i]
        shares[i] = left / (total + distinct)
        left *= distinct / (total + distinct)
    shares[0] = left / seen[0][2]
    levels = [Level(k, ctx, total, share) for (k, ctx, total, _), share in zip(seen, shares)]
    go = shares[0] * cache.unigram_goes_on + sum(lv.share * _row(cache, lv.k, lv.ctx)[2] for lv in levels[1:])
    k, ctx, total, _ = seen[-1]
    # how sure the longest context is: of its next piece, and of whether the word goes on
    own_go, top = (cache.unigram_goes_on, int(cache.unigram.max())) if k == 0 else _row(cache, k, ctx)[2:]
    return Prediction(levels, go, weight_group(k, total, sureness(top, total, s.sure), s, name),
                      weight_group(k, total, boundary_sureness(own_go / total), s, name))


# -- mixing ----------------------------------------------------------------------------------------


def mix(cache: DocumentCache, logits: np.ndarray, contexts: list) -> np.ndarray:
    """Log-probabilities [B, V] of the model's logits [B, V] mixed with the cache's predictions after
    each row's context (the token ids just before the token predicted). Every row at once: per row,
    the mixture is A p_LM + C p_cache with one coefficient a class (the word goes on, or ends)."""
    p = logits - logits.max(axis=-1, keepdims=True)  # float32 is precise enough for a mixture
    np.exp(p, out=p)
    total = p.sum(axis=-1, dtype=np.float64)  # p stays unnormalised: the coefficients divide by its sum
    rows = len(contexts)
    pc = np.zeros_like(p)
    a_go, a_end, c_go, c_end = np.ones(rows), np.ones(rows), np.zeros(rows), np.zeros(rows)
    two = len(cache.boundary) > 0
    lm_go = (p @ cache.goes_on_f32).astype(np.float64) / total if two else None
    preds: dict[tuple, Prediction] = {}
    for row, ctx in enumerate(contexts):
        key = tuple(ctx)
        pred = preds.get(key)
        if pred is None:
            pred = preds[key] = predict(cache, ctx)
        if not pred.levels:
            continue
        _fill(cache, pred, pc[row])
        w = cache.weights[pred.group]
        if not two:
            a_go[row] = a_end[row] = 1 - w
            c_go[row] = c_end[row] = w
            continue
        b = cache.boundary[pred.boundary_group]
        go = (1 - b) * lm_go[row] + b * pred.go  # P(the word goes on), mixed
        for cls_share, lm_mass, c_mass, a, c in ((go, lm_go[row], pred.go, a_go, c_go),
                                                 (1 - go, 1 - lm_go[row], 1 - pred.go, a_end, c_end)):
            wc = w if c_mass > 1e-12 else 0.0
            a[row] = cls_share * (1 - wc) / max(lm_mass, 1e-300)
            c[row] = cls_share * wc / max(c_mass, 1e-300)
    a_go, a_end = a_go / total, a_end / total
    if not two:
        a_end, c_end = a_go, c_go  # one coefficient a row
    g = cache.goes_on_f32[None, :]
    f32 = np.float32
    out = p * (a_end.astype(f32)[:, None] + (a_go - a_end).astype(f32)[:, None] * g)
    out += pc * (c_end.astype(f32)[:, None] + (c_go - c_end).astype(f32)[:, None] * g)
    with np.errstate(divide="ignore"):
        return np.log(out, out=out)


def _fill(cache: DocumentCache, p: Prediction, out: np.ndarray) -> None:
    """Write the cache's next-piece distribution [V] into out (zeros)."""
    np.multiply(cache.unigram, p.levels[0].share, out=out, casting="unsafe")
    for lv in p.levels[1:]:
        idx, counts, _, _ = _row(cache, lv.k, lv.ctx)
        out[idx] += lv.share * counts


class Odds(NamedTuple):
    """The cache's view of one token after a context, for scoring text."""

    p: float  # P_cache(token)
    go: float  # P_cache(the next piece continues the word)
    group: int
    boundary_group: int


def probability(cache: DocumentCache, context, token: int) -> Odds:
    pred = predict(cache, context)
    if not pred.levels:
        return Odds(0.0, 0.0, 0, 0)
    p = pred.levels[0].share * cache.unigram[token]
    for lv in pred.levels[1:]:
        p += lv.share * cache.counts[lv.k][lv.ctx].get(token, 0)
    return Odds(float(p), pred.go, pred.group, pred.boundary_group)


class Scored(NamedTuple):
    p: np.ndarray  # the cache's probability of each token before it was read
    go: np.ndarray  # its probability then that the next piece would continue the word
    group: np.ndarray
    boundary_group: np.ndarray


def score(cache: DocumentCache, ids) -> Scored:
    """Read a token stream from the start, one token at a time as a writer writes it: what the cache
    predicted for each token before reading it. How training chooses the weights and benchmarks
    score text."""
    from creagen_desktop.engine.doc_cache import _Chunk

    cache.clear()
    cache.chunks.append(_Chunk(0, 0, 0))  # one chunk for the whole stream: no text is kept
    n = len(ids)
    out = Scored(np.zeros(n), np.zeros(n), np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64))
    for i, t in enumerate(ids):
        if cache.ids:
            o = probability(cache, cache.context(), int(t))
            out.p[i], out.go[i], out.group[i], out.boundary_group[i] = o
        cache.push(int(t))
        cache.chunks[0].tokens += 1
        if len(cache.ids) > cache.settings.tokens:
            cache.popleft(keep_chunk=True)
    cache.clear()
    return out


def mixed_bits(plm: np.ndarray, lm_go: np.ndarray, goes: np.ndarray, s: Scored, w: np.ndarray,
               b: np.ndarray | None) -> float:
    """Total bits of a stream under the mixture: plm the LM's probability of each token, lm_go its
    probability that the piece continues the word, goes whether the token does."""
    wt = w[s.group]
    if b is None or not len(b):
        return float(-np.log((1 - wt) * plm + wt * s.p).sum() / math.log(2))
    bt = b[s.boundary_group]
    lm_cls = np.where(goes, lm_go, 1 - lm_go)
    c_cls = np.where(goes, s.go, 1 - s.go)
    cls = (1 - bt) * lm_cls + bt * c_cls
    wt = np.where(c_cls > 1e-12, wt, 0.0)
    inside = (1 - wt) * plm / np.maximum(lm_cls, 1e-300) + wt * s.p / np.maximum(c_cls, 1e-300)
    return float(-(np.log(cls) + np.log(inside)).sum() / math.log(2))
