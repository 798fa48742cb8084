"""A walk through the writer's desk, with screenshots: open a file, write with suggestions, save,
get killed with unsaved changes, start again and be offered the lost work.

    python benchmarks/walkthrough.py [--out /tmp/creagen-walkthrough] [--pack DIR]

Each step runs the real window offscreen in its own process (the second one is SIGKILLed); the
PNGs are written to --out and listed at the end.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_common import wait_until  # noqa: E402

STORY = ("The Lighthouse\n\nFor three days the storm had kept the boats in the harbour. On the fourth morning "
         "the wind fell, and Margaret walked down to the water.\n")


def _window(args):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(args.work) / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=args.pack, settings=settings, device="cpu")
    w.resize(1100, 620)
    w.show()
    return app, w



def session(args) -> None:
    """Open, write with a suggestion, save, write more, let autosave copy it, then wait to be killed."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    app, w = _window(args)
    out = Path(args.out)
    wait_until(app, lambda: not w.model_loading)
    w.desk.open_path(Path(args.work) / "story.txt")
    app.processEvents()
    w.grab().save(str(out / "01-opened.png"))
    QTest.keyClicks(w.editor, "She looked out at the sea and")
    QTest.keyClicks(w.editor, " ")
    print("ghost shown:", wait_until(app, w.editor.has_ghost), repr(w.editor.ghost_text), flush=True)
    app.processEvents()
    w.grab().save(str(out / "02-suggestion.png"))
    QTest.keyClick(w.editor, Qt.Key.Key_Tab)  # accept: tinted as the model's
    w.desk.save()
    app.processEvents()
    w.grab().save(str(out / "03-saved.png"))
    print("saved:", w.desk.current_tab().path, flush=True)
    QTest.keyClick(w.editor, Qt.Key.Key_Return)
    QTest.keyClicks(w.editor, "This paragraph was never saved: the app is about to be killed.")
    w.editor.clear_ghost()
    # Autosave runs on its timer (every 5 s in this walk's settings).
    wait_until(app, lambda: any(Path(os.environ["CREAGEN_DATA_DIR"], "recovery").glob("*.json")), 15)
    app.processEvents()
    w.grab().save(str(out / "04-unsaved-before-kill.png"))
    print("autosaved, ready to be killed", flush=True)
    while True:
        app.processEvents()
        time.sleep(0.01)


def restart(args) -> None:
    """Start again after the kill: the recovery offer shows, with its diff; restore the document."""
    from PySide6.QtCore import QTimer

    out = Path(args.out)
    shots = {}

    def on_offer():
        from PySide6.QtWidgets import QApplication

        dlg = w.desk.recovery_dialog
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(100, on_offer)
            return
        QApplication.processEvents()
        dlg.grab().save(str(out / "05-recovery-offer.png"))
        shots["diff"] = dlg.diff_view.toPlainText()
        dlg.restore_b.click()
        QTimer.singleShot(300, after_restore)

    def after_restore():
        w.grab().save(str(out / "06-restored.png"))
        shots["text"] = w.editor.toPlainText()
        shots["modified"] = w.editor.document().isModified()
        app.quit()

    app, w = _window(args)
    QTimer.singleShot(200, on_offer)
    QTimer.singleShot(30_000, app.quit)
    app.exec()
    print("diff shown in the offer:\n" + shots.get("diff", "(no offer)"), flush=True)
    print("restored text ends with:", repr(shots.get("text", "")[-70:]), "modified:", shots.get("modified"))
    w.editor.document().setModified(False)
    w.stop_jobs()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/creagen-walkthrough")
    ap.add_argument("--pack", default=None)
    ap.add_argument("--phase", choices=["session", "restart"], default=None, help=argparse.SUPPRESS)
    ap.add_argument("--work", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.phase:
        (session if args.phase == "session" else restart)(args)
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="walkthrough-"))
    (work / "story.txt").write_text(STORY, encoding="utf-8")
    (work / "settings.ini").write_text("[suggestions]\nautosave_s=5\npause_ms=250\n")
    env = dict(os.environ, CREAGEN_DATA_DIR=str(work / "data"), QT_QPA_PLATFORM="offscreen")
    common = [sys.executable, __file__, "--out", str(out), "--work", str(work)] + (["--pack", args.pack] if args.pack else [])
    child = subprocess.Popen(common + ["--phase", "session"], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    for line in child.stdout:
        print("session:", line.rstrip())
        if line.startswith("autosaved"):
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    print(f"session: SIGKILLed (exit status {child.returncode})")
    print("file on disk after the kill:", repr((work / "story.txt").read_text()[-80:]))
    done = subprocess.run(common + ["--phase", "restart"], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    print(done.stdout)
    for png in sorted(out.glob("0*.png")):
        print("screenshot:", png)
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
