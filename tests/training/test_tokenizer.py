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


def test_the_char_tokenizer_has_one_piece_a_character(tmp_path):
    import sentencepiece as spm

    text = "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。\n" * 3
    path = train_tokenizer(text, tmp_path / "c.model", model_type="char")
    sp = spm.SentencePieceProcessor(model_file=str(path))
    assert sp.vocab_size() == 3 + 2 + 256 + len(set(text) - {"\n"})
    for ch in set(text) - {"\n"}:
        ids = sp.encode(ch)
        assert len(ids) == 1 and not sp.is_byte(ids[0])
    assert [sp.id_to_piece(i) for i in sp.encode("白 日")] == ["白", "\u2581", "日"]  # a space is one piece
    for sample in ["白日 依山尽", "床前明月光", "abc"]:  # characters it never saw: byte pieces
        assert sp.decode(sp.encode(sample)) == sample
