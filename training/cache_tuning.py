"""`creagen-train cache PACK --text FILE...`: choose the document cache's settings (engine.doc_cache)
on held-out books and record them in the pack's manifest (lm.cache).

Each text is read in order as one document, the cache starting empty, exactly as the engine reads
what the writer writes. The language model's probability of every token is computed once; then for
each longest context (`order`) and size (`tokens`) of the grid the cache's own probability of every
token is computed, and the mixture weight of each group of contexts (how long a context matched,
how often it was seen) is fitted by EM, the likelihood-maximising weights for a mixture of two fixed
distributions: the boundary weights on whether each token continues its word or ends it, then the
piece weights within that class (engine.cache_mix). The settings kept are the smallest cache within
0.2% of the best bits per character, with the best order at that size.
"""

from __future__ import annotations

import dataclasses
import json
import math
import time
from pathlib import Path

import numpy as np

from creagen_desktop.engine.cache_mix import goes_on, groups, mixed_bits
from creagen_desktop.engine.doc_cache import DocumentCache
from creagen_desktop.pack import MANIFEST, Manifest, ModelPack
from creagen_desktop.pack.format import CacheSection

ORDERS = (2, 3, 4)
SIZES = (5_000, 20_000, 50_000)
BUCKETS = 6
SURE = [0.5, 0.9]
PRIOR = 20.0  # pseudo-positions pulling a rare group's weight toward the overall one
CLOSE = 0.002  # a smaller cache this close to the best (relative) is preferred


