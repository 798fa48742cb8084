"""Classical Chinese verse as text: characters, verse lines, couplets and the four regulated forms.

One verse line (句) is the unit of the Chinese poetry pack's line VAE and of the poem decoder, as a
sentence is for English: a poem is written one couplet (联) a text line, "出句，对句。". These
helpers are shared by training (cutting the corpus) and the engine (cutting a writer's poem), so
both cut the same way. No model, no tables: see engine.prosody for rhyme and tone.
"""

from __future__ import annotations

import re

# form -> (characters a line, lines a poem)
FORMS = {"wujue": (5, 4), "qijue": (7, 4), "wulv": (5, 8), "qilv": (7, 8)}
FORM_NAMES = {"wujue": "五绝", "qijue": "七绝", "wulv": "五律", "qilv": "七律"}

COMMA, STOP = "，", "。"
SENTENCE_ENDS = "。？！"
# marks that end a verse line; a line's text is what lies between them
LINE_BREAKS = "，。？！；：、"
_LINE = re.compile(f"[^{LINE_BREAKS}\\s]+")
_BREAK = re.compile(f"[{LINE_BREAKS}\\n]")

_CJK_RANGES = (
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # the unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0x20000, 0x3134F),  # Extensions B-G
)


def is_cjk(ch: str) -> bool:
    """A Chinese character (an ideograph), not punctuation."""
    o = ord(ch)
    return any(lo <= o <= hi for lo, hi in _CJK_RANGES)


def line_spans(text: str) -> list[tuple[int, int]]:
    """Spans (start, end) of the verse lines of `text`, without their punctuation: a line that is
    varied or replaced keeps its ，or 。 in the document, so the poem keeps its form."""
    return [m.span() for m in _LINE.finditer(text)]


def verse_lines(text: str) -> list[str]:
    """The verse lines of a poem, punctuation and line breaks removed."""
    return [s for s in _BREAK.split(text) if s.strip()]


def couplets(text: str) -> list[tuple[str, str]]:
    """(出句, 对句) of every text line made of exactly two verse lines of the same length."""
    out = []
    for row in text.split("\n"):
        parts = verse_lines(row)
        if len(parts) == 2 and len(parts[0]) == len(parts[1]):
            out.append((parts[0], parts[1]))
    return out


def shape_of(text: str) -> str | None:
    """The form whose shape the poem has (4 or 8 lines of 5 or 7 characters, ，after odd lines and a
    sentence end after even ones), else None. Shape only: a 古绝 of that size has it too; whether
    the tones follow the rules is engine.prosody's question."""
    marks = [c for c in text if c in LINE_BREAKS]
    lines = verse_lines(text)
    if len(lines) not in (4, 8) or len(marks) != len(lines):
        return None
    n = len(lines[0])
    if any(len(line) != n or not all(is_cjk(c) for c in line) for line in lines):
        return None
    if any(m != COMMA for m in marks[0::2]) or any(m not in SENTENCE_ENDS for m in marks[1::2]):
        return None
    return next((name for name, shape in FORMS.items() if shape == (n, len(lines))), None)


def render(lines: list[str]) -> str:
    """Verse lines as a poem: one couplet a text line, ，inside it and 。 after it."""
    rows = [f"{lines[i]}{COMMA}{lines[i + 1]}{STOP}" for i in range(0, len(lines) - 1, 2)]
    if len(lines) % 2:
        rows.append(lines[-1] + STOP)
    return "\n".join(rows)
