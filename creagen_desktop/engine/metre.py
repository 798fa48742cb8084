"""The tonal patterns (格律) of regulated verse and a deterministic checker of form, rhyme and tone.

Line types of five-character verse, and seven-character ones with the opposite pair in front:

    A 仄仄平平仄    B 平平仄仄平    C 平平平仄仄    D 仄仄仄平平
    A7 平平仄仄平平仄  B7 仄仄平平仄仄平  C7 仄仄平平平仄仄  D7 平平仄仄仄平平

A quatrain follows from its first line by 粘对: A -> ABCD, D -> DBCD, C -> CDAB, B -> BDAB (B and D
open with a rhyme, 首句入韵); a 律诗 goes on with ABCD (after A or D) or CDAB (after C or B).

Freedoms: 一三五不论 (positions 1, 3 and, in seven-character lines, 5 are not checked; the last
character always is), and the one 拗句 every manual accepts, the 特拗 平平仄平仄 of a C line (its
third-from-last character then 仄). Strict adds the two faults teachers never let pass: 孤平 (a B
line whose free positions around its 平 pair are both 仄: 仄平仄仄平) and 三平尾 (a D line ending
平平平). 三仄尾 is tolerated; cross-line 拗救 is not modelled, so real poems that use it fail here.
Rhyme: the last characters of all even lines share one 平 group; the first line may rhyme too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from creagen_desktop.engine.prosody import PING, ZE, RhymeTable
from creagen_desktop.engine.verse import FORMS, verse_lines

LINE5 = {"A": "仄仄平平仄", "B": "平平仄仄平", "C": "平平平仄仄", "D": "仄仄仄平平"}
START_TYPES = tuple(LINE5)
OPENS_WITH_RHYME = {"B", "D"}  # 首句入韵
_OPPOSITE = {PING: ZE, ZE: PING}
_QUATRAIN = {"A": "ABCD", "D": "DBCD", "C": "CDAB", "B": "BDAB"}
_SECOND_HALF = {"A": "ABCD", "D": "ABCD", "C": "CDAB", "B": "CDAB"}


def line_pattern(kind: str, n: int) -> str:
    """The pattern of a line type (A-D) for lines of n = 5 or 7 characters."""
    if n == 5:
        return LINE5[kind]
    if n == 7:
        return _OPPOSITE[LINE5[kind][0]] * 2 + LINE5[kind]
    raise ValueError("regulated lines have 5 or 7 characters")


def poem_patterns(n_chars: int, n_lines: int) -> dict[str, list[str]]:
    """{first line type: the pattern of every line} for a 4- or 8-line poem."""
    if n_lines not in (4, 8):
        raise ValueError("regulated poems have 4 or 8 lines")
    return {start: [line_pattern(k, n_chars) for k in (seq if n_lines == 4 else seq + _SECOND_HALF[start])]
            for start, seq in _QUATRAIN.items()}


def free_positions(n: int) -> set[int]:
    """0-based positions not checked: 一三(五)不论."""
    return {0, 2} if n == 5 else {0, 2, 4}


def checked_positions(n: int) -> set[int]:
    return set(range(n)) - free_positions(n)


def rhymes(line_index: int, start: str) -> bool:
    """Whether line `line_index` (0-based) of a poem of that first line type ends on the rhyme."""
    return line_index % 2 == 1 or (line_index == 0 and start in OPENS_WITH_RHYME)


def _fits(tones: list[set[str]], pattern: str, positions: set[int]) -> bool:
    return all(pattern[i] in tones[i] for i in positions)


def line_ok(tones: list[set[str]], pattern: str, strict: bool = True) -> bool:
    """Does a line (the tones each character may take; an empty set counts as a miss) fit the pattern?"""
    n = len(pattern)
    if len(tones) != n:
        return False
    checked = checked_positions(n)
    ok = _fits(tones, pattern, checked)
    if not ok and pattern.endswith("平平平仄仄"):  # the 特拗 of a C line
        ok = _fits(tones, pattern[:-3] + "仄平仄", checked | {n - 3})
    if not ok or not strict:
        return ok
    if pattern.endswith("平平仄仄平"):  # B: 孤平 when both free slots around the 平 pair are 仄
        k = n - 5
        if PING not in tones[k] and PING not in tones[k + 2]:
            return False
    if pattern.endswith("仄仄仄平平") and ZE not in tones[n - 3]:  # D: 三平尾
        return False
    return True


@dataclass
class ToneResult:
    ok: bool
    start: str | None  # the first line type of the best-fitting pattern
    lines_ok: int  # lines that fit it
    lines: list[bool] = field(default_factory=list)  # which lines fit it


def check_tones(lines: list[str], table: RhymeTable, strict: bool = True, reading: str = "any") -> ToneResult:
    """How well the poem fits the best of the four patterns of its shape."""
    n, m = (len(lines[0]) if lines else 0), len(lines)
    if m not in (4, 8) or n not in (5, 7) or any(len(line) != n for line in lines):
        return ToneResult(False, None, 0, [False] * m)
    tones = [table.line_tones(line, reading) for line in lines]
    best: ToneResult | None = None
    for start, patterns in poem_patterns(n, m).items():
        fits = [line_ok(t, p, strict) for t, p in zip(tones, patterns)]
        if best is None or sum(fits) > best.lines_ok:
            best = ToneResult(all(fits), start, sum(fits), fits)
    return best


def rhyme_ok(lines: list[str], table: RhymeTable, reading: str = "any", ping_only: bool = True) -> tuple[bool, str | None]:
    """Do the last characters of all even lines share a rhyme group? (ok, one such group)."""
    sets = [table.last_rhymes(line, reading, ping_only) for line in lines[1::2]]
    common = set.intersection(*sets) if sets else set()
    return bool(common), (sorted(common)[0] if common else None)


@dataclass
class PoemCheck:
    form: str | None  # wujue, qijue, wulv, qilv, or None: not a regulated shape
    lines: list[str]
    rhyme_ok: bool
    rhyme_group: str | None
    tones: ToneResult

    @property
    def ok(self) -> bool:
        return self.form is not None and self.rhyme_ok and self.tones.ok


def form_of(lines: list[str]) -> str | None:
    n = len(lines[0]) if lines else 0
    return next((name for name, shape in FORMS.items() if shape == (n, len(lines))
                 and all(len(line) == n for line in lines)), None)


def check_poem(text: str, table: RhymeTable, strict: bool = True, reading: str = "any") -> PoemCheck:
    """Form, rhyme and tones of a poem's text (its verse lines, wherever its punctuation falls)."""
    lines = verse_lines(text)
    form = form_of(lines)
    if form is None:
        return PoemCheck(None, lines, False, None, ToneResult(False, None, 0, [False] * len(lines)))
    ok, group = rhyme_ok(lines, table, reading)
    return PoemCheck(form, lines, ok, group, check_tones(lines, table, strict, reading))
