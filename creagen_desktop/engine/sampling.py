"""Choosing the next token from logits, in numpy: repetition penalty, temperature, top-k, top-p; and the
one home of every generation default (continuations, variations, blends, sparks), which the command
line, the preferences and the features all read from here.

Every function works on a batch of rows (one per candidate) so several candidates are drawn in one
model run. No onnxruntime here: the window imports these defaults before the engine loads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

# The range each generation setting may take, checked wherever a value comes in (the command line,
# the preferences, a hand-edited config): outside it the cost or the output would be unbounded.
LIMITS = {
    "n": (1, 16),  # the report draws 16 at a time; the editor offers up to 8 (ui.settings)
    "max_tokens": (1, 64),
    "temperature": (0.0, 2.0),
    "top_k": (0, 1000),
    "top_p": (0.05, 1.0),
    "repetition_penalty": (1.0, 2.0),
    "seed": (0, 2**63 - 1),
    "variations": (1, 20),
    "creativity": (0.0, 3.0),
    "blend_steps": (2, 32),
    "sparks": (1, 20),
}


def check(name: str, value, what: str | None = None):
    """`value` if it is a finite number within LIMITS[name], else ValueError in plain words."""
    lo, hi = LIMITS[name]
    label = what or name.replace("_", " ")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{label} must be a number, not {value!r}")
    if isinstance(lo, int) and isinstance(hi, int) and value != int(value):
        raise ValueError(f"{label} must be a whole number, not {value!r}")
    if not lo <= value <= hi:
        if hi >= 2**31:
            raise ValueError(f"{label} must be at least {lo}, not {value}")
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        raise ValueError(f"{label} must be between {lo:g} and {hi:g}, not {shown}")
    return value


@dataclass
class SamplingConfig:
    n: int = 3  # candidates
    max_tokens: int = 16  # token budget per candidate
    temperature: float = 0.8
    top_k: int = 40  # 0 = no limit
    top_p: float = 0.95  # 1.0 = no limit
    repetition_penalty: float = 1.1  # 1.0 = off
    seed: int | None = None
    stop_at_sentence_end: bool = True

    def validate(self) -> "SamplingConfig":
        """Itself, if every setting is within LIMITS; ValueError naming the first that is not."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in LIMITS and not (f.name == "seed" and value is None):
                check(f.name, value)
        return self


VARIATIONS = 5  # rewrites offered for a passage
CREATIVITY = 1.0  # how far variations stray: 0 = the passage's own code, larger = further
MAX_CREATIVITY = LIMITS["creativity"][1]
BLEND_STEPS = 8
BLEND_PATHS = ("slerp", "lerp")  # spherical (default) or straight interpolation between codes
SPARKS = 5  # new lines a request
# Sparks are drawn from the decoder with the tail trimmed: greedy decoding repeats stock phrases.
SPARK_SAMPLING = SamplingConfig(temperature=1.0, top_k=40, top_p=0.95, repetition_penalty=1.0)
# Lines of a poem (engine.line_decoder): drawn POEM_CANDIDATES at a time and ranked (the research
# prototype's figures: 4 or 8 cost the same CPU, 8 keeps the tones better). Ranking the best of 8 already
# favours stock phrases, so they are drawn at temperature 1 from the top 100: on 40 五绝 and 40 七律 of the
# bundled pack, distinct-2 0.86/0.78 at 0.9 and top 40 -> 0.92/0.85, the same tonal compliance, the
# lines' mean log-probability -3.2 -> -3.6 nats a character (real held-out verse: -4.3)
POEM_SAMPLING = SamplingConfig(temperature=1.0, top_k=100, top_p=0.95, repetition_penalty=1.0)
POEM_CANDIDATES = 8
REVISIONS = 3  # other versions of a poem's line offered
NEXT_LINES = 3  # matching lines (对句) offered
# A blend whose path decodes to too few distinct passages draws more at its steps' places, this way.
BLEND_DRAW = SamplingConfig(temperature=0.8, top_k=40, top_p=0.95, repetition_penalty=1.0)


