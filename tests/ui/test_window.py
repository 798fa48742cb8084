from creagen_desktop.ui.settings import Preferences, PreferencesDialog


def test_preferences_round_trip_through_qsettings(qtbot, settings):
    prefs = Preferences(enabled=False, pause_ms=450, n=5, max_tokens=24, temperature=0.6, top_k=0, top_p=0.9,
                        repetition_penalty=1.3, device="cpu")
    prefs.save(settings)
    assert Preferences.load(settings) == prefs
    dlg = PreferencesDialog(prefs)
    qtbot.addWidget(dlg)
    assert dlg.preferences() == prefs
    assert prefs.sampling().top_k == 0 and prefs.sampling().n == 5


def test_apply_preferences_changes_the_editor(qtbot, make_window, settings):
    w = make_window()
    p = Preferences.load(settings)
    p.pause_ms, p.enabled = 900, False
    w.apply_preferences(p)
    assert w.editor.pause.interval() == 900 and not w.editor.suggestions_enabled
    assert Preferences.load(settings).pause_ms == 900


def test_save_and_open_round_trip_utf8(qtbot, make_window, tmp_path):
    w = make_window()
    text = "Naïve café — “quotes”, 你好.\nSecond line.\n"
    w.editor.setPlainText(text)
    path = tmp_path / "story.txt"
    assert w.save_to(path)
    assert path.read_bytes() == text.encode("utf-8")
    assert not w.editor.document().isModified() and "story.txt" in w.windowTitle()
    w.new_file()
    assert w.editor.toPlainText() == ""
    assert w.open_path(path)
    assert w.editor.toPlainText() == text


def test_open_refuses_binary_and_non_utf8(qtbot, make_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    w = make_window()
    w.editor.setPlainText("keep me")
    (tmp_path / "a.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "b.txt").write_bytes("caf\xe9".encode("latin-1"))
    assert not w.open_path(tmp_path / "a.bin") and not w.open_path(tmp_path / "b.txt")
    assert w.editor.toPlainText() == "keep me"
    assert "binary" in warned[0] and "not UTF-8" in warned[1]


def test_real_engine_end_to_end(qtbot, settings, tiny_pack_dir):
    from creagen_desktop.ui.main_window import MainWindow

    w = MainWindow(pack_dir=tiny_pack_dir, settings=settings)
    w.confirm_discard = lambda: True
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: w.worker.engine is not None, timeout=10000)
        assert w.status_model.text() == "Model: tiny-test"
        w.editor.set_pause_ms(20)
        qtbot.keyClicks(w.editor, "The old man walked to the")
        qtbot.waitUntil(w.editor.has_ghost, timeout=10000)
        ghost = w.editor.ghost_text
        assert ghost.strip()
        qtbot.keyClick(w.editor, "\t")
        assert w.editor.toPlainText() == "The old man walked to the" + ghost
    finally:
        w.worker.stop()
