import pytest
from fakes import FakeFactory
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox

from creagen_desktop.ui.dialogs.preferences import PreferencesDialog
from creagen_desktop.ui.main_window import MainWindow
from creagen_desktop.ui.menus import keys_text
from creagen_desktop.ui.settings import Preferences


def test_preferences_round_trip_through_qsettings(qtbot, settings):
    prefs = Preferences(enabled=False, pause_ms=450, n=5, max_tokens=24, temperature=0.6, top_k=0, top_p=0.9,
                        repetition_penalty=1.3, device="cpu")
    prefs.save(settings)
    reread = QSettings(settings.fileName(), QSettings.Format.IniFormat)  # a fresh reader of the same file
    assert Preferences.load(reread) == prefs
    dlg = PreferencesDialog(prefs, keys_text)
    qtbot.addWidget(dlg)
    assert dlg.preferences() == prefs
    dlg.restore_defaults()
    assert dlg.preferences() == Preferences()
    assert prefs.sampling().top_k == 0 and prefs.sampling().n == 5


def test_preferences_survive_a_broken_config(settings):
    settings.setValue("suggestions/n", "lots")
    settings.setValue("suggestions/pause_ms", -5)
    settings.setValue("suggestions/device", "tpu")
    prefs = Preferences.load(settings)
    assert (prefs.n, prefs.pause_ms, prefs.device) == (3, 50, "auto")


def test_apply_preferences_changes_the_editor(qtbot, make_window, settings):
    w = make_window()
    p = Preferences.load(settings)
    p.pause_ms, p.enabled = 900, False
    w.preferences.apply(p)
    assert w.editor.pause.interval() == 900 and not w.editor.suggestions_enabled
    assert not w.menus.action("generate.while_writing").isChecked()
    assert Preferences.load(settings).pause_ms == 900
    assert len(w.factory.calls) == 1  # no reload without a device change


def test_device_change_reloads_the_engine_on_its_thread(qtbot, make_window, settings):
    w = make_window()
    assert w.factory.calls == [(None, "auto")]
    p = Preferences.load(settings)
    p.device = "cuda"
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        w.preferences.apply(p)
    assert len(w.factory.calls) == 2 and not w.model_loading
    assert w.factory.calls[-1] == (None, "cuda") and w.status.provider.text() == "CUDA"
    assert Preferences.load(settings).device == "cuda"


def test_device_argument_is_for_this_session_only(qtbot, settings):
    factory = FakeFactory()
    w = MainWindow(engine_factory=factory, settings=settings, device="cpu", pack_dir="/packs/x")
    qtbot.addWidget(w)
    try:
        qtbot.waitUntil(lambda: not w.model_loading, timeout=5000)
        assert factory.calls == [("/packs/x", "cpu")]
        assert Preferences.load(settings).device == "auto"
    finally:
        w.worker.stop()


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


def test_close_with_unsaved_changes_can_be_cancelled(qtbot, make_window, monkeypatch):
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Discard]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    w = make_window()
    del w.desk.confirm_discard
    qtbot.keyClicks(w.editor, "draft")
    assert not w.close() and w.isVisible() and w.worker.isRunning()
    assert w.close() and not w.worker.isRunning()


def test_every_menu_action_names_its_key(qtbot, make_window):
    w = make_window()
    missing, texts = [], []

    def walk(menu):
        menu.aboutToShow.emit()  # menus filled on demand (recent files)
        for act in menu.actions():
            texts.append(act.text())
            if act.menu() is not None:
                walk(act.menu())  # a submenu's entries carry the keys
            elif not act.isSeparator() and act.isEnabled() and act.shortcut().isEmpty() and "\t" not in act.text():
                missing.append(act.text())

    for menu_action in w.menuBar().actions():
        walk(menu_action.menu())
    assert missing == []
    for wanted in ("&New", "&Open…", "&Save", "Save &As…", "&Quit", "&Preferences…", "Suggest &now",
                   "&Suggestions panel", "&About Creagen", "&Find…", "R&eplace…", "&Focus mode",
                   "&Model Packs…", "&Authorship Report…", "Session &Statistics…", "F&ont…", "&Close Document"):
        assert wanted in texts


def test_view_menu_toggles_the_panel(qtbot, make_window):
    w = make_window()
    assert w.continuation.panel.isVisible()
    w.menus.action("view.suggestions").trigger()
    assert not w.continuation.panel.isVisible()
    w.menus.action("view.suggestions").trigger()
    assert w.continuation.panel.isVisible()


def test_real_engine_end_to_end(qtbot, real_window):
    w = real_window
    assert w.model_error is None
    assert w.status.model.text() == "Model: tiny-test" and w.status.provider.text() == "CPU"
    w.editor.set_pause_ms(20)
    qtbot.keyClicks(w.editor, "The old man walked to the")
    qtbot.waitUntil(w.editor.has_ghost, timeout=20000)
    ghost = w.editor.ghost_text
    assert ghost and w.editor.toPlainText() == "The old man walked to the"
    assert w.status.latency.text().endswith(" ms")
    qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
    assert w.editor.toPlainText() == "The old man walked to the" + ghost
    w.editor.undo()
    assert w.editor.toPlainText() == "The old man walked to the"
