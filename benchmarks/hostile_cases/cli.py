"""The command line: arguments a user can type, and texts that used to cost minutes or gigabytes."""

from __future__ import annotations

from hostile_cases import creagen, expect, refused_plainly

CHINESE = "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。" * 363  # 8,712 characters, no spaces


def _works(done, lines_at_least: int = 1) -> str:
    expect(done.returncode == 0, f"exit {done.returncode}: {done.err.strip()[-200:]}")
    expect("Traceback" not in done.err, "printed a traceback")
    lines = [ln for ln in done.out.splitlines() if ln.strip()]
    expect(len(lines) >= lines_at_least, f"printed {len(lines)} lines")
    return f"{len(lines)} line(s)"


def _works_or_says(done, words: str) -> str:
    """Lines on standard output, or (exit 1) one plain line saying there is nothing to print."""
    if done.returncode == 1:
        expect("Traceback" not in done.err, "printed a traceback")
        expect(words in done.err and not done.out.strip(), f"exit 1 without saying {words!r}: {done.err.strip()[-200:]}")
        return done.err.strip().splitlines()[-1]
    return _works(done)


def cases() -> dict:
    c = {}
    for cmd in ("suggest", "vary"):
        c[f"{cmd}: text not UTF-8"] = lambda tmp, cmd=cmd: refused_plainly(creagen(cmd, b"caf\xe9 \xff"), "UTF-8")
    c["blend: text not UTF-8"] = lambda tmp: refused_plainly(creagen("blend", b"\xff", "B."), "UTF-8")
    c["spark: --near not UTF-8"] = lambda tmp: refused_plainly(creagen("spark", "--near", b"\xc3"), "UTF-8")
    c["window: --pack not UTF-8 (self-test)"] = lambda tmp: _pack_path_not_utf8()
    c["suggest --seed -1"] = lambda tmp: refused_plainly(creagen("suggest", "Hello", "--seed", "-1"), "seed")
    c["suggest --seed huge"] = lambda tmp: refused_plainly(creagen("suggest", "Hello", "--seed", "9" * 40), "seed")
    c["suggest --temperature nan"] = lambda tmp: refused_plainly(creagen("suggest", "Hi", "--temperature", "nan"), "number")
    c["suggest --temperature -inf"] = lambda tmp: refused_plainly(creagen("suggest", "Hi", "--temperature=-inf"), "number")
    c["suggest -n 1000000"] = lambda tmp: refused_plainly(creagen("suggest", "Hi", "-n", "1000000"), "between")
    c["suggest --max-tokens 100000"] = lambda tmp: refused_plainly(creagen("suggest", "Hi", "--max-tokens", "100000"), "between")
    c["vary --creativity nan"] = lambda tmp: refused_plainly(creagen("vary", "The sea.", "--creativity", "nan"), "number")
    c["vary -n 0"] = lambda tmp: refused_plainly(creagen("vary", "The sea.", "-n", "0"), "between")
    c["vary empty text"] = lambda tmp: refused_plainly(creagen("vary", ""), "empty")
    c["vary whitespace text"] = lambda tmp: refused_plainly(creagen("vary", " \n\t "), "empty")
    c["blend empty B"] = lambda tmp: refused_plainly(creagen("blend", "The sea.", ""), "empty")
    c["blend --steps 10000"] = lambda tmp: refused_plainly(creagen("blend", "A.", "B.", "--steps", "10000"), "between")
    c["spark -n 10000"] = lambda tmp: refused_plainly(creagen("spark", "-n", "10000"), "between")
    c["suggest --pack missing folder"] = lambda tmp: refused_plainly(creagen("suggest", "Hi", "--pack", tmp / "none"), "not found")
    c["suggest --pack a file"] = lambda tmp: refused_plainly(
        creagen("suggest", "Hi", "--pack", _touch(tmp / "f.txt")), "not found")
    c["suggest 100,000 x 'a'"] = lambda tmp: _works_or_says(creagen("suggest", "a" * 100_000, "--seed", "1"),
                                                            "no continuation in known words")
    c["suggest 8,712 Chinese characters"] = lambda tmp: _works(creagen("suggest", CHINESE, "--seed", "1"))
    c["suggest control characters and RTL marks"] = lambda tmp: _works(
        creagen("suggest", "He said \u202e\u200b\u0007\u001b[31m hello \ufeff and", "--seed", "1"))
    c["suggest emoji and combining marks"] = lambda tmp: _works(creagen("suggest", "She smiled 😀 e\u0301e\u0301 and", "--seed", "1"))
    c["vary a 20 KB selection"] = lambda tmp: refused_plainly(creagen("vary", "The old man looked at the sea. " * 660), "too long")
    c["vary one 300-word sentence"] = lambda tmp: refused_plainly(creagen("vary", "word " * 300 + "."), "too long")
    c["blend 50 KB passages"] = lambda tmp: refused_plainly(
        creagen("blend", "The sea was grey. " * 2800, "She laughed. " * 10), "too long")
    c["vary 24 sentences"] = lambda tmp: _works(creagen("vary", "The old man looked at the sea. " * 24, "-n", "2"))
    return c


def _touch(p):
    p.write_text("x")
    return p


def _pack_path_not_utf8() -> str:
    done = creagen("--self-test", "--pack", b"/tmp/no-such-pack-\xff")
    expect(done.returncode != 0 and "Traceback" not in done.out + done.err, f"exit {done.returncode}: {done.err[-200:]}")
    return "self-test failed plainly"
