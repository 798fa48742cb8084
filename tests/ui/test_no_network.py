"""Creagen opens no network connection: with socket creation failing, the whole app still works."""

import socket

import pytest
from PySide6.QtCore import Qt

from creagen_desktop.ui.main_window import MainWindow


class NetworkUsed(AssertionError):
    pass


def test_the_app_works_with_sockets_forbidden(qtbot, settings, tiny_pack_dir, tmp_path, monkeypatch):
    attempts = []

    def forbidden(*args, **kwargs):
        attempts.append(args)
        raise NetworkUsed("the app tried to open a network connection")

    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "socketpair", forbidden)
    with pytest.raises(NetworkUsed):  # the guard itself works
        socket.create_connection(("example.org", 80))
    attempts.clear()

    w = MainWindow(pack_dir=tiny_pack_dir, settings=settings, device="cpu")
    w.desk.confirm_discard = lambda *a: True
    qtbot.addWidget(w)
    w.show()
    try:
        qtbot.waitUntil(lambda: not w.model_loading, timeout=20000)
        assert w.model_error is None
        w.editor.set_pause_ms(20)
        qtbot.keyClicks(w.editor, "The old man walked to the ri")
        qtbot.waitUntil(w.editor.has_ghost, timeout=20000)
        qtbot.keyClick(w.editor, Qt.Key.Key_Tab)
        assert w.desk.save_to(tmp_path / "offline.txt") and (tmp_path / "offline.txt").read_text() == w.editor.toPlainText()
        w.desk.autosave.now()
        dlg = w.packs.open_dialog()
        qtbot.addWidget(dlg)
        assert dlg.packs and dlg.packs[0].source == "bundled"
        dlg.close()
        assert w.desk.open_path(tmp_path / "offline.txt")
    finally:
        w.stop_jobs()
    assert attempts == []
