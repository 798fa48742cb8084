import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.losses import sequence_nll  # noqa: E402
from training.models.text_vae import TextVAE  # noqa: E402
from training.options import VAETrainConfig  # noqa: E402
from training.train_vae import make_batch, train_vae  # noqa: E402


def test_training_lowers_the_reconstruction_loss(tmp_path, small_vae_config):
    rng = np.random.default_rng(0)
    # sentences that differ only in which two "words" they hold: z must carry them
    seqs = [np.array([5 + a, 20, 30, 5 + b, 40], dtype=np.int64) for a in range(8) for b in range(8) for _ in range(2)]
    rng.shuffle(seqs)
    cfg = VAETrainConfig(max_minutes=None, max_steps=150, batch=16, lr=0.01, eval_every_s=1e9, word_dropout=0.3,
                         free_bits=0.5, kl_schedule="linear", threads=1)
    model_cfg = small_vae_config
    summary = train_vae(seqs, seqs[:32], model_cfg, tmp_path, cfg, quiet=True)
    rows = (tmp_path / "metrics.csv").read_text().splitlines()
    assert len(rows) >= 2 and (tmp_path / "best.pt").exists() and (tmp_path / "loss.png").exists()
    untrained = TextVAE(model_cfg).eval()
    b = make_batch(seqs[:32], model_cfg)
    with torch.no_grad():
        mean, _ = untrained.encode(b["x"], b["lengths"])
        before = sequence_nll(untrained.decode(mean, b["dec_in"], untrained.initial_state(mean))[0], b["target"], 0).mean()
    assert summary["final"]["rec_per_sentence"] < 0.5 * before.item()


def test_training_resumes_from_its_checkpoint(tmp_path, small_vae_config):
    seqs = [np.array([5 + a, 20, 30, 5 + b, 40], dtype=np.int64) for a in range(8) for b in range(8)]
    cfg = VAETrainConfig(max_minutes=None, max_steps=20, batch=16, eval_every_s=1e9, threads=1)
    first = train_vae(seqs, seqs[:16], small_vae_config, tmp_path, cfg, quiet=True)
    cfg.max_steps = 35
    second = train_vae(seqs, seqs[:16], small_vae_config, tmp_path, cfg, resume=True, quiet=True)
    assert (first["steps"], second["steps"]) == (20, 35)
    assert second["sentences_seen"] == 35 * 16
