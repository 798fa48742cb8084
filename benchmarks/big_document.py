"""A very long document in the window offscreen: how long it takes to open, and what a keystroke
costs in it, without and with 20,000 authorship marks. Prints a table, writes JSON.

    python benchmarks/big_document.py [--mb 50] [--keys 200] [--marks 20000] [--json OUT.json]

Keystroke time is from the key event to the end of the event processing it causes (painting,
counting, marks, tint), measured at keys spread through the document's end.
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

from bench_common import offscreen_window, percentile, wait_until  # noqa: E402

PARA = ("It was late in the autumn, and the evenings were growing long. The family sat together by the "
        "fire and talked of the old days, of the people they had known and the places they had lived.\n\n")


def keystrokes(app, editor, n: int) -> list[float]:
    from PySide6.QtTest import QTest

    editor.setFocus()
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    times = []
    for i in range(n):
        t = time.perf_counter()
        QTest.keyClick(editor, "abcdefghij "[i % 11])
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    return times


def add_marks(tab, count: int) -> float:
    """`count` model passages of 20 characters spread over the document, as if accepted one by one."""
    from creagen_desktop.documents.authorship import Span

    length = tab.editor.document().characterCount() - 1
    step = max(40, length // count)
    spans = [Span(i * step, i * step + 20, "continuation") for i in range(count) if i * step + 20 < length]
    text = tab.text()
    t0 = time.perf_counter()
    tab.load_text(text, spans)  # as a document with a sidecar loads
    assert len(tab.editor.marks) >= len(spans), "the marks did not all land"
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--keys", type=int, default=200)
    ap.add_argument("--marks", type=int, default=20_000)
    ap.add_argument("--json", default=None)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="big-document-"))
    os.environ["CREAGEN_DATA_DIR"] = str(work / "data")
    doc = work / "novel.txt"
    doc.write_text(PARA * int(args.mb * 1e6 / len(PARA)), encoding="utf-8")
    app, w = offscreen_window(None)
    t0 = time.perf_counter()
    opened = w.desk.open_path(doc)
    app.processEvents()
    open_s = time.perf_counter() - t0
    wait_until(app, lambda: not w.model_loading)
    # the spell checker's dictionaries load once, seconds after the start (Python code on a worker
    # thread): keystrokes are measured after that, as a writer types after the start
    w.spelling.load()
    wait_until(app, lambda: w.spelling.checker is not None, 120)
    plain = keystrokes(app, w.editor, args.keys)
    marks_s = add_marks(w.desk.current_tab(), args.marks)
    app.processEvents()
    marked = keystrokes(app, w.editor, args.keys)
    w.desk.current_tab().editor.document().setModified(False)
    w.close()
    rows = [("document size", f"{doc.stat().st_size / 1e6:.1f} MB"), ("opened", str(opened)),
            ("open (file to editor, counted)", f"{open_s:.2f} s"),
            (f"load with {args.marks:,} marks (text and marks)", f"{marks_s:.2f} s"),
            ("keystroke p50 / p95", f"{percentile(plain, 50):.2f} / {percentile(plain, 95):.2f} ms"),
            (f"keystroke p50 / p95 with {args.marks:,} marks", f"{percentile(marked, 50):.2f} / {percentile(marked, 95):.2f} ms")]
    for name, value in rows:
        print(f"{name:44} {value}")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "mb": doc.stat().st_size / 1e6, "open_s": open_s, "marked_load_s": marks_s, "keys": args.keys, "marks": args.marks,
            "keystroke_p50_ms": percentile(plain, 50), "keystroke_p95_ms": percentile(plain, 95),
            "marked_keystroke_p50_ms": percentile(marked, 50), "marked_keystroke_p95_ms": percentile(marked, 95)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