def apply_repetition_penalty(logits: np.ndarray, seen: list[np.ndarray], penalty: float) -> np.ndarray:
    """Make tokens already in each row's context less likely (CTRL-style: divide positive, multiply negative)."""
    if penalty == 1.0:
        return logits
    out = logits.copy()
    for row, ids in enumerate(seen):
        if len(ids):
            ids = np.unique(ids)
            vals = out[row, ids]
            out[row, ids] = np.where(vals > 0, vals / penalty, vals * penalty)
    return out


def filter_top_p(probs: np.ndarray, p: float) -> np.ndarray:
    """Keep the smallest set of most likely tokens whose mass reaches p, renormalised."""
    if p >= 1.0:
        return probs
    order = np.argsort(-probs, axis=-1)
    sorted_p = np.take_along_axis(probs, order, axis=-1)
    cum = np.cumsum(sorted_p, axis=-1)
    # a token stays if the mass before it is still below p (so the top token always stays)
    keep_sorted = (cum - sorted_p) < p
    keep = np.zeros_like(keep_sorted)
    np.put_along_axis(keep, order, keep_sorted, axis=-1)
    out = np.where(keep, probs, 0.0)
    return out / out.sum(axis=-1, keepdims=True)


def softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def log_softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def sample_next(
    logits: np.ndarray,
    cfg: SamplingConfig,
    rng: np.random.Generator,
    seen: list[np.ndarray] | None = None,
    allowed: np.ndarray | None = None,
) -> np.ndarray:
    """Draw one token per row. `allowed` (bool mask over the vocabulary) restricts the choice."""
    logits = logits.astype(np.float64)  # a copy: the caller's logits stay as they were
    if allowed is not None:
        logits[:, ~allowed] = -np.inf
    if seen is not None:
        logits = apply_repetition_penalty(logits, seen, cfg.repetition_penalty)
    if cfg.temperature == 0:
        return logits.argmax(axis=-1)
    vocab = logits.shape[-1]
    # Work on the top-k columns only: sorting k values per step instead of the whole vocabulary
    # keeps sampling well under a millisecond.
    cols = None
    if 0 < cfg.top_k < vocab:
        cols = np.argpartition(-logits, cfg.top_k - 1, axis=-1)[:, : cfg.top_k]
        logits = np.take_along_axis(logits, cols, axis=-1)
    probs = filter_top_p(softmax(logits / cfg.temperature), cfg.top_p)
    # inverse-CDF draw per row: one uniform number each, reproducible for a given seed
    cum = np.cumsum(probs, axis=-1)
    u = rng.random((probs.shape[0], 1)) * cum[:, -1:]
    pick = np.minimum((cum < u).sum(axis=-1), probs.shape[-1] - 1)
    if cols is None:
        return pick
    return cols[np.arange(len(pick)), pick]


# -- the ghost text ----------------------------------------------------------------------------
# The ghost is the most likely continuation (a search, not a draw), cut before the first word the
# model is less sure of than the setting's threshold: P(word | text before it) >= threshold. The
# thresholds were chosen on the bundled pack's held-out books (benchmarks/next_words.py): with
# "when fairly sure" the ghost shows at about 45% of the places the editor asks, and its first word
# is the author's about 57% of those times.
SUGGEST = {"often": 0.15, "when fairly sure": 0.30, "only when sure": 0.50}
SUGGEST_DEFAULT = "when fairly sure"


@dataclass(frozen=True)
class GhostConfig:
    threshold: float = SUGGEST[SUGGEST_DEFAULT]  # least probability of each word shown
    beam: int = 2  # unfinished words kept a step (2, 4 and 8 found the same ghosts on 600 positions)
    top: int = 8  # pieces looked at after each unfinished word
    max_tokens: int = 12  # pieces after what the writer typed
    max_units: int = 12  # words and punctuation marks
    spellings: int = 64  # unfinished spellings of the typed word kept a step (a bound for runs like "aaaa…")

    @classmethod
    def of(cls, setting: str) -> "GhostConfig":
        if setting not in SUGGEST:
            raise ValueError(f"the suggest setting must be one of {', '.join(SUGGEST)}, not {setting!r}")
        return cls(threshold=SUGGEST[setting])
