"""The desk respects the writer's files: read-only files, backups, a second window, autosave while
typing, damaged recovery copies, and quitting while the model is busy."""

import json
import os
import stat
import subprocess
import sys
import time

from fakes import FakeEngine
from PySide6.QtWidgets import QMessageBox

from creagen_desktop.documents.backups import Backups
from creagen_desktop.documents.recovery import RecoveryStore
from creagen_desktop.paths import backups_dir, recovery_dir
from creagen_desktop.ui.settings import AUTOSAVE_CHARS, Preferences, app_settings

_B = QMessageBox.StandardButton


def test_saving_a_read_only_file_asks_first(qtbot, make_window, tmp_path, monkeypatch):
    doc = tmp_path / "locked.txt"
    doc.write_text("old")
    doc.chmod(0o444)
    w = make_window()
    assert w.desk.open_path(doc)
    qtbot.keyClicks(w.editor, " and new")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or _B.Cancel)
    assert not w.desk.save() and doc.read_text() == "old" and "read-only" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: _B.Save)
    assert w.desk.save() and doc.read_text() == "old and new"
    assert stat.S_IMODE(doc.stat().st_mode) == 0o444 and not w.desk.current_tab().is_modified()


def test_saving_keeps_the_previous_version_as_the_preferences_say(qtbot, make_window, tmp_path):
    doc = tmp_path / "novel.txt"
    doc.write_text("first draft")
    w = make_window()
    w.preferences.update(backups=2)
    assert w.desk.open_path(doc)
    qtbot.keyClicks(w.editor, ", revised")
    assert w.desk.save()
    kept = Backups(backups_dir()).copies(doc)
    assert [p.read_text() for p in kept] == ["first draft"]
    w.preferences.update(backups=0)
    qtbot.keyClicks(w.editor, " again")
    Backups(backups_dir()).remove_all(doc)
    assert w.desk.save() and Backups(backups_dir()).copies(doc) == []


HOLD = ("import sys, time; from creagen_desktop.documents.locks import DocumentLocks; "
        "from creagen_desktop.paths import locks_dir; DocumentLocks(locks_dir()).acquire(sys.argv[1]); "
        "print('held', flush=True); time.sleep(60)")


def test_a_document_open_in_another_window_is_named_when_opened(qtbot, make_window, tmp_path, monkeypatch):
    doc = tmp_path / "shared.txt"
    doc.write_text("text")
    other = subprocess.Popen([sys.executable, "-c", HOLD, str(doc)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ})
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    try:
        assert other.stdout.readline().strip() == "held"
        w = make_window()
        assert w.desk.open_path(doc)
        assert warned and "another Creagen window" in warned[0] and str(other.pid) in warned[0]
    finally:
        other.kill()
        other.wait()
        other.stdout.close()
    warned.clear()
    w.desk.close_tab(w.desk.tabs.currentIndex())
    assert w.desk.open_path(doc) and warned == []  # that window is gone: no warning


def test_typing_reaches_the_recovery_folder_within_its_delay_and_after_enough_characters(qtbot, make_window):
    w = make_window()
    store = RecoveryStore(recovery_dir())
    w.desk.autosave.timer.setInterval(300)
    qtbot.keyClicks(w.editor, "a few words")
    assert store.list(include_running=True) == []  # not at once...
    qtbot.waitUntil(lambda: [d.text for d in store.list(include_running=True)] == ["a few words"], timeout=5000)
    w.desk.autosave.timer.setInterval(60_000)  # now only the character count can trigger a copy
    burst = "x" * (AUTOSAVE_CHARS + 5)
    qtbot.keyClicks(w.editor, burst)
    qtbot.waitUntil(lambda: store.list(include_running=True)[0].text.startswith("a few words" + burst[:AUTOSAVE_CHARS]),
                    timeout=5000)


def test_a_save_wins_over_a_copy_on_its_way(qtbot, make_window, tmp_path):
    w = make_window()
    qtbot.keyClicks(w.editor, "draft")
    w.desk.autosave.soon()  # queued for the worker thread
    assert w.desk.save_to(tmp_path / "saved.txt")
    qtbot.waitUntil(w.desk.autosave.copies.idle, timeout=5000)
    assert RecoveryStore(recovery_dir()).list(include_running=True) == []


def test_damaged_recovery_copies_are_named_and_the_good_one_offered(qtbot, make_window, monkeypatch):
    store = RecoveryStore(recovery_dir())
    store.folder.mkdir(parents=True, exist_ok=True)
    (store.folder / "bad.json").write_text("[]")
    (store.folder / "bad.txt").write_text("?")
    from creagen_desktop.documents.files import TextFormat

    store.save("good", "my chapter", None, "Chapter 2", TextFormat())
    meta = store.folder / "good.json"
    info = json.loads(meta.read_text())
    info["pid"] = 0
    meta.write_text(json.dumps(info))
    shown = []
    monkeypatch.setattr("creagen_desktop.ui.dialogs.recovery.RecoveryDialog.exec", lambda self: shown.append(self) or 0)
    w = make_window()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    dlg = shown[0]
    assert dlg.list.count() == 1 and "Chapter 2" in dlg.list.item(0).text()
    assert "bad.json" in dlg.damaged_label.text() and "not a JSON object" in dlg.damaged_label.text()
    dlg.delete_damaged_b.click()
    assert not (store.folder / "bad.json").exists() and (store.folder / "good.json").exists()
    assert w is not None


def test_quitting_while_a_long_job_runs_stops_it_at_once(qtbot, make_window):
    engine = FakeEngine(delays=[30])
    w = make_window(engine)
    w.continuation.request(w.editor.text_before_cursor() or "Once")
    qtbot.waitUntil(lambda: engine.running == 1, timeout=3000)
    t0 = time.monotonic()
    assert w.close()
    assert time.monotonic() - t0 < 5 and engine.running == 0 and not w.worker.isRunning()


def test_preferences_live_in_the_data_folder_and_reject_nan(tmp_path, monkeypatch):
    monkeypatch.setenv("CREAGEN_DATA_DIR", str(tmp_path))
    s = app_settings()
    assert s.fileName() == str(tmp_path / "settings.ini")
    s.setValue("suggestions/temperature", "nan")
    s.setValue("suggestions/top_p", "inf")
    s.sync()
    p = Preferences.load(app_settings())
    assert p.temperature == Preferences().temperature and p.top_p == Preferences().top_p