def fit_weights(plm: np.ndarray, pc: np.ndarray, group: np.ndarray, n_groups: int, iters: int = 60,
                sets: int = 1) -> np.ndarray:
    """EM for p = (1 - w[g]) plm + w[g] pc, one weight per group; group 0 (nothing seen) keeps weight 0.
    The groups after 0 form `sets` equal sets (the second: inside likely names);
    a rare group's weight is pulled toward its own set's overall weight."""
    seen = group > 0
    per_set = (n_groups - 1) // sets
    set_of = np.concatenate([[0], np.arange(n_groups - 1) // per_set])
    overall = np.full(sets, 0.1)
    w = np.full(n_groups, 0.1)
    for _ in range(iters):
        wp = w[group]
        mix = (1 - wp) * plm + wp * pc
        resp = np.where(seen, wp * pc / np.maximum(mix, 1e-300), 0.0)
        sums = np.bincount(group, weights=resp, minlength=n_groups)
        counts = np.bincount(group, minlength=n_groups)
        set_sums = np.bincount(set_of[1:], weights=sums[1:], minlength=sets)
        set_counts = np.bincount(set_of[1:], weights=counts[1:], minlength=sets)
        overall = np.where(set_counts > 0, set_sums / np.maximum(set_counts, 1), overall)
        w = (sums + PRIOR * overall[set_of]) / (counts + PRIOR)
    w[0] = 0.0
    return np.clip(w, 0.0, 0.99)


def tune(pack: ModelPack, texts: dict[str, str], log=print) -> CacheSection:
    """The best settings over `texts` (name -> text), each read as one document."""
    from creagen_desktop.engine.tokenizer import Tokenizer
    from creagen_desktop.engine.words import load_lexicon
    from training.evaluate import token_probabilities

    tok = Tokenizer.from_pack(pack)
    lexicon = load_lexicon(pack) if "lexicon" in pack.kinds else None
    mask = goes_on(tok)
    scored = {}
    for name, text in texts.items():
        t0 = time.time()
        ids, plm, lm_go = token_probabilities(pack, text, goes_on=mask)
        scored[name] = (ids, plm, lm_go, len(text))
        log(f"{name}: {len(ids):,} tokens scored by the language model ({time.time() - t0:.0f}s)")
    return tune_scored(tok, scored, log, lexicon)


def fit_two_stage(plm, lm_go, goes, s, n_groups: int, sets: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(piece weights, boundary weights) of the two-stage mixture, each fitted by EM on its stage."""
    lm_cls = np.where(goes, lm_go, 1 - lm_go)
    c_cls = np.where(goes, s.go, 1 - s.go)
    b = fit_weights(lm_cls, c_cls, s.boundary_group, n_groups, sets=sets)
    inside = c_cls > 1e-12
    w = fit_weights(plm / np.maximum(lm_cls, 1e-300), np.where(inside, s.p / np.maximum(c_cls, 1e-300), 0.0),
                    np.where(inside, s.group, 0), n_groups, sets=sets)
    return w, b


def tune_scored(tok, scored: dict[str, tuple], log=print, lexicon=None) -> CacheSection:
    """The grid search of `tune`, over texts the LM has scored: name -> (token ids, the LM's
    probability of each, its probability there that the piece continues the word, characters).
    With a lexicon, contexts inside likely names (engine.cache_mix.in_name) get weights of their own."""
    names = lexicon is not None
    sets = 2 if names else 1
    mask = goes_on(tok)
    chars = sum(v[-1] for v in scored.values())
    plm = np.concatenate([v[1] for v in scored.values()])
    lm_go = np.concatenate([v[2] for v in scored.values()])
    goes = mask[np.concatenate([v[0] for v in scored.values()])]
    base = float(-np.log(plm).sum() / math.log(2) / chars)
    grid = []
    for order in ORDERS:
        n_groups = groups(order, BUCKETS, len(SURE) + 1, names)
        for size in SIZES:
            t0 = time.time()
            probe = DocumentCache(tok, CacheSection(order=order, tokens=size, weights=[0.0] * n_groups,
                                                    buckets=BUCKETS, sure=SURE, boundary=[0.0] * n_groups,
                                                    names=names), lexicon)
            parts = [probe.score(v[0]) for v in scored.values()]
            s = type(parts[0])(*(np.concatenate([getattr(p, f) for p in parts]) for f in parts[0]._fields))
            one = fit_weights(plm, s.p, s.group, n_groups, sets=sets)
            w, b = fit_two_stage(plm, lm_go, goes, s, n_groups, sets)
            one_bits = mixed_bits(plm, lm_go, goes, s, one, None) / chars
            two_bits = mixed_bits(plm, lm_go, goes, s, w, b) / chars
            grid.append({"order": order, "tokens": size, "bits_per_char_one_stage": round(one_bits, 4),
                         "bits_per_char": round(two_bits, 4), "weights": w, "boundary": b})
            log(f"order {order}, {size:,} tokens: {two_bits:.4f} bits per character (one stage {one_bits:.4f}; "
                f"without the cache {base:.4f}; {time.time() - t0:.0f}s)")
    best = min(g["bits_per_char"] for g in grid)
    # the smallest size within CLOSE of the best (memory), and at that size the best order
    size = min(g["tokens"] for g in grid if g["bits_per_char"] <= best * (1 + CLOSE))
    pick = min((g for g in grid if g["tokens"] == size), key=lambda g: g["bits_per_char"])
    tuned = {"texts": list(scored), "chars": chars, "bits_per_char_without": round(base, 4),
             "bits_per_char_with": pick["bits_per_char"],
             "grid": [{k: v for k, v in g.items() if k not in ("weights", "boundary")} for g in grid]}
    return CacheSection(order=pick["order"], tokens=pick["tokens"], buckets=BUCKETS, sure=SURE, names=names,
                        weights=[round(float(x), 4) for x in pick["weights"]],
                        boundary=[round(float(x), 4) for x in pick["boundary"]], tuned=tuned)


def record(pack_dir: Path, section: CacheSection) -> Manifest:
    """Write `section` as the pack's lm.cache; the model files and their checksums stay as they are."""
    path = Path(pack_dir) / MANIFEST
    manifest = Manifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    manifest = dataclasses.replace(manifest, lm=dataclasses.replace(manifest.lm, cache=section))
    typed = Manifest.from_dict(manifest.to_dict())  # as the app reads it
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(typed.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return typed
