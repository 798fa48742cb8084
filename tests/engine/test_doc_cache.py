"""The document cache (engine.doc_cache): a name from the document comes back, memory stays bounded,
reading incrementally equals reading afresh, and the mixture is a distribution."""

import random
from collections import Counter

import numpy as np
import pytest

from creagen_desktop.engine.continuation import Continuer
from creagen_desktop.engine.cache_mix import goes_on, groups, mixed_bits, weight_group
from creagen_desktop.engine.doc_cache import DocumentCache, DocumentCaches
from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.sampling import SamplingConfig
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack, ModelPackError
from creagen_desktop.pack.format import CacheSection

STORY = ("Tamberlane walked to the door. The old man looked at Tamberlane in the morning. "
         "Tamberlane opened the box with a smile.\n\nShe looked at the river. My brother found Tamberlane at night. ")
GREEDY = SamplingConfig(n=1, seed=0, temperature=0.0, max_tokens=8)


def settings(order=3, tokens=20_000, weight=0.9) -> CacheSection:
    return CacheSection(order=order, tokens=tokens, weights=[0.0] + [weight] * (groups(order, 6, 3) - 1))


@pytest.fixture(scope="module")
def pack(tiny_pack_dir):
    return ModelPack.load(tiny_pack_dir)


@pytest.fixture(scope="module")
def tok(pack):
    return Tokenizer.from_pack(pack)


def with_cache(pack, section):
    pack.manifest.lm.cache = section
    try:
        return Continuer(pack, device="cpu")
    finally:
        pack.manifest.lm.cache = None


def test_a_name_from_the_document_comes_back_whole(pack, tok):
    """A name the tiny model never saw, cut by its tokenizer into pieces, is offered once its first
    letters are typed: with the cache, and only with it."""
    assert len(tok.sp.encode(" Tamberlane")) >= 3  # pieces, not one token
    cont = with_cache(pack, settings())
    text = STORY + "Then Tam"
    cont.use_document_cache = False
    without = cont.suggest(text, GREEDY, doc="story").candidates
    cont.use_document_cache = True
    with_ = cont.suggest(text, GREEDY, doc="story").candidates
    assert with_[0].startswith("berlane"), with_
    assert not without or not without[0].startswith("berlane"), without


def test_memory_stays_bounded(pack, tok):
    cache = DocumentCache(tok, settings(tokens=500))
    text = ""
    for i in range(60):  # a long document typed on and on
        text += STORY.replace("Tamberlane", f"Name{i}")
        cache.read(text, 0, tok.stable_cut(text))
        assert len(cache.ids) <= 500
        assert cache.size() <= 4 * 500  # each token adds at most one entry per order
        assert len(cache.text) <= 8 * 500
    # what it holds is the document's latest tokens
    assert list(cache.ids) == tok.encode(text[: tok.stable_cut(text)])[-500:]
    # and only a few documents are kept at once
    caches = DocumentCaches(tok, settings(), documents=2)
    for key in ("a", "b", "c"):
        caches.get(key).read(STORY, 0, len(STORY) - 1)
    assert len(caches) == 2 and caches.get("c").ids  # the oldest went; the newest kept its text


def test_reading_incrementally_equals_reading_afresh(pack, tok):
    rng = random.Random(0)
    source = (STORY * 20).replace("Tamberlane", "Tam")
    cache = DocumentCache(tok, settings(order=4))
    doc = source[:300]
    for _ in range(300):  # typing, backspacing, and edits further back, as a writer does
        r = rng.random()
        if r < 0.6:
            doc += source[len(doc) % len(source):][: rng.randint(1, 25)]
        elif r < 0.85:
            doc = doc[: -rng.randint(1, 20)] or "A"
        else:
            at = rng.randint(0, len(doc) - 1)
            doc = doc[:at] + rng.choice(["Tamberlane ", "x", " said she.", "\n\n"]) + doc[at:]
        read = cache.read(doc, 0, tok.stable_cut(doc))
        assert read < len(tok.encode(doc)) or len(doc) < 400  # it reads what changed, not all of it
    fresh = DocumentCache(tok, settings(order=4))
    fresh.read(doc, 0, tok.stable_cut(doc))
    assert list(cache.ids) == list(fresh.ids) == tok.encode(doc[: tok.stable_cut(doc)])
    assert cache.counts == fresh.counts and cache.totals == fresh.totals
    assert cache.text == doc[: tok.stable_cut(doc)]


