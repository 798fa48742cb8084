import numpy as np
import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.latent import LatentEditor, interpolate
from creagen_desktop.engine.vae import SentenceVAE
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.pack import ModelPack, ModelPackError

ONE = "The old man walked to the river in the morning."
TWO = "The old man walked to the door. Mary opened the red house at night."


@pytest.fixture(scope="module")
def vae(tiny_pack_dir):
    pack = ModelPack.load(tiny_pack_dir)
    return SentenceVAE(pack, Tokenizer.from_pack(pack), device="cpu")


@pytest.fixture(scope="module")
def editor(vae):
    return LatentEditor(vae)


def test_variations_are_reproducible_distinct_and_new(editor):
    a = editor.variations(ONE, n=5, seed=3)
    assert a == editor.variations(ONE, n=5, seed=3)
    assert 1 <= len(a) <= 5 and len(set(a)) == len(a) and ONE not in a
    assert editor.variations(ONE, n=5, seed=4) != a


def test_more_creativity_moves_further_from_the_sentence(editor, vae):
    tok = vae.tok

    def distance(c):
        mean, _ = vae.encode([ONE])
        out = editor.variations(ONE, n=5, creativity=c, seed=1)
        z, _ = vae.encode(out)
        return float(np.linalg.norm(z - mean, axis=1).mean())

    assert tok.encode(ONE)
    assert distance(2.5) > distance(0.3)


def test_cursor_varies_only_the_sentence_there(editor):
    cursor = TWO.index("Mary") + 2
    out = editor.variations(TWO, n=3, seed=2, cursor=cursor)
    assert out
    for v in out:
        assert v.startswith("The old man walked to the door. ")  # the other sentence and the space kept


def test_passage_of_two_sentences_varies_each(editor):
    out = editor.variations(TWO, n=3, seed=5)
    assert out and all(v != TWO for v in out)


def test_a_blend_starts_at_a_ends_at_b_and_its_steps_differ(editor):
    b = "Mary opened the red house at night."
    path = editor.blend(ONE, b, steps=8)
    assert len(path) == 8 and path[0] == ONE and path[-1] == b  # the writer's own text, exactly
    assert len(set(path)) >= 7  # at least N-1 distinct lines
    assert editor.blend(ONE, b, steps=8) == path  # the same passages give the same blend
    lerp = editor.blend(ONE, b, steps=4, path="lerp")
    assert len(lerp) == 4 and lerp[0] == ONE and lerp[-1] == b
    assert editor.blend(ONE, b, steps=2) == [ONE, b]


def test_blend_pairs_sentences_and_keeps_extra_ones_on_their_side(editor):
    path = editor.blend(TWO, ONE, steps=6)
    assert path[0] == TWO and path[-1] == ONE
    # TWO's second sentence ("Mary opened ...") has no partner in ONE: decoded from its own code, it
    # stays in the first half of the path and is gone from the second
    assert "Mary" in path[1] and "Mary" not in path[-2]


def test_blend_needs_text_and_two_steps(editor):
    with pytest.raises(ValueError, match="Both passages need some text"):
        editor.blend("", ONE)
    with pytest.raises(ValueError, match="Both passages need some text"):
        editor.blend(ONE, "  \n ")
    with pytest.raises(ValueError):
        editor.blend(ONE, ONE, steps=1)


def test_creativity_zero_gives_the_closest_reconstructions_never_nothing(editor):
    out = editor.variations(ONE, n=5, creativity=0, seed=1)
    assert 1 <= len(out) <= 5 and len(set(out)) == len(out) and ONE not in out
    assert out == editor.variations(ONE, n=5, creativity=0, seed=2)  # no noise: the seed does not matter


def test_empty_text_is_refused_plainly(editor):
    for text in ("", "   ", "\n\n"):
        with pytest.raises(ValueError, match="no text to vary"):
            editor.variations(text)


def test_a_variation_keeps_the_passages_own_ending(editor):
    """A selection without its full stop gets rewrites without one (no "days.." in the document)."""
    bare = "The old man walked to the river in the morning"
    for v in editor.variations(bare, n=5, seed=1):
        assert not v.rstrip().endswith((".", "!", "?")), v
    asked = "  The old man walked to the river?  "
    for v in editor.variations(asked, n=5, seed=1):
        assert v.startswith("  ") and v.endswith("?  "), repr(v)  # its spacing too


def test_keep_ending():
    from creagen_desktop.engine.latent import keep_ending

    assert keep_ending("He slept for three nights.", "He had not eaten for three days") == "He slept for three nights"
    assert keep_ending("Go away.", "Come here!") == "Go away!"
    assert keep_ending("“Go away.”", "“Come here!”") == "“Go away!”"
    assert keep_ending("She left", "He came.") == "She left."


def test_variations_and_blends_write_only_known_words(tiny_pack_dir):
    from creagen_desktop.engine.words import KnownWords, words_of

    engine = Engine.load(tiny_pack_dir, device="cpu")
    known = KnownWords(engine.lexicon)
    for c in (0.0, 1.0, 2.5):
        for v in engine.variations(ONE, n=5, creativity=c, seed=3):
            assert all(known.word_ok(w) for w in words_of(v)), v
    for step in engine.blend(ONE, "Mary opened the red house at night.", steps=8):
        assert all(known.word_ok(w) for w in words_of(step)), step


def test_interpolation_paths():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(16).astype(np.float32), rng.standard_normal(16).astype(np.float32)
    t = np.linspace(0, 1, 5)
    for path in ("lerp", "slerp"):
        pts = interpolate(a, b, t, path)
        assert np.allclose(pts[0], a, atol=1e-5) and np.allclose(pts[-1], b, atol=1e-5)
    b_same_norm = b / np.linalg.norm(b) * np.linalg.norm(a)
    norms = np.linalg.norm(interpolate(a, b_same_norm, t, "slerp"), axis=1)
    assert np.allclose(norms, np.linalg.norm(a), rtol=1e-4)  # a great circle, not a chord through the middle
    assert np.linalg.norm(interpolate(a, -a, np.array([0.5]), "lerp")) < 1e-5


def test_engine_without_vae_explains(pack_variant):
    dst = pack_variant("lm-only", lambda m: m.update(kinds=["lm"]))
    engine = Engine.load(dst, device="cpu")
    with pytest.raises(ModelPackError, match="no model for variations"):
        engine.variations(ONE)
