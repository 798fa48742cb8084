"""A walk through "Learn from my writing", with screenshots: a writer's folder of chapters, the
dialog, the training process running while the writer keeps writing, the new pack in Model Packs, a
suggestion that uses a character's name, the way back, and the dialog on a machine without torch.

    python benchmarks/walkthrough_learning.py [--out /tmp/creagen-learning] [--minutes 10] [--chapters 40]

The real window runs offscreen with this checkout's bundled pack; the real trainer runs as the app
runs it (a separate process). Moby-Dick's first chapters stand in for the writer's novel. The PNGs
are written to --out and listed at the end.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import writer_novel  # noqa: E402
from bench_common import wait_until  # noqa: E402

from creagen_desktop.paths import DEFAULT_PACK_NAME  # noqa: E402


def shot(widget, out: Path, name: str) -> None:
    widget.grab().save(str(out / name))
    print("screenshot:", out / name, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/creagen-learning")
    ap.add_argument("--minutes", type=int, default=10)
    ap.add_argument("--chapters", type=int, default=40)
    ap.add_argument("--pack", default=str(ROOT / "resources" / "models" / DEFAULT_PACK_NAME))
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="creagen-learning-"))
    os.environ["CREAGEN_DATA_DIR"] = str(work / "data")
    novel = work / "My novel"
    novel.mkdir()
    chapters = writer_novel.chapters()[: args.chapters]
    for i, text in enumerate(chapters, 1):
        (novel / f"chapter-{i:02d}.txt").write_text(text, encoding="utf-8")
    draft = novel / f"chapter-{len(chapters) + 1:02d}.txt"
    draft.write_text("CHAPTER 41. The Deck.\n\nFor three days Captain Ahab had kept to his cabin. The morning was "
                     "grey when I came on deck, and the first man I saw there was Captain", encoding="utf-8")

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    w = MainWindow(pack_dir=args.pack, settings=QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat),
                   device="cpu")
    w.resize(1150, 680)
    w.show()
    wait_until(app, lambda: not w.model_loading, 60)
    w.desk.open_path(draft)
    w.editor.moveCursor(QTextCursor.MoveOperation.End)

    w.menus.action("tools.learn").trigger()
    dlg = w.learning.dialog
    dlg.name.setText("My novel")
    dlg.minutes.setValue(args.minutes)
    app.processEvents()
    shot(dlg, out, "01-learn-dialog.png")

    dlg.start_b.click()
    print("training started:", w.learning.running, flush=True)
    wait_until(app, lambda: "bits per character so far" in dlg.figure.text(), 60 * (args.minutes + 5))
    dlg.log.setVisible(True)
    app.processEvents()
    shot(dlg, out, "02-learning-progress.png")
    dlg.close_b.click()  # hidden: it goes on learning while the writer writes
    QTest.keyClicks(w.editor, " Ahab")  # writing goes on meanwhile
    app.processEvents()
    shot(w, out, "03-writing-while-learning.png")
    print("status bar:", w.status.task.text(), flush=True)

    wait_until(app, lambda: not w.learning.running, 60 * (args.minutes + 15))
    app.processEvents()
    print("dialog:", dlg.state, "|", dlg.result.text(), flush=True)
    shot(dlg, out, "04-learning-done.png")

    packs = w.packs.open_dialog()
    app.processEvents()
    shot(packs, out, "05-model-packs.png")
    packs.close()

    with_suggestion(app, w, dlg, out)

    real = importlib.util.find_spec
    importlib.util.find_spec = lambda name, *a: None if name == "torch" else real(name, *a)
    try:
        w.learning.dialog = None
        bare = w.learning.open_dialog()
        app.processEvents()
        shot(bare, out, "07-without-torch.png")
        print("without torch:", bare.problem.toPlainText().splitlines()[0][:120], flush=True)
    finally:
        importlib.util.find_spec = real
    w.desk.confirm_discard = lambda *a: True
    w.close()
    print("\n".join(str(p) for p in sorted(out.glob("*.png"))))
    return 0


def with_suggestion(app, w, dlg, out: Path) -> None:
    """Switch to the new pack and ask for a suggestion after "Captain A"; then switch back."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    loaded = []
    w.worker.loaded.connect(lambda name, _p: loaded.append(name))
    dlg.use_b.click()
    wait_until(app, lambda: loaded, 60)
    print("now using:", loaded[-1], flush=True)
    for _ in range(3):
        QTest.keyClick(w.editor, Qt.Key.Key_Backspace)  # back to "Captain A"
    w.editor.clear_ghost()
    w.continuation.suggest_now()
    wait_until(app, w.editor.has_ghost, 60)
    print("ghost after 'Captain A':", repr(w.editor.ghost_text), flush=True)
    app.processEvents()
    shot(w, out, "06-suggestion-with-a-name.png")
    dlg.back_b.click()
    wait_until(app, lambda: len(loaded) > 1, 60)
    print("back to:", loaded[-1], flush=True)


if __name__ == "__main__":
    sys.exit(main())
