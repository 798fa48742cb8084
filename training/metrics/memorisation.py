"""Exact memorisation: does a text repeat WINDOW or more consecutive tokens of the training text?

The set of every WINDOW-token window of the training text is held as sorted unique 64-bit hashes
(the engine's window hash), so a lookup is a binary search. A 64-bit hash collision between two
different windows is a chance of about 1e-12 per lookup against millions of windows: negligible.
"""

from __future__ import annotations

import numpy as np

from creagen_desktop.engine.originality import WINDOW, window_hashes


class TrainingWindows:
    def __init__(self, train_ids):
        self.hashes = np.unique(window_hashes(np.asarray(train_ids)))

    def __len__(self) -> int:
        return len(self.hashes)

    def repeats(self, ids) -> bool:
        h = window_hashes(ids)
        if not len(h) or not len(self.hashes):
            return False
        at = np.minimum(np.searchsorted(self.hashes, h), len(self.hashes) - 1)
        return bool((self.hashes[at] == h).any())

    def rate(self, texts: list[str], tok) -> float:
        """Share of the texts that hold at least one training window verbatim."""
        if not texts:
            return 0.0
        return sum(self.repeats(tok.encode(t)) for t in texts) / len(texts)


__all__ = ["TrainingWindows", "WINDOW"]
