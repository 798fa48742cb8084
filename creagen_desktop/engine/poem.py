"""Regulated poems (绝句 and 律诗) written by the pack's character-level LM, keeping form, rhyme and tone.

A poem is written one line at a time (engine.line_decoder: K candidates a line in one batch, tone
and rhyme constraints, the acrostic character forced), in the corpus's layout "出句，对句。\\n". Its
tonal pattern is chosen first (a first line type, engine.metre): by the given first line when there
is one, else at random with the forms' usual shares. The rhyme group is chosen by the LM itself at
the first rhyming line, among the groups wide enough to finish a poem. The candidates of a line are
ranked by the LM's mean log-probability (with that of the line's punctuation) plus a bonus when the
line fits its pattern as a reader would read it (新韵: in context; 平水韵: any reading the book
lists); a line that is a verbatim corpus line (engine.verse_guard) or repeats one of the poem's is
never kept. `revise_line` draws another version of one line that keeps the poem's pattern, rhyme
and acrostic, ranked also by how likely the lines after it become.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from creagen_desktop.engine.cancel import StopFlag
from creagen_desktop.engine.continuation import PRIMER, LanguageModel
from creagen_desktop.engine.line_decoder import (
    Drawn,
    LineSettings,
    VerseVocab,
    bigrams,
    draw_lines,
)
from creagen_desktop.engine.metre import (
    OPENS_WITH_RHYME,
    START_TYPES,
    line_ok,
    poem_patterns,
    rhymes,
)
from creagen_desktop.engine.prosody import Prosody, RhymeTable
from creagen_desktop.engine.sampling import REVISIONS, log_softmax
from creagen_desktop.engine.verse import FORMS, render, verse_lines
from creagen_desktop.engine.verse_guard import VerseGuard
from creagen_desktop.engine.words import Lexicon

RHYMES = ("xin", "pingshui")
DRAWS = 3  # draws of a line, at most, when the guard or repeats leave no candidate
# how often each first line type opens a poem: 五言 mostly 仄收 (A, C), 七言 mostly 首句入韵 (B, D)
START_SHARES = {5: {"A": 0.35, "C": 0.35, "B": 0.15, "D": 0.15}, 7: {"A": 0.15, "C": 0.15, "B": 0.35, "D": 0.35}}


@dataclass
class Poem:
    form: str
    lines: list[str]
    rhyme: str  # the table: xin or pingshui
    start: str  # the first line type of its pattern (A-D)
    rhyme_group: str | None
    acrostic: str | None = None
    copies_dropped: int = 0  # candidate lines the verse guard refused
    latency_ms: float = 0.0
    line_scores: list[float] = field(default_factory=list)

    @property
    def text(self) -> str:
        return render(self.lines)


def _end_tokens(vocab: VerseVocab, index: int, n_lines: int) -> list[int]:
    if index % 2 == 0:
        return [vocab.comma]
    return [vocab.stop, vocab.newline] if index < n_lines - 1 else [vocab.stop]


class PoemWriter:
    def __init__(self, lm: LanguageModel, tok, prosody: Prosody, guard: VerseGuard | None = None,
                 lexicon: Lexicon | None = None, settings: LineSettings | None = None):
        self.lm, self.tok, self.prosody, self.guard, self.lexicon = lm, tok, prosody, guard, lexicon
        self.settings = settings or LineSettings()
        self.stop = StopFlag()  # the Engine shares its own
        self._vocabs: dict[str, VerseVocab] = {}
        out, self._primer_state = lm.run(np.asarray([tok.encode(PRIMER)]), lm.initial_state())
        self._primer_logits = out[0, -1]

    def vocab(self, rhyme: str) -> VerseVocab:
        if rhyme not in self._vocabs:
            self._vocabs[rhyme] = VerseVocab(self.tok, self.prosody, self.prosody.table(rhyme), self.lexicon)
        return self._vocabs[rhyme]

    def _step(self, tokens: np.ndarray, state: np.ndarray):
        self.stop.check()
        return self.lm.run(tokens, state)

    def _reading(self, table: RhymeTable) -> str:
        return "context" if table.name == "xin" else "any"

    def _fits(self, line: str, pattern: str, table: RhymeTable) -> bool:
        return line_ok(table.line_tones(line, self._reading(table)), pattern, strict=True)

    def _pick(self, drawn: Drawn, vocab: VerseVocab, pattern: str, taken: list[str], extra=None,
              groups: set[str] | None = None) -> tuple[int | None, int]:
        """(row, copies refused) of the best candidate that is new and not a copy (row None if none is);
        for a rhyming line (`groups`), one that also rhymes as a reader hears it in context comes first
        (the decoder's mask reads the last character alone: 安 in 长安 is read the same, 还 in 还家 not)."""
        texts = [vocab.text(r) for r in drawn.ids]
        copies = self.guard.copies(texts) if self.guard is not None else [False] * len(texts)
        table, reading = vocab.table, self._reading(vocab.table)
        best, best_key = None, None
        for k, line in enumerate(texts):
            if line in taken or copies[k]:
                continue
            s = drawn.score[k] + self.settings.tone_weight * self._fits(line, pattern, table)
            s += 0.0 if extra is None else extra[k]
            key = (not groups or bool(table.last_rhymes(line, reading) & groups), s)
            if best_key is None or key > best_key:
                best, best_key = k, key
        return best, sum(copies)

    def _check_args(self, form: str, rhyme: str, acrostic: str | None, first_line: str | None, vocab: VerseVocab):
        if form not in FORMS:
            raise ValueError(f"form must be one of {', '.join(FORMS)}")
        n_chars, n_lines = FORMS[form]
        if acrostic is not None:
            if len(acrostic) != n_lines:
                raise ValueError(f"an acrostic for this form has {n_lines} characters (one a line), not {len(acrostic)}")
            vocab.encode(acrostic)
        if first_line is not None:
            vocab.check_chinese(first_line)
            if len(first_line) != n_chars:
                raise ValueError(f"the first line of this form has {n_chars} characters, not {len(first_line)}")
            if acrostic is not None and first_line[0] != acrostic[0]:
                raise ValueError(f"the first line must begin with the acrostic's “{acrostic[0]}”")

    def _start(self, n_chars: int, n_lines: int, first_line: str | None, table: RhymeTable, rng) -> str:
        if first_line is None:
            shares = START_SHARES[n_chars]
            return START_TYPES[rng.choice(len(START_TYPES), p=[shares[s] for s in START_TYPES])]
        tones = table.line_tones(first_line, self._reading(table))
        patterns = poem_patterns(n_chars, n_lines)
        return max(START_TYPES, key=lambda s: (line_ok(tones, patterns[s][0]),
                                               sum(patterns[s][0][i] in tones[i] for i in range(n_chars)), rng.random()))

    def write(self, form: str, acrostic: str | None = None, first_line: str | None = None, rhyme: str = "xin",
              seed: int | None = None) -> Poem:
        """A poem of `form` (wujue, qijue, wulv, qilv) rhyming in `rhyme` (xin or pingshui); ValueError
        for a request that cannot be met (a wrong length, a character the model does not know)."""
        t0 = time.perf_counter()
        vocab = self.vocab(rhyme)
        self._check_args(form, rhyme, acrostic, first_line, vocab)
        n_chars, n_lines = FORMS[form]
        # the form is part of the seed: one seed gives a 绝句 and a 律诗 that differ from the first line
        cfg, rng = self.settings, np.random.default_rng(None if seed is None else [list(FORMS).index(form), seed])
        start = self._start(n_chars, n_lines, first_line, vocab.table, rng)
        patterns = poem_patterns(n_chars, n_lines)[start]
        state, logits = self._primer_state, self._primer_logits
        used = np.zeros(len(vocab.pieces), np.int32)
        lines: list[str] = []
        scores: list[float] = []
        groups: set[str] | None = None
        rhyme_chars: list[int] = []
        dropped = 0
        for i in range(n_lines):
            end = _end_tokens(vocab, i, n_lines)
            if i == 0 and first_line is not None:
                out, state = self._step(np.asarray([self.tok.encode(first_line) + end]), state)
                logits, line, row_ids = out[0, -1], first_line, np.asarray(vocab.known(first_line), dtype=np.int64)
                scores.append(0.0)
            else:
                mask = vocab.rhyme_choice(groups, rhyme_chars, cfg.min_group_chars) if rhymes(i, start) else None
                first = vocab.id_of[acrostic[i]] if acrostic else None
                for _ in range(DRAWS):
                    drawn = draw_lines(self._step, state, logits, vocab, n_chars, patterns[i], mask, first, used, end,
                                       cfg, rng, bigrams([vocab.known(line) for line in lines]))
                    wanted = (groups or vocab.wide_groups(cfg.min_group_chars)) if rhymes(i, start) else None
                    best, copies = self._pick(drawn, vocab, patterns[i], lines, groups=wanted)
                    dropped += copies
                    if best is not None:
                        break
                if best is None:  # every draw a copy or a repeat: keep the last draw's best line all the same
                    best = int(np.argmax(drawn.score))
                row_ids = drawn.ids[best]
                line = vocab.text(row_ids)
                state, logits = drawn.state[:, best : best + 1].copy(), drawn.logits[best]
                scores.append(float(drawn.score[best]))
            lines.append(line)
            np.add.at(used, row_ids, 1)
            if rhymes(i, start):
                rhyme_chars += vocab.known(line[-1])
                found = vocab.groups_of(line[-1])
                groups = (groups & found if groups else found) or groups
        return Poem(form, lines, rhyme, start, sorted(groups)[0] if groups else None, acrostic, dropped,
                    (time.perf_counter() - t0) * 1000, scores)

    # -- revising one line -----------------------------------------------------------------------

    def infer_start(self, lines: list[str], table: RhymeTable) -> str:
        """The first line type a poem's lines fit best (首句入韵 preferred when line 1 rhymes with line 2)."""
        patterns = poem_patterns(len(lines[0]), len(lines))
        tones = [table.line_tones(line, self._reading(table)) for line in lines]
        first_rhymes = bool(table.last_rhymes(lines[0]) & table.last_rhymes(lines[1]))
        return max(START_TYPES, key=lambda s: (sum(line_ok(t, p) for t, p in zip(tones, patterns[s])),
                                               (s in OPENS_WITH_RHYME) == first_rhymes))

    def revise_line(self, poem: Poem | str, index: int, rhyme: str | None = None, n: int = REVISIONS,
                    seed: int | None = None, keep_first_char: bool | None = None) -> list[str]:
        """Up to n other versions of line `index` (0-based) of `poem` (a Poem or its text), best first,
        each keeping the poem's pattern and rhyme group (and its first character when the poem is an
        acrostic: keep_first_char, by default when the poem was written as one)."""
        lines = poem.lines if isinstance(poem, Poem) else verse_lines(poem)
        rhyme = rhyme or (poem.rhyme if isinstance(poem, Poem) else "xin")
        vocab = self.vocab(rhyme)
        n_chars = len(lines[0]) if lines else 0
        if (n_chars, len(lines)) not in FORMS.values() or any(len(line) != n_chars for line in lines):
            raise ValueError("a line can be revised in a poem of 4 or 8 lines of 5 or 7 characters")
        if not 0 <= index < len(lines):
            raise ValueError(f"the poem has lines 1 to {len(lines)}")
        for line in lines:
            vocab.check_chinese(line)
        start = poem.start if isinstance(poem, Poem) else self.infer_start(lines, vocab.table)
        pattern = poem_patterns(n_chars, len(lines))[start][index]
        state, logits = self._primer_state, self._primer_logits
        before = [t for i in range(index) for t in self.tok.encode(lines[i]) + _end_tokens(vocab, i, len(lines))]
        if before:
            out, state = self._step(np.asarray([before]), state)
            logits = out[0, -1]
        mask, shared = None, set()
        if rhymes(index, start):
            others = [lines[i][-1] for i in range(len(lines)) if i != index and rhymes(i, start)]
            shared = set.intersection(*(vocab.groups_of(c) for c in others)) if others else set()
            mask = vocab.rhyme_choice(shared, vocab.known("".join(others)), self.settings.min_group_chars)
        used = np.zeros(len(vocab.pieces), np.int32)
        for i, line in enumerate(lines):
            if i != index:
                np.add.at(used, vocab.known(line), 1)
        if keep_first_char is None:
            keep_first_char = isinstance(poem, Poem) and poem.acrostic is not None
        first = vocab.encode(lines[index][0])[0] if keep_first_char else None
        rng = np.random.default_rng(seed)
        drawn = draw_lines(self._step, state, logits, vocab, n_chars, pattern, mask, first, used,
                           _end_tokens(vocab, index, len(lines)), self.settings, rng,
                           bigrams([vocab.known(line) for i, line in enumerate(lines) if i != index]))
        rest = [t for i in range(index + 1, len(lines)) for t in self.tok.encode(lines[i]) + _end_tokens(vocab, i, len(lines))]
        after = self._rest_logp(drawn, rest)
        found: list[tuple[float, str]] = []
        wanted = (shared or None) if rhymes(index, start) else None
        for _ in range(n):
            best, _copies = self._pick(drawn, vocab, pattern, lines + [t for _, t in found], after, wanted)
            if best is None:
                break
            s = drawn.score[best] + after[best]
            found.append((s, vocab.text(drawn.ids[best])))
        return [t for _, t in found]

    def _rest_logp(self, drawn: Drawn, rest: list[int]) -> np.ndarray:
        """Mean log-probability of the poem's later tokens after each candidate (one batched run)."""
        k = len(drawn.ids)
        if not rest:
            return np.zeros(k)
        tokens = np.tile(np.asarray(rest, dtype=np.int64), (k, 1))
        out, _ = self._step(tokens, drawn.state)
        pred = np.concatenate([drawn.logits[:, None, :], out[:, :-1]], axis=1).astype(np.float64)
        lp = log_softmax(pred)
        return lp[np.arange(k)[:, None], np.arange(len(rest))[None, :], tokens].mean(axis=1)
