"""Run by benchmarks/continuations.py in a fresh process: start the real window offscreen, ask for
a suggestion as soon as the model is ready, and print JSON with the cold start and resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pack", required=True)
    ap.add_argument("--t0", type=float, required=True, help="time.time() when the parent started this process")
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "probe.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=args.pack, settings=settings)
    w.show()
    deadline = time.time() + 60
    while w.worker.engine is None and w.model_error is None and time.time() < deadline:
        app.processEvents()
        time.sleep(0.002)
    if w.model_error:
        print(w.model_error, file=sys.stderr)
        return 1
    ready = time.time()
    w.editor.setPlainText("It was late in the evening when the old man came to the door and")
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.suggest_now()
    while not w.editor.has_ghost() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.001)
    shown = time.time()
    app.processEvents()
    result = {
        "cold_start_s": shown - args.t0,
        "model_ready_s": ready - args.t0,
        "app_rss_mb": rss_mb(),
        "first_ghost_text": w.editor.ghost_text,
        "provider": w.status.provider.text(),
    }
    w.stop_jobs()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
