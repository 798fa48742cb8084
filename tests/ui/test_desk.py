"""Documents in the window: tabs, saving, changes on disk, autosave and recovery after a crash."""

import json
import os
import subprocess
import sys

import pytest
from fakes import FakeEngine
from PySide6.QtWidgets import QMessageBox, QWidget

from creagen_desktop.documents.files import TEMP_MARK, TextFormat
from creagen_desktop.documents.recovery import RecoveryStore
from creagen_desktop.engine.context_window import MIN_CHARS, STEP
from creagen_desktop.paths import recovery_dir
from creagen_desktop.ui.dialogs.recovery import RecoveryDialog


def _dead_pid():
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _as_crashed(store, doc_id):
    """Make a recovery entry look like it was left by a process that died."""
    meta = store.folder / f"{doc_id}.json"
    info = json.loads(meta.read_text())
    info["pid"] = _dead_pid()
    meta.write_text(json.dumps(info))


def test_files_open_in_tabs_and_an_open_file_is_shown_not_reopened(qtbot, make_window, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.md"
    a.write_text("alpha")
    b.write_text("# beta")
    w = make_window()
    assert w.desk.open_path(a) and w.tabs.count() == 1  # the empty Untitled tab was reused
    assert w.desk.open_path(b) and w.tabs.count() == 2 and w.editor.toPlainText() == "# beta"
    assert w.desk.open_path(a) and w.tabs.count() == 2 and w.editor.toPlainText() == "alpha"
    assert w.desk.recent.files()[:2] == [str(a.resolve()), str(b.resolve())]
    w.tabs.setCurrentIndex(1)
    assert w.desk.recent.open(1) and w.desk.current_tab().path == b


def test_bom_and_crlf_are_kept_through_the_window(qtbot, make_window, tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfone\r\ntwo\r\n")
    w = make_window()
    assert w.desk.open_path(p) and w.editor.toPlainText() == "one\ntwo\n"
    w.editor.insertPlainText("three\n")
    assert w.desk.save()
    assert p.read_bytes() == b"\xef\xbb\xbfone\r\ntwo\r\nthree\r\n"


def test_a_file_changed_by_another_program_is_not_overwritten_unasked(qtbot, make_window, tmp_path, monkeypatch):
    p = tmp_path / "shared.txt"
    p.write_text("mine")
    w = make_window()
    assert w.desk.open_path(p)
    p.write_text("theirs, longer")  # another program saves the same file
    w.editor.insertPlainText("more ")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answers.pop(0))
    assert not w.desk.save()
    assert p.read_text() == "theirs, longer" and "changed by another program" in asked[0]
    assert w.desk.save() and p.read_text() == w.editor.toPlainText()
    assert len(asked) == 2
    w.editor.insertPlainText("x")
    assert w.desk.save() and len(asked) == 2  # our own save is not "another program"


def test_an_untouched_document_changed_on_disk_is_reloaded_when_the_window_returns(qtbot, make_window, tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("first")
    w = make_window()
    w.desk.open_path(p)
    p.write_text("second version")
    w.desk.check_disk_changes()
    assert w.editor.toPlainText() == "second version" and "reloaded" in w.statusBar().currentMessage()


def test_save_failure_keeps_the_text_and_says_why(qtbot, make_window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    w = make_window()
    qtbot.keyClicks(w.editor, "precious")  # typed, so the document has unsaved changes
    assert not w.desk.save_to(tmp_path / "no such folder" / "x.txt")
    assert "could not be saved" in warned[0] and w.editor.toPlainText() == "precious"
    # still the unsaved Untitled document it was: not marked saved, not renamed to where it failed to go
    tab = w.desk.current_tab()
    assert tab.is_modified() and tab.path is None and w.isWindowModified() and w.windowTitle().startswith("Untitled")
    assert not (tmp_path / "no such folder").exists()


def test_autosave_writes_changed_documents_and_a_save_clears_them(qtbot, make_window, tmp_path):
    w = make_window()
    store = RecoveryStore(recovery_dir())
    assert w.desk.autosave.now() == 0  # nothing changed yet
    qtbot.keyClicks(w.editor, "unsaved words")
    assert w.desk.autosave.now() == 1 and w.desk.autosave.now() == 0  # nothing new since
    [entry] = store.list(include_running=True)
    assert entry.text == "unsaved words" and entry.path is None
    assert w.desk.save_to(tmp_path / "kept.txt")
    assert store.list(include_running=True) == []


def test_autosave_runs_on_its_timer_and_when_focus_leaves(qtbot, make_window):
    w = make_window()
    store = RecoveryStore(recovery_dir())
    w.desk.autosave.timer.setInterval(50)
    w.desk.autosave.timer.start()
    qtbot.keyClicks(w.editor, "timer")
    qtbot.waitUntil(lambda: len(store.list(include_running=True)) == 1, timeout=3000)
    w.desk.autosave.timer.stop()
    qtbot.keyClicks(w.editor, " and focus")
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not w.isActiveWindow(), timeout=3000)
    assert store.list(include_running=True)[0].text == "timer and focus"


def test_a_clean_quit_leaves_nothing_to_recover(qtbot, make_window):
    w = make_window()
    qtbot.keyClicks(w.editor, "draft")
    w.desk.autosave.now()
    assert RecoveryStore(recovery_dir()).list(include_running=True)
    assert w.close()
    assert RecoveryStore(recovery_dir()).list(include_running=True) == []


def test_after_a_crash_the_next_start_offers_each_document_with_its_diff(qtbot, make_window, tmp_path, monkeypatch):
    saved = tmp_path / "novel.txt"
    saved.write_bytes(b"Chapter one.\r\nIt rained.\r\n")
    store = RecoveryStore(recovery_dir())
    store.save("d1", "Chapter one.\nIt rained all night.\n", saved, "novel.txt", TextFormat(newline="\r\n"),
               marks=[[22, 32, "continuation"]])
    store.save("d2", "An untitled idea", None, "Untitled", TextFormat())
    _as_crashed(store, "d1")
    _as_crashed(store, "d2")
    shown = {}

    def choose(dlg):
        for row in range(dlg.list.count()):
            dlg.list.setCurrentRow(0)
            shown[dlg.current().doc_id] = dlg.diff_view.toPlainText()
            (dlg.restore_b if dlg.current().doc_id == "d1" else dlg.discard_b).click()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", choose)
    w = make_window()
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert "-It rained." in shown["d1"] and "+It rained all night." in shown["d1"]
    assert "never saved" in shown["d2"]
    assert w.desk.current_tab().path == saved and w.editor.toPlainText() == "Chapter one.\nIt rained all night.\n"
    assert w.editor.document().isModified()
    assert [(m.start, m.end, m.feature) for m in w.editor.marks.spans] == [(22, 32, "continuation")]
    assert [d.doc_id for d in store.list(include_running=True)] == ["d1"]  # now this session's
    assert w.desk.save()
    assert saved.read_bytes() == b"Chapter one.\r\nIt rained all night.\r\n"  # its line endings kept
    assert store.list(include_running=True) == []


def test_leftover_temp_files_are_swept_at_start(qtbot, make_window):
    folder = recovery_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f".x.txt{TEMP_MARK}abc").write_text("half")
    os.utime(folder / f".x.txt{TEMP_MARK}abc", (1_000_000_000, 1_000_000_000))  # left by a crash long ago
    make_window()
    assert list(folder.iterdir()) == []


def test_a_ten_megabyte_document_opens_takes_typing_and_suggests_from_a_bounded_window(qtbot, make_window, tmp_path):
    p = tmp_path / "big.txt"
    p.write_text(("It was a long and quiet evening in the old house by the sea. " * 17 + "\n") * 10_000)
    assert p.stat().st_size > 10_000_000
    engine = FakeEngine()
    w = make_window(engine, pause_ms=10)
    assert w.desk.open_path(p)
    qtbot.keyClicks(w.editor, " And then")
    qtbot.waitUntil(w.editor.has_ghost, timeout=10000)
    assert MIN_CHARS <= len(engine.calls[-1]) <= MIN_CHARS + STEP and engine.calls[-1].endswith(" And then")
    w.editor.verticalScrollBar().setValue(w.editor.verticalScrollBar().maximum() // 2)
    w.editor.viewport().grab()
    qtbot.keyClick(w.editor, "x")
    assert w.editor.document().characterCount() > 10_000_000


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard])
def test_quitting_asks_about_each_unsaved_document(qtbot, make_window, monkeypatch, answer):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    w = make_window()
    del w.desk.confirm_discard
    qtbot.keyClicks(w.editor, "one")
    w.desk.new_file()
    qtbot.keyClicks(w.editor, "two")
    closed = w.close()
    assert closed is (answer == QMessageBox.StandardButton.Discard)
    assert len(asked) == (2 if closed else 1)


