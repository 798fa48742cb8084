"""Alternatives at a word from the tiny pack's language model."""

import numpy as np
import pytest

from creagen_desktop.engine.alternatives import next_words
from creagen_desktop.engine.cancel import Cancelled
from creagen_desktop.engine.engine import Engine


@pytest.fixture(scope="module")
def engine(tiny_pack_dir):
    return Engine.load(tiny_pack_dir, device="cpu")


def test_alternatives_are_words_with_probabilities_most_likely_first(engine):
    out = engine.alternatives("The old man walked down to the ", 8)
    assert 1 <= len(out) <= 8
    words, probs = zip(*out)
    assert all(w and w == w.strip() and any(c.isalpha() for c in w) for w in words)
    assert len(set(words)) == len(words)
    assert all(0 < p <= 1 for p in probs) and list(probs) == sorted(probs, reverse=True) and sum(probs) <= 1 + 1e-6
    assert engine.alternatives("The old man", 3) and len(engine.alternatives("The old man", 3)) <= 3
    assert engine.alternatives("x", 0) == []


def test_the_first_piece_probabilities_match_the_models_own(engine):
    """The probability of a one-piece word is the model's softmax for that piece."""
    tok, lm = engine.continuer.tok, engine.continuer.lm
    text = "She opened the door and "
    ids = tok.encode("\n\n") + tok.encode(text.rstrip(" "))
    logits, _ = lm.run(np.asarray([ids]), lm.initial_state())
    z = logits[0, -1].astype(np.float64)
    probs = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    out = dict(next_words(tok, lm, text, 8))
    top = int(probs.argmax())
    word = tok.surface[top].strip()
    if tok.surface[top].startswith(" ") and word.isalpha() and word in out:
        assert out[word] <= probs[top] + 1e-9  # completed words never gain probability


def test_a_long_text_reads_a_bounded_window_and_shutdown_stops_it(engine):
    assert engine.alternatives("It was a long day. " * 5000 + "She ", 5)
    from creagen_desktop.engine.cancel import StopFlag

    flag = StopFlag()
    flag.set()
    with pytest.raises(Cancelled):
        next_words(engine.continuer.tok, engine.continuer.lm, "She walked to the ", 5, flag)
