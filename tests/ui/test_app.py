"""Starting the app: run_app opens the window (with a named file, or a new document under that name)."""

from fakes import FakeFactory
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from creagen_desktop.ui.app import run_app
from creagen_desktop.ui.main_window import MainWindow


def _run_and_look(tmp_path, file, look):
    """run_app until the window has loaded, then `look` at it and close it."""
    seen = {}

    def poll():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if not windows or windows[0].model_loading:
            QTimer.singleShot(20, poll)
            return
        w = windows[0]
        seen.update(look(w))
        w.close()

    QTimer.singleShot(0, poll)
    code = run_app(["creagen"], file=str(file), engine_factory=FakeFactory())
    return code, seen


def test_a_named_file_that_does_not_exist_becomes_a_new_document_of_that_name(qtbot, tmp_path):
    target = tmp_path / "chapter two.md"
    code, seen = _run_and_look(tmp_path, target, lambda w: {"path": w.desk.current_tab().path, "title": w.windowTitle(),
                                                            "text": w.editor.toPlainText()})
    assert code == 0 and seen == {"path": target, "title": "chapter two.md[*] — Creagen", "text": ""}
    assert not target.exists()  # nothing is written until the writer saves


def test_a_named_file_that_exists_is_opened(qtbot, tmp_path):
    target = tmp_path / "notes.txt"
    target.write_text("Already here.")
    code, seen = _run_and_look(tmp_path, target, lambda w: {"text": w.editor.toPlainText(), "tabs": w.tabs.count()})
    assert code == 0 and seen == {"text": "Already here.", "tabs": 1}
