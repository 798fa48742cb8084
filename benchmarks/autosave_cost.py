"""What autosave costs the typing: keystroke latency in the real window (offscreen) with autosave as
it ships (a copy within 5 s of an edit and after every 200 characters, written on a worker thread)
against autosave held off, in alternating blocks of the same run. Prints a table, writes JSON.

    python benchmarks/autosave_cost.py [--kb 200,5000] [--keys 2000] [--block 250] [--json OUT.json]

Keystroke time runs from the key event to the end of the event processing it causes. Suggestions are
off, so only the editor and autosave are measured; "copies" counts recovery copies written.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import offscreen_window, percentile  # noqa: E402

PARA = ("It was late in the autumn, and the evenings were growing long. The family sat together by the "
        "fire and talked of the old days, of the people they had known and the places they had lived.\n\n")
TYPED = "the house was dark and quiet when she came home from the river road. "


def measure(app, w, kb: int, keys: int, block: int) -> dict:
    from PySide6.QtTest import QTest

    from creagen_desktop.ui.settings import AUTOSAVE_CHARS

    w.editor.setPlainText(PARA * max(1, kb * 1000 // len(PARA)))
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.setFocus()
    autosave = w.desk.autosave
    writes = []
    real_write = autosave.copies._write  # counted, not changed
    autosave.copies._write = lambda snap: (writes.append(time.perf_counter()), real_write(snap))
    times = {"on": [], "off": []}
    for i in range(keys):
        mode = "on" if (i // block) % 2 == 0 else "off"
        autosave.timer.setInterval(5000 if mode == "on" else 10**9)
        w.desk.current_tab().uncopied_chars = 0 if mode == "off" else w.desk.current_tab().uncopied_chars
        t = time.perf_counter()
        QTest.keyClick(w.editor, TYPED[i % len(TYPED)])
        app.processEvents()
        times[mode].append((time.perf_counter() - t) * 1000)
    autosave.copies.jobs.wait(100)
    out = {"kb": kb, "keys": keys, "autosave_chars": AUTOSAVE_CHARS, "copies_written": len(writes)}
    for mode, xs in times.items():
        out[mode] = {"p50_ms": percentile(xs, 50), "p95_ms": percentile(xs, 95), "max_ms": max(xs)}
    w.editor.document().setModified(False)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", default="200,5000", help="document sizes in KB (comma-separated)")
    ap.add_argument("--keys", type=int, default=2000)
    ap.add_argument("--block", type=int, default=250, help="keys per block; blocks alternate on/off")
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    os.environ["CREAGEN_DATA_DIR"] = tempfile.mkdtemp(prefix="autosave-cost-")
    app, w = offscreen_window(None)
    w.preferences.update(enabled=False)  # the editor and autosave only
    load = open("/proc/loadavg").read().split()[0]
    results = [measure(app, w, int(kb), args.keys, args.block) for kb in args.kb.split(",")]
    w.close()
    print(f"load average at start: {load}")
    print(f"{'document':>10} {'copies':>7} {'on p50':>8} {'on p95':>8} {'on max':>8} {'off p50':>8} {'off p95':>8} {'off max':>8}  (ms)")
    for r in results:
        print(f"{r['kb']:>8} KB {r['copies_written']:>7} {r['on']['p50_ms']:>8.2f} {r['on']['p95_ms']:>8.2f} "
              f"{r['on']['max_ms']:>8.1f} {r['off']['p50_ms']:>8.2f} {r['off']['p95_ms']:>8.2f} {r['off']['max_ms']:>8.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"load_average": load, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
