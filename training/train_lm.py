"""Training the recurrent language model by truncated back-propagation through a token stream.

The training text is one continuous stream cut into `batch` parallel lanes; each step reads the
next `bptt` tokens of every lane and carries the recurrent state into the next step (detached),
so the model learns from context longer than one window, as it is used in the editor.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from tqdm import tqdm

from training.loop import (
    Budget,
    MetricsLog,
    load_checkpoint,
    lr_at,
    make_optimizer,
    save_checkpoint,
    seed_everything,
)
from training.models.rnn_lm import RNNLM, LMConfig


@dataclass
class LMTrainConfig:
    cell: str = "gru"
    embed: int = 256
    hidden: int = 512
    layers: int = 2
    dropout: float = 0.2
    tie: bool = True
    optimizer: str = "adamw"
    lr: float = 3e-3
    weight_decay: float = 0.01
    momentum: float = 0.9
    warmup: float = 0.02
    clip: float = 0.5
    batch: int = 32
    bptt: int = 64
    max_minutes: float | None = 60.0
    max_steps: int | None = None
    eval_every_s: float = 120.0
    eval_tokens: int = 100_000
    checkpoint_every_s: float = 300.0
    seed: int = 1337
    threads: int | None = None
    extra: dict = field(default_factory=dict)


def _lanes(ids: np.ndarray, batch: int, offset: int) -> torch.Tensor:
    n = (len(ids) - offset - 1) // batch
    if n < 2:
        raise ValueError("the training text is too short for this batch size; use a smaller --batch")
    return torch.from_numpy(ids[offset : offset + batch * n + 1].copy())


@torch.no_grad()
def evaluate_loss(model: RNNLM, ids: np.ndarray, batch: int = 16, bptt: int = 128) -> float:
    """Mean next-token NLL (nats) over `ids` with carried state, in eval mode."""
    model.eval()
    n = (len(ids) - 1) // batch
    if n < 1:
        batch, n = 1, len(ids) - 1
    x_all = torch.from_numpy(ids[: batch * n]).view(batch, n)
    y_all = torch.from_numpy(ids[1 : batch * n + 1]).view(batch, n)
    state = model.initial_state(batch)
    total, count = 0.0, 0
    for i in range(0, n, bptt):
        logits, state = model(x_all[:, i : i + bptt], state)
        y = y_all[:, i : i + bptt]
        total += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1), reduction="sum").item()
        count += y.numel()
    model.train()
    return total / max(count, 1)


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
    """Train, writing checkpoint.pt, best.pt, metrics.csv and loss.png into out_dir. Returns a summary."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    seed_everything(cfg.seed)
    model_cfg = LMConfig(vocab_size, cfg.cell, cfg.embed, cfg.hidden, cfg.layers, cfg.dropout, cfg.tie)
    ckpt_path = out_dir / "checkpoint.pt"
    ck = load_checkpoint(ckpt_path) if resume and ckpt_path.exists() else None
    if ck is not None:
        saved = LMConfig(**ck["model_config"])
        if saved != model_cfg and not quiet:
            print(f"resuming with the checkpoint's model shape ({saved.cell}, {saved.layers}x{saved.hidden}), not the options given")
        model_cfg = saved
    model = RNNLM(model_cfg)
    opt = make_optimizer(model.parameters(), cfg.optimizer, cfg.lr, cfg.weight_decay, cfg.momentum)
    step, tokens_seen, elapsed_before, best_val = 0, 0, 0.0, math.inf
    best_path = out_dir / "best.pt"
    log = MetricsLog(out_dir / "metrics.csv", ["step", "elapsed_s", "tokens", "lr", "train_loss", "val_loss", "val_bpc"])
    if ck is not None:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        step, tokens_seen, elapsed_before, best_val = ck["step"], ck["tokens"], ck["elapsed"], ck["best_val"]
        torch.set_rng_state(ck["torch_rng"])
        if not quiet:
            print(f"resumed at step {step} after {elapsed_before / 60:.1f} min")
    elif not resume and log.path.exists():
        log.path.unlink()
        log.rows = []

    budget = Budget(cfg.max_minutes, cfg.max_steps, elapsed_before)
    rng = np.random.default_rng(cfg.seed + step)
    model.train()

    def new_epoch():
        data = _lanes(train_ids, cfg.batch, int(rng.integers(0, cfg.bptt)))
        return data, (len(data) - 1) // cfg.batch

    data, lane_len = new_epoch()
    lanes_x = data[:-1].view(cfg.batch, lane_len)
    lanes_y = data[1:].view(cfg.batch, lane_len)
    pos = (step * cfg.bptt) % max(lane_len - 1, 1)
    state = model.initial_state(cfg.batch)
    last_eval = last_ckpt = budget.elapsed
    smooth = None
    t_window, tok_window = time.monotonic(), 0

    def do_eval() -> tuple[float, float]:
        v = evaluate_loss(model, val_ids[: cfg.eval_tokens])
        return v, v / math.log(2) / chars_per_token

    def checkpoint():
        save_checkpoint(
            ckpt_path,
            model=model.state_dict(),
            optimizer=opt.state_dict(),
            step=step,
            tokens=tokens_seen,
            elapsed=budget.elapsed,
            best_val=best_val,
            torch_rng=torch.get_rng_state(),
            model_config=model_cfg.to_dict(),
            train_config=cfg.__dict__,
        )

    bar = budget.bar(step, quiet)
    while not budget.done(step):
        if pos + cfg.bptt > lane_len:
            data, lane_len = new_epoch()
            lanes_x = data[:-1].view(cfg.batch, lane_len)
            lanes_y = data[1:].view(cfg.batch, lane_len)
            pos, state = 0, model.initial_state(cfg.batch)
        x = lanes_x[:, pos : pos + cfg.bptt]
        y = lanes_y[:, pos : pos + cfg.bptt]
        pos += cfg.bptt
        lr = lr_at(budget.progress(step), cfg.lr, cfg.warmup)
        for g in opt.param_groups:
            g["lr"] = lr
        logits, state = model(x, state.detach())
        loss = F.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if cfg.clip:
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        step += 1
        tokens_seen += y.numel()
        tok_window += y.numel()
        smooth = loss.item() if smooth is None else 0.98 * smooth + 0.02 * loss.item()
        now = time.monotonic()
        if now - t_window > 2:
            bar.note(f"loss {smooth:.3f} | {tok_window / (now - t_window):,.0f} tok/s | lr {lr:.2e}")
            t_window, tok_window = now, 0
        bar.tick()
        if budget.elapsed - last_eval >= cfg.eval_every_s:
            v, bpc = do_eval()
            log.add(step=step, elapsed_s=round(budget.elapsed, 1), tokens=tokens_seen, lr=lr, train_loss=smooth, val_loss=v, val_bpc=bpc)
            if not quiet:
                tqdm.write(f"step {step}: train {smooth:.3f}  val {v:.3f} nats/token  ~{bpc:.3f} bits/char")
            if v < best_val:
                best_val = v
                torch.save({"model": model.state_dict(), "model_config": model_cfg.to_dict()}, best_path)
            last_eval = budget.elapsed
        if budget.elapsed - last_ckpt >= cfg.checkpoint_every_s:
            checkpoint()
            last_ckpt = budget.elapsed
    bar.close()
    v, bpc = do_eval()
    log.add(step=step, elapsed_s=round(budget.elapsed, 1), tokens=tokens_seen, lr=lr_at(1.0, cfg.lr, cfg.warmup), train_loss=smooth, val_loss=v, val_bpc=bpc)
    if v <= best_val:
        best_val = v
        torch.save({"model": model.state_dict(), "model_config": model_cfg.to_dict()}, best_path)
    checkpoint()
    log.plot(out_dir / "loss.png", "elapsed_s", ["train_loss", "val_loss"], "language model")
    summary = {
        "steps": step,
        "tokens": tokens_seen,
        "minutes": round(budget.elapsed / 60, 2),
        "params": model.num_params(),
        "best_val_loss": best_val,
        "model_config": model_cfg.to_dict(),
    }
    (out_dir / "train_summary.json").write_text(json.dumps(summary, indent=2))
    return summary


def load_best(out_dir: Path) -> RNNLM:
    ck = torch.load(Path(out_dir) / "best.pt", map_location="cpu", weights_only=False)
    model = RNNLM(LMConfig(**ck["model_config"]))
    model.load_state_dict(ck["model"])
    model.eval()
    return model
