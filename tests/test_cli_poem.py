"""`creagen poem`: a poem, a revised line, the matching line; Traditional output; bad requests."""

import subprocess
import sys

import pytest

from creagen_desktop.cli import main
from creagen_desktop.engine.verse import shape_of, verse_lines
from creagen_desktop.paths import bundled_pack_for

DENGQUE = "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"


def run(capsys, pack, *args) -> list[str]:
    assert main(["poem", *args, "--pack", str(pack)]) == 0
    return capsys.readouterr().out.splitlines()


def test_a_poem_of_each_form(tiny_zh_pack_dir, capsys):
    for form in ("wujue", "qijue", "wulv", "qilv"):
        out = run(capsys, tiny_zh_pack_dir, "--form", form, "--seed", "1")
        assert shape_of("\n".join(out)) == form
    out = run(capsys, tiny_zh_pack_dir, "--form", "qijue", "--acrostic", "春江花月", "--seed", "2", "--details")
    assert [line[0] for line in verse_lines("\n".join(out[:2]))] == list("春江花月")
    assert out[2].startswith("[qijue, pattern ") and "rhyme ok" in out[2]
    two = run(capsys, tiny_zh_pack_dir, "--form", "wujue", "-n", "2", "--seed", "3", "--rhyme", "pingshui")
    assert len(two) == 5 and two[2] == ""


def test_traditional_in_and_out(tiny_zh_pack_dir, capsys):
    out = run(capsys, tiny_zh_pack_dir, "--form", "wujue", "--first-line", "白日依山盡", "--traditional", "--seed", "4")
    assert out[0].startswith("白日依山盡，")  # read as 白日依山尽, written back in Traditional


def test_revise_a_line_and_the_next_line(tiny_zh_pack_dir, capsys):
    out = run(capsys, tiny_zh_pack_dir, "--revise", DENGQUE, "--line", "3", "--seed", "1")
    lines = verse_lines("\n".join(out))
    assert len(lines) == 4 and lines[:2] == ["白日依山尽", "黄河入海流"] and lines[3] == "更上一层楼"
    assert lines[2] != "欲穷千里目" and len(lines[2]) == 5
    nxt = run(capsys, tiny_zh_pack_dir, "--next-line", "朝辞白帝彩云间", "-n", "2", "--seed", "2")
    assert 1 <= len(nxt) <= 2 and all(len(line) == 7 for line in nxt)


@pytest.mark.parametrize("args, words", [
    (("--form", "sonnet"), b"invalid choice"),
    (("--acrostic", "春江"), b"4 characters"),
    (("--first-line", "hello"), b"not a Chinese character"),
    (("--revise", DENGQUE), b"go together"),
    (("--revise", DENGQUE, "--line", "9"), b"between 1 and 4"),
    (("--next-line", "   "), b"TEXT is empty"),
    (("--rhyme", "guangyun"), b"invalid choice"),
])
def test_bad_requests_get_one_line_and_exit_2(tiny_zh_pack_dir, args, words):
    done = subprocess.run([sys.executable, "-m", "creagen_desktop", "poem", *args, "--pack", str(tiny_zh_pack_dir)],
                          capture_output=True)
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and b"Traceback" not in done.stderr


def test_a_pack_without_poems_says_so(tiny_pack_dir, capsys):
    assert main(["poem", "--form", "wujue", "--pack", str(tiny_pack_dir)]) == 2
    assert "does not write poems" in capsys.readouterr().err


@pytest.mark.skipif(not (bundled_pack_for("zh") / "manifest.json").exists(), reason="bundled Chinese pack not built yet")
def test_the_bundled_chinese_pack_writes_a_poem(capsys):
    assert main(["poem", "--form", "qijue", "--seed", "1"]) == 0
    assert shape_of(capsys.readouterr().out) == "qijue"
