"""Training the recurrent language model by truncated back-propagation through a token stream.

The training text is one continuous stream cut into `batch` parallel lanes; each step reads the
next `bptt` tokens of every lane and carries the recurrent state into the next step (detached),
so the model learns from context longer than one window, as it is used in the editor.

Under torchrun the stream is cut into batch x world-size lanes and each rank reads its own `batch`
of them: a contiguous shard of the stream (not a random sampler: the state is carried along a
lane). The state is the trainer's, never a module buffer, so DDP neither broadcasts nor averages it.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from training.loop import Evaluation, Trainer, load_best, make_optimizer, run
from training.models.rnn_lm import RNNLM, LMConfig
from training.options import LMTrainConfig


def _lanes(ids: np.ndarray, batch: int, offset: int) -> torch.Tensor:
    n = (len(ids) - offset - 1) // batch
    if n < 2:
        raise ValueError(f"the training text is too short for {batch} lanes (--batch times the number of processes); "
                         "use a smaller --batch")
    return torch.from_numpy(ids[offset : offset + batch * n + 1].copy())


@torch.no_grad()
def evaluate_loss(model: RNNLM, ids: np.ndarray, batch: int = 16, bptt: int = 128, device=None) -> float:
    """Mean next-token NLL (nats) over `ids` with carried state, in eval mode (on the model's device)."""
    model.eval()
    n = (len(ids) - 1) // batch
    if n < 1:
        batch, n = 1, len(ids) - 1
    x_all = torch.from_numpy(ids[: batch * n]).view(batch, n).to(device)
    y_all = torch.from_numpy(ids[1 : batch * n + 1]).view(batch, n).to(device)
    state = model.initial_state(batch, device)
    total, count = 0.0, 0
    for i in range(0, n, bptt):
        logits, state = model(x_all[:, i : i + bptt], state)
        y = y_all[:, i : i + bptt]
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum").item()
        count += y.numel()
    model.train()
    return total / max(count, 1)


class LMTrainer(Trainer):
    title = "language model"
    fields = ["tokens", "lr", "train_loss", "val_loss", "val_bpc"]
    plot_ys = ["train_loss", "val_loss"]
    criterion = "validation nats/token"
    unit = "tok"

    def __init__(self, train_ids, val_ids, model_cfg: LMConfig, cfg: LMTrainConfig, chars_per_token: float):
        super().__init__(cfg)
        self.train_ids, self.val_ids, self.chars_per_token = train_ids, val_ids, chars_per_token
        self.model_config = model_cfg
        self.model = RNNLM(model_cfg)
        self.opt = make_optimizer(self.model.parameters(), cfg.optimizer, cfg.lr, cfg.weight_decay, cfg.momentum)
        self.optimizers = [self.opt]
        self.tokens = 0
        self.smooth = None

    def place(self, device, wrap) -> None:
        self.net = wrap(self.model.to(device))

    def _new_epoch(self) -> None:
        c = self.cfg
        lanes = c.batch * self.world.size  # every rank cuts the stream alike (same offset) and keeps its lanes
        data = _lanes(self.train_ids, lanes, int(self.rng.integers(0, c.bptt)))
        self.lane_len = (len(data) - 1) // lanes
        mine = self.world.lanes(c.batch)
        self.lanes_x = data[:-1].view(lanes, self.lane_len)[mine].to(self.device)
        self.lanes_y = data[1:].view(lanes, self.lane_len)[mine].to(self.device)

    def start(self, step: int) -> None:
        self.rng = np.random.default_rng(self.cfg.seed + step)
        self.model.train()
        self._new_epoch()
        self.pos = (step * self.cfg.bptt) % max(self.lane_len - 1, 1)
        self.hidden = self.model.initial_state(self.cfg.batch, self.device)

    def train_step(self, progress: float) -> int:
        c = self.cfg
        if self.pos + c.bptt > self.lane_len:
            self._new_epoch()
            self.pos, self.hidden = 0, self.model.initial_state(c.batch, self.device)
        x = self.lanes_x[:, self.pos : self.pos + c.bptt]
        y = self.lanes_y[:, self.pos : self.pos + c.bptt]
        self.pos += c.bptt
        with self.precision.autocast():
            logits, self.hidden = self.net(x, self.hidden.detach())
            loss = F.cross_entropy(logits.reshape(-1, self.model_config.vocab_size).float(), y.reshape(-1))
        self.precision.update(loss, self.opt, self.model.parameters(), c.clip)
        (value,) = self.world.mean(loss.item())  # every rank's lanes are the same size: the global batch's loss
        n = y.numel() * self.world.size
        self.tokens += n
        self.smooth = value if self.smooth is None else 0.98 * self.smooth + 0.02 * value
        return n

    def note(self, rate: float) -> str:
        return f"loss {self.smooth:.3f} | {rate:,.0f} tok/s | lr {self.lr:.2e}"

    def evaluate(self, final: bool) -> Evaluation:
        v = evaluate_loss(self.model, self.val_ids[: self.cfg.eval_tokens], device=self.device)
        bpc = v / math.log(2) / self.chars_per_token
        train = "-" if self.smooth is None else f"{self.smooth:.3f}"
        return Evaluation(v, {"tokens": self.tokens, "lr": self.lr, "train_loss": self.smooth, "val_loss": v,
                              "val_bpc": bpc}, f"train {train}  val {v:.3f} nats/token  ~{bpc:.3f} bits/char")

    def best_state(self) -> dict:
        return {"model": self.model.state_dict(), "model_config": self.model_config.to_dict()}

    def state(self) -> dict:
        return {"model": self.model.state_dict(), "optimizer": self.opt.state_dict(), "tokens": self.tokens}

    def load_state(self, state: dict) -> None:
        self.model.load_state_dict(state["model"])
        self.opt.load_state_dict(state["optimizer"])
        self.tokens = state["tokens"]

    def num_params(self) -> int:
        return self.model.num_params()

    def summary(self, best: float, final: Evaluation) -> dict:
        return {"tokens": self.tokens, "best_val_loss": best}


def train_lm(
    train_ids: np.ndarray,
    val_ids: np.ndarray,
    vocab_size: int,
    out_dir: Path,
    cfg: LMTrainConfig,
    chars_per_token: float,
    resume: bool = False,
    quiet: bool = False,
) -> dict:
    """Train (training.loop.run: checkpoint.pt, best.pt, metrics.csv, loss.png, train_summary.json). Returns the summary."""
    model_cfg = LMConfig(vocab_size, cfg.cell, cfg.embed, cfg.hidden, cfg.layers, cfg.dropout, cfg.tie)

    def build(saved: dict | None) -> LMTrainer:
        if saved is None or LMConfig(**saved) == model_cfg:
            return LMTrainer(train_ids, val_ids, model_cfg, cfg, chars_per_token)
        shape = LMConfig(**saved)
        if not quiet:
            print(f"resuming with the checkpoint's model shape ({shape.cell}, {shape.layers}x{shape.hidden}), "
                  "not the options given")
        kept = dataclasses.replace(cfg, cell=shape.cell, embed=shape.embed, hidden=shape.hidden, layers=shape.layers,
                                   dropout=shape.dropout, tie=shape.tie)
        return LMTrainer(train_ids, val_ids, shape, kept, chars_per_token)

    return run(build, out_dir, cfg, resume, quiet)


def load_best_lm(out_dir: Path) -> RNNLM:
    return load_best(out_dir, RNNLM, LMConfig)
