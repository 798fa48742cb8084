"""The states the ghost's search computed past the cursor, remembered across keystrokes: the next
keystroke types what the search already read, and costs no model call (engine.continuation)."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

MEMO_STATES = 256  # states past the cursor remembered across keystrokes (36 KB each with the bundled LM)


class StateMemo:
    """The states after pieces read past a prefix, by (prefix key, pieces); the oldest go first."""

    def __init__(self, size: int = MEMO_STATES):
        self.size = size
        self._items: OrderedDict = OrderedDict()
        self.hits = 0

    def get(self, key) -> tuple[np.ndarray, np.ndarray] | None:
        got = self._items.get(key)
        if got is not None:
            self._items.move_to_end(key)
            self.hits += 1
        return got

    def put(self, key, state: np.ndarray, logits: np.ndarray) -> None:
        """state [S, H] and logits [V] of one row (kept as they are: nobody writes into them)."""
        self._items[key] = (state, logits)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()
