"""The spell checker over the shipped Hunspell dictionary: lookups, suggestions, the personal
dictionary, and what it leaves alone."""

import pytest

from creagen_desktop.documents.spelling import SpellChecker, dictionaries_dir, word_at


@pytest.fixture(scope="module")
def checker_files():
    return dictionaries_dir()


def test_the_english_dictionary_ships_with_its_licence(checker_files):
    for lang in ("en_US", "en_GB"):
        assert (checker_files / f"{lang}.dic").stat().st_size > 500_000 and (checker_files / f"{lang}.aff").is_file()
        assert "Kevin Atkinson" in (checker_files / f"{lang}.COPYING").read_text()


def test_misspelled_words_are_found_and_corrected(tmp_path):
    sc = SpellChecker(personal=tmp_path / "dictionary.txt")
    line = "For three days the storm had kept the boats in the harobour, and she didn't mind."
    found = [line[a:b] for a, b in sc.misspelled(line)]
    assert found == ["harobour"]
    assert sc.correct("harbour") and sc.correct("color") and sc.correct("colour")  # British and American
    assert "receive" in sc.suggestions("recieve")


def test_the_personal_dictionary_is_kept_and_read_back(tmp_path):
    path = tmp_path / "data" / "dictionary.txt"
    sc = SpellChecker(personal=path)
    assert not sc.correct("Zorblax")
    sc.add("Zorblax")
    assert sc.correct("Zorblax") and path.read_text() == "Zorblax\n"
    assert SpellChecker(personal=path).correct("Zorblax")
    sc.ignore("Quaxle")
    assert sc.correct("Quaxle") and "Quaxle" not in path.read_text()


def test_a_damaged_personal_dictionary_does_not_stop_the_checking(tmp_path):
    path = tmp_path / "dictionary.txt"
    path.write_bytes(b"\xff\xfe\x00bad")
    assert SpellChecker(personal=path).misspelled("a harobour") == [(2, 10)]


def test_chinese_abbreviations_and_numbers_are_left_alone(tmp_path):
    sc = SpellChecker()
    assert sc.misspelled("她走到港口 NATO 2026 x the harbour") == []
    assert word_at("one two three", 5) == (4, 7) and word_at("one  two", 4) is None


def test_a_missing_dictionary_is_said_plainly(tmp_path):
    with pytest.raises(FileNotFoundError, match="No xx_XX dictionary"):
        SpellChecker(("xx_XX",))
