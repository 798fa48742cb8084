"""Machinery shared by every training run: optimiser, schedule, budget, checkpoints, metrics.

The learning-rate schedule runs on the fraction of the budget used, measured in wall time when the
run is limited by minutes, so a 10-minute run and a 2-hour run both finish their cosine decay
exactly at the deadline.
"""

from __future__ import annotations

import csv
import math
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from tqdm import tqdm


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def make_optimizer(params, name: str, lr: float, weight_decay: float = 0.0, momentum: float = 0.9, betas=(0.9, 0.999)):
    name = name.lower()
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=momentum, nesterov=momentum > 0, weight_decay=weight_decay)
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=betas, weight_decay=weight_decay)
    if name == "adamw":
        return torch.optim.AdamW(params, lr=lr, betas=betas, weight_decay=weight_decay)
    raise ValueError(f"unknown optimiser {name!r} (choose sgd, adam or adamw)")


def lr_at(progress: float, base_lr: float, warmup: float = 0.02, min_ratio: float = 0.05) -> float:
    """Linear warm-up over the first `warmup` of the run, then cosine decay to min_ratio * base_lr."""
    progress = min(max(progress, 0.0), 1.0)
    if progress < warmup:
        return base_lr * (0.1 + 0.9 * progress / warmup)
    t = (progress - warmup) / max(1e-9, 1 - warmup)
    return base_lr * (min_ratio + (1 - min_ratio) * 0.5 * (1 + math.cos(math.pi * t)))


@dataclass
class Budget:
    """Stops a run at max_minutes of wall time or max_steps, whichever comes first."""

    max_minutes: float | None = None
    max_steps: int | None = None
    elapsed_before: float = 0.0  # seconds spent by earlier runs of a resumed job

    def __post_init__(self):
        if not self.max_minutes and not self.max_steps:
            raise ValueError("give --max-minutes or --max-steps")
        self._start = time.monotonic()

    @property
    def elapsed(self) -> float:
        return self.elapsed_before + time.monotonic() - self._start

    def progress(self, step: int) -> float:
        parts = []
        if self.max_minutes:
            parts.append(self.elapsed / (60 * self.max_minutes))
        if self.max_steps:
            parts.append(step / self.max_steps)
        return max(parts)

    def done(self, step: int) -> bool:
        return self.progress(step) >= 1.0

    def bar(self, step: int = 0, quiet: bool = False) -> "BudgetBar":
        return BudgetBar(self, step, quiet)


class BudgetBar:
    """A tqdm bar over the budget: seconds when it is limited by minutes, else steps."""

    def __init__(self, budget: Budget, step: int, quiet: bool):
        self.budget = budget
        self.by_time = bool(budget.max_minutes)
        total = int(60 * budget.max_minutes) if self.by_time else budget.max_steps
        # a log file gets a line every 30 s rather than a redraw every second
        self._bar = tqdm(total=total, unit="s" if self.by_time else "step", disable=quiet, dynamic_ncols=True,
                         mininterval=1.0 if sys.stderr.isatty() else 30.0,
                         bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]{postfix}")
        self._bar.update(int(budget.elapsed_before) if self.by_time else step)

    def tick(self) -> None:
        """After each step."""
        self._bar.update((int(self.budget.elapsed) - self._bar.n) if self.by_time else 1)

    def note(self, text: str) -> None:
        self._bar.set_postfix_str(text)

    def close(self) -> None:
        self._bar.close()


class MetricsLog:
    """Appends rows to a CSV file and redraws a loss-curve PNG from it."""

    def __init__(self, path: Path, fields: list[str]):
        self.path = Path(path)
        self.fields = fields
        self.rows: list[dict] = []
        if self.path.exists():
            with self.path.open(newline="") as f:
                self.rows = list(csv.DictReader(f))

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
