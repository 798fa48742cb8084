"""The tokenizer's pieces as the ghost's search sees them, and what one model call tells it."""

import numpy as np
import pytest

from creagen_desktop.engine.pieces import CLASSES, PieceTables, Step, column
from creagen_desktop.engine.tokenizer import Tokenizer
from creagen_desktop.engine.words import PUNCT, WORD


@pytest.fixture(scope="module")
def tok(tiny_pack_dir):
    return Tokenizer(tiny_pack_dir / "tokenizer.model")


@pytest.fixture(scope="module")
def tables(tok):
    return PieceTables(tok)


def test_the_pieces_that_spell_a_typed_prefix(tok, tables):
    mask, mask_f, partial = tables.covering(" ri")
    cover = np.flatnonzero(mask)
    assert cover.size and all(tok.surface[t].startswith(" ri") for t in cover) and mask_f.sum() == cover.size
    assert {tok.surface[t] for t in partial} <= {" ", " r"} and partial  # " r" then "i", or " " then "ri"
    assert not any(tables.banned[t] for t in cover)


def test_which_pieces_end_a_unit(tok, tables):
    after_word = tables.ends[:, column(WORD)]
    after_punct = tables.ends[:, column(PUNCT)]
    ids = {s: i for i, s in enumerate(tok.surface) if s}
    assert after_word[ids[" door"]] and after_word[ids["."]] and not after_word[ids["the"]]
    assert after_punct[ids[" door"]] and after_punct[ids["the"]] and not after_punct[ids["."]]
    assert after_word[tok.newline_id] and tables.banned[tok.newline_id]  # it ends a unit; the ghost never writes it
    assert len(CLASSES) == tables.ends.shape[1]


def test_a_step_gives_normalised_probabilities(tok, tables):
    rng = np.random.default_rng(0)
    logits = rng.standard_normal((2, tok.vocab_size)).astype(np.float32) * 3
    step = Step(logits, np.zeros((1, 2, 4), np.float32), tables, top=8)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    for r in range(2):
        ids, lps = step.top(r)
        assert len(ids) == 8 and not tables.banned[ids].any()
        assert np.allclose(np.exp(lps), p[r, ids], rtol=1e-4)
        assert list(ids) == sorted(ids, key=lambda i: -logits[r, i])
        best_allowed = max((i for i in range(tok.vocab_size) if not tables.banned[i]), key=lambda i: logits[r, i])
        assert ids[0] == best_allowed
        for c in CLASSES:
            assert np.isclose(np.exp(step.log_end(r, column(c))), p[r, tables.ends[:, column(c)]].sum(), rtol=1e-4)
    ids, lps = step.starting(0, WORD, 4)
    assert all(tables.starts[WORD][i] for i in ids) and np.allclose(np.exp(lps), p[0, ids], rtol=1e-4)
    assert np.isclose(step.mass(0, tables.ends_f[column(WORD)]), np.exp(step.log_end(0, column(WORD))), rtol=1e-4)
    one = step.row(1)  # a row on its own says the same
    assert all(np.isclose(one.log_end(0, column(c)), step.log_end(1, column(c))) for c in CLASSES) and np.array_equal(one.top(0)[0], step.top(1)[0])
