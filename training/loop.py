"""The one run skeleton every trainer shares: budget, resume, evaluation and checkpoint cadence,
progress bar, metrics.csv and its plot, best.pt, and train_summary.json.

A model brings a Trainer (its batches, its losses, its evaluation); `run` does the rest. The
learning-rate schedule runs on the fraction of the budget used, measured in wall time when the
run is limited by minutes, so a 10-minute run and a 2-hour run both finish their cosine decay
exactly at the deadline. Every run records every option it ran with (and what a resume changed).

Under torchrun (training.distributed) every process runs the same loop on its rows of the global
batch: the ranks agree on the budget used before each step (so they take the same steps and the
same learning rate, and stop together), DDP averages the gradients, and rank 0 alone evaluates,
writes checkpoints, metrics, the plot and the summary, and shows the progress bar. A checkpoint
holds no rank's own state, so `--resume` works with any number of processes.
"""

from __future__ import annotations

import csv
import json
import math
import os
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm

from training.budget import Budget
from training.devices import Precision, choose_device, choose_precision, describe
from training.distributed import World, world
from training.options import DEVICE, PRECISION, record
from training.workdir import RunDir

CHECKPOINT_FORMAT = 2  # 1: before the shared loop (each trainer had its own layout)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def make_optimizer(params, name: str, lr: float, weight_decay: float = 0.0, momentum: float = 0.9, betas=(0.9, 0.999)):
    name = name.lower()
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=momentum > 0, weight_decay=weight_decay)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=tuple(betas), weight_decay=weight_decay)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=tuple(betas), weight_decay=weight_decay)
    raise ValueError(f"unknown optimiser {name!r} (choose sgd, adam or adamw)")


def lr_at(progress: float, base_lr: float, warmup: float = 0.02, min_ratio: float = 0.05) -> float:
    """Linear warm-up over the first `warmup` of the run, then cosine decay to min_ratio * base_lr."""
    progress = min(max(progress, 0.0), 1.0)
    if progress < warmup:
        return base_lr * (0.1 + 0.9 * progress / warmup)
    t = (progress - warmup) / max(1e-9, 1 - warmup)
    return base_lr * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * t)))


class MetricsLog:
    """Appends rows to a CSV file and redraws a loss-curve PNG from it."""

    def __init__(self, path: Path, fields: list[str]):
        self.path = Path(path)
        self.fields = fields
        self.rows: list[dict] = []
        if self.path.exists():
            with self.path.open(newline="") as f:
                self.rows = list(csv.DictReader(f))

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
        self.rows = []

    def add(self, **row) -> None:
        self.rows.append(row)
        new = not self.path.exists()
        with self.path.open("a", newline="") as f:
            w = csv.DictWriter(f, fieldnames=self.fields, extrasaction="ignore")
            if new:
                w.writeheader()
            w.writerow(row)

    def plot(self, png: Path, x: str, ys: list[str], title: str, ylabel: str = "loss (nats/token)") -> None:
        """Draw the curves; a failure only prints a note (a plot must never cost a finished run)."""
        try:
            self._plot(png, x, ys, title, ylabel)
        except Exception as exc:
            print(f"note: could not draw {Path(png).name} ({exc})")

    def _plot(self, png: Path, x: str, ys: list[str], title: str, ylabel: str) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 4), dpi=100)
        for y in ys:
            pts = [(float(r[x]), float(r[y])) for r in self.rows if r.get(y) not in (None, "")]
            if pts:
                ax.plot(*zip(*pts), label=y, marker="." if len(pts) < 50 else None)
        ax.set_xlabel(x)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(png)
        plt.close(fig)


def save_checkpoint(path: Path, **state) -> None:
    """Write atomically so a kill during saving never leaves a broken checkpoint."""
    path = Path(path)
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_checkpoint(path: Path) -> dict:
    return torch.load(path, map_location="cpu", weights_only=False)


# -- the run ---------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    score: float  # lower is better; the best candidate is kept as best.pt
    row: dict  # the metrics.csv columns it measured
    message: str  # one line for the log
    candidate: bool = True  # may this model become best.pt?
    figures: dict = field(default_factory=dict)  # for the summary


