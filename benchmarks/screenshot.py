"""Look at the app as a writer would: open the window offscreen with a pack, type a paragraph,
wait for the ghost text (shown only where the model is sure) and save a PNG of the window.

    python benchmarks/screenshot.py OUT.png [--pack DIR] [--text "..."]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TEXT = ("It was late in the evening when Margaret came home. The house was dark and quiet, and she stood for a "
        "moment in the hall, listening. Then she went up the stairs to her ro")  # mid-word: the pack is sure here


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out")
    ap.add_argument("--pack", default=None)
    ap.add_argument("--text", default=TEXT)
    args = ap.parse_args()
    from PySide6.QtCore import QSettings
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication([])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=args.pack, settings=settings)
    w.resize(1000, 560)
    w.show()
    while w.model_loading:
        app.processEvents()
    w.editor.setPlainText(args.text[:-2])
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    QTest.keyClicks(w.editor, args.text[-2:])  # typed: the ghost speaks unasked only after typing
    deadline = time.time() + 20
    while not w.editor.has_ghost() and time.time() < deadline:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()
    print("ghost text:", repr(w.editor.ghost_text))
    print("candidates:", w.editor.candidates)
    print("status bar:", w.status.model.text(), w.status.provider.text(), w.status.latency.text())
    w.grab().save(args.out)
    w.editor.document().setModified(False)
    w.close()
    return 0 if w.editor.candidates else 1


if __name__ == "__main__":
    sys.exit(main())
