"""Look at the ghost as a writer would: a word completed mid-word in the editor, and the suggestion
settings in Preferences. Offscreen, with a pack (default: the bundled one); two PNGs.

    python benchmarks/screenshot_ghost.py OUT_PREFIX [--pack DIR] [--text "..."]

writes OUT_PREFIX-midword.png (the window: a paragraph typed up to the first letters of a word, the
ghost completing it, the side panel's list) and OUT_PREFIX-preferences.png (the Preferences dialog).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_common import offscreen_window, wait_until  # noqa: E402

TEXT = ("The sea was grey and cold that morning, and the men stood along the rail without a word. The captain "
        "came up from below, looked once at the sky, and walked slowly to the other si")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_prefix")
    ap.add_argument("--pack", default=None)
    ap.add_argument("--text", default=TEXT)
    args = ap.parse_args()
    from PySide6.QtTest import QTest

    from creagen_desktop.ui.dialogs.preferences import PreferencesDialog

    app, w = offscreen_window(args.pack, size=(1100, 560))
    head, last = args.text[:-3], args.text[-3:]
    w.editor.setPlainText(head)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    QTest.keyClicks(w.editor, last)  # typed: the ghost may show only after typing (the etiquette)
    shown = wait_until(app, w.editor.has_ghost, 20)
    wait_until(app, lambda: len(w.editor.candidates) > 1, 10)  # the side panel's list follows
    time.sleep(0.2)
    app.processEvents()
    print("typed:", repr(args.text[-40:]))
    print("ghost:", repr(w.editor.ghost_text))
    print("side panel:", w.continuation.panel.candidates_shown())
    print("status bar:", w.status.model.text(), w.status.provider.text(), w.status.latency.text())
    mid = f"{args.out_prefix}-midword.png"
    w.grab().save(mid)
    dlg = PreferencesDialog(w.preferences.current, w.menus.keys, w)
    dlg.show()
    app.processEvents()
    dlg.adjustSize()
    app.processEvents()
    prefs = f"{args.out_prefix}-preferences.png"
    dlg.grab().save(prefs)
    print(f"wrote {mid} and {prefs}")
    dlg.close()
    w.editor.document().setModified(False)
    w.close()
    return 0 if shown else 1


if __name__ == "__main__":
    sys.exit(main())
