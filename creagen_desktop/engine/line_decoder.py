"""Drawing verse lines under constraints from any model that writes one character a step.

The pack's tokenizer has one piece a character, so a line of N characters is N steps. At each step
only Chinese characters of the pack's lexicon (or, without one, seen at least twice in training) may be drawn; at the positions the tonal
pattern checks, a character of the wrong tone (under the chosen rhyme table's primary reading)
loses `tone_bias` nats and one that may be read either way `ambiguous_bias`; a character already in
the poem or the line loses `repeat_bias` nats for each earlier use; the last character of a rhyming
line must belong to the allowed rhyme groups; an acrostic fixes the first. K candidates are drawn
in one batch; the caller ranks them (engine.poem, engine.couplet).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from creagen_desktop.engine.metre import checked_positions
from creagen_desktop.engine.prosody import PING, ZE, Prosody, RhymeTable
from creagen_desktop.engine.sampling import (
    POEM_CANDIDATES,
    POEM_SAMPLING,
    SamplingConfig,
    log_softmax,
    sample_next,
)
from creagen_desktop.engine.verse import COMMA, STOP, is_cjk
from creagen_desktop.engine.words import Lexicon

MIN_COUNT = 2  # characters seen fewer times in training are mostly variants and noise

# one step of a model: (tokens [K, T], state) -> (logits [K, T, V], state)
Step = Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class LineSettings:
    """How lines are drawn and ranked (the defaults were measured by the research prototype: a
    softer bias or no rerank lets the tones go, a harder one gains nothing, K = 8 costs the same
    CPU as 4 on this GRU)."""

    candidates: int = POEM_CANDIDATES  # lines drawn at each step, in one batch
    sampling: SamplingConfig = field(default_factory=lambda: replace(POEM_SAMPLING))
    tone_bias: float = 4.0  # nats off a wrong-tone character at a checked position (inf: forbidden)
    ambiguous_bias: float = 1.0  # nats off a character that may be read either way there
    repeat_bias: float = 2.0  # nats off a character for each earlier use in the poem or the line
    tone_weight: float = 2.0  # rerank bonus (in mean nats) for a line that fits its pattern
    min_group_chars: int = 40  # a rhyme group with fewer common 平 characters is not chosen (险韵)


class VerseVocab:
    """Masks over the tokenizer's pieces for one rhyme table: characters, tones, rhyme groups."""

    def __init__(self, tok, prosody: Prosody, table: RhymeTable, lexicon: Lexicon | None = None):
        self.table = table
        self.pieces = [tok.sp.id_to_piece(i) for i in range(tok.vocab_size)]
        self.id_of = {p: i for i, p in enumerate(self.pieces)}
        size = tok.vocab_size
        self.cjk = np.array([len(p) == 1 and is_cjk(p) and not tok.is_byte[i] for i, p in enumerate(self.pieces)])
        # what may be written: the pack's lexicon (its characters), or without one those seen MIN_COUNT times
        if lexicon is not None and lexicon.ideographs:
            self.common = self.cjk & np.array([p in lexicon.ideographs for p in self.pieces])
        else:
            self.common = self.cjk & np.array([prosody.counts.get(p, 0) >= MIN_COUNT for p in self.pieces])
        self.doubles = np.array([p in prosody.doubles for p in self.pieces])
        self.ping, self.ze = np.zeros(size, bool), np.zeros(size, bool)
        self.groups: dict[str, np.ndarray] = {}
        for i in np.flatnonzero(self.cjk):
            readings = table.primary(self.pieces[i])
            tones = {t for _, t in readings}
            self.ping[i], self.ze[i] = PING in tones, ZE in tones
            for g in {g for g, t in readings if t == PING}:
                self.groups.setdefault(g, np.zeros(size, bool))[i] = True
        self.comma, self.stop, self.newline = self.id_of.get(COMMA), self.id_of.get(STOP), tok.newline_id
        if self.comma is None or self.stop is None:
            raise ValueError("the tokenizer has no piece for ， or 。")

    def encode(self, line: str) -> list[int]:
        """A line's pieces; ValueError naming a character the model cannot write in a poem."""
        ids = []
        for ch in line:
            i = self.id_of.get(ch)
            if i is None or not self.cjk[i]:
                raise ValueError(f"“{ch}” is not a Chinese character this model knows")
            ids.append(i)
        return ids

    def known(self, line: str) -> list[int]:
        """The pieces of those characters of `line` the model can write (a writer's line may hold others)."""
        return [i for i in (self.id_of.get(ch) for ch in line) if i is not None and self.cjk[i]]

    @staticmethod
    def check_chinese(line: str) -> None:
        """ValueError unless every character of a writer's line is a Chinese character."""
        bad = next((ch for ch in line if not is_cjk(ch)), None)
        if bad is not None:
            raise ValueError(f"“{bad}” is not a Chinese character: a line of a poem is characters only")

    def text(self, ids) -> str:
        return "".join(self.pieces[int(i)] for i in ids)

    def rhyme_mask(self, groups: set[str] | None) -> np.ndarray:
        """Common 平 characters of the given groups (all groups wide enough when None: the first rhyme)."""
        mask = np.zeros(len(self.pieces), bool)
        for g, m in self.groups.items():
            if groups is None or g in groups:
                mask |= m
        return mask & self.common

    def wide_groups(self, min_chars: int) -> set[str]:
        """The groups with at least min_chars common 平 characters (a small vocabulary: its 3 widest)."""
        sizes = {g: int((m & self.common).sum()) for g, m in self.groups.items()}
        wide = {g for g, n in sizes.items() if n >= min_chars}
        return wide or set(sorted(sizes, key=lambda g: -sizes[g])[:3])

    def rhyme_choice(self, groups: set[str] | None, taken: list[int], min_chars: int) -> np.ndarray | None:
        """What may end a rhyming line: the poem's groups (or, for its first rhyme, the wide ones),
        without the rhyme characters already taken; with them when nothing else is left; None (no
        constraint) when the vocabulary has no such character at all."""
        mask = self.rhyme_mask(groups or self.wide_groups(min_chars))
        fresh = mask.copy()
        fresh[taken] = False
        return fresh if fresh.any() else (mask if mask.any() else None)

    def groups_of(self, ch: str) -> set[str]:
        """The 平 groups a character rhymes in, as the decoder reads it (its primary readings)."""
        return self.table.rhyme_groups(ch, reading="primary")


