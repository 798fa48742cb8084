"""The originality guard of verse: is a written line, word for word, a line of the corpus?

The pack's fingerprint (engine.originality) finds runs of 8 or more tokens, longer than a whole
five- or seven-character line with its punctuation, so a copied line would pass it. A poem pack
therefore also carries a Bloom filter of every verse line of its corpus (held-out poems included)
of at least MIN_CHARS characters, hashed as text: a line of the corpus is always found, any other
is found by mistake with the filter's false-positive rate (about 1e-3 by default).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from creagen_desktop.engine.originality import Fingerprint
from creagen_desktop.pack.format import ModelPackError

LINE_HASH = "blake2b64-utf8-v1"
MIN_CHARS = 5  # shorter lines are stock phrases (春风十里), not copies
FALSE_POSITIVE_TARGET = 1e-3


def line_hash(line: str) -> int:
    return int.from_bytes(hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest(), "little")


def _hashes(lines: Iterable[str]) -> np.ndarray:
    return np.asarray([line_hash(s) for s in lines], dtype=np.uint64)


class VerseGuard:
    def __init__(self, filter_: Fingerprint):
        self._filter = filter_

    def __contains__(self, line: str) -> bool:
        return len(line) >= MIN_CHARS and bool(self._filter.contains(_hashes([line]))[0])

    def copies(self, lines: list[str]) -> list[bool]:
        """For each line, whether it is a corpus line (lines shorter than MIN_CHARS never are)."""
        found = self._filter.contains(_hashes(lines)) if lines else np.zeros(0, bool)
        return [bool(f) and len(s) >= MIN_CHARS for s, f in zip(lines, found)]

    @classmethod
    def build(cls, lines: Iterable[str], target: float = FALSE_POSITIVE_TARGET) -> tuple["VerseGuard", dict]:
        """A filter of the distinct lines of at least MIN_CHARS characters, sized for `target` false
        positives; returns it and its figures (bits, hashes, lines, false-positive rate)."""
        distinct = np.unique(_hashes({s for s in lines if len(s) >= MIN_CHARS}))
        n_bytes = max(8, math.ceil(-len(distinct) * math.log(target) / math.log(2) ** 2 / 8))
        fp, fill = Fingerprint.of_hashes(distinct, n_bytes)
        return cls(fp), {"line_hash": LINE_HASH, "line_bits": fp.bits, "line_hashes": fp.hashes,
                         "lines": int(len(distinct)), "line_false_positive_rate": fill ** fp.hashes}

    def save(self, path: Path) -> None:
        self._filter.save(path)

    @classmethod
    def from_pack(cls, pack) -> "VerseGuard":
        info = pack.manifest.poem
        if info is None:
            raise ModelPackError(f"The model pack {pack.name} has no filter of its corpus's verse lines.")
        array = np.fromfile(pack.file(info.files.verse_lines), dtype=np.uint8)
        if info.line_hash != LINE_HASH or len(array) * 8 != info.line_bits or not 1 <= info.line_hashes <= 16:
            raise ModelPackError(f"The verse-line filter of the model pack {pack.name} does not fit its manifest "
                                 f"({info.line_hash}, {len(array) * 8} bits where it says {info.line_bits}).")
        return cls(Fingerprint(info.line_bits, info.line_hashes, 1, array))
