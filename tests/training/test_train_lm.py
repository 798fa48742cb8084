import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.models.rnn_lm import RNNLM, LMConfig  # noqa: E402
from training.options import LMTrainConfig  # noqa: E402
from training.train_lm import evaluate_loss, train_lm  # noqa: E402


def test_training_lowers_loss_and_resume_continues(tmp_path):
    rng = np.random.default_rng(0)
    # a learnable stream: a repeating pattern with a little noise
    ids = np.tile(np.arange(20), 400) + (rng.random(8000) < 0.05)
    ids = ids.astype(np.int64) % 20
    cfg = LMTrainConfig(embed=16, hidden=32, layers=1, dropout=0.0, batch=8, bptt=16, max_steps=60, lr=0.02,
                        max_minutes=None, eval_every_s=1e9, threads=1)
    untrained = evaluate_loss(RNNLM(LMConfig(20, embed=16, hidden=32, layers=1, dropout=0.0)), ids[:2000])
    s1 = train_lm(ids, ids[:2000], 20, tmp_path, cfg, chars_per_token=1.0, quiet=True)
    assert s1["best_val_loss"] < untrained - 1.0
    assert (tmp_path / "metrics.csv").exists() and (tmp_path / "loss.png").stat().st_size > 1000
    cfg.max_steps = 90
    s2 = train_lm(ids, ids[:2000], 20, tmp_path, cfg, chars_per_token=1.0, resume=True, quiet=True)
    assert s2["steps"] == 90 and s2["tokens"] == 90 * 8 * 16
