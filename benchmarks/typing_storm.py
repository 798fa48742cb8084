"""A typing storm: thousands of keystrokes at a rate no human reaches, into the real window with a
real pack, offscreen. Checks that at most one generation is in flight, that stale requests are
dropped rather than queued, and that memory stays bounded.

    python benchmarks/typing_storm.py [--keys 5000] [--pack DIR] [--pause-ms 0] [--json OUT]

The last line is `peak_rss_mb: X max_in_flight: Y`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = ("the house was dark and quiet when she came home from the river road and stood a moment in "
         "the hall listening to the rain on the windows before she went up the stairs").split()


def memory_mb() -> tuple[float, float]:
    """Resident memory now and its peak so far (VmRSS, VmHWM), in MB."""
    try:
        import psutil  # optional: more portable when installed

        rss = psutil.Process().memory_info().rss / 2**20
    except ImportError:
        rss = None
    now = peak = float("nan")
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
            elif line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
    return (rss if rss is not None else now), peak


def keystrokes(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    keys: list[str] = []
    while len(keys) < n:
        r = rng.random()
        if r < 0.03:
            keys.append("\b")
        elif r < 0.05:
            keys.append("\n")
        else:
            keys.extend(rng.choice(WORDS) + (". " if rng.random() < 0.1 else " "))
    return keys[:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--keys", type=int, default=5000)
    ap.add_argument("--pack", default=None, help="pack folder (default: the bundled en-fiction)")
    ap.add_argument("--pause-ms", type=int, default=0, help="suggestion pause (0: every key that ends a word asks)")
    ap.add_argument("--batch", type=int, default=8, help="keys sent between two turns of the event loop")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    os.environ["CREAGEN_DATA_DIR"] = tempfile.mkdtemp(prefix="storm-data-")
    from PySide6.QtCore import QEvent, QSettings, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication([])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=args.pack, settings=settings, device="cpu")
    w.desk.confirm_discard = lambda *a: True
    w.show()
    t_load = time.time()
    while w.model_loading:
        app.processEvents()
        time.sleep(0.002)
    if w.model_error:
        print(w.model_error, file=sys.stderr)
        return 1
    load_s = time.time() - t_load
    rss_loaded, _ = memory_mb()
    w.editor.set_pause_ms(args.pause_ms)

    generations = [0]
    real_suggest = w.worker.engine.suggest
    lock = threading.Lock()

    def counting_suggest(text, cfg=None):
        with lock:
            generations[0] += 1
        return real_suggest(text, cfg)

    w.worker.engine.suggest = counting_suggest  # counts what really ran on the engine thread
    shown = [0]
    w.editor.suggestion_changed.connect(lambda i: shown.__setitem__(0, shown[0] + (i == 0)))

    def send(ch: str) -> None:
        if ch == "\b":
            key, text = Qt.Key.Key_Backspace, ""
        elif ch == "\n":
            key, text = Qt.Key.Key_Return, "\r"
        else:
            key, text = (Qt.Key.Key_Space if ch == " " else Qt.Key.Key_A), ch
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(w.editor, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, text))

    keys = keystrokes(args.keys, args.seed)
    samples = []
    in_flight_seen = 0
    t0 = time.time()
    for i, ch in enumerate(keys):
        send(ch)
        in_flight_seen = max(in_flight_seen, w.worker.in_flight)
        if i % args.batch == 0:
            app.processEvents()  # timers fire, results arrive: the storm and the model overlap
        if i % 500 == 0:
            samples.append((i, memory_mb()[0]))
    typing_s = time.time() - t0
    deadline = time.time() + 20
    while not w.editor.has_ghost() and time.time() < deadline:  # the last pause gets its answer
        app.processEvents()
        time.sleep(0.005)
    rss_end, peak = memory_mb()
    samples.append((len(keys), rss_end))
    requests = w.worker.submitted
    text_len = len(w.editor.toPlainText())
    w.stop_jobs()
    result = {
        "keys": len(keys), "typing_seconds": round(typing_s, 2), "keys_per_second": round(len(keys) / typing_s),
        "model_load_seconds": round(load_s, 2), "requests": requests, "generations_run": generations[0],
        "requests_dropped_or_replaced": requests - generations[0], "suggestions_shown": shown[0],
        "final_ghost_shown": w.editor.has_ghost(), "max_in_flight": w.worker.max_in_flight,
        "rss_after_load_mb": round(rss_loaded, 1), "rss_end_mb": round(rss_end, 1),
        "peak_rss_mb": round(peak, 1), "rss_samples_mb": [(k, round(m, 1)) for k, m in samples],
        "document_chars": text_len,
    }
    rows = [(k, v) for k, v in result.items() if k != "rss_samples_mb"]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print("rss while typing (keys: MB):", ", ".join(f"{k}: {m:.0f}" for k, m in result["rss_samples_mb"]))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    w.editor.document().setModified(False)
    w.close()
    print(f"peak_rss_mb: {result['peak_rss_mb']} max_in_flight: {result['max_in_flight']}")
    return 0 if result["max_in_flight"] <= 1 else 1


if __name__ == "__main__":
    sys.exit(main())
