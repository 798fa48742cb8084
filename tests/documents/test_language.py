"""A document's language (detected from its share of Chinese characters, or the writer's choice) and 字 counts."""

import pytest

from creagen_desktop.documents.counts import count_zi, zi_per_line
from creagen_desktop.documents.language import AUTO, SAMPLE_CHARS, DocumentLanguage, cjk_share, detect


@pytest.mark.parametrize("text, expected", [
    ("床前明月光，疑是地上霜。", "zh"),
    ("Call me Ishmael. Some years ago, never mind how long precisely.", "en"),
    ("我昨天读完了 Moby Dick，写得真好。", "zh"),  # an English title inside Chinese prose
    ("He wrote 春 on the wall and left the house before the rain came down again.", "en"),  # a character in English
    ("1234 …… !!! 。，", None),  # nothing to tell by
    ("", None),
])
def test_detection_by_the_share_of_chinese_characters(text, expected):
    assert detect(text) == expected


def test_the_share_counts_letters_only():
    assert cjk_share("春 ab") == pytest.approx(1 / 3)
    assert cjk_share("，。 123") is None


def test_a_long_document_is_read_at_its_start_and_its_end():
    english = "The sea was calm that night. " * (SAMPLE_CHARS // 10)
    assert detect(english + "海" * 100) == "en"
    assert detect("海上生明月，" * (SAMPLE_CHARS // 3) + english) == "zh"  # its start is Chinese, its end English


def test_a_document_follows_its_text_until_the_writer_chooses():
    lang = DocumentLanguage(fallback="zh")
    assert lang.code == "zh"  # nothing written yet: the app's language
    assert lang.redetect("The night was dark.") and lang.code == "en"
    assert lang.redetect("白日依山尽，黄河入海流。") and lang.code == "zh"
    assert lang.choose("en") and lang.code == "en"
    assert not lang.redetect("欲穷千里目，更上一层楼。") and lang.code == "en"  # the writer's choice holds
    assert lang.choose(AUTO) and lang.code == "zh"
    with pytest.raises(ValueError):
        lang.choose("klingon")


@pytest.mark.parametrize("text, zi", [
    ("床前明月光，疑是地上霜。", 10),
    ("举头望明月——低头思故乡！", 10),
    ("《静夜思》　李白", 5),  # book-title marks and an ideographic space are no 字
    ("“你好，”她说：“再见……”", 6),
    ("用 Python 写诗", 9),  # Latin letters count, one each, as word processors count them
    ("", 0),
])
def test_zi_are_characters_without_punctuation_or_spaces(text, zi):
    assert count_zi(text) == zi


def test_zi_per_line_counts_each_line():
    assert zi_per_line(["春眠不觉晓，", "", "处处闻啼鸟。"]) == [5, 0, 5]
