"""The originality guard: does a suggestion repeat a long run of the pack's training text verbatim?

A pack may carry a fingerprint of its training text: a Bloom filter holding a 64-bit hash of every
window of WINDOW consecutive tokens. A text is checked by hashing its own windows and looking them
up; a window the training text had is always found, and a window it did not have is found by
mistake with probability q = fill ** hashes (fill: the share of the filter's bits that are set).

One window found proves little (q is large in a filter of a few bits per window), so a text is
judged a copy only when `run` consecutive windows are all found: a verbatim stretch of
run + WINDOW - 1 tokens. A new text of W windows has at most W - run + 1 places where such a run
could start, each all-mistaken with probability q ** run, so it is wrongly judged a copy with
probability at most (W - run + 1) * q ** run. The pack chooses the smallest run that keeps this
under FALSE_FLAG_TARGET for texts of MAX_WINDOWS windows (a long sentence); see choose_run().
No Qt, no torch: the same hashing builds the fingerprint at pack time (training) and checks here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from creagen_desktop.pack.format import FingerprintSection, ModelPackError

WINDOW = 8
HASH_SCHEME = "poly-splitmix64-v1"
FALSE_FLAG_TARGET = 1e-4  # chance that a new sentence-sized text is wrongly judged a copy
MAX_WINDOWS = 64
MODES = ("drop", "flag")
CONTEXT_TAIL_CHARS = 512  # of the writer's text before a continuation: far more than WINDOW - 1 tokens

_P = np.uint64(0x100000001B3)  # FNV prime: spreads token ids over the whole 64 bits
_M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
_SALT = np.uint64(0x9E3779B97F4A7C15)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: every output bit depends on every input bit."""
    x = x ^ (x >> np.uint64(30))
    x = x * _M1
    x = x ^ (x >> np.uint64(27))
    x = x * _M2
    return x ^ (x >> np.uint64(31))


def window_hashes(ids, width: int = WINDOW) -> np.ndarray:
    """64-bit hashes [len(ids) - width + 1] of every run of `width` consecutive tokens (vectorised)."""
    ids = np.asarray(ids, dtype=np.uint64)
    n = len(ids) - width + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for j in range(width):  # arithmetic wraps modulo 2**64, as intended
            h = h * _P + (ids[j : j + n] + np.uint64(1))
        return _mix(h)


def _positions(hashes: np.ndarray, bits: int, k: int) -> np.ndarray:
    """Bit positions [k, N] by double hashing (Kirsch and Mitzenmacher): h1 + i * h2."""
    with np.errstate(over="ignore"):
        h2 = _mix(hashes ^ _SALT) | np.uint64(1)
        return np.stack([(hashes + np.uint64(i) * h2) % np.uint64(bits) for i in range(k)])


def choose_run(q: float, max_windows: int = MAX_WINDOWS, target: float = FALSE_FLAG_TARGET) -> int:
    """Smallest run r with (max_windows - r + 1) * q ** r <= target (see the module's note)."""
    for r in range(1, max_windows + 1):
        if (max_windows - r + 1) * q**r <= target:
            return r
    return max_windows