def test_counts_are_the_documents_n_grams(tok):
    cache = DocumentCache(tok, settings(order=2))
    cache.read(STORY, 0, tok.stable_cut(STORY))
    ids = tok.encode(STORY[: tok.stable_cut(STORY)])
    trigrams = Counter(tuple(ids[i : i + 3]) for i in range(len(ids) - 2))
    held = {ctx + (w,): n for ctx, row in cache.counts[2].items() for w, n in row.items()}
    assert held == dict(trigrams)


def test_the_mixture_is_a_distribution_and_scoring_agrees_with_it(tok):
    cache = DocumentCache(tok, settings(weight=0.5))
    cache.read(STORY, 0, tok.stable_cut(STORY))
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((3, tok.vocab_size)).astype(np.float32)
    contexts = [cache.context(), cache.context(tok.encode(" Tam")), []]
    mixed = cache.mix(logits, contexts)
    assert np.allclose(np.exp(mixed).sum(axis=1), 1.0)
    lm = np.exp(logits[1] - logits[1].max())
    lm /= lm.sum()
    for t in range(tok.vocab_size):  # every token: (1 - w) p_LM + w p_cache
        o = cache.probability(contexts[1], t)
        w = cache.weights[o.group]
        assert np.isclose(np.exp(mixed[1, t]), (1 - w) * lm[t] + w * o.p)
    assert sum(cache.probability(contexts[1], t).p for t in range(tok.vocab_size)) == pytest.approx(1.0)
    # reading a stream token by token gives each token the probability the cache had for it then
    ids = tok.encode(STORY)
    scored = cache.score(ids)
    again = DocumentCache(tok, settings(weight=0.5))
    again.read(STORY[:60], 0, tok.stable_cut(STORY[:60]))
    n = len(again.ids)
    assert scored.p[n] == pytest.approx(again.probability(again.context(), ids[n]).p)
    assert scored.group[0] == 0 and weight_group(-1, 0, 0, cache.settings) == 0


def test_the_two_stage_mixture_says_where_a_word_ends(tok):
    """With boundary weights: P(the word goes on) is mixed first, then the piece within its class."""
    two = CacheSection(order=3, tokens=20_000, weights=[0.0] + [0.5] * (groups(3, 6, 3) - 1),
                       boundary=[0.0] + [0.8] * (groups(3, 6, 3) - 1))
    cache = DocumentCache(tok, two)
    cache.read(STORY, 0, tok.stable_cut(STORY))
    mask = goes_on(tok)
    name = tok.encode(" Tamberlane")
    ctx = cache.context(name)  # the name just written: the cache has always seen it end there
    logits = np.where(mask, 3.0, 0.0)[None, :].astype(np.float32)  # a model sure the word goes on
    p = np.exp(cache.mix(logits, [ctx])[0].astype(np.float64))  # mixed in float32
    assert p.sum() == pytest.approx(1.0, rel=1e-5)
    o = cache.probability(ctx, tok.encode(" walked")[0])
    assert o.go < 0.3 and (o.boundary_group - 1) % 3 == 0  # every piece after the name ended the word: sure
    lm_go = float((np.exp(logits[0]) / np.exp(logits[0]).sum())[mask].sum())
    assert lm_go > 0.9 and p[mask].sum() == pytest.approx((1 - 0.8) * lm_go + 0.8 * o.go, rel=1e-5)  # the cache decides
    # scoring a stream agrees with mixing it, token by token
    ids = np.asarray(tok.encode(STORY), dtype=np.int64)
    rng = np.random.default_rng(1)
    lg = rng.standard_normal((len(ids), tok.vocab_size))
    plm_all = np.exp(lg - lg.max(1, keepdims=True))
    plm_all /= plm_all.sum(1, keepdims=True)
    plm, lm_go_all = plm_all[np.arange(len(ids)), ids], plm_all[:, mask].sum(1)
    scored = cache.score(ids)
    bits = mixed_bits(plm, lm_go_all, mask[ids], scored, cache.weights, cache.boundary)
    probe = DocumentCache(tok, two)
    direct = 0.0
    for i, t in enumerate(ids):
        direct -= np.log(np.exp(probe.mix(lg[i : i + 1], [probe.context()])[0, t]) if probe.ids else plm[i])
        probe.push(int(t))
    assert bits == pytest.approx(direct / np.log(2), rel=1e-5)


