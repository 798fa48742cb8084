"""Stand-ins for the engine in GUI tests."""

import threading
import time

from creagen_desktop.engine import ModelPackError, Suggestions


class FakeEngine:
    """Stands in for the engine: canned candidates, optional delays, a record of requests."""

    pack_name = "fake-pack"
    provider = "CPU"

    def __init__(self, candidates=None, delays=None):
        self.candidates = candidates or [" the end of the road.", " a door.", " it was"]
        self.delays = list(delays or [])
        self.calls: list[str] = []
        self.running = 0
        self.max_running = 0
        self._lock = threading.Lock()

    def suggest(self, text, config):
        with self._lock:
            self.running += 1
            self.max_running = max(self.max_running, self.running)
        self.calls.append(text)
        if self.delays:
            time.sleep(self.delays.pop(0))
        with self._lock:
            self.running -= 1
        # each candidate says which request it answers, so tests can tell stale from fresh
        return Suggestions([c.replace("#", str(len(self.calls))) for c in self.candidates], 1.5)


def broken_factory():
    raise ModelPackError("The model pack at /nowhere was not found. Reinstall Creagen or choose another pack.")
