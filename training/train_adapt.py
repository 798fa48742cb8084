"""Training a pack's models further on a writer's own text, without forgetting what they knew.

The guard against forgetting is twofold: a small learning rate, and after every step a pull of
each weight toward the base model's value (decoupled like AdamW's weight decay, but toward the base
instead of toward zero: L2-SP). The writer's held-out text is scored at every validation and the
run stops early once it has not improved for `patience` validations; the best model is the one kept.

The sentence VAE is adapted in its decoder only: the encoder and the shared embedding stay the
base's, so every sentence keeps its code and the base pack's sparks generator still fits the
latent space it was trained on.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import torch

from training.loop import Evaluation, Report, run
from training.models.rnn_lm import RNNLM
from training.models.text_vae import TextVAE
from training.options import AdaptOptions, VAETrainConfig
from training.train_lm import LMTrainer
from training.train_vae import VAETrainer


class Anchor:
    """The base model's weights, and the pull of a model's trainable weights toward them."""

    def __init__(self, model: torch.nn.Module):
        self.base = {n: p.detach().clone() for n, p in model.named_parameters() if p.requires_grad}
        self.params = {n: p for n, p in model.named_parameters() if p.requires_grad}

    @torch.no_grad()
    def pull(self, lr: float, strength: float) -> None:
        if strength <= 0:
            return
        for name, p in self.params.items():
            p.lerp_(self.base[name], min(1.0, lr * strength))  # p += w (base - p), exactly base at w = 1

    @torch.no_grad()
    def distance(self) -> float:
        """Root of the summed squared differences from the base (how far the model has moved)."""
        return math.sqrt(sum(float(((p - self.base[n]) ** 2).sum()) for n, p in self.params.items()))


class EarlyStop:
    """Counts validations without a new best; `stop` once there were `patience` of them."""

    def __init__(self, patience: int):
        self.patience = patience
        self.best = math.inf
        self.bad = 0
        self.stopped_at: int | None = None  # the step it stopped at

    def see(self, score: float, step: int) -> None:
        if score < self.best - 1e-6:
            self.best, self.bad = score, 0
        else:
            self.bad += 1
            if self.patience and self.bad >= self.patience and self.stopped_at is None:
                self.stopped_at = step

    @property
    def stop(self) -> bool:
        return self.stopped_at is not None

    def state(self) -> dict:
        return {"best": self.best, "bad": self.bad, "stopped_at": self.stopped_at}

    def load(self, state: dict) -> None:
        self.best, self.bad, self.stopped_at = state["best"], state["bad"], state["stopped_at"]


def spread(ids: np.ndarray, n: int, pieces: int = 8) -> np.ndarray:
    """At most n tokens of ids, as `pieces` runs spread evenly over it (a validation that sees the
    whole held-out text at a fraction of its cost: on a busy CPU, scoring all of it every half
    minute would take half the budget)."""
    if len(ids) <= n:
        return ids
    size = n // pieces
    starts = np.linspace(0, len(ids) - size, pieces).astype(int)
    return np.concatenate([ids[s : s + size] for s in starts])


class Adapting:
    """What both adapted trainers add to their base trainer: a pull toward the base weights after
    each step and early stopping on the held-out score. Set up with adapting(patience, pull) once the model holds the base weights."""

    def adapting(self, patience: int, pull: float) -> None:
        self.anchor = Anchor(self.model)
        self.early = EarlyStop(patience)
        self.pull = pull
        self.steps_done = 0

    def train_step(self, progress: float) -> int:
        n = super().train_step(progress)
        self.anchor.pull(self.lr, self.pull)
        self.steps_done += 1
        return n

    def evaluate(self, final: bool) -> Evaluation:
        e = super().evaluate(final)
        if not final:
            self.early.see(e.score, self.steps_done)
        return e

    def finished(self) -> bool:
        return self.early.stop

    def state(self) -> dict:
        return {**super().state(), "early": self.early.state(), "steps_done": self.steps_done}

    def load_state(self, state: dict) -> None:
        super().load_state(state)
        self.early.load(state["early"])
        self.steps_done = state["steps_done"]

    def summary(self, best: float, final: Evaluation) -> dict:
        return {**super().summary(best, final), "stopped_early_at": self.early.stopped_at}


class AdaptLMTrainer(Adapting, LMTrainer):
    """The LM trainer started from the base pack's weights, pulled toward them, stopping early."""

    title = "language model, adapted"
    fields = [*LMTrainer.fields, "moved"]

    def __init__(self, train_ids, val_ids, base: RNNLM, cfg: AdaptOptions, chars_per_token: float):
        super().__init__(train_ids, spread(val_ids, cfg.eval_tokens), base.cfg, cfg, chars_per_token)
        self.model.load_state_dict(base.state_dict())  # in place: the optimiser keeps its parameters
        self.adapting(cfg.patience, cfg.pull)

    def evaluate(self, final: bool) -> Evaluation:
        e = super().evaluate(final)
        e.row["moved"] = round(self.anchor.distance(), 4)
        return e

    def summary(self, best: float, final: Evaluation) -> dict:
        return {**super().summary(best, final), "moved": final.row["moved"]}


