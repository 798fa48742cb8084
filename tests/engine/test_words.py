"""Words, the lexicon and the known words every feature writes with."""

import json

import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.words import (
    IDEOGRAPH,
    PUNCT,
    WHITESPACE,
    WORD,
    KnownWords,
    Lexicon,
    char_class,
    norm_word,
    trailing_partial,
    words_of,
)
from creagen_desktop.pack import ModelPackError

LEX = Lexicon(["the", "old", "man", "don't", "o'er", "well", "known", "sea", "sat"])


def test_what_a_word_is():
    assert words_of("Don't look o’er the well-known sea, 2nd time!") == ["Don't", "look", "o’er", "the", "well",
                                                                          "known", "sea", "time"]
    assert words_of("他说 hello 你好") == ["hello"]  # ideographs are units of their own, not lexicon words
    assert norm_word("’Tis") == "tis" and norm_word("O’ER") == "o'er"
    assert [char_class(c) for c in " a-'.你"] == [WHITESPACE, WORD, WORD, WORD, PUNCT, IDEOGRAPH]


def test_the_lexicon_counts_words_seen_often_enough_and_stores_them_compactly():
    lex = Lexicon.from_text("The sea. the SEA! The sea, the ship; a ship", min_count=3)
    assert lex.words == {"the", "sea"} and "se" in lex.prefixes
    data = lex.to_bytes()
    assert data == Lexicon.from_text("the sea " * 3).to_bytes()  # the same words, the same bytes (checksums)
    assert Lexicon.from_bytes(data).words == lex.words
    with pytest.raises(ValueError, match="not a gzipped word list"):
        Lexicon.from_bytes(b"not gzip")


def test_known_words_are_the_lexicons_and_the_writers_own():
    known = KnownWords(LEX, "Queequeg sat by the sea.")
    assert known.word_ok("The") and known.word_ok("QUEEQUEG") and known.word_ok("don’t")
    assert not known.word_ok("fierceed") and not known.text_ok("the fierceed man")
    assert known.partial_ok("Quee") and known.partial_ok("ol") and not known.partial_ok("olx")
    assert known.partial_ok("sea’")  # a closing quote after a whole word
    known.add("Germanade")
    assert known.word_ok("germanade")
    assert KnownWords(None).word_ok("fierceed") and KnownWords(None).piece_ok("", "xq")  # no lexicon: anything


def test_a_piece_may_not_spell_an_unknown_word():
    known = KnownWords(LEX)
    assert known.piece_ok("The o", "ld")  # "old" may come
    assert not known.piece_ok("The o", "lx")  # no known word starts "olx"
    assert not known.piece_ok("The fierce", "ed man")  # it finishes an unknown word
    assert known.piece_ok("The ol", "d,")  # finishes "old"
    assert known.piece_ok("the ol", "d") and not known.piece_ok("the o", "l", final=True)  # "ol" is no whole word
    assert known.piece_ok("the se", "a") and known.piece_ok("the sea", "", final=True)
    assert known.piece_ok("2", "nd")  # letters touching digits are no word


def test_text_is_cut_before_its_first_unknown_word():
    known = KnownWords(LEX)
    assert known.cut_before_unknown(" the old fierceed man") == " the old"
    assert known.cut_before_unknown("Hearphiss' sea") == ""
    assert known.cut_before_unknown(" the old man") == " the old man"
    assert trailing_partial("the se") == "se" and trailing_partial("the sea ") == ""


def test_a_chinese_lexicon_is_its_characters_and_every_feature_writes_only_those():
    lex = Lexicon.from_text("白日依山尽，黄河入海流。白日依山尽，白云。", min_count=2)
    assert lex.words == lex.ideographs == set("白日依山尽")  # counted one by one; punctuation is no entry
    known = KnownWords(lex, "他说")
    assert known.text_ok("白日他") and not known.text_ok("白日黄")  # the writer's own characters are known
    assert known.piece_ok("白", "日") and not known.piece_ok("白", "河") and not known.piece_ok("", "日河")
    assert known.cut_before_unknown("白日依河山") == "白日依" and known.cut_before_unknown("白日，") == "白日，"
    # an English lexicon lists no characters: it says nothing about them (as before)
    assert KnownWords(LEX).text_ok("the 黄河") and KnownWords(LEX).piece_ok("the ", "河")


def test_the_chinese_packs_lexicon_is_what_its_poems_are_written_in(tiny_zh_pack_dir):
    engine = Engine.load(tiny_zh_pack_dir, device="cpu")
    assert engine.lexicon is not None and engine.lexicon.words == engine.lexicon.ideographs
    poem = engine.poem("qijue", seed=3)
    assert set("".join(poem.lines)) <= engine.lexicon.ideographs


def test_the_engine_loads_the_packs_lexicon(tiny_pack_dir):
    engine = Engine.load(tiny_pack_dir, device="cpu")
    assert engine.lexicon is not None and "river" in engine.lexicon.words
    assert len(engine.lexicon) == engine.pack.manifest.lexicon.words


def test_a_lexicon_that_disagrees_with_its_manifest_is_refused(pack_variant):
    dst = pack_variant("lexicon-count", lambda m: m["lexicon"].update(words=m["lexicon"]["words"] + 1))
    with pytest.raises(ModelPackError, match="word list .* holds"):
        Engine.load(dst, device="cpu")


def test_a_pack_without_a_lexicon_still_works(pack_variant):
    def drop(m):
        m["kinds"].remove("lexicon")
        del m["lexicon"]
        m["files"] = [f for f in m["files"] if f["path"] != "lexicon.txt.gz"]

    engine = Engine.load(pack_variant("no-lexicon", drop), device="cpu")
    assert engine.lexicon is None and engine.ghost("The old man walked to the ri").units
    assert json.dumps(engine.pack.manifest.to_dict())  # and its manifest writes back without one


def test_a_run_of_letters_longer_than_a_word_is_not_known():
    from creagen_desktop.engine.words import MAX_WORD_CHARS, KnownWords, Lexicon

    known = KnownWords(Lexicon({"sea"}), "x" * (MAX_WORD_CHARS + 1) + " " + "y" * MAX_WORD_CHARS)
    assert not known.word_ok("x" * (MAX_WORD_CHARS + 1))
    assert known.word_ok("y" * MAX_WORD_CHARS)
