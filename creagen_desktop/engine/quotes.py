"""Quotes and apostrophes in the document's style: generated text follows the writer's choice of
straight (" ') or curly (“ ” ‘ ’) quotes. The training text mixes both, so a model left alone may
put a curly quote into a straight-quoted document, or both kinds into one line."""

from __future__ import annotations

CURLY = "curly"
STRAIGHT = "straight"
_TO_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_OPENS_AFTER = "([{—–-“‘«"  # a quote after one of these (or after whitespace) opens


def quote_style(text: str) -> str | None:
    """CURLY or STRAIGHT, whichever kind of quote `text` uses more; None when it has none."""
    curly = sum(text.count(c) for c in "“”‘’")
    straight = text.count('"') + text.count("'")
    if curly == straight == 0:
        return None
    return CURLY if curly >= straight else STRAIGHT


def restyle(text: str, style: str | None, before: str = "") -> str:
    """Generated `text`, which follows `before` in the document, with its quotes in `style`; a
    style of None (the document has no quotes yet) makes the text agree with itself."""
    if style is None:
        style = quote_style(text)
    if style is None:
        return text
    if style == STRAIGHT:
        return text.translate(_TO_STRAIGHT)
    out = []
    prev = before[-1:] or " "
    for ch in text:
        if ch in "\"'":
            opening = prev.isspace() or prev in _OPENS_AFTER
            if ch == '"':
                ch = "“" if opening else "”"
            else:
                ch = "‘" if opening else "’"
        out.append(ch)
        prev = ch
    return "".join(out)
