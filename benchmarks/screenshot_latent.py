"""Look at Variations and Blend as a writer would: the window offscreen with a pack, a passage
selected, the Variations panel filled, then the Blend dialog with its path; saves two PNGs.

    python benchmarks/screenshot_latent.py OUT_PREFIX [--pack DIR]
    -> OUT_PREFIX-variations.png, OUT_PREFIX-blend.png
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_common import offscreen_window, wait_until  # noqa: E402

TEXT = ("The rain had stopped by the time she reached the house. She stood for a moment at the gate, "
        "listening to the wind in the trees. Then she went up the path and knocked on the door.")
SENTENCE = "She stood for a moment at the gate, listening to the wind in the trees."
OTHER = "The old captain laughed and poured himself another glass of wine."


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_prefix")
    ap.add_argument("--pack", default=None)
    args = ap.parse_args()
    from PySide6.QtGui import QGuiApplication, QTextCursor

    app, w = offscreen_window(args.pack)
    if not w.latent.available():
        print("the pack has no VAE", file=sys.stderr)
        return 2
    ed = w.editor
    ed.setPlainText(TEXT)
    c = ed.textCursor()
    c.setPosition(TEXT.index(SENTENCE))
    c.setPosition(TEXT.index(SENTENCE) + len(SENTENCE), QTextCursor.MoveMode.KeepAnchor)
    ed.setTextCursor(c)
    w.latent.open_variations()
    ok = wait_until(app, lambda: w.latent.panel.list.count() > 0)
    print("variations:")
    for v in w.latent.panel.variations():
        print("  ", v)
    w.grab().save(f"{args.out_prefix}-variations.png")

    ed.setTextCursor(c)
    QGuiApplication.clipboard().setText(OTHER)
    dlg = w.latent.open_blend()
    ok = wait_until(app, lambda: dlg.list.count() > 0) and ok
    dlg.slider.setValue(dlg.slider.maximum() // 2)
    app.processEvents()
    print("blend path:")
    for t in dlg.path_texts:
        print("  ", t)
    dlg.grab().save(f"{args.out_prefix}-blend.png")
    dlg.close()
    ed.document().setModified(False)
    w.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
