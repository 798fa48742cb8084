"""The tonal patterns and the checker: rules on hand-made tone sets, and known poems read with the
committed tiny Chinese pack's tables (real 新韵 and 平水韵 readings of its characters)."""

import pytest

from creagen_desktop.engine.metre import (
    check_poem,
    check_tones,
    free_positions,
    line_ok,
    line_pattern,
    poem_patterns,
    rhyme_ok,
    rhymes,
)
from creagen_desktop.engine.prosody import PING, ZE, Prosody

P, Z = {PING}, {ZE}


def tones(pattern: str) -> list[set[str]]:
    return [{c} for c in pattern]


@pytest.fixture(scope="module")
def prosody(tiny_zh_pack_dir) -> Prosody:
    return Prosody.load(tiny_zh_pack_dir / "prosody.json")


def test_line_types_and_the_four_quatrains():
    assert [line_pattern(k, 5) for k in "ABCD"] == ["仄仄平平仄", "平平仄仄平", "平平平仄仄", "仄仄仄平平"]
    assert line_pattern("A", 7) == "平平仄仄平平仄" and line_pattern("D", 7) == "平平仄仄仄平平"
    q = poem_patterns(5, 4)
    assert q["A"] == ["仄仄平平仄", "平平仄仄平", "平平平仄仄", "仄仄仄平平"]
    assert q["D"][0] == "仄仄仄平平" and q["B"][:2] == ["平平仄仄平", "仄仄仄平平"]
    # a 律诗 goes on with the second quatrain of its first line type
    assert poem_patterns(7, 8)["C"][4:] == [line_pattern(k, 7) for k in "CDAB"]
    assert free_positions(5) == {0, 2} and free_positions(7) == {0, 2, 4}
    assert [rhymes(i, "A") for i in range(4)] == [False, True, False, True]
    assert rhymes(0, "D") and not rhymes(2, "D")
    with pytest.raises(ValueError):
        line_pattern("A", 6)


def test_free_positions_and_the_checked_ones():
    assert line_ok(tones("平仄平平仄"), "仄仄平平仄")  # the 1st character is free
    assert not line_ok(tones("仄平平平仄"), "仄仄平平仄")  # the 2nd is not
    assert not line_ok(tones("仄仄平平平"), "仄仄平平仄")  # nor the last
    assert line_ok([P | Z, Z, P, P, Z], "仄仄平平仄")  # a 多音字 may be read either way
    assert not line_ok([set(), Z, P, P, Z][1:], "仄仄平平仄")  # wrong length


def test_gu_ping_and_san_ping_wei_are_faults_only_when_strict():
    assert line_ok(tones("仄平仄仄平"), "平平仄仄平", strict=False)
    assert not line_ok(tones("仄平仄仄平"), "平平仄仄平")  # 孤平
    assert line_ok(tones("仄平平仄平"), "平平仄仄平")  # its own remedy (本句自救)
    assert not line_ok(tones("仄仄平平平"), "仄仄仄平平")  # 三平尾
    assert line_ok(tones("仄仄平平平"), "仄仄仄平平", strict=False)
    # seven characters: the same faults in the last five
    assert not line_ok(tones("仄仄仄平仄仄平"), line_pattern("B", 7))  # 孤平
    assert line_ok(tones("仄仄平平仄仄平"), line_pattern("B", 7))
    assert not line_ok(tones("平平仄仄平平平"), line_pattern("D", 7))  # 三平尾


def test_the_special_ao_of_a_c_line():
    assert line_ok(tones("平平仄平仄"), "平平平仄仄")  # 特拗, its 3rd character 仄
    assert not line_ok(tones("平平平平仄"), "平平平仄仄")
    assert line_ok(tones("仄仄平平仄平仄"), line_pattern("C", 7))


def test_known_poems_under_the_pingshui_table(prosody):
    ps = prosody.table("pingshui")
    # regulated verse passes, with its rhyme group
    for text, group in [("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", "下平十一尤"),
                        ("国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。烽火连三月，家书抵万金。白头搔更短，浑欲不胜簪。", "下平十二侵"),
                        ("风急天高猿啸哀，渚清沙白鸟飞回。无边落木萧萧下，不尽长江滚滚来。"
                         "万里悲秋常作客，百年多病独登台。艰难苦恨繁霜鬓，潦倒新停浊酒杯。", "上平十灰")]:
        c = check_poem(text, ps)
        assert c.ok and c.rhyme_group == group, text
    jingyesi = check_poem("床前明月光，疑是地上霜。举头望明月，低头思故乡。", ps)
    assert jingyesi.form == "wujue" and jingyesi.rhyme_ok and not jingyesi.tones.ok  # a 古绝
    for zeyun in ("春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。", "千山鸟飞绝，万径人踪灭。孤舟蓑笠翁，独钓寒江雪。"):
        assert not check_poem(zeyun, ps).rhyme_ok  # 仄韵: not the 平 rhyme of regulated verse


def test_known_poems_under_xin_yun(prosody):
    xin = prosody.table("xin")
    dengque = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"
    # 一 is 平 today, so 一层楼 is 三平尾 to a modern ear: fine loosely, a fault strictly
    assert check_poem(dengque, xin, strict=False, reading="context").tones.ok
    assert not check_poem(dengque, xin, strict=True, reading="context").tones.ok
    # 簪 (zān) no longer rhymes with 深 心 金 (-en, -in)
    chunwang = "国破山河在，城春草木深。感时花溅泪，恨别鸟惊心。烽火连三月，家书抵万金。白头搔更短，浑欲不胜簪。"
    assert check_poem(chunwang, prosody.table("pingshui")).rhyme_ok and not check_poem(chunwang, xin).rhyme_ok
    assert check_poem("月落乌啼霜满天，江枫渔火对愁眠。姑苏城外寒山寺，夜半钟声到客船。", xin, reading="context").ok


def test_not_a_regulated_shape():
    c = check_poem("昨夜雨疏风骤，浓睡不消残酒。", Prosody.from_dict(
        {"format": 1, "tables": {"xin": {"groups": ["麻"]}}, "chars": {}}).table("xin"))
    assert c.form is None and not c.ok
    assert check_tones(["白日依山尽", "黄河入海"], None).ok is False


def test_rhyme_needs_every_even_line(prosody):
    xin = prosody.table("xin")
    assert rhyme_ok(["白日依山尽", "黄河入海流", "欲穷千里目", "更上一层楼"], xin) == (True, "尤")
    assert rhyme_ok(["白日依山尽", "黄河入海流", "欲穷千里目", "更上一层天"], xin)[0] is False
