from creagen_desktop.engine.verse import (
    couplets,
    is_cjk,
    line_spans,
    render,
    shape_of,
    verse_lines,
)

DENGQUE = "白日依山尽，黄河入海流。\n欲穷千里目，更上一层楼。"


def test_verse_lines_and_their_spans_leave_the_punctuation():
    assert verse_lines(DENGQUE) == ["白日依山尽", "黄河入海流", "欲穷千里目", "更上一层楼"]
    spans = line_spans(DENGQUE)
    assert [DENGQUE[a:b] for a, b in spans] == verse_lines(DENGQUE)
    assert DENGQUE[spans[0][1]] == "，" and DENGQUE[spans[1][1]] == "。"
    assert verse_lines("知否，知否？应是绿肥红瘦。") == ["知否", "知否", "应是绿肥红瘦"]


def test_couplets_pair_lines_of_equal_length():
    assert couplets(DENGQUE) == [("白日依山尽", "黄河入海流"), ("欲穷千里目", "更上一层楼")]
    assert couplets("昨夜雨疏风骤，浓睡不消残酒。\n试问卷帘人，却道海棠依旧。") == [("昨夜雨疏风骤", "浓睡不消残酒")]


def test_shapes_of_the_four_forms():
    assert shape_of(DENGQUE) == "wujue"
    assert shape_of("白日依山尽，黄河入海流。") is None  # two lines
    assert shape_of("白日依山尽。黄河入海流，欲穷千里目，更上一层楼。") is None  # punctuation out of place
    assert shape_of("白日依山尽，黄河入海流。欲穷千里目，更上一层楼楼。") is None  # a line too long
    qilv = "，".join(["风急天高猿啸哀"] * 2) + "。"
    assert shape_of("\n".join([qilv] * 4)) == "qilv"


def test_render_and_cjk():
    assert render(verse_lines(DENGQUE)) == DENGQUE
    assert is_cjk("春") and is_cjk("𥮾") and not is_cjk("，") and not is_cjk("a")
