"""The model packs dialog, switching packs at run time, and damaged packs with the real engine."""

import hashlib
import json
import shutil
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from creagen_desktop.pack.store import PackStore
from creagen_desktop.ui.settings import Preferences

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))
from test_pack_store import make_pack  # noqa: E402


@pytest.fixture
def dialog_window(make_window, tmp_path):
    w = make_window()
    bundled = tmp_path / "bundled"
    make_pack(bundled / "en-fiction", name="en-fiction")
    w.packs.store = PackStore(w.packs.store.user_dir, bundled)
    w.packs.pack_dir = str(bundled / "en-fiction")
    return w


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


def test_device_choice_in_the_dialog_reloads_and_is_kept(qtbot, dialog_window, settings):
    w = dialog_window
    dlg = w.packs.open_dialog()
    qtbot.addWidget(dlg)
    assert dlg.device.currentData() == "auto"
    with qtbot.waitSignal(w.worker.loaded, timeout=5000):
        dlg.device.setCurrentIndex(2)
    assert len(w.factory.calls) == 2 and not w.model_loading
    assert w.factory.calls[-1][1] == "cuda" and w.packs.device == "cuda" and w.preferences.current.device == "cuda"
    assert Preferences.load(settings).device == "cuda"


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


def _damage(pack: Path, how: str) -> None:
    manifest = json.loads((pack / "manifest.json").read_text())
    if how == "truncated onnx":
        data = (pack / "lm.onnx").read_bytes()
        (pack / "lm.onnx").write_bytes(data[: len(data) // 2])
    elif how == "wrong sha256":
        manifest["files"][0]["sha256"] = hashlib.sha256(b"other").hexdigest()
        (pack / "manifest.json").write_text(json.dumps(manifest))
    elif how == "missing tokenizer":
        (pack / manifest["tokenizer"]["path"]).unlink()
    elif how == "manifest from the future":
        manifest["format"] = 99
        (pack / "manifest.json").write_text(json.dumps(manifest))
    elif how == "garbage json":
        (pack / "manifest.json").write_text("{this is not json")


DAMAGES = {
    "truncated onnx": "may be truncated",
    "wrong sha256": "checksum does not match",
    "missing tokenizer": "is missing tokenizer.model",
    "manifest from the future": "newer than this version of Creagen",
    "garbage json": "damaged manifest.json",
}


def test_damaged_packs_each_say_why_and_the_editor_keeps_working(qtbot, real_window, tiny_pack_dir, tmp_path):
    w = real_window
    assert w.model_error is None
    for how, words in DAMAGES.items():
        broken = tmp_path / how.replace(" ", "-")
        shutil.copytree(tiny_pack_dir, broken)
        _damage(broken, how)
        w.packs.use(broken)
        qtbot.waitUntil(lambda: not w.model_loading and w.model_error is not None, timeout=20000)
        assert words in w.model_error, (how, w.model_error)
        assert words in w.status.model.toolTip() and words in w.continuation.panel.notice.text()
        qtbot.keyClicks(w.editor, f"Still writing ({how}). ")
        w.model_error = None  # the next damaged pack must set its own
    assert w.editor.toPlainText().count("Still writing") == len(DAMAGES)
    w.packs.use(tiny_pack_dir)  # a good pack brings suggestions back
    qtbot.waitUntil(lambda: not w.model_loading and w.worker.engine is not None, timeout=20000)
    assert w.model_error is None and w.status.model.text() == "Model: tiny-test"
