"""The one job mechanism: model and file work never runs on the GUI thread.

A JobThread runs jobs one at a time, newest first: submit() gives each job an increasing id, a newer
job replaces one still waiting (so at most one runs and at most one waits), and only the newest
job's answer is passed on (fresh_result / fresh_failed); an answer to anything older is stale and
dropped. Every feature uses one: continuations on the EngineThread (a JobThread that also loads the
engine), variations, blends and sparks on their own, pack imports on the packs dialog's.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QThread, Signal

from creagen_desktop.pack import ModelPackError

Job = Callable[[object], object]  # called with the thread's subject (the engine, the pack store)


class JobThread(QThread):
    """Runs jobs on `subject_of()` (read when each job starts), one at a time, newest first."""

    result = Signal(int, object)  # every answer: job id, what the job returned
    failed = Signal(int, str)  # every failure: job id, message
    fresh_result = Signal(object)  # the newest job's answer only
    fresh_failed = Signal(str)  # why the newest job failed
    # said when a job finds no subject (no engine loaded); None drops such a job quietly
    UNLOADED: str | None = "The model is not loaded."

    def __init__(self, subject_of: Callable[[], object], parent=None):
        super().__init__(parent)
        self._subject_of = subject_of
        self._cond = threading.Condition()
        self._pending: tuple[int, Job] | None = None
        self._stopping = False
        self._busy = False  # a job (or a load) is running
        self._current = 0  # id of the job whose answer is wanted; 0 after forget()
        self.submitted = 0  # jobs submitted so far (the newest job's id); read by tests and benchmarks
        self.in_flight = 0  # jobs running now (0 or 1)
        self.max_in_flight = 0
        # Connected to a method of this object (which lives on the GUI thread): the check runs there,
        # when the answer arrives, so forget() also drops an answer already on its way.
        self.result.connect(self._pass_on_result)
        self.failed.connect(self._pass_on_failure)

    # -- asking -------------------------------------------------------------------------------

    def submit(self, job: Job) -> int:
        """Queue a job under a new id (replacing any job still waiting); returns the id."""
        self.submitted += 1
        self._current = self.submitted
        with self._cond:
            self._pending = (self.submitted, job)
            self._cond.notify()
        if not self.isRunning():
            self.start()
        return self.submitted

    def forget(self) -> None:
        """Drop the waiting job and any answer still on its way (its asker has gone or moved on)."""
        self._current = 0
        with self._cond:
            self._pending = None

    def is_current(self, job_id: int) -> bool:
        return job_id == self._current

    def idle(self) -> bool:
        """Nothing running and nothing waiting (answers already sent may still be on their way)."""
        with self._cond:
            return not self._busy and not self._has_work()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.wait(10_000)  # a job in flight finishes first; generation is bounded

    def _pass_on_result(self, job_id: int, out: object) -> None:
        if self.is_current(job_id):
            self.fresh_result.emit(out)

    def _pass_on_failure(self, job_id: int, message: str) -> None:
        if self.is_current(job_id):
            self.fresh_failed.emit(message)

    # -- the thread ---------------------------------------------------------------------------

    def _has_work(self) -> bool:
        return self._pending is not None

    def _take(self):
        """Wait for work; return it, or None to stop (called with the lock held)."""
        while not (self._stopping or self._has_work()):
            self._cond.wait()
        if self._stopping:
            return None
        work, self._pending = self._pending, None
        return work

    def run(self) -> None:
        while True:
            with self._cond:
                work = self._take()
                if work is None:
                    return
                self._busy = True  # under the lock: idle() never sees work between taken and run
            try:
                self._step(work)
            finally:
                with self._cond:
                    self._busy = False

    def _step(self, work) -> None:
        self._run_job(*work)

    def _run_job(self, job_id: int, job: Job) -> None:
        subject = self._subject_of()
        if subject is None:
            if self.UNLOADED is not None:
                self.failed.emit(job_id, self.UNLOADED)
            return
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            out = job(subject)
        except Exception as exc:  # a model or file error is reported, never raised into Qt
            self.failed.emit(job_id, str(exc))
        else:
            self.result.emit(job_id, out)
        finally:
            self.in_flight -= 1


class EngineThread(JobThread):
    """Owns the engine: `loader()` runs here (never on the GUI thread: it reads and verifies the
    pack, checksums included), then so does every job submitted, continuations among them."""

    loading = Signal()
    loaded = Signal(str, str)  # pack name, provider ("CPU" or "CUDA")
    load_failed = Signal(str)  # a message for the writer
    UNLOADED = None  # without a model there are no suggestions; the status bar already says why

    def __init__(self, loader: Callable[[], object], parent=None):
        super().__init__(lambda: self.engine, parent)
        self._reload: Callable[[], object] | None = loader  # the first load, when the thread starts
        self.engine = None

    def reload(self, loader: Callable[[], object]) -> None:
        """Load another pack or device on this thread; the current engine serves until then."""
        with self._cond:
            self._reload = loader
            self._cond.notify()
        if not self.isRunning():
            self.start()

    def _has_work(self) -> bool:
        return self._reload is not None or super()._has_work()

    def _take(self):
        while not (self._stopping or self._has_work()):
            self._cond.wait()
        if not self._stopping and self._reload is not None:
            # a reload goes first; a waiting job stays queued for the new engine
            factory, self._reload = self._reload, None
            return ("reload", factory)
        return super()._take()

    def _step(self, work) -> None:
        if work[0] == "reload":
            self._load(work[1])
        else:
            self._run_job(*work)

    def _load(self, factory) -> None:
        self.loading.emit()
        try:
            engine = factory()
            name, provider = engine.pack_name, engine.provider
        except ModelPackError as exc:
            self.engine = None
            self.load_failed.emit(str(exc))
        except Exception as exc:  # anything else from a broken pack must not kill the thread
            self.engine = None
            self.load_failed.emit(f"The model could not be loaded ({type(exc).__name__}: {exc}).")
        else:
            self.engine = engine
            self.loaded.emit(name, provider)
