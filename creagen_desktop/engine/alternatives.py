"""Alternatives at a word: the language model's most likely words at a place in the text, with their
probabilities, given the text before it (NovelAI shows token probabilities; here whole words).

The model reads a bounded window before the word, then the most likely first pieces of a word are
each completed the way the model would most likely go on, until a piece starts the next word. A
word's probability is that of its pieces along the way (a word spelt by several tokenisations
adds them up). Uses only the tokenizer and the LM's session, as continuations do.
"""

from __future__ import annotations

import numpy as np

from creagen_desktop.engine.sampling import softmax

WINDOW_CHARS = 2000  # the text before the word that is read (the GRU's memory is far shorter)
WINDOW_TOKENS = 768
PRIMER = "\n\n"  # as the model read paragraphs in training
FIRST_PIECES = 48  # how many first pieces are completed into words
MAX_WORD_PIECES = 6
ALTERNATIVES = 8


def _window(before: str) -> str:
    if len(before) <= WINDOW_CHARS:
        return before
    text = before[-WINDOW_CHARS:]
    space = text.find(" ")
    return text[space + 1:] if 0 <= space < WINDOW_CHARS // 2 else text


def next_words(tok, lm, before: str, n: int = ALTERNATIVES, stop=None) -> list[tuple[str, float]]:
    """Up to n (word, probability) the model expects after `before`, most likely first.

    `tok` is the pack's Tokenizer and `lm` its LanguageModel (run(tokens, state), initial_state());
    `stop` (a StopFlag) is checked between model calls."""
    if n < 1:
        return []
    window = _window(before)
    context = window.rstrip(" ")  # the space before a word belongs to its first piece
    # a word after a space, at the start or after a line break begins with "▁"; after an opening
    # quote or a dash it touches what comes before
    needs_space = context != window or not context or context.endswith("\n")
    ids = tok.encode(PRIMER) + tok.encode(context)
    ids = ids[-WINDOW_TOKENS:]
    state = lm.initial_state()
    logits = None
    for i in range(0, len(ids), 256):
        if stop is not None:
            stop.check()
        out, state = lm.run(np.asarray([ids[i:i + 256]]), state)
        logits = out[0, -1]
    probs = softmax(logits.astype(np.float64))
    surface = tok.surface
    starts = [i for i in np.argsort(-probs)[: FIRST_PIECES * 8]
              if _word_start(surface[i], needs_space)][:FIRST_PIECES]
    if not starts:
        return []
    words = [surface[i].strip() for i in starts]
    p = probs[starts].copy()
    done = np.zeros(len(starts), dtype=bool)
    batch_state = np.repeat(state, len(starts), axis=1)
    last = np.asarray(starts, dtype=np.int64)
    for _ in range(MAX_WORD_PIECES - 1):
        if stop is not None:
            stop.check()
        out, batch_state = lm.run(last[:, None], batch_state)
        step = softmax(out[:, -1].astype(np.float64))
        best = step.argmax(axis=-1)
        for row, tid in enumerate(best):
            piece = surface[int(tid)]
            if done[row] or not piece or piece.startswith(" ") or not _letters(piece):
                done[row] = True
                continue
            words[row] += piece
            p[row] *= step[row, tid]
        if done.all():
            break
        last = best.astype(np.int64)
    totals: dict[str, float] = {}
    for word, prob in zip(words, p):
        if word:
            totals[word] = totals.get(word, 0.0) + float(prob)
    return sorted(totals.items(), key=lambda kv: -kv[1])[:n]


def _letters(piece: str) -> bool:
    return any(ch.isalpha() or ch == "'" or ch == "’" for ch in piece)


def _word_start(piece: str, needs_space: bool) -> bool:
    """A piece that can begin a word here: a space first when the text before ends in a word."""
    if not piece:
        return False
    if needs_space and not piece.startswith(" "):
        return False
    body = piece.lstrip(" ")
    return bool(body) and (body[0].isalpha() or body[0] in "'’")
