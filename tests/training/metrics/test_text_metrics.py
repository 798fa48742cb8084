import pytest

pytest.importorskip("sacrebleu")

from training.metrics.text_metrics import (  # noqa: E402
    bleu_against_set,
    corpus_bleu4,
    distinct_n,
    self_bleu,
    shared_token_share,
    token_accuracy,
)


def test_text_metrics():
    assert corpus_bleu4(["the cat sat on the mat"], ["the cat sat on the mat"]) == pytest.approx(1.0)
    assert corpus_bleu4(["a b"], ["the cat sat on the mat"]) < 0.05
    assert shared_token_share([1, 2, 2, 3], [2, 3, 9]) == 0.5
    assert token_accuracy([1, 2, 3], [1, 2, 4, 5]) == 0.5


def test_diversity_figures():
    assert distinct_n(["a b a b", "c d"], 1) == pytest.approx(4 / 6)
    assert distinct_n(["a b a b", "c d"], 2) == pytest.approx(3 / 4)
    same = ["the cat sat on the mat by the door ."] * 3
    assert self_bleu(same) == pytest.approx(1.0)
    assert self_bleu(["the cat sat on the mat by the door .", "a storm rose over the grey hills at dawn ."]) < 0.2
    assert bleu_against_set(["the cat sat on the mat by the door ."], ["x y z", "the cat sat on the mat by the door ."]) == pytest.approx(1.0)
