"""The pack's sentencepiece tokenizer, with the boundary rules the state cache relies on.

Pieces never cross whitespace (a piece may start with the "▁" that stands for a space, and a
newline is a piece of its own), so text cut just before a whitespace character encodes to the same
tokens as the whole. The word at the cursor is the unstable part: its last piece is "healed" by
letting the model choose any token that begins with it.
"""

from __future__ import annotations

import re

from functools import lru_cache
from pathlib import Path

import numpy as np
import sentencepiece as spm

from creagen_desktop.pack import ModelPackError

SPACE = "\u2581"
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
MAX_TAIL_CHARS = 64  # the unstable end of the text before the cursor: longer than any real word


class Tokenizer:
    def __init__(self, model_path: str | Path):
        self.sp = spm.SentencePieceProcessor(model_file=str(model_path))
        self.vocab_size = self.sp.vocab_size()
        self.newline_id = self.sp.piece_to_id("\n")
        pieces = [self.sp.id_to_piece(i) for i in range(self.vocab_size)]
        self.is_byte = np.array([self.sp.is_byte(i) for i in range(self.vocab_size)])
        special = np.array([self.sp.is_control(i) or self.sp.is_unknown(i) for i in range(self.vocab_size)])
        # surface text of every piece (bytes and control pieces have none usable for healing)
        self.surface = [
            "" if (self.is_byte[i] or special[i]) else p.replace(SPACE, " ") for i, p in enumerate(pieces)
        ]
        self.never = special  # tokens the sampler must never produce

    @classmethod
    def from_pack(cls, pack) -> "Tokenizer":
        """The pack's tokenizer, checked against its manifest; ModelPackError when it is unusable."""
        try:
            tok = cls(pack.tokenizer_path)
        except Exception as exc:  # sentencepiece raises RuntimeError or OSError on a bad file
            raise ModelPackError(f"The tokenizer of the model pack {pack.name} could not be loaded "
                                 f"({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__}).") from None
        want = pack.manifest.tokenizer.vocab_size
        if want and want != tok.vocab_size:
            raise ModelPackError(f"The tokenizer of the model pack {pack.name} has {tok.vocab_size} pieces where its "
                                 f"manifest says {want}: it belongs to another pack.")
        if tok.sp.id_to_piece(tok.newline_id) != "\n":
            raise ModelPackError(f"The tokenizer of the model pack {pack.name} has no piece for a line break, "
                                 "so it was not made by Creagen's training.")
        return tok

    def encode(self, text: str) -> list[int]:
        """Encode line by line: the same tokens as one call, without sentencepiece's line-length limits."""
        if not text:
            return []
        if "\n" not in text:  # one line: no list (sentencepiece starts threads for a list of lines)
            return self.sp.encode(text)
        lines = text.split("\n")
        out: list[int] = []
        for i, ids in enumerate(self.sp.encode(lines, num_threads=1)):
            out.extend(ids)
            if i < len(lines) - 1:
                out.append(self.newline_id)
        return out

    def decode(self, ids) -> str:
        return self.sp.decode([int(i) for i in ids])

    @staticmethod
    def stable_cut(text: str, max_tail: int = MAX_TAIL_CHARS) -> int:
        """Offset of the last whitespace character, or just after the last Chinese character: text[:cut]
        tokenises the same alone or followed by more. Never more than max_tail characters before the end: a run without spaces (a Chinese
        paragraph, a pasted hash) is cut inside, where its tokens may differ slightly from the
        whole's, rather than read in one unbounded call."""
        floor = max(0, len(text) - max_tail)
        for i in range(len(text) - 1, floor - 1, -1):
            if text[i].isspace():
                return i
            if _HAN.match(text[i]):
                return i + 1  # a Chinese character is a token of its own: what follows it cannot merge into it
        return floor

    @lru_cache(maxsize=4096)
    def tokens_starting_with(self, prefix: str) -> np.ndarray:
        """Mask of tokens whose surface begins with `prefix` (for healing the piece at the cursor)."""
        return np.array([s.startswith(prefix) and s != "" for s in self.surface])
