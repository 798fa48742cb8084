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


def test_codes_drawn_around_the_mean_spread_like_real_second_lines(tmp_path):
    """Where second lines vary a lot for the same first line, the mean code is a blur (its Fréchet
    distance to real ones is large); codes drawn with the residuals' spread are distributed like them."""
    import torch

    from training.train_couplet import load_best_couplet

    def noisy(n, seed):
        z1, z2 = pairs(n, seed)
        return z1, (z2 + 0.8 * np.random.default_rng(seed + 50).standard_normal(z2.shape)).astype(np.float32)

    cfg = resolve("couplet", {"couplet_steps": 400, "threads": 1, "couplet_eval_every": 1e9, "couplet_hidden": 64, "couplet_batch": 64})
    s = train_couplet(noisy(4000, 1), noisy(500, 2), tmp_path / "c", cfg, quiet=True)
    f, b = s["final"], s["baselines"]
    assert f["val_mse"] < min(b["identity_mse"], b["prior_mse"])
    assert f["val_fd_drawn"] < 0.5 * f["val_fd"] and f["val_fd_drawn"] < min(b["identity_fd"], b["prior_fd"])
    model = load_best_couplet(tmp_path / "c")
    # the spread is the residuals': about 0.8 on the diagonal, the map's own noise (0.05) beside it
    assert np.allclose(np.diag(model.spread.numpy()), 0.8, atol=0.15)
    z = torch.zeros(3, 8)
    assert torch.equal(model(z), model(z, torch.zeros(3, 8))) and not torch.equal(model(z), model(z, torch.ones(3, 8)))


def test_the_exported_regressor_matches_torch_with_and_without_noise(tmp_path):
    pytest.importorskip("onnxruntime")
    import onnxruntime as ort

    from training.export import couplet_parity_check, export_couplet
    from training.train_couplet import load_best_couplet

    cfg = resolve("couplet", {"couplet_steps": 50, "threads": 1, "couplet_eval_every": 1e9, "couplet_hidden": 32, "couplet_batch": 64})
    train_couplet(pairs(1000, 1), pairs(100, 2), tmp_path / "c", cfg, quiet=True)
    model = load_best_couplet(tmp_path / "c")
    path = export_couplet(model, tmp_path / "couplet.onnx")
    assert couplet_parity_check(model, path) < 1e-5
    assert [i.name for i in ort.InferenceSession(str(path)).get_inputs()] == ["z", "noise"]


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
