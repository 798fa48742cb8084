import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402

from fakes import FakeEngine  # noqa: E402


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
