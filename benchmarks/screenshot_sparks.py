"""Look at Sparks as a writer would: the window offscreen with a pack, Spark pressed, a line
clicked into the document, then Spark again near the paragraph; saves a PNG, prints the lines.

    python benchmarks/screenshot_sparks.py OUT.png [--pack DIR]

Exits 1 if no line came, or a clicked line did not land at the cursor as one undo step.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_common import offscreen_window, wait_until  # noqa: E402

TEXT = "The rain had stopped by the time she reached the house. She stood for a moment at the gate."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pack", default=None)
    args = ap.parse_args()
    from PySide6.QtGui import QTextCursor

    app, w = offscreen_window(args.pack)
    if not w.sparks.available():
        print("the pack has no sparks generator", file=sys.stderr)
        return 2
    ed = w.editor
    ed.setPlainText(TEXT)
    ed.moveCursor(QTextCursor.MoveOperation.End)
    w.sparks.action.trigger()
    ok = wait_until(app, lambda: w.sparks.panel.list.count() > 0)
    lines = w.sparks.panel.lines()
    print("sparks:")
    for line in lines:
        print("  ", line)
    if lines:
        w.sparks.panel.chosen.emit(lines[0])
        ok = ok and ed.toPlainText() == f"{TEXT} {lines[0]}"
        ed.undo()
        ok = ok and ed.toPlainText() == TEXT
    w.sparks.panel.near.setChecked(True)
    w.sparks.panel.list.clear()
    w.sparks.panel.spark_button.click()
    ok = wait_until(app, lambda: w.sparks.panel.list.count() > 0) and ok
    print("sparks near the paragraph:")
    for line in w.sparks.panel.lines():
        print("  ", line)
    w.grab().save(args.out)
    print(f"wrote {args.out}; {'ok' if ok else 'FAILED'}")
    ed.document().setModified(False)
    w.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
