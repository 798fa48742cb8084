"""What several benchmark scripts share: timing loops, percentiles, and the window offscreen."""

from __future__ import annotations

import os
import tempfile
import time

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
