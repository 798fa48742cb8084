"""The ghost on Chinese text with the Chinese pack: the tail re-read at each request is what follows the
last character (not the whole unspaced paragraph), and a ghost line ends at ，。！？；."""

import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.sampling import GhostConfig
from creagen_desktop.engine.sentences import CJK_LINE_ENDS
from creagen_desktop.engine.tokenizer import Tokenizer


@pytest.fixture(scope="module")
def zh_engine(tiny_zh_pack_dir):
    return Engine.load(tiny_zh_pack_dir, device="cpu")


def test_the_stable_cut_of_chinese_text_is_after_its_last_character():
    assert Tokenizer.stable_cut("床前明月光，") == 5  # only the ，is re-read
    assert Tokenizer.stable_cut("床前明月光") == 5
    assert Tokenizer.stable_cut("She said 你好 and le") == len("She said 你好 and")  # English: the last space


def test_every_chinese_character_is_its_own_token(zh_engine):
    tok = zh_engine.continuer.tok
    text = "床前明月光，疑是"
    assert [tok.surface[i] for i in tok.encode(text)] == list(text)


@pytest.mark.parametrize("text", ["床前明月光，", "春风", "白日依山尽，黄河", "床前明月光，疑是地上霜。\n"])
def test_a_chinese_ghost_ends_at_the_end_of_its_line(zh_engine, text):
    g = zh_engine.ghost_search.suggest(text, GhostConfig(threshold=0.0))  # every unit, however unsure
    assert g.text, text  # something follows even right after a ，
    assert g.text[-1] in CJK_LINE_ENDS and not any(ch in CJK_LINE_ENDS for ch in g.text[:-1]), g.text
    assert "\n" not in g.text and len(g.text) <= 12


def test_variations_of_a_poem_change_one_verse_line_and_keep_its_punctuation(zh_engine):
    poem = "春风吹绿柳，江水映晴天。\n花落无人见，月明照客眠。"
    out = zh_engine.variations(poem, n=3, cursor=8, seed=1, context=poem)  # the cursor in 江水映晴天
    assert out
    for v in out:
        first, rest = v.split("，", 1)
        assert first == "春风吹绿柳" and rest.endswith("。\n花落无人见，月明照客眠。"), v
        assert rest[: -len("。\n花落无人见，月明照客眠。")] != "江水映晴天"
