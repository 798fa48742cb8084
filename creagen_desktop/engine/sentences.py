"""Cutting prose into sentences: the unit the VAE varies and blends, and where continuations stop.

A sentence ends at . ! ? or … (with any closing quotes or brackets after it) when what follows
starts a new sentence: a capital, a digit, an opening quote or bracket, or the end of the text.
So `"Come here!" said he.` stays one sentence (a lowercase word follows the quote), and
abbreviations such as "Mr." and initials such as "J." do not end one. A line break always does:
verse and lists keep their lines.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "st.", "mt.", "messrs.", "mme.", "mlle.", "capt.", "col.", "gen.", "lieut.",
    "sgt.", "rev.", "prof.", "hon.", "sr.", "jr.", "esq.", "vs.", "etc.", "i.e.", "e.g.", "viz.", "cf.", "no.",
}

# end punctuation, then closing quotes/brackets, then whitespace or the end
_END = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'’”»)\]]*(?=\s|$)")
_OPENERS = "\"'“‘«([—–-_"


# Chinese ends a clause or a verse line at these (and a sentence at 。！？): a ghost line stops there
CJK_LINE_ENDS = "，。！？；"


def ends_chinese_line(text: str) -> bool:
    """True when `text` ends with a mark that closes a Chinese clause or verse line."""
    return text.rstrip()[-1:] in tuple(CJK_LINE_ENDS) if text.strip() else False


def first_chinese_line(text: str) -> str:
    """`text` up to and with its first Chinese line end (all of it when it has none): a continuation in
    Chinese offers the rest of the line, as an English one offers the rest of the sentence."""
    ends = [i for i in (text.find(m) for m in CJK_LINE_ENDS) if i >= 0]
    return text[: min(ends) + 1] if ends else text


def ends_sentence(text: str) -> bool:
    """True when `text` (a passage so far) ends with a finished sentence."""
    text = text.rstrip()
    m = _END.search(text)
    if not m or m.end() != len(text):
        return False
    return not _is_abbreviation(text, m.start())


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = text[:dot + 1].split()[-1].lstrip("\"'“‘([").lower() if text[:dot + 1].split() else ""
    if word in ABBREVIATIONS:
        return True
    # an initial such as "J." (a single capital letter)
    return len(word) == 2 and word[0].isalpha() and text[dot - 1].isupper()


def _starts_sentence(ch: str) -> bool:
    return ch.isupper() or ch.isdigit() or ch in _OPENERS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the sentences in `text`, without the whitespace between them."""
    spans: list[tuple[int, int]] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line, base = line_match.group(), line_match.start()
        start = 0
        for m in _END.finditer(line):
            rest = line[m.end():].lstrip()
            if rest and not _starts_sentence(rest[0]):
                continue
            if _is_abbreviation(line, m.start()):
                continue
            _add(spans, line, base, start, m.end())
            start = m.end()
        _add(spans, line, base, start, len(line))
    return spans


def _add(spans: list[tuple[int, int]], line: str, base: int, start: int, end: int) -> None:
    piece = line[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        spans.append((base + start + lead, base + end - trail))


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]