def test_the_window_moving_on_keeps_what_was_read_before_it(tok):
    cache = DocumentCache(tok, settings())
    doc = STORY * 30
    for start in range(0, 3000, 700):  # the editor sends text from a start that moves on in steps
        text = doc[start : start + 2500]
        cache.read(text, start, tok.stable_cut(text))
        assert cache.start == 0 and cache.end <= start + len(text)  # it remembers further back than the window
        assert cache.text == doc[: cache.end] and list(cache.ids) == tok.encode(cache.text)
    cache.read(doc[100:900], 100, 700)  # the writer went back up: it holds the document up to the cursor
    assert cache.start == 0 and cache.end <= 800 and cache.text == doc[: cache.end]
    cache.read(doc[5000:6000], 5000, 900)  # a jump far on, past a gap: the window is read afresh
    assert cache.start >= 5000 and cache.text == doc[cache.start : cache.end]


def test_the_engine_keeps_a_cache_a_document(pack, tiny_pack_dir):
    cont = with_cache(pack, settings())
    engine = Engine(pack, cont)
    a = engine.suggest(STORY + "Then Tam", GREEDY, doc=1, start=0)
    engine.suggest("Nothing like it here. Then Tam", GREEDY, doc=2, start=0)
    assert a.candidates[0].startswith("berlane")
    assert len(cont.documents) == 2 and cont.documents.get(1).ids != cont.documents.get(2).ids
    plain = Engine.load(tiny_pack_dir, device="cpu")  # the tiny pack records no cache settings: none is used
    assert plain.continuer.documents is None and plain.suggest("Then Tam", GREEDY, doc=1).candidates is not None


def test_unusable_cache_settings_are_refused_plainly(pack):
    bad = CacheSection(order=3, tokens=100, weights=[0.1, 0.2])
    with pytest.raises(ModelPackError, match="document cache settings .* unusable: it has 2 weights"):
        with_cache(pack, bad)


def two_stage(order=3, weight=0.9, boundary=0.9) -> CacheSection:
    n = groups(order, 6, 3)
    return CacheSection(order=order, tokens=20_000, weights=[0.0] + [weight] * (n - 1),
                        boundary=[0.0] + [boundary] * (n - 1))


@pytest.mark.parametrize("section", [settings(), two_stage()], ids=["one stage", "two stages"])
def test_the_ghost_completes_a_name_from_the_document(pack, tiny_pack_dir, section):
    """Through the ghost's word-by-word search: after its first letters, the name comes back whole,
    as one word that ends there (the lexicon does not know it; the document does)."""
    from creagen_desktop.engine.sampling import GhostConfig
    from creagen_desktop.engine.words import load_lexicon

    cont = with_cache(pack, section)
    engine = Engine(pack, cont, lexicon=load_lexicon(ModelPack.load(tiny_pack_dir)))
    text = STORY + "Then Tam"
    cont.use_document_cache = False
    without = engine.ghost_search.suggest(text, GhostConfig(threshold=0.0), doc="story")
    cont.use_document_cache = True
    ghost = engine.ghost(text, "when fairly sure", doc="story", start=0)  # the default setting
    assert ghost.text.startswith("berlane") and not ghost.text[7:8].isalpha(), ghost
    assert not without.full.startswith("berlane"), without
    assert ghost.units[0][0] == "berlane" and ghost.units[0][1] > 0.3  # the whole name, fairly sure
    # a document cache per document: another document does not know the name
    other = engine.ghost_search.suggest("Nothing like it here. Then Tam", GhostConfig(threshold=0.0), doc="other")
    assert not other.full.startswith("berlane"), other


