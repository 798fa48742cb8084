"""Worker threads: model work never runs on the GUI thread.

Requests carry an increasing job id. A thread keeps one slot for the next request: a newer request
replaces a queued one, so at most one job runs and at most one waits. The window drops any result
whose job id is no longer the newest.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QThread, Signal

from creagen_desktop.engine.sampling import SamplingConfig
from creagen_desktop.pack import ModelPackError


class JobThread(QThread):
    """Runs one kind of model job (variations, blends, sparks), newest request first.

    A job is a callable taking the engine. The VAE and the GAN keep no state between calls, so
    these jobs may run while a continuation is being generated on the engine thread.
    """

    result = Signal(int, object)  # job id, what the job returned
    failed = Signal(int, str)  # job id, message
    fresh_result = Signal(object)  # what the newest submit()ted job returned
    fresh_failed = Signal(str)  # why the newest submit()ted job failed
    # said when a job finds no engine; None drops such a job quietly
    UNLOADED: str | None = "The model is not loaded."

    def __init__(self, engine_of: Callable[[], object], parent=None):
        super().__init__(parent)
        self._engine_of = engine_of
        self._cond = threading.Condition()
        self._pending: tuple[int, Callable] | None = None
        self._stopping = False
        self.in_flight = 0  # jobs running now (0 or 1); read by tests and benchmarks
        self.max_in_flight = 0
        self._latest = 0  # id of the newest submit()ted job: only its answer is passed on
        self.result.connect(lambda job_id, out: job_id == self._latest and self.fresh_result.emit(out))
        self.failed.connect(lambda job_id, msg: job_id == self._latest and self.fresh_failed.emit(msg))

    def submit(self, job: Callable[[object], object]) -> None:
        """Request a job under a new id; answers to earlier submits are dropped from now on."""
        self._latest += 1
        self.request(self._latest, job)

    def forget(self) -> None:
        """Drop the waiting job and any answer still on its way (its asker has gone)."""
        self._latest += 1
        self.cancel_pending()

    def request(self, job_id: int, job: Callable[[object], object]) -> None:
        with self._cond:
            self._pending = (job_id, job)  # replaces any older queued request
            self._cond.notify()
        if not self.isRunning():
            self.start()

    def cancel_pending(self) -> None:
        with self._cond:
            self._pending = None

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.wait(10_000)  # a job in flight finishes first; generation is bounded

    def _has_work(self) -> bool:
        return self._pending is not None

    def _take(self):
        """Wait for work; return the job to run, or None to stop (called with the lock held)."""
        while not (self._stopping or self._has_work()):
            self._cond.wait()
        if self._stopping:
            return None
        job, self._pending = self._pending, None
        return job

    def _run_job(self, job_id: int, job: Callable[[object], object]) -> None:
        engine = self._engine_of()
        if engine is None:
            if self.UNLOADED is not None:
                self.failed.emit(job_id, self.UNLOADED)
            return
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            out = job(engine)
        except Exception as exc:  # a model error is reported, never raised into Qt
            self.failed.emit(job_id, str(exc))
        else:
            self.result.emit(job_id, out)
        finally:
            self.in_flight -= 1

    def run(self) -> None:
        while True:
            with self._cond:
                work = self._take()
            if work is None:
                return
            self._step(work)

    def _step(self, work) -> None:
        self._run_job(*work)


class EngineThread(JobThread):
    """Owns the engine: `loader()` runs here (never on the GUI thread), then so does every suggest()."""

    loading = Signal()
    loaded = Signal(str, str)  # pack name, provider ("CPU" or "CUDA")
    load_failed = Signal(str)  # a message for the writer
    UNLOADED = None  # without a model there are no suggestions; the status bar already says why

    def __init__(self, loader: Callable[[], object], parent=None):
        super().__init__(lambda: self.engine, parent)
        self._factory = loader
        self._reload: Callable[[], object] | None = None
        self.engine = None

    def request(self, job_id: int, text: str, config: SamplingConfig) -> None:
        super().request(job_id, lambda engine: engine.suggest(text, config))

    def reload(self, loader: Callable[[], object]) -> None:
        """Load another pack or device on this thread; the current engine serves until then."""
        with self._cond:
            self._reload = loader
            self._cond.notify()

    def _has_work(self) -> bool:
        return self._reload is not None or super()._has_work()

    def _take(self):
        while not (self._stopping or self._has_work()):
            self._cond.wait()
        if not self._stopping and self._reload is not None:
            # a reload goes first; a waiting request stays queued for the new engine
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
        except ModelPackError as exc:
            self.engine = None
            self.load_failed.emit(str(exc))
        except Exception as exc:  # anything else from a broken pack must not kill the thread
            self.engine = None
            self.load_failed.emit(f"The model could not be loaded ({type(exc).__name__}: {exc}).")
        else:
            self.engine = engine
            self.loaded.emit(engine.pack_name, engine.provider)

    def run(self) -> None:
        self._load(self._factory)
        super().run()