@dataclass
class Drawn:
    ids: np.ndarray  # [K, n] the characters
    score: np.ndarray  # [K] mean log-probability of the characters + the end's log-probability / n
    state: np.ndarray  # [S, K, H] after the line and its end tokens
    logits: np.ndarray  # [K, V] next-token logits after them


def bigrams(lines: list[list[int]]) -> dict[int, set[int]]:
    """The character pairs of lines (as pieces): first -> the characters that followed it."""
    pairs: dict[int, set[int]] = {}
    for ids in lines:
        for a, b in zip(ids, ids[1:]):
            pairs.setdefault(int(a), set()).add(int(b))
    return pairs


def draw_lines(step: Step, state: np.ndarray, logits: np.ndarray, vocab: VerseVocab, n_chars: int,
               pattern: str | None, rhyme: np.ndarray | None, first: int | None, used: np.ndarray,
               end: list[int], cfg: LineSettings, rng: np.random.Generator,
               pairs: dict[int, set[int]] | None = None) -> Drawn:
    """K candidate lines after `state` / `logits` [V] (one row), each followed by the `end` tokens
    (，or 。 and a newline for the LM, end-of-line for the VAE), whose probability is part of the score.
    No pair of characters in `pairs` (the poem's other lines) or twice in a line is written again (a
    small LM otherwise repeats its favourite words: 杨柳 ... 杨柳), and a character follows itself only
    if the corpus doubles it."""
    k = cfg.candidates
    state = np.repeat(state, k, axis=1)
    logits = np.repeat(np.asarray(logits, dtype=np.float64)[None, :], k, axis=0)
    ids = np.zeros((k, n_chars), dtype=np.int64)
    logp = np.zeros(k)
    checked = checked_positions(n_chars) if pattern else set()
    base = np.where(vocab.common, 0.0, -np.inf)
    wrong = cfg.tone_bias if math.isfinite(cfg.tone_bias) else np.inf
    rows = np.arange(k)
    pairs = pairs or {}
    own: list[dict[int, set[int]]] = [{} for _ in range(k)]
    for j in range(n_chars):
        lp = log_softmax(logits)  # the model's own distribution: what the score counts
        b = base.copy()
        if j in checked:
            b[~(vocab.ping if pattern[j] == PING else vocab.ze)] -= wrong
            b[vocab.ping & vocab.ze] -= cfg.ambiguous_bias
        if j == n_chars - 1 and rhyme is not None:
            b[~rhyme] = -np.inf
        if not np.isfinite(b).any():  # a hard tone constraint no character meets: drop it for this step
            b = base.copy()
        bias = np.repeat(b[None, :], k, axis=0)
        if j == 0 and first is not None:
            bias[:] = -np.inf
            bias[:, first] = 0.0
        else:
            bias -= cfg.repeat_bias * used[None, :]
            for jj in range(j):
                bias[rows, ids[:, jj]] -= cfg.repeat_bias
            for r in range(k) if j else ():
                prev = int(ids[r, j - 1])
                banned = pairs.get(prev, set()) | own[r].get(prev, set())
                if not vocab.doubles[prev]:
                    banned = banned | {prev}  # 叠字 only of characters the corpus doubles (not 泪泪)
                if banned:
                    bias[r, list(banned)] = -np.inf
        nxt = sample_next(lp + bias, cfg.sampling, rng)
        for r in range(k) if j else ():
            own[r].setdefault(int(ids[r, j - 1]), set()).add(int(nxt[r]))
        ids[:, j] = nxt
        logp += lp[rows, nxt]
        out, state = step(nxt[:, None].astype(np.int64), state)
        logits = out[:, -1].astype(np.float64)
    end_lp = log_softmax(logits)[:, end[0]]
    out, state = step(np.tile(np.asarray(end, dtype=np.int64), (k, 1)), state)
    for t in range(1, len(end)):
        end_lp += log_softmax(out[:, t - 1].astype(np.float64))[:, end[t]]
    return Drawn(ids, logp / n_chars + end_lp / n_chars, state, out[:, -1])
