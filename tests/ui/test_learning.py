"""Tools ▸ Learn from my writing: the dialog, the training process (a stand-in that prints the real
progress lines), cancelling, switching to the new pack and back, and a machine without torch."""

import importlib.util
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess
from PySide6.QtWidgets import QMessageBox

from creagen_desktop import adaptation
from creagen_desktop.pack.store import PackStore
from creagen_desktop.paths import user_packs_dir
from creagen_desktop.ui.learning import free_folder, slug

FAKE = Path(__file__).resolve().parent / "fake_trainer.py"


@pytest.fixture
def learning_window(make_window, tiny_pack_dir, tmp_path, monkeypatch):
    """A window whose active pack is the tiny pack, with a saved document in a folder of the writer's,
    and the trainer replaced by fake_trainer.py (mode set with FAKE_TRAINER_MODE)."""
    w = make_window()
    w.packs.pack_dir = str(tiny_pack_dir)
    novel = tmp_path / "novel"
    novel.mkdir()
    doc = novel / "chapter one.txt"
    doc.write_text("Margaret looked at her brother.\n", encoding="utf-8")
    assert w.desk.open_path(doc)
    record = tmp_path / "argv.txt"
    monkeypatch.setenv("FAKE_TRAINER_PACK", str(tiny_pack_dir))
    monkeypatch.setenv("FAKE_TRAINER_RECORD", str(record))
    w.learning.readiness = lambda: adaptation.Readiness(sys.executable)
    w.learning.command = lambda python, request: [python, str(FAKE)] + adaptation.command(python, request)[4:]
    w.record = record
    w.novel = novel
    return w


def wait_finished(qtbot, w, timeout=20000):
    qtbot.waitUntil(lambda: not w.learning.running, timeout=timeout)


def test_learning_from_the_documents_folder_then_switching_and_back(qtbot, learning_window, tiny_pack_dir):
    w = learning_window
    w.menus.action("tools.learn").trigger()
    dlg = w.learning.dialog
    assert dlg.isVisible() and not dlg.isModal()
    assert dlg.source_paths() == [w.novel]  # the open document's folder, by default
    assert dlg.start_b.isEnabled() and not dlg.problem.isVisible()
    dlg.name.setText("My Novel")
    dlg.minutes.setValue(3)
    dlg.start_b.click()
    assert w.learning.running and dlg.state == "running" and dlg.cancel_b.isVisible()
    qtbot.waitUntil(lambda: dlg.progress.value() > 0, timeout=15000)
    assert "min left" in dlg.remaining.text()
    assert "against 2.200" in dlg.figure.text() and "better" in dlg.figure.text()
    wait_finished(qtbot, w)
    assert dlg.state == "done" and dlg.progress.value() == dlg.progress.maximum()
    assert "The new pack My Novel is in Model Packs" in dlg.result.text() and "1.700" in dlg.result.text()
    argv = w.record.read_text(encoding="utf-8")
    assert f"--texts {w.novel}" in argv and "--minutes 3" in argv and "--progress json" in argv
    out = user_packs_dir() / "my-novel"
    assert f"--out {out}" in argv and out.is_dir()
    assert "a line of the trainer's own log" in dlg.log.toPlainText()
    # the new pack is listed in Model Packs
    assert out in [p.path for p in PackStore(user_packs_dir()).list()]
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        dlg.use_b.click()
    assert w.factory.calls[-1][0] == str(out) and dlg.back_b.isVisible()
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        dlg.back_b.click()
    assert w.factory.calls[-1][0] == str(tiny_pack_dir) and dlg.use_b.isVisible()
    assert w.status.task.text() == ""