@dataclass
class Fingerprint:
    bits: int
    hashes: int
    run: int
    array: np.ndarray  # uint8 [bits / 8]

    def contains(self, hashes: np.ndarray) -> np.ndarray:
        if len(hashes) == 0:
            return np.zeros(0, dtype=bool)
        pos = _positions(hashes, self.bits, self.hashes)
        found = (self.array[(pos >> np.uint64(3)).astype(np.int64)] >> (pos & np.uint64(7)).astype(np.uint8)) & 1
        return found.astype(bool).all(axis=0)

    @classmethod
    def of_hashes(cls, hashes: np.ndarray, n_bytes: int, run: int = 1) -> tuple["Fingerprint", float]:
        """A filter of n_bytes holding `hashes` (distinct 64-bit values), and its fill."""
        bits = max(64, int(n_bytes) * 8)
        k = min(16, max(1, round(math.log(2) * bits / max(1, len(hashes)))))
        flat = np.zeros(bits, dtype=bool)
        for row in _positions(hashes, bits, k):
            flat[row.astype(np.int64)] = True
        return cls(bits, k, run, np.packbits(flat, bitorder="little")), float(flat.mean())

    @classmethod
    def build(cls, ids, n_bytes: int) -> tuple["Fingerprint", FingerprintSection]:
        """A filter of n_bytes over every window of `ids`, and its manifest section."""
        windows = np.unique(window_hashes(ids))
        fp, fill = cls.of_hashes(windows, n_bytes)
        bits, k = fp.bits, fp.hashes
        q = fill**k
        run = choose_run(q)
        fp.run = run
        info = FingerprintSection(window=WINDOW, hash=HASH_SCHEME, bits=bits, hashes=k, windows=int(len(windows)),
                                  fill=round(fill, 4), window_false_positive_rate=q, run=run,
                                  copy_tokens=run + WINDOW - 1, false_flag_bound=(MAX_WINDOWS - run + 1) * q**run,
                                  train_tokens=len(ids))
        return fp, info

    def save(self, path: Path) -> None:
        Path(path).write_bytes(self.array.tobytes())

    @classmethod
    def load(cls, path: Path, info) -> "Fingerprint":
        """The filter in `path`, described by the manifest's FingerprintSection `info`."""
        if info.hash != HASH_SCHEME or info.window != WINDOW:
            raise ValueError(f"the fingerprint uses another hashing ({info.hash}, window {info.window})")
        array = np.fromfile(path, dtype=np.uint8)
        if len(array) * 8 != info.bits:
            raise ValueError(f"the fingerprint file holds {len(array) * 8} bits, the manifest says {info.bits}")
        return cls(info.bits, info.hashes, info.run, array)


def context_lead(tokenizer, context: str) -> list[int]:
    """The last WINDOW - 1 tokens of `context`, encoding only its tail (a suggestion's context may be
    a whole window of the document; the engine has read it once already)."""
    if not context:
        return []
    tail = context[-CONTEXT_TAIL_CHARS:]
    if len(tail) < len(context):
        # pieces never cross whitespace: from the first one on, the tail encodes as the whole does
        tail = tail[next((i for i, ch in enumerate(tail) if ch.isspace()), 0):]
    return tokenizer.encode(tail)[-(WINDOW - 1):]


def longest_found_run(found: np.ndarray) -> int:
    """Length of the longest stretch of True in a boolean array."""
    if not found.any():
        return 0
    padded = np.concatenate([[False], found, [False]]).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[0::2]).max())


class OriginalityGuard:
    """Checks texts against a pack's fingerprint with the pack's tokenizer."""

    def __init__(self, fingerprint: Fingerprint, tokenizer):
        self.fp = fingerprint
        self.tok = tokenizer

    @classmethod
    def from_pack(cls, pack, tokenizer) -> "OriginalityGuard":
        info = pack.manifest.fingerprint
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no fingerprint of its training text.")
        try:
            return cls(Fingerprint.load(pack.file(info.file), info), tokenizer)
        except (ValueError, KeyError, OSError) as exc:
            raise ModelPackError(f"The training-text fingerprint of the model pack {pack.name} is unusable ({exc}).") from None

    @property
    def copy_tokens(self) -> int:
        return self.fp.run + WINDOW - 1

    def longest_run(self, text: str, context: str = "") -> int:
        """Longest stretch of consecutive windows found, among windows that end inside `text`.

        `context` (the writer's text before a continuation) lets a copy that begins before the
        suggestion count: up to WINDOW - 1 of its last tokens come first.
        """
        ids = self.tok.encode(text)
        return longest_found_run(self.fp.contains(window_hashes(context_lead(self.tok, context) + ids)))

    def repeats_training_text(self, text: str, context: str = "") -> bool:
        # fewer tokens than a copy's run of windows cannot end one: no need to read the context
        # (most ghosts are a few words)
        if len(self.tok.encode(text)) < self.fp.run:
            return False
        return self.longest_run(text, context) >= self.fp.run