class Trainer:
    """What a model brings to `run`: one optimisation step, an evaluation and its state.

    `run` sets the learning rate of every optimiser before each step; `lr` holds the last one set.
    `cfg` is the options it trains with (recorded with the run). Before `start`, `run` sets `world`
    (this process's rank among how many), `device` and `precision`, and calls `place`. A step
    trains on this rank's rows of the global batch (`world.lanes`, `world.rows`) and draws its
    randomness for the whole global batch, keeping its rows, so that N processes compute what one
    process with the global batch would.
    """

    title = ""  # of the loss plot
    fields: list[str] = []  # metrics.csv columns after step and elapsed_s
    plot_ys: list[str] = []
    ylabel = "loss (nats/token)"
    criterion = ""  # what best means; a checkpoint's best under another criterion is not compared
    unit = ""  # what train_step counts for the speed shown on the bar ("tok", "sent"); "" for none
    autocast = True  # does --precision apply (False: always fp32)

    def __init__(self, cfg):
        self.cfg = cfg
        self.optimizers: list[torch.optim.Optimizer] = []
        self.lr = 0.0
        self.model_config = None  # the model's shape: a dataclass with to_dict(), recorded with the run
        self.world = World()
        self.device = torch.device("cpu")
        self.precision = Precision("fp32", self.device)

    def place(self, device: torch.device, wrap) -> None:
        """Move the models (and the tensors steps read) onto `device`, and keep `wrap(module)` of each
        module that trains for the training passes (DDP across processes; the module itself in a world
        of one). Evaluation and saving use the modules themselves."""
        raise NotImplementedError

    def finished(self) -> bool:
        """True to end the run before its budget (early stopping); checked before every step. Under
        torchrun rank 0's answer, made from its evaluations, holds for every rank."""
        return False

    def global_batch(self) -> int:
        """What one step trains on, summed over the ranks (in the unit of cfg.batch)."""
        return self.cfg.batch * self.world.size

    def start(self, step: int) -> None:
        """Prepare the data order for a run that begins (or resumes) at `step`."""

    def train_step(self, progress: float) -> int:
        """One optimisation step at `progress` (0..1) of the budget; returns the items the global batch
        trained on."""
        raise NotImplementedError

    def note(self, rate: float) -> str:
        """The progress bar's note; `rate` is items a second."""
        raise NotImplementedError

    def evaluate(self, final: bool) -> Evaluation:
        raise NotImplementedError

    def best_state(self) -> dict:
        """What best.pt holds (the model and its config: what load_best reads)."""
        raise NotImplementedError

    def state(self) -> dict:
        """Everything a resumed run needs besides what `run` keeps (weights, optimisers, counters)."""
        raise NotImplementedError

    def load_state(self, state: dict) -> None:
        raise NotImplementedError

    def num_params(self) -> int:
        raise NotImplementedError

    def summary(self, best: float, final: Evaluation) -> dict:
        """The model's own figures for train_summary.json."""
        raise NotImplementedError


