import numpy as np
import pytest

from creagen_desktop.engine.sampling import (
    SamplingConfig,
    apply_repetition_penalty,
    filter_top_p,
    sample_next,
    softmax,
)


def _logits(rows=3, vocab=50, seed=0):
    return np.random.default_rng(seed).normal(size=(rows, vocab)) * 3


def test_top_k_one_is_deterministic_argmax():
    logits = _logits()
    cfg = SamplingConfig(top_k=1, temperature=1.0, repetition_penalty=1.0)
    for seed in range(5):
        got = sample_next(logits, cfg, np.random.default_rng(seed))
        assert (got == logits.argmax(-1)).all()


def test_seed_reproduces_and_different_seeds_differ():
    logits = _logits(rows=8, vocab=200)
    cfg = SamplingConfig(temperature=1.5, top_k=0, top_p=1.0, repetition_penalty=1.0)
    a = [sample_next(logits, cfg, np.random.default_rng(7)) for _ in range(2)]
    assert (a[0] == a[1]).all()
    draws = {tuple(sample_next(logits, cfg, np.random.default_rng(s))) for s in range(10)}
    assert len(draws) > 1


def test_top_p_keeps_smallest_set_reaching_mass():
    probs = np.array([[0.5, 0.3, 0.15, 0.05]])
    out = filter_top_p(probs, 0.8)
    # 0.5 + 0.3 reaches 0.8: exactly the first two stay, renormalised
    assert np.allclose(out, [[0.625, 0.375, 0.0, 0.0]])
    out = filter_top_p(probs, 0.81)
    assert (out[0, :3] > 0).all() and out[0, 3] == 0
    assert np.allclose(filter_top_p(probs, 0.01), [[1, 0, 0, 0]])  # the top token always stays


def test_top_p_sampling_never_draws_outside_the_nucleus():
    logits = np.log(np.array([[0.6, 0.25, 0.1, 0.05]]))
    cfg = SamplingConfig(temperature=1.0, top_k=0, top_p=0.8, repetition_penalty=1.0)
    rng = np.random.default_rng(0)
    draws = np.array([sample_next(logits, cfg, rng)[0] for _ in range(2000)])
    assert set(draws) == {0, 1}
    assert abs((draws == 0).mean() - 0.6 / 0.85) < 0.04


def test_top_k_draws_only_among_the_k_best():
    logits = np.array([[1.0, 5.0, 3.0, 4.0, 0.5]])
    cfg = SamplingConfig(temperature=5.0, top_k=2, top_p=1.0, repetition_penalty=1.0)
    rng = np.random.default_rng(0)
    draws = {int(sample_next(logits, cfg, rng)[0]) for _ in range(300)}
    assert draws == {1, 3}


def test_repetition_penalty_lowers_seen_tokens():
    logits = np.array([[2.0, -1.0, 0.5]])
    out = apply_repetition_penalty(logits, [np.array([0, 1])], 2.0)
    assert out[0, 0] == 1.0 and out[0, 1] == -2.0 and out[0, 2] == 0.5
    p_before, p_after = softmax(logits)[0], softmax(out)[0]
    assert p_after[0] < p_before[0] and p_after[1] < p_before[1]


def test_allowed_mask_restricts_choice():
    logits = _logits(rows=4, vocab=30)
    allowed = np.zeros(30, dtype=bool)
    allowed[[3, 17]] = True
    got = sample_next(logits, SamplingConfig(temperature=2.0), np.random.default_rng(0), allowed=allowed)
    assert set(got) <= {3, 17}


def test_invalid_config_is_refused():
    with pytest.raises(ValueError):
        SamplingConfig(top_p=0).validate()
    with pytest.raises(ValueError):
        SamplingConfig(n=0).validate()
