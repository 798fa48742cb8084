import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from fakes import FakeFactory  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from tiny_data import make_pack  # noqa: E402

from creagen_desktop.pack.store import PackStore  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _no_real_user_settings(tmp_path_factory):
    """Any QSettings made without an explicit file lands in a temporary folder, never the user's config."""
    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, folder)


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "creagen.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    """make(engine=None, factory=None, pause_ms=30) -> MainWindow with a fake engine, loaded and shown."""
    from creagen_desktop.ui.main_window import MainWindow

    made = []

    def make(engine=None, factory=None, pause_ms=30, wait_loaded=True):
        factory = factory or FakeFactory(engine)
        w = MainWindow(engine_factory=factory, settings=settings)
        w.editor.set_pause_ms(pause_ms)
        w.desk.confirm_discard = lambda *a: True  # no modal dialogs in tests unless a test asks for them
        qtbot.addWidget(w)
        w.show()
        made.append(w)
        if wait_loaded:
            qtbot.waitUntil(lambda: not w.model_loading, timeout=5000)
        w.engine = getattr(factory, "engine", None)
        w.factory = factory
        return w

    yield make
    for w in made:
        w.stop_jobs()


@pytest.fixture
def real_window(qtbot, settings, tiny_pack_dir):
    """A window over the tiny real pack (the real engine, on the CPU), loaded and shown."""
    from creagen_desktop.ui.main_window import MainWindow

    w = MainWindow(pack_dir=tiny_pack_dir, settings=settings, device="cpu")
    w.desk.confirm_discard = lambda *a: True
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: not w.model_loading, timeout=20000)
        yield w
    finally:
        w.stop_jobs()


@pytest.fixture
def dialog_window(make_window, tmp_path):
    """A window whose Model packs dialog lists one bundled pack (en-fiction, active) and an empty user folder."""
    w = make_window()
    bundled = tmp_path / "bundled"
    make_pack(bundled / "en-fiction", name="en-fiction")
    w.packs.store = PackStore(w.packs.store.user_dir, bundled)
    w.packs.pack_dir = str(bundled / "en-fiction")
    return w
