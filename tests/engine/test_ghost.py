"""The ghost: the most likely continuation, cut where the model stops being sure, in known words."""

import numpy as np
import pytest

from creagen_desktop.engine.continuation import Continuer
from creagen_desktop.engine.ghost import GhostSearch
from creagen_desktop.engine.sampling import SUGGEST, GhostConfig
from creagen_desktop.engine.words import Lexicon, load_lexicon
from creagen_desktop.pack import ModelPack

TEXT = "The old man walked to the"
ALL = GhostConfig(threshold=0.0)  # every unit found, to cut at any threshold afterwards


@pytest.fixture
def cont(tiny_pack_dir):
    return Continuer(ModelPack.load(tiny_pack_dir), device="cpu")


@pytest.fixture
def search(cont, tiny_pack_dir):
    return GhostSearch(cont, load_lexicon(ModelPack.load(tiny_pack_dir)))


def p_of(ghost, unit):
    return next(p for u, p in ghost.units if u == unit)


def test_mid_word_the_ghost_completes_the_word(search):
    g = search.suggest(TEXT + " ri")
    assert g.text.startswith("ver") and g.units[0][0] == "ver"  # "ri" -> "river": what was typed is not repeated


def test_the_first_word_is_conditioned_on_what_was_typed(search):
    """P(river | typed " ri") >= P(river | typed " r") >= P(river | typed " "): each typed letter rules
    out other words, never this one (the search divides by P(what was typed), over every spelling)."""
    at_space = p_of(search.suggest(TEXT + " ", ALL), "river")
    after_r = p_of(search.suggest(TEXT + " r", ALL), "iver")
    after_ri = p_of(search.suggest(TEXT + " ri", ALL), "ver")
    assert at_space <= after_r + 1e-6 <= after_ri + 2e-6 and after_ri <= 1.0


def test_the_ghost_is_cut_before_the_first_unsure_word(search):
    g = search.suggest(TEXT + " ", ALL)
    assert g.units  # found, but...
    for name, threshold in SUGGEST.items():
        cut = g.cut(threshold)
        kept = []
        for u, p in g.units:
            if p < threshold:
                break
            kept.append(u)
        assert cut == "".join(kept).rstrip(), name
    assert search.suggest(TEXT + " ", GhostConfig(threshold=0.3)).text == g.cut(0.3)
    unsure = GhostConfig(threshold=0.999)
    assert search.suggest(TEXT + " ", unsure).text == ""  # nothing is that sure: nothing shows


def test_only_known_words_are_spelled(cont):
    words = load_lexicon(ModelPack.load(cont.pack.path)).words
    without_river = GhostSearch(cont, Lexicon(words - {"river"}))
    g = without_river.suggest(TEXT + " ri", ALL)
    assert not any("river" in u for u, _ in g.units)
    # the writer's own words are known: a river in the document may flow again
    g = without_river.suggest("The river was wide. " + TEXT + " ri", ALL)
    assert g.units and g.units[0][0] == "ver"


def test_the_next_keystroke_reuses_the_searchs_states(search, cont):
    g = search.suggest(TEXT + " r")
    assert g.model_calls > 0
    assert search.suggest(TEXT + " r").model_calls == 0  # asked again: all remembered
    again = search.suggest(TEXT + " ri")  # typing the letter the search already read
    assert again.model_calls < g.model_calls and cont.memo.hits > 0


def test_a_mixed_in_distribution_reaches_the_ghost(search, cont):
    """The seam for a per-document next-token distribution (a cache of the writer's text)."""
    door = cont.tok.encode(" door")
    assert len(door) == 1
    seen = []

    class Door:
        def mix(self, logits, document, generated):
            seen.append((document, generated))
            out = logits.copy()
            out[:, door[0]] += 50.0
            return out

    cont.mixer = Door()
    g = search.suggest(TEXT + " ", ALL)
    assert g.units[0][0] == "door" and g.units[0][1] > 0.9
    assert seen and all(d == TEXT for d, _ in seen) and seen[0][1] == [()]


def test_where_the_tokenizer_cuts_anywhere_the_ghost_still_works(search, cont, monkeypatch):
    """A character-level tokenizer's stable cut is any position: nothing is left to spell."""
    monkeypatch.setattr(cont.tok, "stable_cut", lambda text, max_tail=64: len(text))
    g = search.suggest(TEXT + " ri", ALL)
    assert g.units and not g.full.startswith(" ri")


def test_after_a_newline_the_ghost_starts_the_line(search):
    g = search.suggest("The old man walked to the river.\nThe", ALL)
    assert not g.full.startswith("\n") and "\n" not in g.full


def test_timing_figures_add_up(search, cont):
    cont.lm.record = []
    g = search.suggest("Mary opened the red house at ")
    assert g.model_calls == len(cont.lm.record) and 0 <= g.model_ms <= g.latency_ms
    assert np.isfinite(g.latency_ms)


def test_a_long_run_of_one_letter_costs_little(search, cont):
    # 100,000 x 'a': the writer's "word" is not known (too long to be one), and the typed tail's
    # spellings are bounded, so the search reads a few pieces instead of thousands of spellings
    text = "a" * 100_000
    calls = cont.lm.calls
    g = search.suggest(text, ALL)
    assert g.text == ""
    assert cont.lm.calls - calls < 200
    assert not search.known_words(text).word_ok("a" * 100_000)
