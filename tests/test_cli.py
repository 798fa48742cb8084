import re
import subprocess
import sys

import pytest

from creagen_desktop import __version__
from creagen_desktop.cli import main
from creagen_desktop.paths import default_pack_dir


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"creagen {__version__}"


def test_suggest_prints_one_candidate_a_line(tiny_pack_dir, capsys):
    assert main(["suggest", "The old man walked to the", "-n", "3", "--seed", "4", "--pack", str(tiny_pack_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 3 and all(line.strip() for line in lines)
    assert main(["suggest", "The old man walked to the", "-n", "3", "--seed", "4", "--pack", str(tiny_pack_dir)]) == 0
    assert capsys.readouterr().out.splitlines() == lines  # a seed reproduces


def test_suggest_with_bad_pack_explains(tmp_path, capsys):
    assert main(["suggest", "Hello", "--pack", str(tmp_path)]) == 2
    assert "no manifest.json" in capsys.readouterr().err


def test_engine_and_cli_never_import_qt_or_torch(tiny_pack_dir):
    code = (
        "import sys; from creagen_desktop.cli import main; "
        f"main(['suggest', 'Hello', '--pack', {str(tiny_pack_dir)!r}]); "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('torch', 'PySide6', 'training')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.skipif(not (default_pack_dir() / "manifest.json").exists(), reason="bundled pack not built yet")
def test_bundled_pack_suggests_three_english_continuations(capsys):
    assert main(["suggest", "It was a dark and", "-n", "3", "--seed", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    for line in lines:
        assert re.search(r"[A-Za-z]{2,}", line)


def test_vary_prints_one_variation_a_line(tiny_pack_dir, capsys):
    args = ["vary", "The old man walked to the river.", "-n", "4", "--seed", "2", "--pack", str(tiny_pack_dir)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 4 and len(set(lines)) == len(lines)
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == lines


def test_blend_prints_one_step_a_line(tiny_pack_dir, capsys):
    assert main(["blend", "The old man walked to the river.", "Mary opened the box.", "--steps", "5",
                 "--pack", str(tiny_pack_dir)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5


def test_vary_at_creativity_zero_prints_the_closest_reconstructions(tiny_pack_dir, capsys):
    """Once `creagen vary TEXT -n 5 --creativity 0` printed nothing and exited 0."""
    text = "The old man looked at the river."
    assert main(["vary", text, "-n", "5", "--creativity", "0", "--seed", "1", "--pack", str(tiny_pack_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 5 and len(set(lines)) == len(lines) and text not in lines


def test_blend_of_eight_steps_runs_from_a_to_b_through_distinct_lines(tiny_pack_dir, capsys):
    """Once `creagen blend A B --steps 8` gave A three times, two middle lines and B three times."""
    a, b = "The old man looked at the river.", "She laughed and shut the door."
    assert main(["blend", a, b, "--steps", "8", "--pack", str(tiny_pack_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8 and lines[0] == a and lines[-1] == b and len(set(lines)) >= 7


def test_vary_without_vae_explains(capsys, pack_variant):
    dst = pack_variant("lm-only", lambda m: m.update(kinds=["lm"]))
    assert main(["vary", "Hello there.", "--pack", str(dst)]) == 2
    assert "no model for variations" in capsys.readouterr().err


def test_no_telemetry_files_are_written(tiny_pack_dir, tmp_path):
    import os

    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path / ".cache")}
    env.pop("ORT_DISABLE_TELEMETRY", None)
    code = f"from creagen_desktop.cli import main; main(['vary', 'The old man walked.', '--pack', {str(tiny_pack_dir)!r}])"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == []  # onnxruntime's usage database would be under .cache/Microsoft


def test_spark_prints_one_line_each(tiny_pack_dir, capsys):
    args = ["spark", "-n", "4", "--seed", "3", "--pack", str(tiny_pack_dir)]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert 1 <= len(lines) <= 4 and len(set(lines)) == len(lines) and all(line.strip() for line in lines)
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines() == lines
    assert main(["spark", "-n", "3", "--near", "Mary painted the ship.", "--seed", "3", "--pack", str(tiny_pack_dir)]) == 0
    assert capsys.readouterr().out.strip()


def test_spark_without_generator_explains(capsys, pack_variant):
    dst = pack_variant("no-gan", lambda m: m.update(kinds=["lm", "vae"]))
    assert main(["spark", "--pack", str(dst)]) == 2
    assert "no generator for sparks" in capsys.readouterr().err


def _run_cli(*args: bytes | str) -> subprocess.CompletedProcess:
    """The real command in a subprocess, so argv can hold bytes that are not UTF-8."""
    argv = [a if isinstance(a, bytes) else a.encode() for a in args]
    return subprocess.run([sys.executable.encode(), b"-m", b"creagen_desktop", *argv], capture_output=True)


@pytest.mark.parametrize("args, words", [
    ((b"suggest", b"caf\xe9 au"), b"not valid UTF-8"),
    ((b"vary", b"\xff\xfe"), b"not valid UTF-8"),
    ((b"spark", b"--near", b"\xc3"), b"not valid UTF-8"),
    (("suggest", "Hello", "--seed", "-1"), b"seed must be at least 0"),
    (("suggest", "Hello", "--temperature", "nan"), b"must be a number"),
    (("vary", "The sea.", "--creativity", "inf"), b"must be a number"),
    (("suggest", "Hello", "-n", "100000"), b"n must be between 1 and 16"),
    (("blend", "A.", "B.", "--steps", "10000"), b"between 2 and 32"),
    (("vary", "   "), b"TEXT is empty"),
    (("vary", ""), b"TEXT is empty"),
    (("blend", "", "B."), b"A is empty"),
    ((b"suggest", b"Hello", b"--pack", b"/nowhere/\xff"), b"was not found"),
])
def test_bad_input_gets_one_line_and_a_nonzero_exit_never_a_traceback(args, words, tiny_pack_dir):
    done = _run_cli(*args, *((b"--pack", str(tiny_pack_dir).encode()) if b"--pack" not in args and "--pack" not in args else ()))
    assert done.returncode == 2, done.stderr
    assert words in done.stderr and b"Traceback" not in done.stderr


def test_an_unexpected_failure_is_one_line_unless_debugging(monkeypatch, capsys):
    import creagen_desktop.cli as cli

    monkeypatch.setattr(cli, "_run", lambda argv: 1 / 0)
    monkeypatch.delenv("CREAGEN_DEBUG", raising=False)
    assert cli.main(["suggest", "x"]) == cli.FAILURE
    assert "unexpected error (ZeroDivisionError" in capsys.readouterr().err
    monkeypatch.setenv("CREAGEN_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli.main(["suggest", "x"])


def test_asking_for_cuda_where_it_cannot_run_is_an_error_not_a_quiet_fallback(tiny_pack_dir, capsys):
    from creagen_desktop.engine.runtime import cuda_usable

    if cuda_usable(tiny_pack_dir / "lm.onnx"):
        pytest.skip("CUDA works on this machine")
    assert main(["suggest", "Hello", "--pack", str(tiny_pack_dir), "--device", "cuda"]) == 2
    err = capsys.readouterr().err
    assert "CUDA was asked for but cannot be used" in err and "--device auto" in err
    assert main(["suggest", "The old man walked to the", "--pack", str(tiny_pack_dir), "--device", "auto", "--seed", "1"]) == 0


def test_suggest_with_nothing_to_say_says_so(tiny_pack_dir, capsys):
    assert main(["suggest", "a" * 5000, "--seed", "1", "--pack", str(tiny_pack_dir)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "no continuation in known words" in err