def _changes(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _rank_seed(seed: int, rank: int, step: int) -> int:
    """The torch seed of a rank other than 0 (its dropout masks are its own, not rank 0's)."""
    return int(np.random.SeedSequence([seed, rank, step]).generate_state(1)[0])


def run(build, out_dir: Path, cfg, resume: bool = False, quiet: bool = False) -> dict:
    """Train the Trainer that `build(saved_model_config or None)` makes, under cfg's budget and cadence.

    Writes checkpoint.pt, best.pt, metrics.csv, loss.png and train_summary.json into out_dir and
    returns the summary. With resume, continues from out_dir's checkpoint when there is one.
    Under torchrun every rank calls it; rank 0 writes, and every rank returns the summary.
    """
    w = world()
    main = w.main
    quiet = quiet or not main
    rd = RunDir(Path(out_dir))
    if cfg.threads:
        torch.set_num_threads(cfg.threads)
    # a trainer whose options lack a device or precision trains where their defaults say
    device = choose_device(getattr(cfg, "device", DEVICE.default), w.local_rank)
    seed_everything(cfg.seed)  # the same initial weights on every rank
    # rank 0's checkpoint, handed to every rank: on several nodes only rank 0's folder has the latest
    ck = w.share(load_checkpoint(rd.checkpoint) if main and resume and rd.checkpoint.exists() else None)
    if ck is not None and ck.get("format") != CHECKPOINT_FORMAT:
        raise ValueError(f"{rd.checkpoint} was written by an older creagen-train; train afresh without --resume")
    trainer: Trainer = build(ck["model_config"] if ck is not None else None)
    trainer.world, trainer.device = w, device
    precision = getattr(cfg, "precision", PRECISION.default) if trainer.autocast else "fp32"
    trainer.precision = Precision(choose_precision(precision, device), device)
    trainer.place(device, lambda module: w.wrap(module, device))
    options = record(trainer.cfg)  # what really runs: a resumed model keeps its checkpoint's shape
    log = MetricsLog(rd.metrics, ["step", "elapsed_s", *trainer.fields]) if main else None
    step, elapsed_before, best, resumes = 0, 0.0, math.inf, []
    if ck is not None:
        trainer.load_state(ck["state"])
        step, elapsed_before = ck["step"], ck["elapsed"]
        # a best figure measured by another criterion (e.g. other free bits) cannot be compared
        best = ck["best"] if ck["criterion"] == trainer.criterion else math.inf
        resumes = ck["resumes"] + [{"step": step, "minutes": round(elapsed_before / 60, 2), "world_size": w.size,
                                    "changed": _changes(ck["options"], options)}]
        if main:
            torch.set_rng_state(ck["torch_rng"])
        if not quiet:
            print(f"resumed at step {step} after {elapsed_before / 60:.1f} min")
    elif not resume and main:
        log.clear()
    if not main:
        torch.manual_seed(_rank_seed(cfg.seed, w.rank, step))
    if main:
        rd.path.mkdir(parents=True, exist_ok=True)

    trainer.start(step)
    budget = Budget(cfg.max_minutes, cfg.max_steps, elapsed_before)
    trainer.lr = cfg.lr

    def evaluate(final: bool = False) -> Evaluation:
        nonlocal best
        e = trainer.evaluate(final)
        log.add(step=step, elapsed_s=round(budget.elapsed, 1), **e.row)
        if not quiet:
            tqdm.write(f"step {step}: {e.message}")
        if e.candidate and e.score < best:
            best = e.score
            torch.save(trainer.best_state(), rd.best)
        return e

    def checkpoint(elapsed: float | None = None) -> None:
        save_checkpoint(rd.checkpoint, format=CHECKPOINT_FORMAT, state=trainer.state(), step=step,
                        elapsed=budget.elapsed if elapsed is None else elapsed, best=best, criterion=trainer.criterion,
                        torch_rng=torch.get_rng_state(), model_config=trainer.model_config.to_dict(), options=options,
                        resumes=resumes, world_size=w.size)

    last_eval = last_ckpt = budget.elapsed
    t_window, n_window = time.monotonic(), 0
    bar = budget.bar(step, quiet)
    while True:
        progress = math.inf if trainer.finished() else budget.progress(step)
        # one clock for all ranks (the same learning rate, the same last step), and rank 0's verdict
        # on stopping early (only rank 0 evaluates)
        progress = w.most(progress)
        if progress >= 1.0:
            break
        trainer.lr = lr_at(progress, cfg.lr, cfg.warmup)
        for opt in trainer.optimizers:
            for group in opt.param_groups:
                group["lr"] = trainer.lr
        n_window += trainer.train_step(progress)
        step += 1
        if not main:
            continue
        now = time.monotonic()
        if now - t_window > 2:
            bar.note(trainer.note(n_window / (now - t_window)))
            t_window, n_window = now, 0
        bar.tick()
        # rank 0 alone evaluates and saves; the others wait for it at the next step's collectives
        if budget.elapsed - last_eval >= cfg.eval_every_s:
            evaluate()
            last_eval = budget.elapsed
        if budget.elapsed - last_ckpt >= cfg.checkpoint_every_s:
            checkpoint()
            last_ckpt = budget.elapsed
    bar.close()
    summary = None
    if main:
        final = evaluate(final=True)
        elapsed = budget.elapsed  # what a resumed run starts from (drawing the plot is not training)
        checkpoint(elapsed)
        log.plot(rd.plot, "elapsed_s", trainer.plot_ys, trainer.title, trainer.ylabel)
        summary = {
            "steps": step,
            "minutes": round(elapsed / 60, 2),
            "params": trainer.num_params(),
            **trainer.summary(best, final),
            "world_size": w.size,
            "global_batch": trainer.global_batch(),
            "device": describe(device),
            "precision": trainer.precision.name,
            "model_config": trainer.model_config.to_dict(),
            "options": options,
            "resumes": resumes,
        }
        rd.summary.write_text(json.dumps(summary, indent=2))
    return w.share(summary)


def load_best(out_dir: Path, model_class, config_class, key: str = "model") -> torch.nn.Module:
    """The best model of a run folder, in eval mode."""
    ck = torch.load(RunDir(Path(out_dir)).best, map_location="cpu", weights_only=False)
    model = model_class(config_class(**ck["model_config"]))
    model.load_state_dict(ck[key])
    model.eval()
    return model
