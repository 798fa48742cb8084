import os
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from creagen_desktop.engine import ModelPackError, Suggestions  # noqa: E402


class FakeEngine:
    """Stands in for the engine: canned candidates, optional delays, a record of requests."""

    pack_name = "fake-pack"
    provider = "CPU"

    def __init__(self, candidates=None, delays=None):
        self.candidates = candidates or [" the end of the road.", " a door.", " it was"]
        self.delays = list(delays or [])
        self.calls: list[str] = []
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def suggest(self, text, config):
        with self._lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        self.calls.append(text)
        if self.delays:
            time.sleep(self.delays.pop(0))
        with self._lock:
            self.running -= 1
        # each candidate says which request it answers, so tests can tell stale from fresh
        return Suggestions([c.replace("#", str(len(self.calls))) for c in self.candidates], 1.5)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "creagen.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    from creagen_desktop.ui.main_window import MainWindow

    made = []

    def make(engine=None, factory=None, pause_ms=30):
        engine = engine or FakeEngine()
        w = MainWindow(engine_factory=factory or (lambda: engine), settings=settings)
        w.editor.set_pause_ms(pause_ms)
        w.confirm_discard = lambda: True  # no modal dialogs in tests
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        if factory is None:
            qtbot.waitUntil(lambda: w.worker.engine is not None, timeout=5000)
        w.engine = engine
        return w

    yield make
    for w in made:
        w.worker.stop()


def broken_factory():
    raise ModelPackError("The model pack at /nowhere was not found. Reinstall Creagen or choose another pack.")
