"""Which pack and device the engine loads: switching packs and devices, damaged packs with the real engine."""

import hashlib
import json
import shutil
from pathlib import Path

from fakes import (
    FakeFactory,
)

from creagen_desktop.ui.main_window import MainWindow
from creagen_desktop.ui.settings import Preferences


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
        w.stop_jobs()
