"""Text similarity and diversity figures shared by the evaluations: BLEU, overlap, edit distance."""

from __future__ import annotations

from collections import Counter

from rapidfuzz.distance import Levenshtein
from sacrebleu.metrics import BLEU


def corpus_bleu4(hypotheses: list[str], references: list[str]) -> float:
    """Corpus BLEU-4 in [0, 1] (sacrebleu's standard 13a tokenisation, one reference each)."""
    if not hypotheses:
        return 0.0
    return BLEU().corpus_score(hypotheses, [references]).score / 100.0


def shared_token_share(source: list[int], other: list[int]) -> float:
    """The share of the source's tokens (counted with repeats) that the other text also has."""
    if not source:
        return 0.0
    common = Counter(source) & Counter(other)
    return sum(common.values()) / len(source)


def token_accuracy(reference: list[int], hypothesis: list[int]) -> float:
    """Position-wise matches over the reference length (a missing or extra token counts as wrong)."""
    if not reference:
        return 0.0
    hits = sum(1 for a, b in zip(reference, hypothesis) if a == b)
    return hits / max(len(reference), len(hypothesis))


def edit_distance(a: list[int], b: list[int]) -> int:
    """Levenshtein distance between two token sequences."""
    return Levenshtein.distance(a, b)
