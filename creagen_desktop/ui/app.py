"""Starting the app: the default engine factory and run_app (the `creagen` window)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from creagen_desktop import __version__
from creagen_desktop.ui.packs import EngineFactory
from creagen_desktop.ui.i18n import translation
from creagen_desktop.ui.settings import APP, ORG, Preferences, app_settings


def load_engine(pack_dir=None, device: str = "auto"):
    """The default engine factory, called on the engine thread. Imported here, not at the top: the
    window shows before onnxruntime is loaded."""
    from creagen_desktop.engine.engine import Engine

    return Engine.load(pack_dir, device=device)


def run_app(argv: list[str], pack_dir=None, device: str | None = None, file: str | None = None,
            engine_factory: EngineFactory | None = None) -> int:
    """Open the editor window and run the event loop; returns the exit code."""
    from creagen_desktop.ui.main_window import (
        MainWindow,  # which imports this module for load_engine
    )

    app = QApplication.instance() or QApplication(argv)
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationVersion(__version__)
    translation.install(Preferences.load(app_settings()).ui_language, app)  # before any widget: they read tr()
    window = MainWindow(engine_factory=engine_factory, pack_dir=pack_dir, device=device)
    window.show()
    if file:
        window.desk.open_or_name(Path(file))
    return app.exec()
