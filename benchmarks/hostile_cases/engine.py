"""The engine through its own API, as the editor's threads call it: bounded time and memory."""

from __future__ import annotations

import time

from hostile_cases import expect
from hostile_cases.cli import CHINESE


def _engine():
    from creagen_desktop.engine.engine import Engine

    return Engine.load(None, device="cpu")


def _timed(fn) -> tuple[object, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _suggest_bounded(text: str) -> str:
    e = _engine()
    first, t1 = _timed(lambda: e.suggest(text))
    again, t2 = _timed(lambda: e.suggest(text + "e"))  # the next keystroke reads only its new tokens
    expect(first.fed_tokens <= 1200, f"read {first.fed_tokens} tokens for one suggestion")
    expect(again.fed_tokens <= 256, f"the next keystroke read {again.fed_tokens} tokens")
    return f"{t1:.2f} s then {t2:.2f} s; {first.fed_tokens} then {again.fed_tokens} tokens read"


def _refused(fn, words: str) -> str:
    try:
        fn()
    except ValueError as exc:
        expect(words in str(exc), f"message: {exc}")
        return str(exc)[:90]
    raise AssertionError("was not refused")


def cases() -> dict:
    big = "The old man looked at the sea and thought of the years gone by. " * 800  # 52 KB
    c = {
        "suggest after 100,000 x 'a'": lambda tmp: _suggest_bounded("a" * 100_000),
        "suggest after a Chinese paragraph (en pack)": lambda tmp: _suggest_bounded(CHINESE),
        "suggest after 100 KB of words": lambda tmp: _suggest_bounded("word " * 20_000),
        "suggest after a 100 KB line of digits": lambda tmp: _suggest_bounded("0123456789" * 10_000),
        "variations of 52 KB": lambda tmp: _refused(lambda: _engine().variations(big), "too long"),
        "variations of 52 KB, at the cursor": lambda tmp: str(len(_engine().variations(big, cursor=30_000))) + " variations",
        "blend of 52 KB into a sentence": lambda tmp: _refused(lambda: _engine().blend(big, "She laughed."), "too long"),
        "sparks near 52 KB": lambda tmp: f"{len(_engine().sparks(5, near=big, seed=1))} sparks",
        "sparks near a 100 KB line of digits": lambda tmp: f"{len(_engine().sparks(5, near='0123456789' * 10_000, seed=1))} sparks",
        "variations of text with no sentence": lambda tmp: f"{len(_engine().variations('...  ,,, ;;;'))} variations",
        "suggest with an empty text": lambda tmp: f"{len(_engine().suggest('').candidates)} candidates",
    }
    return c
