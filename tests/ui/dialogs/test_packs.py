"""The Model packs dialog: listing, importing and removing off the GUI thread, the report."""

import threading
import zipfile

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox
from tiny_data import make_pack


def test_dialog_lists_imports_switches_and_removes(qtbot, dialog_window, tmp_path, monkeypatch):
    w = dialog_window
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    assert [p.name for p in dlg.packs] == ["en-fiction"]
    assert dlg.table.item(0, 0).text() == "en-fiction  (active)" and dlg.table.item(0, 3).text() == "lm"
    assert "val bits per char 2.500" in dlg.table.item(0, 6).text() and "1,234" in dlg.table.item(0, 5).text()
    assert not dlg.remove_b.isEnabled()  # bundled packs stay
    src = make_pack(tmp_path / "src" / "mine", name="mine")
    with zipfile.ZipFile(tmp_path / "mine.zip", "w") as zf:
        for p in src.iterdir():
            zf.write(p, p.name)
    with qtbot.waitSignal(dlg.imported, timeout=10000) as imported:
        assert dlg.import_from(tmp_path / "mine.zip")
        # unzipping and checking run in the background; meanwhile the dialog says so and takes no other work
        assert dlg.progress.isVisible() and "Importing mine.zip" in dlg.busy_label.text()
        assert not dlg.use_b.isEnabled() and not dlg.table.isEnabled()
        assert not dlg.import_from(tmp_path / "mine.zip")
    info = imported.args[0]
    assert info is not None and [p.name for p in dlg.packs] == ["en-fiction", "mine"]
    assert dlg.selected().name == "mine" and dlg.remove_b.isEnabled()
    assert not dlg.progress.isVisible() and dlg.busy_label.text() == "Imported mine."
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        dlg.use_selected()
    assert len(w.factory.calls) == 2 and not w.model_loading
    assert w.factory.calls[-1][0] == str(info.path) and w.settings.value("packs/active") == str(info.path)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert not dlg.remove_selected()  # the active pack is not removed from under the engine
    dlg.select_path(tmp_path / "bundled" / "en-fiction")
    dlg.use_selected()
    dlg.select_path(info.path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dlg.removed, timeout=10000):
        assert dlg.remove_selected()
        assert "Removing mine" in dlg.busy_label.text()
    assert not info.path.exists() and [p.name for p in dlg.packs] == ["en-fiction"]


def test_refused_import_says_why_and_leaves_nothing(qtbot, dialog_window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dlg = dialog_window.packs.open_dialog()
    qtbot.addWidget(dlg)
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as zf:
        zf.writestr("../../evil.txt", "x")
    with qtbot.waitSignal(dlg.refused, timeout=10000):
        assert dlg.import_from(tmp_path / "evil.zip")
    assert "leaves its folder" in warned[0] and "leaves its folder" in dlg.busy_label.text()
    assert dlg.table.isEnabled() and not dlg.progress.isVisible()
    assert not dialog_window.packs.store.user_dir.exists() or list(dialog_window.packs.store.user_dir.iterdir()) == []


def test_the_dialog_stays_open_while_an_import_runs(qtbot, dialog_window, tmp_path, monkeypatch):
    w = dialog_window
    gate, threads = threading.Event(), []
    real_import = w.packs.store.import_pack

    def held_import(source, **kw):
        threads.append(threading.get_ident())
        assert gate.wait(10)
        return real_import(source, **kw)

    monkeypatch.setattr(w.packs.store, "import_pack", held_import)
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    src = make_pack(tmp_path / "src" / "held", name="held")
    try:
        assert dlg.import_from(src)
        qtbot.waitUntil(lambda: bool(threads), timeout=5000)
        dlg.reject()  # Esc or Close while it works: the dialog stays and says why
        assert dlg.isVisible() and "closes once this is done" in dlg.busy_label.text()
        with qtbot.waitSignal(dlg.imported, timeout=10000):
            gate.set()
    finally:
        gate.set()
    assert threads[0] != threading.get_ident()  # the import ran off the GUI thread
    dlg.reject()
    assert not dlg.isVisible()


def test_report_button_opens_the_packs_report(qtbot, make_window, tmp_path, monkeypatch):
    from creagen_desktop.pack.store import PackStore

    w = make_window()
    bundled = tmp_path / "bundled"
    with_report = make_pack(bundled / "a-pack", name="a-pack")
    make_pack(bundled / "b-pack", name="b-pack")
    (with_report / "report").mkdir()
    (with_report / "report" / "report.html").write_text("<html></html>")
    w.packs.store = PackStore(w.packs.store.user_dir, bundled)
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    assert dlg.packs[0].usable  # the report folder does not make the pack look damaged
    dlg.select_path(with_report)
    assert dlg.report_b.isEnabled()
    dlg.report_b.click()
    assert opened == [QUrl.fromLocalFile(str(with_report / "report" / "report.html"))]
    dlg.select_path(bundled / "b-pack")
    assert not dlg.report_b.isEnabled() and "creagen-train report" in dlg.report_b.toolTip()
