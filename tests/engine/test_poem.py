"""The form-constrained poem decoder on the committed tiny Chinese pack: whatever its tiny LM writes,
the form, the rhyme, the acrostic and the first line hold, and hard tone masks hold too."""

import math
from dataclasses import replace

import pytest

from creagen_desktop.engine.engine import Engine
from creagen_desktop.engine.line_decoder import LineSettings
from creagen_desktop.engine.metre import check_poem, line_ok, poem_patterns, rhymes
from creagen_desktop.engine.poem import DRAWS, PoemWriter
from creagen_desktop.engine.verse import FORMS, verse_lines
from creagen_desktop.pack import ModelPackError


@pytest.fixture(scope="module")
def engine(tiny_zh_pack_dir) -> Engine:
    return Engine.load(tiny_zh_pack_dir, device="cpu")


def writer_like(engine, **settings) -> PoemWriter:
    w = engine.poem_writer
    return PoemWriter(w.lm, w.tok, w.prosody, w.guard, settings=replace(LineSettings(), **settings))


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("rhyme", ["xin", "pingshui"])
def test_form_and_rhyme_always_hold(engine, form, rhyme):
    n_chars, n_lines = FORMS[form]
    table = engine.poem_writer.prosody.table(rhyme)
    for seed in range(3):
        poem = engine.poem(form, rhyme=rhyme, seed=seed)
        assert len(poem.lines) == n_lines and all(len(line) == n_chars for line in poem.lines)
        rows = poem.text.split("\n")
        assert len(rows) == n_lines // 2
        assert all(r[n_chars] == "，" and r[-1] == "。" and len(r) == 2 * n_chars + 2 for r in rows)
        assert verse_lines(poem.text) == poem.lines
        # every rhyming line ends in the poem's group, as the decoder reads the characters
        ends = [line[-1] for i, line in enumerate(poem.lines) if rhymes(i, poem.start)]
        assert all(poem.rhyme_group in table.rhyme_groups(c, reading="primary") for c in ends), (poem.text, ends)
        assert len(set(ends)) == len(ends)  # no rhyme character twice
        assert check_poem(poem.text, table, reading="primary").rhyme_ok
        # no pair of characters twice in a poem; no 叠字 of a character the corpus never doubles (here: any)
        pairs = [line[i : i + 2] for line in poem.lines for i in range(len(line) - 1)]
        assert len(pairs) == len(set(pairs)) and not any(p[0] == p[1] for p in pairs), poem.text


def test_the_same_seed_writes_the_same_poem(engine):
    assert engine.poem("qijue", seed=7).text == engine.poem("qijue", seed=7).text


@pytest.mark.parametrize("rhyme", ["xin", "pingshui"])
def test_hard_tone_masks_put_the_right_tone_at_every_checked_position(engine, rhyme):
    w = writer_like(engine, tone_bias=math.inf)
    table = w.prosody.table(rhyme)
    for form in FORMS:
        for seed in range(2):
            poem = w.write(form, rhyme=rhyme, seed=seed)
            patterns = poem_patterns(len(poem.lines[0]), len(poem.lines))[poem.start]
            assert all(line_ok(table.line_tones(line, "primary"), p, strict=False)
                       for line, p in zip(poem.lines, patterns)), poem.text


def test_the_soft_tone_bias_and_rerank_beat_none(engine):
    """Tonal compliance of the decoder as shipped against the same decoder without tone bias or
    rerank (the tiny LM knows little: the constraints do the work)."""
    def tonal(w):
        ok = 0
        for seed in range(12):
            poem = w.write("qijue", seed=seed)
            ok += check_poem(poem.text, w.prosody.table("xin"), strict=False, reading="primary").tones.ok
        return ok

    assert tonal(engine.poem_writer) > tonal(writer_like(engine, tone_bias=0.0, ambiguous_bias=0.0, tone_weight=0.0)) + 3