def names_apart(plain=0.05, names=0.95) -> CacheSection:
    """Weights low for contexts in words the lexicon knows and high inside words it does not."""
    n = groups(3, 6, 3)
    w = [0.0] + [plain] * (n - 1) + [names] * (n - 1)
    return CacheSection(order=3, tokens=20_000, weights=w, boundary=list(w), names=True)


def test_likely_names_have_weights_of_their_own(pack, tiny_pack_dir, tok):
    """With `names`, inside a likely name (no prefix of a lexicon word, or a capital mid-sentence)
    the name set's weights apply, also to whether the word ends; elsewhere the others. Only the
    name set's high weights bring the name back at the default setting."""
    from creagen_desktop.engine.cache_mix import in_name
    from creagen_desktop.engine.words import load_lexicon

    lexicon = load_lexicon(ModelPack.load(tiny_pack_dir))
    assert "tamb" not in lexicon.prefixes and "the" in lexicon.words
    section = names_apart()
    cache = DocumentCache(tok, section, lexicon)
    cache.read(STORY, 0, tok.stable_cut(STORY))
    name = tok.encode(" Tamberlane")
    inside = cache.context(name)  # the whole name is in the context, its first piece too
    assert in_name(cache, inside) and not in_name(cache, cache.context(tok.encode(" the")))
    assert not in_name(cache, cache.context(tok.encode(" the")[:1] + tok.encode(" t")))  # a prefix of known words
    # a capital says "name" mid-sentence, not where a sentence begins
    assert in_name(cache, cache.context(tok.encode(" and The"))) and not in_name(cache, cache.context(tok.encode(". The")))
    half = groups(3, 6, 3) - 1
    o = cache.probability(inside, tok.encode(" walked")[0])
    assert o.group > half and o.boundary_group > half and cache.boundary[o.boundary_group] == 0.95
    after = cache.probability(cache.context(tok.encode(" the")), tok.encode(" old")[0])
    assert 0 < after.group <= half and cache.weights[after.group] == 0.05
    # without a lexicon (or with the setting off) there is one set of weights
    assert not in_name(DocumentCache(tok, section), inside)

    from creagen_desktop.engine.sampling import GhostConfig

    def ghost(sec):
        cont = with_cache(pack, sec)
        engine = Engine(pack, cont, lexicon=lexicon)
        return engine.ghost(STORY + "Then Tam", "when fairly sure", doc="story", start=0)

    low = names_apart(names=0.05)
    assert not ghost(low).text.startswith("berlane")
    g = ghost(section)
    assert g.text.startswith("berlane") and not g.text[7:8].isalpha(), g


def test_each_set_of_weights_is_pulled_toward_its_own_overall_weight():
    """EM with two sets of groups: a rare group inside names is pulled toward the names' weight, not
    toward the weight of all the rest."""
    from training.cache_tuning import fit_weights

    rng = np.random.default_rng(0)
    n_groups = 1 + 2 * 4
    group = np.concatenate([rng.integers(1, 5, 4000), rng.integers(5, 8, 400), [8] * 2])
    names = group >= 5
    pc = np.where(names, 0.9, 0.05)  # inside names the cache is right, elsewhere the model
    plm = np.where(names, 0.01, 0.5)
    w = fit_weights(plm, pc, group, n_groups, sets=2)
    assert w[1:5].max() < 0.2 and w[5:8].min() > 0.8
    assert w[8] > 0.5  # seen twice: the names' overall weight pulls it up
    assert fit_weights(plm, pc, group, n_groups, sets=1)[8] < w[8]
