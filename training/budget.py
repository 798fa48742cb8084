"""A run's budget (wall-time minutes or steps, whichever ends first) and the progress bar over it."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass

from tqdm import tqdm


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

    def bar(self, step: int = 0, quiet: bool = False) -> BudgetBar:
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