def adapt_lm(train_ids: np.ndarray, val_ids: np.ndarray, base: RNNLM, out_dir: Path, cfg: AdaptOptions,
             chars_per_token: float, resume: bool = False, quiet: bool = False, report: Report | None = None) -> dict:
    """Train the base LM further (training.loop.run's files in out_dir); returns the summary."""
    if cfg.dropout != base.cfg.dropout:
        from dataclasses import replace

        shaped = RNNLM(replace(base.cfg, dropout=cfg.dropout))
        shaped.load_state_dict(base.state_dict())
        base = shaped

    def build(saved: dict | None) -> AdaptLMTrainer:
        return AdaptLMTrainer(train_ids, val_ids, base, cfg, chars_per_token)

    return run(build, out_dir, cfg, resume, quiet, report)


# -- the sentence VAE ------------------------------------------------------------------------------

FROZEN = ("embed.", "encoder.", "to_stats.")  # what keeps every sentence's code where the GAN learned it


class AdaptVAETrainer(Adapting, VAETrainer):
    title = "sentence VAE decoder, adapted"

    def __init__(self, train_seqs, val_seqs, base: TextVAE, cfg: VAETrainConfig, adapt: AdaptOptions):
        super().__init__(train_seqs, val_seqs, base.cfg, cfg)
        self.model.load_state_dict(base.state_dict())
        for name, p in self.model.named_parameters():
            p.requires_grad_(not name.startswith(FROZEN))
        self.adapting(adapt.patience, adapt.pull)

    def summary(self, best: float, final: Evaluation) -> dict:
        return {**super().summary(best, final), "frozen": [f.rstrip(".") for f in FROZEN]}


def vae_config_for(base_options: dict, adapt: AdaptOptions) -> VAETrainConfig:
    """The VAE run's options: the base VAE's own (word dropout, free bits, sentence length, batch),
    with the adaptation's learning rate, its share of the budget and its cadence; the KL weight is
    constant (the codes do not move, so there is nothing to anneal)."""
    known = {f for f in VAETrainConfig.__dataclass_fields__}
    kept = {k: v for k, v in base_options.items() if k in known}
    minutes = adapt.max_minutes * adapt.vae_share if adapt.max_minutes else None
    steps = max(1, round(adapt.max_steps * adapt.vae_share)) if adapt.max_steps else None
    return VAETrainConfig(**{**kept, "lr": adapt.lr, "kl_schedule": "constant", "max_minutes": minutes,
                             "max_steps": steps, "eval_every_s": adapt.eval_every_s, "seed": adapt.seed,
                             "threads": adapt.threads, "checkpoint_every_s": adapt.checkpoint_every_s,
                             "warmup": adapt.warmup})


def adapt_vae(train_seqs, val_seqs, base: TextVAE, out_dir: Path, cfg: VAETrainConfig, adapt: AdaptOptions,
              resume: bool = False, quiet: bool = False, report: Report | None = None) -> dict:
    if not train_seqs or not val_seqs:
        raise ValueError("the writer's text has too few sentences for the VAE (give more text, or leave out --vae)")

    def build(saved: dict | None) -> AdaptVAETrainer:
        return AdaptVAETrainer(train_seqs, val_seqs, base, cfg, adapt)

    return run(build, out_dir, cfg, resume, quiet, report)