def test_save_and_open_round_trip_utf8(qtbot, make_window, tmp_path):
    w = make_window()
    text = "Naïve café — “quotes”, 你好.\nSecond line.\n"
    w.editor.setPlainText(text)
    path = tmp_path / "story.txt"
    assert w.desk.save_to(path)
    assert path.read_bytes() == text.encode("utf-8")
    assert not w.editor.document().isModified() and "story.txt" in w.windowTitle()
    w.desk.new_file()
    assert w.editor.toPlainText() == ""
    assert w.desk.open_path(path)
    assert w.editor.toPlainText() == text and w.desk.current_tab().path == path


def test_windows_line_endings_are_kept(qtbot, make_window, tmp_path):
    w = make_window()
    path = tmp_path / "crlf.txt"
    path.write_bytes("one\r\ntwo\r\n".encode("utf-8"))
    assert w.desk.open_path(path)
    assert w.editor.toPlainText() == "one\ntwo\n"
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    w.editor.insertPlainText("three")
    assert w.desk.save()  # to the same path, no dialog
    assert path.read_bytes() == b"one\r\ntwo\r\nthree"


def test_open_refuses_binary_and_non_utf8(qtbot, make_window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    w = make_window()
    w.editor.setPlainText("keep me")
    (tmp_path / "a.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "b.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert not w.desk.open_path(tmp_path / "a.bin") and not w.desk.open_path(tmp_path / "b.txt")
    assert not w.desk.open_path(tmp_path / "missing.txt")
    assert w.editor.toPlainText() == "keep me"
    assert "binary" in warned[0] and "not UTF-8" in warned[1] and "missing.txt" in warned[2]


def test_title_shows_the_name_and_a_modified_marker(qtbot, make_window, tmp_path):
    w = make_window()
    assert w.windowTitle().startswith("Untitled") and not w.isWindowModified()
    qtbot.keyClicks(w.editor, "x")
    assert w.isWindowModified()
    assert w.desk.save_to(tmp_path / "chapter.md")
    assert w.windowTitle() == "chapter.md[*] — Creagen" and not w.isWindowModified()


@pytest.mark.parametrize("answer, closed", [(QMessageBox.StandardButton.Cancel, False),
                                            (QMessageBox.StandardButton.Discard, True)])
def test_closing_a_document_asks_about_unsaved_changes(qtbot, make_window, monkeypatch, answer, closed):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or answer)
    w = make_window()
    del w.desk.confirm_discard  # the real prompt (the fixture stubs it out)
    assert w.desk.new_file() and w.tabs.count() == 2  # New opens another tab and asks nothing
    qtbot.keyClicks(w.editor, "draft")
    assert w.desk.close_tab(w.tabs.currentIndex()) is closed
    assert len(asked) == 1 and w.tabs.count() == (1 if closed else 2)
    assert (w.editor.toPlainText() == "draft") is not closed


def test_no_question_when_nothing_changed(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked needlessly"))
    w = make_window()
    del w.desk.confirm_discard
    assert w.desk.new_file() and w.desk.close_tab(1) and w.desk.close_tab(0)
    assert w.tabs.count() == 1  # the last one closed: a fresh Untitled takes its place
