"""The app itself, offscreen, with the real engine and the bundled pack where it matters: damaged
packs in Model Packs, hostile archives imported through the dialog, special files opened from the
desk, quitting while the model is busy, and the settings staying in the data folder."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hostile_cases import ROOT, expect
from hostile_cases.packs import TINY

QUIT_SCRIPT = r"""
import os, sys, time
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/benchmarks"]
from bench_common import offscreen_window, wait_until
app, w = offscreen_window(None)
text = "The old man looked at the sea and thought of the years gone by, of the ships and the harbours. " * 24
w.editor.setPlainText(text)
w.editor.selectAll()
w.latent.open_variations()            # a big job: 24 sentences
time.sleep(0.3)
for _ in range(5):
    app.processEvents()
w.editor.document().setModified(False)
t = time.monotonic()
w.close()
print("closed in", round(time.monotonic() - t, 2), flush=True)
"""


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_common import offscreen_window

    return offscreen_window(None)


def _damaged_pack_listed(edit: dict) -> object:
    def case(tmp: Path) -> str:
        from creagen_desktop.paths import user_packs_dir

        import shutil
        bad = user_packs_dir() / "odd"
        shutil.copytree(TINY, bad)
        m = json.loads((bad / "manifest.json").read_text())
        m.update(edit)
        (bad / "manifest.json").write_text(json.dumps(m))
        app, w = _app()
        dlg = w.packs.open_dialog()
        rows = {p.path.name: p for p in dlg.packs}
        expect("odd" in rows and not rows["odd"].usable, f"listed as {rows.get('odd')}")
        texts = [dlg.table.item(r, c).text() for r in range(dlg.table.rowCount()) for c in range(dlg.table.columnCount())]
        expect(any(t.startswith("damaged:") for t in texts), "no 'damaged:' in the table")
        expect(dlg.select_path(bad) and dlg.remove_b.isEnabled(), "cannot be removed")
        dlg.close()
        dlg2 = w.packs.open_dialog()  # the dialog opens again (it used to refuse for ever)
        expect(len(dlg2.packs) >= 2, "the dialog did not list again")
        w.close()
        return rows["odd"].error[:90]
    return case


def _import_refused(tmp: Path) -> str:
    import zipfile

    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Ok)
    archive = tmp / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(TINY.iterdir()):
            zf.write(p, p.name)
        zf.writestr("../escape.sh", "echo hi")
    app, w = _app()
    dlg = w.packs.open_dialog()
    said = []
    dlg.refused.connect(said.append)
    expect(dlg.import_from(archive), "the import did not start")
    from bench_common import wait_until

    wait_until(app, lambda: bool(said), 20)
    expect(said and "leaves its folder" in said[0], f"said {said}")
    expect(not (tmp / "escape.sh").exists(), "a file escaped")
    expect(dlg.import_from(archive), "the dialog is stuck after a refusal")
    w.close()
    return said[0][:90]


def _open_special(path_of) -> object:
    def case(tmp: Path) -> str:
        from PySide6.QtWidgets import QMessageBox

        seen = []
        QMessageBox.warning = staticmethod(lambda *a, **k: seen.append(a[2]) or QMessageBox.StandardButton.Ok)
        path = path_of(tmp)
        app, w = _app()
        t = time.monotonic()
        expect(not w.desk.open_path(path), "it opened")
        expect(time.monotonic() - t < 3, "opening took too long (a pipe read?)")
        expect(seen and "not a regular file" in seen[0], f"said {seen}")
        w.close()
        return seen[0][:90]
    return case


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe")
    return tmp / "pipe"


def _quit_while_busy(tmp: Path) -> str:
    done = subprocess.run([sys.executable, "-c", QUIT_SCRIPT, str(ROOT)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    expect(done.returncode == 0, f"exit {done.returncode} ({'SIGABRT' if done.returncode == -signal.SIGABRT else ''}): "
                                 f"{done.stderr.strip()[-160:]}")
    expect("Destroyed while thread" not in done.stderr, "QThread destroyed while running")
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("closed in")]
    expect(line and float(line[0].split()[-1]) < 5, f"closing: {line}")
    return line[0]


def _settings_in_data_dir(tmp: Path) -> str:
    home = tmp / "home"
    home.mkdir()
    code = ("import os, sys; sys.path[:0] = [sys.argv[1], sys.argv[1] + '/benchmarks']\n"
            "from bench_common import offscreen_window\n"
            "from creagen_desktop.ui.main_window import MainWindow\n"
            "from PySide6.QtWidgets import QApplication\n"
            "app = QApplication([]); w = MainWindow(); w.preferences.update(pause_ms=777); w.close()\n")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                               "QT_QPA_PLATFORM": "offscreen"})
    expect(done.returncode == 0, done.stderr[-200:])
    ini = Path(os.environ["CREAGEN_DATA_DIR"]) / "settings.ini"
    expect(ini.is_file() and "777" in ini.read_text(), "no settings in the data folder")
    stray = [str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()]
    expect(not stray, f"wrote outside the data folder: {stray}")
    return f"settings in {ini.name}; nothing under $HOME"


def _huge_paste(tmp: Path) -> str:
    app, w = _app()
    from bench_common import wait_until

    w.editor.setPlainText("a" * 100_000)
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    t = time.monotonic()
    w.continuation.request(w.editor.text_before_cursor())
    ok = wait_until(app, lambda: w.worker.idle(), 20)
    expect(ok, "the suggestion did not finish in 20 s")
    took = time.monotonic() - t
    w.editor.document().setModified(False)
    w.close()
    return f"suggestion after 100,000 x 'a' in {took:.1f} s"


def cases() -> dict:
    return {
        "Model Packs with a pack whose training is 'Gutenberg'": _damaged_pack_listed({"training": "Gutenberg"}),
        "Model Packs with a pack whose metrics are [1, 2]": _damaged_pack_listed({"metrics": [1, 2]}),
        "Model Packs with a pack whose name is 123": _damaged_pack_listed({"name": 123}),
        "Model Packs with a pack whose kinds are 5": _damaged_pack_listed({"kinds": 5}),
        "import a zip with '..' through the dialog": _import_refused,
        "open a FIFO from the desk": _open_special(_fifo),
        "open /dev/zero from the desk": _open_special(lambda tmp: Path("/dev/zero")),
        "quit while 24 sentences are being varied": _quit_while_busy,
        "settings stay in CREAGEN_DATA_DIR": _settings_in_data_dir,
        "a suggestion after 100,000 x 'a' in the editor": _huge_paste,
    }
