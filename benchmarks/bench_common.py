"""What several benchmark scripts share: timing loops, percentiles, and the window offscreen."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

import numpy as np


def percentile(xs: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(xs), q))


def timed(fn, reps: int) -> list[float]:
    """Milliseconds of fn(i) for i in range(reps)."""
    out = []
    for i in range(reps):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def wait_until(app, cond, seconds: float = 20.0) -> bool:
    """Process Qt events until cond() holds or time runs out; returns cond()."""
    deadline = time.time() + seconds
    while not cond() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    return cond()


def offscreen_window(pack=None, size=(1100, 600), device=None, settings_path=None):
    """(app, window) with the pack loaded, settings in a private file, shown offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    path = settings_path or os.path.join(tempfile.mkdtemp(), "settings.ini")
    w = MainWindow(pack_dir=pack, settings=QSettings(str(path), QSettings.Format.IniFormat), device=device)
    w.resize(*size)
    w.show()
    wait_until(app, lambda: not w.model_loading)
    return app, w


def print_latency_table(rows) -> None:
    """rows of (measure, p50, p95, target), printed as a table."""
    print(f"{'measure':34} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}")
    for name, p50, p95, target in rows:
        print(f"{name:34} {p50:>8} {p95:>8} {target:>8}")


def write_json(path, result: dict) -> None:
    if path:
        Path(path).write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {path}")