def test_the_app_stays_usable_while_learning_and_cancel_stops_it(qtbot, learning_window, monkeypatch):
    w = learning_window
    monkeypatch.setenv("FAKE_TRAINER_MODE", "slow")
    dlg = w.learning.open_dialog()
    dlg.start_b.click()
    qtbot.waitUntil(lambda: dlg.progress.value() > 0, timeout=15000)
    dlg.close_b.click()  # hidden, not stopped: it goes on learning
    assert not dlg.isVisible() and w.learning.running
    qtbot.waitUntil(lambda: "Learning from your writing:" in w.status.task.text(), timeout=5000)
    calls = len(w.engine.calls)
    qtbot.keyClicks(w.editor, " She said")  # writing goes on, and so do suggestions
    qtbot.waitUntil(lambda: len(w.engine.calls) > calls, timeout=5000)
    assert w.editor.toPlainText().endswith(" She said")
    assert w.learning.open_dialog() is dlg and dlg.state == "running"  # the same run, where it is
    dlg.cancel_b.click()
    wait_finished(qtbot, w)
    assert dlg.state == "failed" and "Cancelled" in dlg.result.text()
    assert w.learning.process.exitCode() == 130  # it stopped itself, cleaning up on the way
    assert not (user_packs_dir() / "tiny-test-mine").exists()  # no pack was written
    assert dlg.start_b.text() == "&Try again"


def test_a_trainer_that_ignores_cancel_is_killed(qtbot, learning_window, monkeypatch):
    w = learning_window
    monkeypatch.setenv("FAKE_TRAINER_MODE", "stubborn")
    dlg = w.learning.open_dialog()
    w.learning.kill_timer.setInterval(300)
    dlg.start_b.click()
    qtbot.waitUntil(lambda: dlg.progress.value() > 0, timeout=15000)
    dlg.cancel_b.click()
    wait_finished(qtbot, w)
    assert w.learning.process.exitStatus() == QProcess.ExitStatus.CrashExit
    assert dlg.state == "failed" and "Cancelled" in dlg.result.text()


def test_a_failed_run_says_why(qtbot, learning_window, monkeypatch):
    w = learning_window
    monkeypatch.setenv("FAKE_TRAINER_MODE", "fail")
    dlg = w.learning.open_dialog()
    dlg.start_b.click()
    wait_finished(qtbot, w)
    assert dlg.state == "failed"
    assert dlg.result.text() == "Learning did not finish: there are only 12 characters of your text to learn from"
    dlg.start_b.click()  # try again: back to the setup, the texts still chosen
    assert dlg.state == "setup" and dlg.source_paths() == [w.novel]


def test_quitting_while_learning_asks_then_stops_it(qtbot, learning_window, monkeypatch):
    w = learning_window
    monkeypatch.setenv("FAKE_TRAINER_MODE", "slow")
    dlg = w.learning.open_dialog()
    dlg.start_b.click()
    qtbot.waitUntil(lambda: dlg.progress.value() > 0, timeout=15000)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    assert not w.close() and w.learning.running and "still learning" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert w.close()
    assert not w.learning.running


def test_without_torch_the_dialog_says_what_to_install_and_why(qtbot, make_window, tiny_pack_dir, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in ("torch", "onnx") else real(name, *a))
    w = make_window()
    w.packs.pack_dir = str(tiny_pack_dir)
    dlg = w.learning.open_dialog()
    text = dlg.problem.toPlainText()
    assert dlg.problem.isVisible() and not dlg.start_b.isEnabled()
    assert "missing torch, onnx" in text and "needs PyTorch" in text
    assert "pip install torch --index-url https://download.pytorch.org/whl/cpu" in text
    assert 'pip install "creagen[train]"' in text and "Everything else works without it" in text
    # writing and suggestions are untouched
    calls = len(w.engine.calls)
    qtbot.keyClicks(w.editor, "It was")
    qtbot.waitUntil(lambda: len(w.engine.calls) > calls, timeout=5000)


def test_a_packaged_app_says_how_to_get_the_training_tools(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.delenv(adaptation.TRAIN_PYTHON_ENV, raising=False)
    w = make_window()
    dlg = w.learning.open_dialog()
    assert "does not include it" in dlg.problem.toPlainText() and adaptation.TRAIN_PYTHON_ENV in dlg.problem.toPlainText()
    assert not dlg.start_b.isEnabled()
    monkeypatch.setenv(adaptation.TRAIN_PYTHON_ENV, "/no/such/python")
    assert "not a file" in adaptation.readiness().problem


def test_new_pack_folders_never_replace_a_pack(tmp_path):
    assert slug("Margaret's Story!") == "margaret-s-story" and slug("???") == "my-writing"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine-2").mkdir()
    assert free_folder(tmp_path, "Mine") == tmp_path / "mine-3"
