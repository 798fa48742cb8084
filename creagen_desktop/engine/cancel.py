"""Stopping generation part way: the window sets the engine's stop flag when it quits, and every
decoding loop checks it between model calls, so a quit never waits for a long job to finish."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """Generation was stopped because the engine is shutting down."""


class StopFlag:
    def __init__(self):
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        """Raise Cancelled once the flag is set (called between model calls)."""
        if self._event.is_set():
            raise Cancelled("stopped")
