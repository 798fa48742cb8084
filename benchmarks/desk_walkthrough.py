"""A walk through the writer's desk under Xvfb with real key events (xdotool), a screenshot at every
step, checking after each one what the writer would check: the undo scenario of issue 13 (type,
Tab, Esc, type on, Ctrl+Z, Ctrl+Shift+Z) with the Authorship Report and Session Statistics read
after every key; then spelling, a project's tree, the export dialog and its .docx, the alternatives
popup, focus mode and the dark theme. A step that did not happen fails the walk (exit status 1).

    python benchmarks/desk_walkthrough.py [--out /tmp/creagen-desk] [--pack DIR] [--display :97]

Needs Xvfb and xdotool (apt-get install xvfb xdotool, and the X11 libraries the README names); a
window manager (openbox) when one is installed, so focus mode can really go full screen.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STORY = "For three days the storm had kept them in the har"  # mid-word: the bundled pack is sure of "bour"


class WalkFailed(RuntimeError):
    pass


class Walk:
    def __init__(self, app, window, out: Path):
        self.app, self.w, self.out = app, window, out
        self.shots: list[tuple[str, str]] = []
        self.log: list[str] = []

    # -- driving ------------------------------------------------------------------------------

    def pump(self, seconds: float = 0.05) -> None:
        end = time.time() + seconds
        while time.time() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def until(self, what: str, cond, seconds: float = 15.0) -> None:
        end = time.time() + seconds
        while time.time() < end:
            self.app.processEvents()
            if cond():
                return
            time.sleep(0.01)
        raise WalkFailed(f"step did not happen: {what}")

    def xdotool(self, *args: str) -> None:
        """Run xdotool while Qt keeps taking events (the keys arrive through the X server)."""
        proc = subprocess.Popen(["xdotool", *args])
        while proc.poll() is None:
            self.app.processEvents()
            time.sleep(0.005)
        if proc.returncode != 0:
            raise WalkFailed(f"xdotool {' '.join(args)} failed ({proc.returncode})")
        self.pump(0.15)

    def focus_editor(self) -> None:
        self.w.activateWindow()
        self.w.raise_()
        self.xdotool("windowfocus", "--sync", str(int(self.w.winId())))
        self.w.editor.setFocus()
        self.pump(0.1)

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", "--delay", "60", *keys)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "35", text)

    def shot(self, name: str, what: str, screen: bool = False) -> Path:
        from PySide6.QtGui import QGuiApplication

        self.pump(0.2)
        path = self.out / f"{len(self.shots) + 1:02d}-{name}.png"
        image = QGuiApplication.primaryScreen().grabWindow(0) if screen else self.w.grab()
        if not image.save(str(path)) or path.stat().st_size < 2000:
            raise WalkFailed(f"screenshot {path} was not written")
        self.shots.append((str(path), what))
        return path

    def check(self, what: str, ok: bool, detail: str = "") -> None:
        line = f"{'ok  ' if ok else 'FAIL'} {what}" + (f"  [{detail}]" if detail else "")
        print(line, flush=True)
        self.log.append(line)
        if not ok:
            raise WalkFailed(f"{what}: {detail}")

    # -- what the writer reads ----------------------------------------------------------------

    def report(self) -> str:
        text = self.w.reports.authorship_text()
        return next(line for line in text.splitlines() if line.startswith("The model in all"))

    def statistics(self) -> str:
        text = self.w.reports.statistics_text()
        return "; ".join(line for line in text.splitlines() if "from the model" in line or "share" in line)

    def marks(self) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, s.feature) for s in self.w.editor.marks.spans]

    def say_state(self, step: str) -> None:
        line = f"     after {step}: {self.report()} | {self.statistics()} | text ends {self.w.editor.toPlainText()[-40:]!r}"
        print(line, flush=True)
        self.log.append(line)


def undo_scenario(walk: Walk) -> None:
    w = walk.w
    walk.focus_editor()
    walk.type(STORY)
    walk.until("a suggestion shows after the pause", w.editor.has_ghost)
    ghost = w.editor.ghost_text
    walk.shot("suggestion", f"typed {STORY!r}; the ghost offers {ghost!r}")
    walk.key("Tab")
    accepted = w.editor.toPlainText()
    walk.check("Tab accepts the suggestion as the model's", accepted == STORY + ghost and walk.marks() != [],
               f"marks {walk.marks()}")
    walk.say_state("Tab")
    walk.key("Escape")
    walk.type(" Then she left.")
    walk.check("typing after it is the writer's", w.editor.toPlainText() == accepted + " Then she left."
               and walk.marks() == [(len(STORY), len(accepted), "continuation")], f"marks {walk.marks()}")
    walk.say_state("typing on")
    walk.shot("accepted-and-typed", "the accepted text tinted, the writer's sentence after it plain")
    share_before = walk.report()
    walk.key("ctrl+z")
    walk.check("Ctrl+Z takes back only the typing", w.editor.toPlainText() == accepted, repr(w.editor.toPlainText()[-30:]))
    walk.check("the accepted text is still the model's", walk.marks() == [(len(STORY), len(accepted), "continuation")])
    walk.say_state("Ctrl+Z")
    walk.shot("undo-once", "after one Ctrl+Z: the typed sentence gone, the accepted continuation still tinted")
    walk.key("ctrl+z")
    walk.check("a second Ctrl+Z takes back the accept", w.editor.toPlainText() == STORY and walk.marks() == [])
    walk.check("the report says the writer wrote it all", walk.report() == "The model in all: 0.0%", walk.report())
    walk.say_state("second Ctrl+Z")
    walk.key("ctrl+shift+z")
    walk.key("ctrl+shift+z")
    walk.check("Ctrl+Shift+Z twice brings both back", w.editor.toPlainText() == accepted + " Then she left.")
    walk.check("with the accepted text marked again", walk.marks() == [(len(STORY), len(accepted), "continuation")])
    walk.check("the report is what it was", walk.report() == share_before, walk.report())
    walk.check("statistics and report agree", walk.report().split(": ")[1] in walk.statistics(), walk.statistics())
    walk.say_state("redo")
    walk.shot("redo", "after Ctrl+Shift+Z twice: the text back, the continuation tinted again")


def spelling(walk: Walk) -> None:
    w = walk.w
    walk.until("the dictionaries load", lambda: w.spelling.checker is not None, 60)
    walk.key("End")
    walk.key("Return")
    walk.type("The boats stayed in the harobour all night.")
    block = w.editor.document().lastBlock()
    walk.until("the misspelled word is underlined after the pause",
               lambda: [block.text()[a:b] for a, b in (w.spelling.underlines(w.editor, block) or [])] == ["harobour"])
    walk.shot("spelling", "“harobour” has a wavy red line under it")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor

    c = QTextCursor(block)
    c.setPosition(block.position() + block.text().index("harobour") + 3)
    point = w.editor.viewport().mapToGlobal(w.editor.cursorRect(c).center())
    seen = {}

    def menu_open():
        seen["shot"] = walk.shot("spelling-menu", "right click on “harobour”: suggestions, Add to Dictionary, Ignore",
                                 screen=True)
        subprocess.Popen(["xdotool", "key", "Escape"])

    QTimer.singleShot(1200, menu_open)
    walk.xdotool("mousemove", str(point.x()), str(point.y()), "click", "3")
    walk.until("the context menu was shown and closed", lambda: "shot" in seen, 10)
    suggestions = w.spelling.suggested.get("harobour", [])
    walk.check("the context menu offered suggestions", bool(suggestions), ", ".join(suggestions))


def project_and_export(walk: Walk, work: Path) -> None:
    w = walk.w
    book = work / "The Harbour"
    book.mkdir()
    (book / "01 Storm.md").write_text("# The Storm\n\nFor three days the storm had kept the boats in the harbour. "
                                      "The wind came off the sea **hard** and *cold*.\n", encoding="utf-8")
    (book / "02 Calm.md").write_text("# The Calm\n\nOn the fourth morning the wind fell, and Margaret walked down "
                                     "to the water.\n", encoding="utf-8")
    (book / "03 Home.txt").write_text("They went home along the shore.\n", encoding="utf-8")
    walk.check("the folder opens as a project", w.project.open_folder(book))
    walk.check("the tree lists the chapters in order",
               w.project.panel.chapters_shown() == ["01 Storm.md", "02 Calm.md", "03 Home.txt"])
    walk.check("a chapter opens from the tree", w.project.open_chapter("02 Calm.md"))
    w.project.set_goals(500, 2000)
    walk.focus_editor()
    walk.key("ctrl+End")
    walk.type(" She did not look back.")
    w.project.refresh_counts()
    walk.check("the tab and the status bar name the chapter and the goals",
               w.desk.current_tab().title == "The Harbour ▸ 02 Calm" and "The Harbour:" in w.status.goal.text(),
               w.status.goal.text())
    walk.shot("project", "the project's chapters on the left with their counts, goals in the status bar")
    walk.key("ctrl+shift+x")
    walk.until("the export dialog opens", lambda: w.export.dialog is not None and w.export.dialog.isVisible())
    dlg = w.export.dialog
    dlg.format.setCurrentIndex(dlg.format.findData("docx"))
    dlg.authorship.setCurrentIndex(dlg.authorship.findData("colour"))
    dlg.author_edit.setText("M. Writer")
    target = work / "The Harbour.docx"
    dlg.path_edit.setText(str(target))
    walk.shot("export-dialog", "File ▸ Export: the whole project, Word, marks as a colour", screen=True)
    walk.xdotool("windowfocus", "--sync", str(int(dlg.winId())))
    walk.key("alt+e")
    walk.until("the export is written", lambda: target.is_file() and "Exported" in dlg.status.text(), 30)
    walk.shot("export-done", f"the dialog says: {dlg.status.text()}", screen=True)
    dlg.close()
    if shutil.which("soffice"):
        done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{work}/lo", "--convert-to",
                               "txt:Text", "--outdir", str(work / "txt"), str(target)], capture_output=True, text=True,
                              timeout=240)
        text = (work / "txt" / "The Harbour.txt").read_text(encoding="utf-8-sig") if done.returncode == 0 else ""
        walk.check("LibreOffice reads the .docx back", "The Storm" in text and "She did not look back." in text,
                   " / ".join(line for line in text.splitlines() if line.strip())[:300])


def alternatives(walk: Walk) -> None:
    w = walk.w
    walk.focus_editor()
    from PySide6.QtGui import QTextCursor

    text = w.editor.toPlainText()
    at = text.index("water")
    c = w.editor.textCursor()
    c.setPosition(at + 2)
    w.editor.setTextCursor(c)
    walk.key("ctrl+shift+w")
    walk.until("the alternatives popup shows", lambda: w.alternatives.popup is not None and w.alternatives.popup.isVisible(), 20)
    options = [a.text().replace("\t", "  ") for a in w.alternatives.popup.actions()[1:]]
    walk.shot("alternatives", "Ctrl+Shift+W on “water”: " + "; ".join(options[:4]), screen=True)
    walk.key("Return")  # the most likely one is active
    first = options[0].split("  ")[0]
    cursor = QTextCursor(w.editor.document())
    cursor.setPosition(at)
    walk.check("Enter puts the most likely word in place, marked as the model's",
               w.editor.toPlainText()[at:at + len(first)] == first and w.editor.marks.feature_at(at) == "alternative",
               f"{first!r}")
    walk.key("ctrl+z")
    walk.check("one Ctrl+Z gives the word back", w.editor.toPlainText() == text)


def focus_and_dark(walk: Walk) -> None:
    w = walk.w
    walk.focus_editor()
    walk.key("ctrl+shift+k")  # sparks: a panel on the right
    walk.until("sparks are drawn", lambda: w.sparks.panel.list.count() > 0, 30)
    walk.key("F11")
    from PySide6.QtWidgets import QDockWidget

    walk.until("focus mode goes full screen", w.isFullScreen, 5)
    walk.pump(0.8)
    walk.check("no panel is left in focus mode", not any(p.isVisible() for p in w.findChildren(QDockWidget)))
    walk.shot("focus-mode", "F11: full screen, no panel, the text in a centred column", screen=True)
    walk.key("F11")
    walk.until("focus mode ends", lambda: not w.isFullScreen(), 5)
    walk.check("the panels come back", w.sparks.panel.isVisible())
    walk.key("ctrl+shift+l")  # light -> dark
    walk.until("the dark theme is on", lambda: w.looks.effective_theme == "dark", 5)
    walk.pump(0.5)
    image = w.sparks.panel.list.viewport().grab().toImage()
    corner = image.pixelColor(image.width() - 3, image.height() - 3)
    walk.check("the sparks list is dark too", corner.lightness() < 80, corner.name())
    walk.shot("dark-theme", "Ctrl+Shift+L: the dark theme, the Sparks list dark as well")


def run_walk(args) -> int:
    os.environ["DISPLAY"] = args.display
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from creagen_desktop.ui.main_window import MainWindow

    out = Path(args.out)
    work = Path(args.work)
    app = QApplication([sys.argv[0]])
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(pack_dir=args.pack, settings=settings, device="cpu")
    w.resize(1200, 720)
    w.show()
    walk = Walk(app, w, out)
    code = 0
    try:
        walk.until("the model loads", lambda: not w.model_loading, 120)
        walk.check("the model is loaded", w.model_error is None, str(w.model_error))
        undo_scenario(walk)
        spelling(walk)
        project_and_export(walk, work)
        alternatives(walk)
        focus_and_dark(walk)
    except WalkFailed as exc:
        print(f"WALK FAILED: {exc}", flush=True)
        walk.shot("failure", "where the walk stopped", screen=True)
        code = 1
    finally:
        for tab in w.desk.all_tabs():
            tab.editor.document().setModified(False)
        w.close()
        app.processEvents()
    print()
    for path, what in walk.shots:
        print(f"screenshot: {path}  {what}")
    return code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="/tmp/creagen-desk")
    ap.add_argument("--pack", default=None)
    ap.add_argument("--display", default=":97")
    ap.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--work", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        return run_walk(args)
    for tool in ("Xvfb", "xdotool"):
        if shutil.which(tool) is None:
            print(f"{tool} is not installed (apt-get install xvfb xdotool)", file=sys.stderr)
            return 2
    out = Path(args.out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    work = Path(tempfile.mkdtemp(prefix="desk-walk-"))
    (work / "settings.ini").write_text("[suggestions]\npause_ms=250\ntheme=light\nautosave_s=30\n")
    screen = subprocess.Popen(["Xvfb", args.display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wm = None
    try:
        socket = Path(f"/tmp/.X11-unix/X{args.display.lstrip(':')}")
        for _ in range(200):
            if socket.exists():
                break
            time.sleep(0.05)
        else:
            print("Xvfb did not start", file=sys.stderr)
            return 2
        env = dict(os.environ, DISPLAY=args.display, CREAGEN_DATA_DIR=str(work / "data"))
        if shutil.which("openbox"):
            wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
        cmd = [sys.executable, __file__, "--inside", "--out", str(out), "--work", str(work), "--display", args.display]
        if args.pack:
            cmd += ["--pack", args.pack]
        done = subprocess.run(cmd, env=env, cwd=ROOT, timeout=900)
        return done.returncode
    finally:
        for proc in (wm, screen):
            if proc is not None:
                proc.terminate()
                proc.wait(10)


if __name__ == "__main__":
    sys.exit(main())
