"""Tools ▸ Learn from my writing…: the active pack's model trained further on the writer's own texts.

Training runs as a separate process (`creagen-train adapt`, through QProcess), so the app never
imports torch and stays fully usable: the process prints progress lines (creagen_desktop.adaptation)
that this room passes to the dialog and the status bar as they arrive. Cancel asks the process to
stop (it removes its work folder on the way out) and kills it if it does not; the leftovers of a
killed run are swept off the GUI thread. At the end the new pack is in the user's pack folder, so
Model Packs lists it, and the dialog offers to switch to it and back.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

import creagen_desktop
from creagen_desktop import adaptation
from creagen_desktop.pack.store import describe
from creagen_desktop.paths import user_packs_dir
from creagen_desktop.ui.dialogs.learn import LearnDialog, minutes_text
from creagen_desktop.ui.menus import Menus
from creagen_desktop.ui.packs import PackChoice
from creagen_desktop.ui.status import StatusBar
from creagen_desktop.ui.workers import JobThread

KILL_AFTER_MS = 8000  # a process that has not stopped this long after Cancel is killed
LOG_TAIL = 20  # lines of the process's own words kept for a failure's message
SOURCE_ROOT = Path(creagen_desktop.__file__).resolve().parents[1]  # where `training` sits beside the app


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "my-writing"


def free_folder(parent: Path, name: str) -> Path:
    """parent/slug(name), or with -2, -3, ... when that is taken."""
    base = slug(name)
    candidate, n = parent / base, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{base}-{n}"
    return candidate


def training_threads() -> int:
    """Leave one core to the writer (typing, suggestions) while the model learns."""
    return max(1, (os.cpu_count() or 2) - 1)


Command = Callable[[str, adaptation.Request], list[str]]


class Learning(QObject):
    """Owns the training process and the dialog; is handed the packs room (which pack is active,
    switching) and where the current document lives (the default folder to learn from)."""

    def __init__(self, parent: QWidget, menus: Menus, packs: PackChoice, status: StatusBar,
                 document_path: Callable[[], Path | None], new_jobs: Callable[..., JobThread],
                 readiness: Callable[[], adaptation.Readiness] = adaptation.readiness,
                 command: Command = adaptation.command):
        super().__init__(parent)
        self.parent_widget = parent
        self.packs = packs
        self.status = status
        self.document_path = document_path
        self.readiness = readiness
        self.command = command
        self.sweeper = new_jobs(self, lambda: self)  # removes what a killed run left behind
        self.dialog: LearnDialog | None = None
        self.process: QProcess | None = None
        self.request: adaptation.Request | None = None
        self.base_path: Path | None = None  # the pack it started from, for "Back to ..."
        self.outcome: dict | None = None  # the "done" event
        self.failure = ""  # the "failed" event's message
        self.tail: list[str] = []  # the process's last words, for a failure nobody explained
        self.cancelling = False
        self._buffers = {"out": b"", "err": b""}
        self.kill_timer = QTimer(self)
        self.kill_timer.setSingleShot(True)
        self.kill_timer.setInterval(KILL_AFTER_MS)
        self.kill_timer.timeout.connect(self._kill)
        menus.bind("tools.learn", self.open_dialog)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    # -- the dialog ---------------------------------------------------------------------------

    def open_dialog(self) -> LearnDialog:
        """Show the dialog: a new one to set up a run, or the one of the run in progress (or just done)."""
        if self.dialog is None or self.dialog.state == "setup":
            if self.dialog is not None:
                self.dialog.deleteLater()
            self.dialog = self._new_dialog()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def _new_dialog(self) -> LearnDialog:
        base = describe(self.packs.active_path(), "active")
        ready = self.readiness()
        problem = ready.problem
        if not problem and (base.error or "lm" not in base.kinds):
            problem = f"The active pack {base.name} has no language model to learn from. Choose another in Model Packs."
        doc = self.document_path()
        sources = [doc.parent] if doc is not None else []
        dlg = LearnDialog(base.name, "vae" in base.kinds, sources, f"{base.name}-mine", problem, self.parent_widget)
        dlg.start_requested.connect(self.start)
        dlg.cancel_requested.connect(self.cancel)
        dlg.use_requested.connect(self.use_new_pack)
        dlg.back_requested.connect(self.go_back)
        dlg.packs_requested.connect(self.packs.open_dialog)
        return dlg

    # -- the run ------------------------------------------------------------------------------

    def start(self, sources: list[Path], name: str, minutes: float, vae: bool, keep: bool) -> bool:
        """Start a training process; False (and the dialog says why) when one cannot start."""
        if self.running:
            return False
        ready = self.readiness()
        if not ready.ready:
            self.dialog.show_failed(ready.problem)
            return False
        self.base_path = self.packs.active_path()
        self.request = adaptation.Request(base=self.base_path, sources=tuple(sources),
                                          out=free_folder(user_packs_dir(), name), name=name, minutes=minutes,
                                          vae=vae, keep_work=keep)
        argv = self.command(ready.python, self.request) + ["--threads", str(training_threads())]
        self.outcome, self.failure, self.tail, self.cancelling = None, "", [], False
        self._buffers = {"out": b"", "err": b""}
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        path = env.value("PYTHONPATH", "")
        env.insert("PYTHONPATH", str(SOURCE_ROOT) + (os.pathsep + path if path else ""))
        env.insert("PYTHONUNBUFFERED", "1")
        proc.setProcessEnvironment(env)
        proc.setWorkingDirectory(str(SOURCE_ROOT))
        proc.readyReadStandardOutput.connect(lambda: self._read("out"))
        proc.readyReadStandardError.connect(lambda: self._read("err"))
        proc.finished.connect(self._finished)
        proc.errorOccurred.connect(self._error)
        self.process = proc
        self.dialog.show_started()
        self.dialog.add_log("$ " + " ".join(argv))
        proc.start(argv[0], argv[1:])
        self.status.show_task("Learning from your writing…")
        return True

    def cancel(self) -> None:
        if not self.running:
            return
        self.cancelling = True
        self.dialog.show_stage("Cancelling: the work folder is being removed…")
        self.process.terminate()  # SIGTERM: the trainer unwinds, removing its copy of the texts
        self.kill_timer.start()

    def _kill(self) -> None:
        if self.running:
            self.process.kill()

    def _read(self, channel: str) -> None:
        proc = self.process
        data = bytes(proc.readAllStandardOutput() if channel == "out" else proc.readAllStandardError())
        lines = (self._buffers[channel] + data).split(b"\n")
        self._buffers[channel] = lines.pop()  # an unfinished line waits for the rest
        for raw in lines:
            line = raw.decode("utf-8", "replace").rstrip("\r")
            event = adaptation.parse_progress(line) if channel == "out" else None
            if event is not None:
                self._event(event)
            elif line.strip():
                self._said(line)

    def _said(self, line: str) -> None:
        # a progress bar redrawn with carriage returns: its last state is the line
        line = line.rsplit("\r", 1)[-1]
        self.dialog.add_log(line)
        self.tail = (self.tail + [line])[-LOG_TAIL:]

    def _event(self, e: dict) -> None:
        kind = e["event"]
        if kind == "stage":
            text = adaptation.STAGES.get(e.get("stage"), "")
            detail = e.get("detail", "")
            self.dialog.show_stage(f"{text} {detail}".strip())
            if detail:
                self.dialog.add_log(detail)
        elif kind == "progress":
            fraction, left = float(e.get("fraction", 0.0)), float(e.get("remaining_s", 0.0))
            self.dialog.show_progress(fraction, left)
            self.status.show_task(f"Learning from your writing: {fraction:.0%}, {minutes_text(left)}")
        elif kind == "evaluation" and "val_bpc" in e:
            self.dialog.show_figure(float(e["base_val_bpc"]), float(e["best_val_bpc"]))
        elif kind == "done":
            self.outcome = e
        elif kind == "failed":
            self.failure = str(e.get("message", ""))

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        for channel in ("out", "err"):  # whatever came without a final newline
            if self._buffers[channel].strip():
                self._said(self._buffers[channel].decode("utf-8", "replace"))
        self._buffers = {"out": b"", "err": b""}
        self.kill_timer.stop()
        self.status.show_task("")
        crashed = status == QProcess.ExitStatus.CrashExit
        if self.cancelling:
            self.dialog.show_cancelled()
        elif self.outcome is not None and code == 0:
            self._succeeded()
        else:
            why = self.failure or (self.tail[-1].removeprefix("creagen-train: ") if self.tail else "")
            self.dialog.show_failed(f"Learning did not finish: {why or f'the trainer stopped (exit code {code})'}")
        if crashed and not (self.request and self.request.keep_work):
            self.sweeper.submit(lambda _: adaptation.sweep_leftovers())  # a killed run could not clean up

    def _error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.status.show_task("")
            self.dialog.show_failed(f"The trainer could not be started ({self.process.errorString()}).")

    def _succeeded(self) -> None:
        e = self.outcome
        where = Path(e["pack"])
        self.dialog.show_done(e.get("name", where.name), where, e.get("base_val_bpc"), e.get("val_bpc"))
        self.status.say(f"Learning from your writing is done: the pack {e.get('name', where.name)} is in Model Packs.",
                        15000)
        if not self.dialog.isVisible():  # shown, not given the focus: the writer may be typing
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
            self.dialog.show()

    # -- switching ----------------------------------------------------------------------------

    def use_new_pack(self) -> None:
        if self.outcome is not None:
            self.packs.use(Path(self.outcome["pack"]))
            self.dialog.show_using(True)

    def go_back(self) -> None:
        if self.base_path is not None:
            self.packs.use(self.base_path)
            self.dialog.show_using(False)

    # -- the window closing -------------------------------------------------------------------

    def may_close(self) -> bool:
        """Ask before quitting in the middle of a run; True if the window may close."""
        if not self.running:
            return True
        answer = QMessageBox.question(self.parent_widget, "Learning from your writing",
                                      "The model is still learning from your writing. Stop it and quit? "
                                      "Nothing is kept of this run.")
        return answer == QMessageBox.StandardButton.Yes

    def shut(self) -> None:
        """Stop a run in progress (the window closes): ask it to stop, then make sure it has."""
        if self.running:
            self.cancelling = True
            self.process.terminate()
            if not self.process.waitForFinished(KILL_AFTER_MS):
                self.process.kill()
                self.process.waitForFinished(2000)
                adaptation.sweep_leftovers()  # the window is going: no worker thread to hand this to
        self.sweeper.stop()

