import numpy as np
import pytest

from creagen_desktop.engine.continuation import Continuer
from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.sampling import SamplingConfig
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack

DOC = (
    "The old man walked to the door. She looked at the river in the morning.\n\n"
    "My brother opened the box with a smile. The captain left the ship again. "
) * 6


@pytest.fixture(scope="module")
def pack(tiny_pack_dir):
    return ModelPack.load(tiny_pack_dir)


def _full_state(cont: Continuer, text: str):
    """Reference: read text[:cut] from scratch, the same way a fresh window does."""
    fresh = Continuer(cont.pack, device="cpu", window_chars=10**9)
    cut = fresh.tok.stable_cut(text)
    state, logits, _ = fresh._state_for(text, cut)
    return state, logits


def test_tokenizer_round_trips_and_cuts_at_whitespace(pack):
    tok = Tokenizer.from_pack(pack)
    text = "Hello  there,\n\n\tsaid the old man — “quietly”. 你好 "
    assert tok.decode(tok.encode(text)) == text
    cut = tok.stable_cut(DOC + "walk")
    assert tok.encode(DOC[:cut]) + tok.encode((DOC + "walk")[cut:]) == tok.encode(DOC + "walk")


def test_incremental_state_equals_full_recompute(pack):
    cont = Continuer(pack, device="cpu", window_chars=10**9)
    text = ""
    # type the document in bursts, with a backspace edit and an edit further back on the way
    for i in range(0, len(DOC), 37):
        text = DOC[: i + 37]
        cut = cont.tok.stable_cut(text)
        state, logits, fed = cont._state_for(text, cut)
        ref_state, ref_logits = _full_state(cont, text)
        assert np.allclose(state, ref_state, atol=1e-5)
        assert np.allclose(logits, ref_logits, atol=1e-4)
    edited = text[:100] + "XYZ " + text[104:]
    state, logits, fed = cont._state_for(edited, cont.tok.stable_cut(edited))
    ref_state, _ = _full_state(cont, edited)
    assert np.allclose(state, ref_state, atol=1e-5)
    assert fed < len(cont.tok.encode(edited))  # it rolled back to a checkpoint, not to the start


def test_keystroke_costs_only_new_tokens(pack):
    cont = Continuer(pack, device="cpu")
    long_doc = DOC * 40  # ~17 KB
    first = cont.suggest(long_doc, SamplingConfig(seed=0))
    assert first.fed_tokens <= len(cont.tok.encode(long_doc[-cont.window_chars - 200 :]))  # bounded window
    second = cont.suggest(long_doc + "The old", SamplingConfig(seed=0))
    # the new text " The old" is all that is read (the last space of long_doc is re-read with it)
    assert second.fed_tokens <= len(cont.tok.encode(" The old"))


def test_suggestions_are_distinct_text_and_seeded(pack):
    engine = Engine.load(pack.path)
    cfg = SamplingConfig(n=3, max_tokens=12, seed=3)
    a = engine.suggest("The old man walked to the", cfg)
    b = engine.suggest("The old man walked to the", cfg)
    assert a.candidates == b.candidates
    assert 1 <= len(a.candidates) <= 3
    assert len(set(a.candidates)) == len(a.candidates)
    assert all(c.strip() and "\n" not in c for c in a.candidates)
    greedy = SamplingConfig(n=2, top_k=1, seed=None)
    g1 = engine.suggest("She looked at", greedy).candidates
    g2 = engine.suggest("She looked at", SamplingConfig(n=2, top_k=1, seed=99)).candidates
    assert g1 == g2 and len(g1) == 1  # top-k 1 gives one deterministic candidate


def test_partial_word_is_healed(pack):
    cont = Continuer(pack, device="cpu")
    text = "The old man walked to the riv"
    cands = cont.suggest(text, SamplingConfig(n=3, seed=1, max_tokens=6)).candidates
    assert cands
    # the healed piece is not repeated in the suggestion
    assert not any(c.startswith("riv") for c in cands)


def test_empty_document_still_suggests(pack):
    assert Continuer(pack, device="cpu").suggest("", SamplingConfig(seed=0)).candidates
