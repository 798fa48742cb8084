"""Text similarity and diversity figures shared by the evaluations: BLEU, overlap, edit distance."""

from __future__ import annotations

import re
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


_WORD = re.compile(r"\w+|[^\w\s]")


def words(text: str) -> list[str]:
    """Lower-cased words and punctuation marks: the unit of the diversity figures."""
    return _WORD.findall(text.lower())


def distinct_n(texts: list[str], n: int) -> float:
    """Distinct n-grams over all n-grams of the set (Li et al., 2016): 1.0 when nothing repeats."""
    grams = [tuple(w[i : i + n]) for w in map(words, texts) for i in range(len(w) - n + 1)]
    return len(set(grams)) / len(grams) if grams else 0.0


def bleu_against_set(hypotheses: list[str], references: list[str], skip_same_index: bool = False) -> float:
    """Corpus BLEU-4 in [0, 1] of each hypothesis against the whole reference set.

    With skip_same_index (Self-BLEU, Zhu et al., 2018) hypothesis i is scored against every
    reference but the i-th, which is itself.
    """
    if not hypotheses or len(references) < (2 if skip_same_index else 1):
        return 0.0
    k = len(references)
    streams = []
    # sacrebleu takes references as streams, one reference per hypothesis in each: stream s gives
    # hypothesis i the reference (i + s) mod k, so the streams together give it every reference
    for s in range(1 if skip_same_index else 0, k):
        streams.append([references[(i + s) % k] for i in range(len(hypotheses))])
    return BLEU().corpus_score(hypotheses, streams).score / 100.0


def self_bleu(texts: list[str]) -> float:
    """How alike a set's texts are to each other (higher = less diverse)."""
    return bleu_against_set(texts, texts, skip_same_index=True)