def test_acrostic_and_first_line(engine):
    poem = engine.poem("qijue", acrostic="春江花月", seed=1)
    assert [line[0] for line in poem.lines] == list("春江花月") and poem.acrostic == "春江花月"
    poem = engine.poem("wujue", first_line="白日依山尽", seed=2)
    assert poem.lines[0] == "白日依山尽" and len(poem.lines) == 4
    both = engine.poem("wujue", acrostic="白黄欲更", first_line="白日依山尽", seed=3)
    assert both.lines[0] == "白日依山尽" and [line[0] for line in both.lines] == list("白黄欲更")


@pytest.mark.parametrize("kwargs, words", [
    ({"form": "sonnet"}, "form must be"),
    ({"form": "qijue", "acrostic": "春江花"}, "4 characters"),
    ({"form": "qijue", "acrostic": "春江花A"}, "not a Chinese character"),
    ({"form": "wujue", "first_line": "白日依山尽了"}, "5 characters"),
    ({"form": "wujue", "first_line": "白日依山。"}, "not a Chinese character"),
    ({"form": "wujue", "first_line": "白日依山尽", "acrostic": "黄黄黄黄"}, "begin with"),
    ({"form": "qijue", "rhyme": "guangyun"}, "no rhyme table"),
])
def test_requests_that_cannot_be_met_say_why(engine, kwargs, words):
    with pytest.raises(ValueError, match=words):
        engine.poem(**kwargs)


def test_the_verse_guard_refuses_copies_and_the_poem_still_ends(engine):
    class RefuseAll:
        def copies(self, lines):
            return [True] * len(lines)

    w = engine.poem_writer
    refusing = PoemWriter(w.lm, w.tok, w.prosody, RefuseAll())
    poem = refusing.write("wujue", seed=1)
    assert len(poem.lines) == 4 and poem.copies_dropped == 4 * DRAWS * LineSettings().candidates
    assert engine.poem("wujue", seed=1).copies_dropped < poem.copies_dropped


def test_revise_one_line_keeps_the_rest_and_the_form(engine):
    poem = engine.poem("qilv", seed=4)
    table = engine.poem_writer.prosody.table("xin")
    for index in (0, 3):
        new = engine.revise_line(poem, index, n=3, seed=1)
        assert 1 <= len(new) <= 3 and len(set(new)) == len(new)
        for line in new:
            assert len(line) == 7 and line not in poem.lines
            if rhymes(index, poem.start):
                assert poem.rhyme_group in table.rhyme_groups(line[-1], reading="primary")
    acrostic = engine.poem("qijue", acrostic="春江花月", seed=5)
    assert all(line[0] == "花" for line in engine.revise_line(acrostic, 2, seed=2))
    # a poem given as text: its pattern and rhyme are read from it
    text_new = engine.revise_line("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", 3, seed=3)
    assert text_new and all(len(line) == 5 for line in text_new)


@pytest.mark.parametrize("poem, index, words", [
    ("白日依山尽，黄河入海流。", 0, "4 or 8 lines"),
    ("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", 4, "lines 1 to 4"),
    ("白日依山尽，黄河入海流。欲穷千里目，更上一层A。", 1, "not a Chinese character"),
])
def test_revising_a_line_of_something_else_says_why(engine, poem, index, words):
    with pytest.raises(ValueError, match=words):
        engine.revise_line(poem, index)


def test_check_poem_and_tables(engine):
    assert engine.rhyme_tables == ["xin", "pingshui"]
    assert engine.check_poem("白日依山尽，黄河入海流。欲穷千里目，更上一层楼。", "pingshui").ok


def test_a_pack_without_poem_tables_says_so(tiny_pack_dir):
    e = Engine.load(tiny_pack_dir, device="cpu")
    assert e.rhyme_tables == []
    for call in (lambda: e.poem("wujue"), lambda: e.revise_line("x", 0), lambda: e.next_line("白日依山尽")):
        with pytest.raises(ModelPackError, match="tiny-test"):
            call()


def test_shutdown_stops_a_poem(tiny_zh_pack_dir):
    from creagen_desktop.engine.cancel import Cancelled

    e = Engine.load(tiny_zh_pack_dir, device="cpu")
    e.shutdown()
    with pytest.raises(Cancelled):
        e.poem("wujue", seed=1)
