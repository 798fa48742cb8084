"""Developer aid, not a feature: CREAGEN_SCREENSHOT=OUT.png makes `creagen` save its window and quit.

The frozen build cannot run benchmarks/screenshot.py (no Python to run it with), so its check drives
the real app this way: with QT_QPA_PLATFORM=offscreen, the window opens as usual, the text below is
typed in, and once a suggestion shows the window is saved to OUT.png and the app quits (exit status
0; 1 when no suggestion came within CREAGEN_SCREENSHOT_TIMEOUT seconds, default 60).
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

ENV = "CREAGEN_SCREENSHOT"
TEXT = ("It was late in the evening when Margaret came home. The house was dark and quiet, and she stood for a "
        "moment in the hall, listening. Then she went up the stairs and ")


_driver = None


class _Driver:
    def __init__(self, app: QApplication, out: str, timeout: float):
        self.app, self.out = app, out
        self.deadline = time.monotonic() + timeout
        self.window = None
        self.asked = False
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._step)
        self.timer.start()

    def _step(self) -> None:
        try:
            self._advance()
        except Exception as exc:  # the window changed shape under this aid: say so, do not hang
            self._finish(1, f"could not drive the window ({type(exc).__name__}: {exc})")

    def _advance(self) -> None:
        if time.monotonic() > self.deadline:
            return self._finish(1, "no suggestion showed in time")
        if self.window is None:
            self.window = next((w for w in self.app.topLevelWidgets() if isinstance(w, QMainWindow) and w.isVisible()), None)
            return
        w = self.window
        if getattr(w, "model_error", None):
            return self._finish(1, f"the model did not load: {w.model_error}")
        if w.model_loading:
            return
        if not self.asked:
            w.resize(1000, 560)
            w.editor.setPlainText(TEXT)
            w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
            self.asked = w.editor.suggest_now()
            return
        if w.editor.has_ghost():
            self.app.processEvents()  # let the ghost text paint before the grab
            if not w.grab().save(self.out):
                return self._finish(1, f"could not write {self.out}")
            print(f"{ENV}: saved {self.out}; ghost text {w.editor.ghost_text!r}", file=sys.stderr)
            self._finish(0)

    def _finish(self, code: int, why: str = "") -> None:
        self.timer.stop()
        if why:
            print(f"{ENV}: {why}", file=sys.stderr)
        if self.window is not None:
            editor = getattr(self.window, "editor", None)
            if editor is not None:
                editor.document().setModified(False)  # no "save changes?" question
            self.window.close()
        self.app.exit(code)


def arm_from_env() -> None:
    """Start the driver when CREAGEN_SCREENSHOT is set; call before the window's event loop starts."""
    out = os.environ.get(ENV)
    if not out:
        return
    app = QApplication.instance() or QApplication([sys.argv[0]])
    timeout = float(os.environ.get(f"{ENV}_TIMEOUT", "60"))
    global _driver  # kept alive for the app's lifetime
    _driver = _Driver(app, os.path.abspath(out), timeout)
