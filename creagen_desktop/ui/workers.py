"""The engine's own thread: loads the pack and runs suggestions, never on the GUI thread.

Requests carry an increasing job id. The thread keeps one slot for the next request: a newer
request replaces a queued one, so at most one generation runs and at most one waits. The editor
drops any result whose job id is no longer the newest.
"""

from __future__ import annotations

import threading
from typing import Callable

from PySide6.QtCore import QThread, Signal

from creagen_desktop.engine import ModelPackError, SamplingConfig


class EngineThread(QThread):
    """Owns the engine: `loader()` runs here (never on the GUI thread), then so does every suggest()."""

    loading = Signal()
    loaded = Signal(str, str)  # pack name, provider ("CPU" or "CUDA")
    load_failed = Signal(str)  # a message for the writer
    result = Signal(int, object)  # job id, Suggestions
    failed = Signal(int, str)  # job id, message

    def __init__(self, loader: Callable[[], object], parent=None):
        super().__init__(parent)
        self._factory = loader
        self._cond = threading.Condition()
        self._pending: tuple[int, str, SamplingConfig] | None = None
        self._reload: Callable[[], object] | None = None
        self._stopping = False
        self.engine = None
        self.in_flight = 0  # generations running now (0 or 1); read by tests and benchmarks
        self.max_in_flight = 0

    def request(self, job_id: int, text: str, config: SamplingConfig) -> None:
        with self._cond:
            self._pending = (job_id, text, config)  # replaces any older queued request
            self._cond.notify()

    def cancel_pending(self) -> None:
        with self._cond:
            self._pending = None

    def reload(self, loader: Callable[[], object]) -> None:
        """Load another pack or device on this thread; the current engine serves until then."""
        with self._cond:
            self._reload = loader
            self._cond.notify()

    def stop(self) -> None:
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self.wait(10_000)  # a generation in flight finishes first; it is bounded by max_tokens

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
        while True:
            with self._cond:
                while not (self._stopping or self._pending or self._reload):
                    self._cond.wait()
                if self._stopping:
                    return
                factory, self._reload = self._reload, None
                job, self._pending = (None, self._pending) if factory else (self._pending, None)
            if factory:
                self._load(factory)
                continue
            if job is None or self.engine is None:
                continue
            job_id, text, config = job
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            try:
                suggestions = self.engine.suggest(text, config)
            except Exception as exc:
                self.failed.emit(job_id, str(exc))
            else:
                self.result.emit(job_id, suggestions)
            finally:
                self.in_flight -= 1


class JobThread(QThread):
    """Runs one kind of model job (variations, blends) beside the engine thread, newest request first.

    A job is a callable taking the engine. As with suggestions, one job runs and one waits; a
    newer request replaces the waiting one, and results carry their job id so the caller can drop
    stale ones. The VAE keeps no state between calls, so these jobs may run while a continuation
    is being generated on the engine thread.
    """

    result = Signal(int, object)  # job id, what the job returned
    failed = Signal(int, str)  # job id, message

    def __init__(self, engine_of: Callable[[], object], parent=None):
        super().__init__(parent)
        self._engine_of = engine_of
        self._cond = threading.Condition()
        self._pending: tuple[int, Callable] | None = None
        self._stopping = False
        self.in_flight = 0
        self.max_in_flight = 0

    def request(self, job_id: int, job: Callable[[object], object]) -> None:
        with self._cond:
            self._pending = (job_id, job)
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
        self.wait(10_000)

    def run(self) -> None:
        while True:
            with self._cond:
                while not (self._stopping or self._pending):
                    self._cond.wait()
                if self._stopping:
                    return
                (job_id, job), self._pending = self._pending, None
            engine = self._engine_of()
            if engine is None:
                self.failed.emit(job_id, "The model is not loaded.")
                continue
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
