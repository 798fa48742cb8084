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


def test_drawn_candidates_spell_only_known_words(pack):
    from creagen_desktop.engine.words import KnownWords, load_lexicon, words_of

    cont = Continuer(pack, device="cpu")
    known = KnownWords(load_lexicon(pack))
    cfg = SamplingConfig(n=8, seed=3, temperature=1.6, top_k=0, top_p=1.0, max_tokens=12)
    free = [w for t in ("The old man walked to the ", "The old man walked to the ri")
            for c in cont.suggest(t, cfg).candidates for w in words_of(t[-2:] + c) if not known.word_ok(w)]
    assert free  # drawn hot and free, this small model spells words of its own...
    for text in ("The old man walked to the ", "The old man walked to the ri"):
        for c in cont.suggest(text, cfg, known).candidates:  # ...held to the lexicon, it does not
            assert known.text_ok(text.split()[-1] + c if not text.endswith(" ") else c), (text, c)


def test_a_newline_before_the_cursor_is_read_and_not_typed(pack):
    cont = Continuer(pack, device="cpu")
    p = cont.prefix_state("The old man walked to the river.\nThe")
    assert p.typed == "The" and p.fed > 0
    assert cont.prefix_state("The old man walked to the river. Th").typed == " Th"


def test_the_cache_reads_what_the_memo_already_holds_without_the_model(pack):
    cont = Continuer(pack, device="cpu")
    p = cont.prefix_state("The old man walked to the")
    ids = cont.tok.encode(" the")  # the stable cut is before " the"
    out, st = cont.lm.run(np.asarray([ids]), p.state)
    cont.memo.put((p.key, tuple(ids)), st[:, 0], out[0, -1])
    calls = cont.lm.calls
    q = cont.prefix_state("The old man walked to the ")  # the cut moves past " the": remembered
    assert cont.lm.calls == calls and q.fed == 0
    assert np.allclose(q.logits, out[0, -1])


def test_every_drawn_distribution_passes_the_mixer(pack):
    cont = Continuer(pack, device="cpu")
    door = cont.tok.encode(" door")[0]
    seen = []

    class Door:
        def mix(self, logits, document, generated):
            seen.append(len(generated))
            out = logits.copy()
            out[:, door] += 50.0
            return out

    cont.mixer = Door()
    got = cont.suggest("She opened the", SamplingConfig(n=2, seed=1, max_tokens=2)).candidates
    assert got == [" door"] and seen and set(seen) == {2}  # both rows drew " door" ("the" healed, then the door)
