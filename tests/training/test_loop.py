import csv
import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training.loop import Budget, lr_at, save_checkpoint  # noqa: E402
from training.options import (  # noqa: E402
    GROUPS,
    GANTrainConfig,
    LMTrainConfig,
    VAETrainConfig,
    record,
)
from training.train_gan import train_gan  # noqa: E402
from training.train_lm import train_lm  # noqa: E402
from training.train_vae import train_vae  # noqa: E402
from training.workdir import RunDir  # noqa: E402

STREAM = (np.tile(np.arange(20), 100) + (np.random.default_rng(0).random(2000) < 0.05)).astype(np.int64) % 20
SENTENCES = [np.array([5 + a, 20, 30, 5 + b, 40], dtype=np.int64) for a in range(8) for b in range(8)]
CODES = (np.random.default_rng(1).standard_normal((200, 4)) * [1.0, 2.0, 0.5, 1.0] + 3.0).astype(np.float32)


def lm_run(out, resume=False, **kw):
    cfg = LMTrainConfig(**{"embed": 8, "hidden": 16, "layers": 1, "dropout": 0.0, "batch": 4, "bptt": 8,
                           "max_minutes": None, "eval_every_s": 1e9, "threads": 1, **kw})
    return cfg, train_lm(STREAM, STREAM[:400], 20, out, cfg, chars_per_token=1.0, resume=resume, quiet=True)


def vae_run(out, small_vae_config, resume=False, **kw):
    shape = {k: getattr(small_vae_config, k) for k in ("embed", "enc_hidden", "dec_hidden", "latent", "dropout")}
    cfg = VAETrainConfig(**{**shape, "batch": 16, "max_minutes": None, "eval_every_s": 1e9, "threads": 1, **kw})
    return cfg, train_vae(SENTENCES, SENTENCES[:16], small_vae_config, out, cfg, resume=resume, quiet=True)


def gan_run(out, resume=False, **kw):
    cfg = GANTrainConfig(noise_dim=4, hidden=16, batch=32, critic_steps=2, max_minutes=None, eval_every_s=1e9,
                         threads=1, **kw)
    return cfg, train_gan(CODES, CODES[:50], out, cfg, resume=resume, quiet=True)


@pytest.fixture(params=["lm", "vae", "gan"])
def kind_and_run(request, small_vae_config):
    kind = request.param
    if kind == "vae":
        return kind, lambda out, **kw: vae_run(out, small_vae_config, **kw)
    return kind, {"lm": lm_run, "gan": gan_run}[kind]


def logged_steps(out) -> list[int]:
    with RunDir(out).metrics.open(newline="") as f:
        return [int(r["step"]) for r in csv.DictReader(f)]


def test_resume_continues_from_the_checkpoint_and_records_what_changed(kind_and_run, tmp_path):
    kind, train = kind_and_run
    _, first = train(tmp_path, max_steps=10)
    cfg, second = train(tmp_path, resume=True, max_steps=16)
    assert (first["steps"], second["steps"]) == (10, 16)
    assert logged_steps(tmp_path) == [10, 16]  # the first run's rows are kept, the second's added
    (resumed,) = second["resumes"]
    assert resumed["step"] == 10 and resumed["changed"] == {"max_steps": [10, 16]}
    assert second["minutes"] >= first["minutes"]  # the budget counts the earlier run's time
    counted = {"lm": ("tokens", 16 * 4 * 8), "vae": ("sentences_seen", 16 * 16), "gan": ("steps", 16)}[kind]
    assert second[counted[0]] == counted[1]
    # every option of the run is in the summary, on disk as returned
    assert second["options"] == record(cfg) and list(second["options"]) == [o.name for o in GROUPS[kind]]
    assert json.loads(RunDir(tmp_path).summary.read_text()) == json.loads(json.dumps(second))
    assert RunDir(tmp_path).best.exists()


def test_a_run_without_resume_starts_over(kind_and_run, tmp_path):
    _, train = kind_and_run
    train(tmp_path, max_steps=10)
    train(tmp_path, resume=True, max_steps=14)
    _, fresh = train(tmp_path, max_steps=6)
    assert fresh["steps"] == 6 and fresh["resumes"] == []
    assert logged_steps(tmp_path) == [6]


def test_resume_without_a_checkpoint_trains_from_the_start(kind_and_run, tmp_path):
    _, train = kind_and_run
    _, s = train(tmp_path, resume=True, max_steps=5)
    assert s["steps"] == 5 and s["resumes"] == []


def test_a_checkpoint_of_an_older_layout_is_refused(kind_and_run, tmp_path):
    _, train = kind_and_run
    save_checkpoint(RunDir(tmp_path).checkpoint, model={}, step=3, elapsed=1.0)
    with pytest.raises(ValueError, match="older creagen-train; train afresh without --resume"):
        train(tmp_path, resume=True, max_steps=5)


def test_a_best_under_another_criterion_is_not_compared(tmp_path, small_vae_config):
    _, first = vae_run(tmp_path, small_vae_config, max_steps=10, free_bits=0.5)
    # no step left: the final model is the first run's, now scored with a higher KL floor (a worse figure)
    _, again = vae_run(tmp_path, small_vae_config, resume=True, max_steps=10, free_bits=1.0)
    assert again["final"]["objective"] > first["best_val_objective"]
    assert again["best_val_objective"] == again["final"]["objective"]  # the old best was not kept
    assert again["resumes"][0]["changed"] == {"free_bits": [0.5, 1.0]} and "1.0 nats/dim" in again["criterion"]


def test_a_resumed_model_keeps_its_shape_and_the_record_says_so(tmp_path, small_vae_config):
    lm_run(tmp_path / "lm", max_steps=5)
    _, s = lm_run(tmp_path / "lm", resume=True, max_steps=8, hidden=24, lr=0.01)
    assert s["model_config"]["hidden"] == s["options"]["hidden"] == 16
    assert s["resumes"][0]["changed"] == {"lr": [0.003, 0.01], "max_steps": [5, 8]}
    vae_run(tmp_path / "vae", small_vae_config, max_steps=5)
    _, s = vae_run(tmp_path / "vae", small_vae_config, resume=True, max_steps=8, latent=16)
    assert s["model_config"]["latent"] == s["options"]["latent"] == small_vae_config.latent


def test_schedule_and_budget():
    assert lr_at(0.0, 1.0) == pytest.approx(0.1) and lr_at(0.02, 1.0) == pytest.approx(1.0)
    assert lr_at(1.0, 1.0) == pytest.approx(0.05)
    with pytest.raises(ValueError):
        Budget()
    b = Budget(max_steps=10)
    assert b.progress(5) == 0.5 and not b.done(9) and b.done(10)
