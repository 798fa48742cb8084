import pytest

pytest.importorskip("torch")

import numpy as np  # noqa: E402

from training.options import resolve  # noqa: E402
from training.train_couplet import baselines, couplet_tokens, train_couplet  # noqa: E402


def pairs(n: int, seed: int):
    """Codes whose second line is a fixed linear function of the first, plus a little noise."""
    rng = np.random.default_rng(seed)
    z1 = rng.standard_normal((n, 8)).astype(np.float32)
    a = np.random.default_rng(99).standard_normal((8, 8)).astype(np.float32) / 3
    return z1, (z1 @ a + 0.05 * rng.standard_normal((n, 8))).astype(np.float32)


def test_the_regressor_beats_both_baselines_on_a_learnable_map(tmp_path):
    cfg = resolve("couplet", {"couplet_steps": 400, "threads": 1, "couplet_eval_every": 1e9, "couplet_hidden": 64, "couplet_batch": 64})
    s = train_couplet(pairs(4000, 1), pairs(500, 2), tmp_path / "c", cfg, quiet=True)
    b = s["baselines"]
    assert s["best_val_mse"] < 0.3 * min(b["identity_mse"], b["prior_mse"])
    assert s["final"]["val_fd"] < 0.5 * min(b["identity_fd"], b["prior_fd"])
    assert s["train_pairs"] == 4000 and s["options"]["max_steps"] == 400
    assert (tmp_path / "c" / "best.pt").exists()


def test_baselines_and_too_few_pairs(tmp_path):
    z1, z2 = pairs(100, 3)
    b = baselines(z1, z1)
    assert b["identity_mse"] == 0.0 and b["prior_mse"] > 1.0
    with pytest.raises(ValueError, match="too few"):
        train_couplet(pairs(10, 4), pairs(10, 5), tmp_path / "c", resolve("couplet", {"couplet_steps": 5}), quiet=True)


def test_couplets_are_cut_from_poems():
    from creagen_desktop.engine.tokenizer import Tokenizer  # noqa: F401  (the real one needs a model)

    class CharTok:
        def encode(self, s):
            return [ord(c) for c in s]

    first, second = couplet_tokens("白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n\n白日依山尽，黄河入海流。", CharTok(), 16)
    assert len(first) == 2 and [len(x) for x in second] == [5, 5]  # the repeated couplet counted once
