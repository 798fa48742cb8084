"""Look at the Chinese editor as a Chinese writer would: the app in Simplified Chinese, a poem being
written with the ghost, the Poem dialog, and an English and a Chinese document open at once, each
suggested to by its own pack. Offscreen; three PNGs.

    python benchmarks/screenshot_zh.py OUT_DIR [--en-pack DIR] [--zh-pack DIR]

writes OUT_DIR/zh-poem-ghost.png, OUT_DIR/zh-poem-dialog.png and OUT_DIR/zh-en-side-by-side.png (the
window's English tab and its Chinese tab, each grabbed with its ghost, put side by side). The Chinese
pack defaults to the bundled zh-poetry, else the tiny test pack (tests/data/tiny-zh-pack).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_common import wait_until  # noqa: E402

POEM_START = "春风吹绿柳，江水映晴天。\n花落无人见，莺"
ENGLISH = "The sea was grey and cold that morning, and the men stood along the rail without a"


def chinese_pack() -> Path:
    from creagen_desktop.pack import MANIFEST
    from creagen_desktop.paths import bundled_pack_for

    bundled = bundled_pack_for("zh")
    return bundled if (bundled / MANIFEST).is_file() else ROOT / "tests" / "data" / "tiny-zh-pack"


def settle(app, seconds=0.3):
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()
        time.sleep(0.02)


def show_ghost(app, w, text: str) -> str:
    """Put `text` in the editor and ask (Suggest now); an unsure ghost: the next candidate of the list;
    a poem's line with none: the matching line (Suggest the next line). Says which it was."""
    ed = w.editor
    ed.setPlainText(text)
    ed.moveCursor(ed.textCursor().MoveOperation.End)
    ed.setFocus()
    lang = w.current_language()  # detected from the text just put in: its engine starts loading
    wait_until(app, lambda: w.engines.engine(lang) is not None or w.engines.error(lang), 60)
    ed.suggest_now()
    wait_until(app, lambda: ed.has_ghost() or len(ed.candidates) > 1, 20)
    wait_until(app, lambda: len(ed.candidates) > 1, 5)
    if ed.has_ghost():
        return "ghost (likeliest continuation)"
    if ed.cycle(1):
        return "side panel's first candidate (Alt+])"
    if w.menus.action("generate.next_line").isVisible():
        w.menus.action("generate.next_line").trigger()
        wait_until(app, ed.has_ghost, 20)
        return "matching line (Suggest the next line)"
    return "none"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--en-pack", default=None, help="default: the bundled English pack")
    ap.add_argument("--zh-pack", default=None)
    args = ap.parse_args()
    import tempfile

    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QFontDatabase, QPainter, QPixmap
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.i18n import translation

    app = QApplication.instance() or QApplication([])
    print("UI language:", translation.install("zh_CN", app), "| font:", translation.font or app.font().family())
    fonts = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    print("fonts for Simplified Chinese:", ", ".join(fonts[:6]) or "none")
    from creagen_desktop.ui.main_window import MainWindow

    zh_pack = Path(args.zh_pack) if args.zh_pack else chinese_pack()
    packs = [zh_pack] + ([args.en_pack] if args.en_pack else [])
    settings = QSettings(os.path.join(tempfile.mkdtemp(), "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=packs, settings=settings, device="cpu")
    w.resize(1100, 600)
    w.show()
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)

    # 1. a poem being written, in the Chinese UI
    how = show_ghost(app, w, POEM_START)
    settle(app)
    print("Chinese document:", w.languages.button.text(), "|", w.status.model.text(), "|", w.status.counts.text())
    print("ghost:", repr(w.editor.ghost_text), "from the", how)
    w.grab().save(str(out / "zh-poem-ghost.png"))
    chinese_shot = w.grab()

    # 2. the Poem dialog, a poem written
    dlg = w.poems.open()
    dlg.acrostic.setText("春江花月")
    dlg.write_button.click()
    wait_until(app, dlg.insert_button.isEnabled, 60)
    settle(app)
    print("poem:", dlg.poem.toPlainText().replace("\n", " / "), "|", dlg.note.text())
    dlg.adjustSize()
    settle(app, 0.2)
    dlg.grab().save(str(out / "zh-poem-dialog.png"))
    dlg.reject()

    # 3. an English document beside the Chinese one
    w.desk.new_tab()
    how = show_ghost(app, w, ENGLISH)
    settle(app)
    print("English document:", w.languages.button.text(), "|", w.status.model.text(), "|", w.status.counts.text())
    print("ghost:", repr(w.editor.ghost_text), "from the", how)
    english_shot = w.grab()
    both = QPixmap(chinese_shot.width() + english_shot.width() + 12, max(chinese_shot.height(), english_shot.height()))
    both.fill()
    p = QPainter(both)
    p.drawPixmap(0, 0, english_shot)
    p.drawPixmap(english_shot.width() + 12, 0, chinese_shot)
    p.end()
    both.save(str(out / "zh-en-side-by-side.png"))
    print("wrote", ", ".join(str(out / n) for n in ("zh-poem-ghost.png", "zh-poem-dialog.png", "zh-en-side-by-side.png")))
    for tab in w.desk.all_tabs():
        tab.editor.document().setModified(False)
    w.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
