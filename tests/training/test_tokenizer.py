import pytest

pytest.importorskip("torch")

from training.tokenizer import train_tokenizer  # noqa: E402


def test_tokenizer_round_trip_exact(tmp_path, tiny_corpus_dir):
    import sentencepiece as spm

    text = (tiny_corpus_dir / "book_one.txt").read_text()
    path = train_tokenizer(text, tmp_path / "t.model", vocab_size=400)
    sp = spm.SentencePieceProcessor(model_file=str(path))
    for sample in [text[:3000], "  Two spaces,\ttab\n\n\nthree newlines “quotes” — é 你好 ", "x"]:
        assert sp.decode(sp.encode(sample)) == sample


def test_tokenizer_refuses_too_small_vocabulary(tmp_path):
    with pytest.raises(ValueError, match="too small"):
        train_tokenizer("abc def ghi " * 50, tmp_path / "t.model", vocab_size=100)
