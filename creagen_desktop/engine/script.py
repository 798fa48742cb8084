"""Simplified and Traditional Chinese: the Chinese pack reads and writes Simplified; a writer who
types or wants Traditional gets it converted with OpenCC (t2s on the way in, s2t on the way out)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=2)
def _converter(config: str):
    try:
        import opencc
    except ImportError:
        raise ValueError("converting between Simplified and Traditional Chinese needs the opencc package "
                         "(pip install opencc)") from None
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text) if text else text


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text) if text else text
