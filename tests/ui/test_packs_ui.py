"""The model packs dialog, switching packs at run time, and damaged packs with the real engine."""

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from tiny_data import make_pack  # noqa: E402

from creagen_desktop.pack.store import PackStore
from creagen_desktop.ui.settings import Preferences


@pytest.fixture
def dialog_window(make_window, tmp_path):
    w = make_window()
    bundled = tmp_path / "bundled"
    make_pack(bundled / "en-fiction", name="en-fiction")
    w.packs = PackStore(w.packs.user_dir, bundled)
    w.pack_dir = str(bundled / "en-fiction")
    return w


def test_dialog_lists_imports_switches_and_removes(qtbot, dialog_window, tmp_path, monkeypatch):
    w = dialog_window
    dlg = w.open_pack_dialog()
    qtbot.addWidget(dlg)
    assert [p.name for p in dlg.packs] == ["en-fiction"]
    assert dlg.table.item(0, 0).text() == "en-fiction  (active)" and dlg.table.item(0, 3).text() == "lm"
    assert "val bits per char 2.500" in dlg.table.item(0, 6).text() and "1,234" in dlg.table.item(0, 5).text()
    assert not dlg.remove_b.isEnabled()  # bundled packs stay
    src = make_pack(tmp_path / "src" / "mine", name="mine")
    with zipfile.ZipFile(tmp_path / "mine.zip", "w") as zf:
        for p in src.iterdir():
            zf.write(p, p.name)
    info = dlg.import_from(tmp_path / "mine.zip")
    assert info is not None and [p.name for p in dlg.packs] == ["en-fiction", "mine"]
    assert dlg.selected().name == "mine" and dlg.remove_b.isEnabled()
    dlg.use_selected()
    qtbot.waitUntil(lambda: len(w.factory.calls) == 2 and not w.model_loading, timeout=5000)
    assert w.factory.calls[-1][0] == str(info.path) and w.settings.value("packs/active") == str(info.path)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    assert not dlg.remove_selected()  # the active pack is not removed from under the engine
    dlg.select_path(tmp_path / "bundled" / "en-fiction")
    dlg.use_selected()
    dlg.select_path(info.path)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert dlg.remove_selected() and not info.path.exists()


def test_device_choice_in_the_dialog_reloads_and_is_kept(qtbot, dialog_window, settings):
    w = dialog_window
    dlg = w.open_pack_dialog()
    qtbot.addWidget(dlg)
    assert dlg.device.currentData() == "auto"
    dlg.device.setCurrentIndex(2)
    qtbot.waitUntil(lambda: len(w.factory.calls) == 2 and not w.model_loading, timeout=5000)
    assert w.factory.calls[-1][1] == "cuda" and w.device == "cuda" and w.prefs.device == "cuda"
    assert Preferences.load(settings).device == "cuda"


def test_refused_import_says_why_and_leaves_nothing(qtbot, dialog_window, tmp_path, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dlg = dialog_window.open_pack_dialog()
    qtbot.addWidget(dlg)
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as zf:
        zf.writestr("../../evil.txt", "x")
    assert dlg.import_from(tmp_path / "evil.zip") is None
    assert "leaves its folder" in warned[0]
    assert not dialog_window.packs.user_dir.exists() or list(dialog_window.packs.user_dir.iterdir()) == []


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
        w.switch_pack(broken)
        qtbot.waitUntil(lambda: not w.model_loading and w.model_error is not None, timeout=20000)
        assert words in w.model_error, (how, w.model_error)
        assert words in w.status_model.toolTip() and words in w.panel.notice.text()
        qtbot.keyClicks(w.editor, f"Still writing ({how}). ")
        w.model_error = None  # the next damaged pack must set its own
    assert w.editor.toPlainText().count("Still writing") == len(DAMAGES)
    w.switch_pack(tiny_pack_dir)  # a good pack brings suggestions back
    qtbot.waitUntil(lambda: not w.model_loading and w.worker.engine is not None, timeout=20000)
    assert w.model_error is None and w.status_model.text() == "Model: tiny-test"
