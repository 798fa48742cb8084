"""`creagen`: the editor window by default; headless commands for scripts and checks.

    creagen [FILE] [--pack DIR] [--device auto|cpu|cuda]
    creagen suggest "TEXT" [-n 3] [--seed S] [--max-tokens N] [--temperature T]
    creagen vary "TEXT" [-n 5] [--creativity C] [--seed S]
    creagen blend "A" "B" [--steps 8] [--path slerp|lerp]
    creagen spark [-n 5] [--near "TEXT"] [--seed S]
    creagen poem --form wujue|qijue|wulv|qilv [--acrostic 春江花月] [--first-line TEXT] [--rhyme xin|pingshui]
                 [--seed S] [--traditional] [--details]
    creagen poem --revise "POEM" --line N [-n 1]      (another version of line N that still fits)
    creagen poem --next-line TEXT [-n 3]             (second lines for a couplet's first line)
    creagen --version
    creagen --self-test [--pack DIR] [--device ...]

Input a user can give never ends in a traceback: a bad argument, a bad pack or text that is not
UTF-8 gets one line on stderr and exit status 2 (set CREAGEN_DEBUG=1 to see the traceback of an
unexpected failure, which exits with 70).
"""

from __future__ import annotations

import argparse
import os
import sys

from creagen_desktop import __version__
from creagen_desktop.engine import sampling as defaults
from creagen_desktop.engine.devices import DEVICES

COMMANDS = ("suggest", "vary", "blend", "spark", "poem")
SUGGEST = defaults.SamplingConfig()
USAGE_ERROR, FAILURE = 2, 70


def _limited(name: str, kind=int):
    """An argparse type: a number of `kind` within sampling.LIMITS[name] (NaN and inf refused)."""

    def parse(raw: str):
        try:
            value = kind(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{raw!r} is not a {'whole number' if kind is int else 'number'}") from None
        try:
            return defaults.check(name, value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    return parse


def _text(raw: str) -> str:
    """An argparse type for text the models read: it must be UTF-8 (argv may carry any bytes)."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        raise argparse.ArgumentTypeError("the text is not valid UTF-8") from None
    return raw


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help="model pack folder (default: the bundled English pack)")
    p.add_argument("--device", choices=DEVICES, default=None, help="where the models run (default: auto, or the preference)")


def _seed(p: argparse.ArgumentParser) -> None:
    p.add_argument("--seed", type=_limited("seed"), default=None, help="a whole number >= 0, for repeatable output")


def _suggest_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen suggest", description="Print continuations of TEXT, one a line.")
    p.add_argument("text", type=_text)
    p.add_argument("-n", type=_limited("n"), default=SUGGEST.n, help=f"number of candidates (default {SUGGEST.n})")
    _seed(p)
    p.add_argument("--max-tokens", type=_limited("max_tokens"), default=SUGGEST.max_tokens,
                   help=f"default {SUGGEST.max_tokens}")
    p.add_argument("--temperature", type=_limited("temperature", float), default=SUGGEST.temperature,
                   help=f"default {SUGGEST.temperature}")
    _common(p)
    return p


def _vary_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen vary", description="Print variations of TEXT, one a line.")
    p.add_argument("text", type=_text)
    p.add_argument("-n", type=_limited("variations"), default=defaults.VARIATIONS,
                   help=f"number of variations (default {defaults.VARIATIONS})")
    p.add_argument("--creativity", type=_limited("creativity", float), default=defaults.CREATIVITY,
                   help=f"0 = the sentence's own code, about 2 = far (default {defaults.CREATIVITY:g})")
    _seed(p)
    _common(p)
    return p


def _blend_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen blend", description="Print the path from passage A to passage B, one step a line.")
    p.add_argument("a", type=_text)
    p.add_argument("b", type=_text)
    p.add_argument("--steps", type=_limited("blend_steps"), default=defaults.BLEND_STEPS, help=f"default {defaults.BLEND_STEPS}")
    p.add_argument("--path", choices=defaults.BLEND_PATHS, default=defaults.BLEND_PATHS[0],
                   help="spherical (default) or straight interpolation")
    _common(p)
    return p


def _spark_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen spark", description="Print new lines from the pack's sparks generator, one a line.")
    p.add_argument("-n", type=_limited("sparks"), default=defaults.SPARKS, help=f"number of lines (default {defaults.SPARKS})")
    p.add_argument("--near", type=_text, help="steer the lines toward this paragraph")
    _seed(p)
    _common(p)
    return p


def _poem_parser() -> argparse.ArgumentParser:
    from creagen_desktop.engine.poem import RHYMES
    from creagen_desktop.engine.verse import FORM_NAMES

    p = argparse.ArgumentParser(prog="creagen poem", description="Write a regulated Chinese poem (绝句 or 律诗) that "
                                "keeps its form, rhyme and tones; revise one of its lines; or answer a couplet's first line.")
    p.add_argument("--form", choices=list(FORM_NAMES), default="qijue",
                   help="wujue 五绝, qijue 七绝 (default), wulv 五律, qilv 七律")
    p.add_argument("--acrostic", type=_text, help="one character to begin each line (藏头诗), e.g. 春江花月")
    p.add_argument("--first-line", type=_text, help="the poem's first line, of 5 or 7 characters as the form has")
    p.add_argument("--rhyme", choices=RHYMES, default="xin", help="xin: 中华新韵 (default); pingshui: 平水韵")
    p.add_argument("--revise", type=_text, metavar="POEM", help="a poem one of whose lines to write again (with --line)")
    p.add_argument("--line", type=int, help="which line of --revise to write again, from 1")
    p.add_argument("--next-line", type=_text, metavar="TEXT", help="print second lines (对句) for this first line")
    p.add_argument("-n", type=_limited("n"), default=None, help=f"how many (default 1 poem or revision, {defaults.NEXT_LINES} next lines)")
    _seed(p)
    p.add_argument("--traditional", action="store_true", help="print in Traditional characters")
    p.add_argument("--details", action="store_true", help="after each poem, its pattern, rhyme group and the checker's verdict")
    p.add_argument("--pack", help="model pack folder (default: the bundled Chinese pack)")
    p.add_argument("--device", choices=DEVICES, default=None, help="where the models run (default: auto)")
    return p


def _window_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="creagen",
        description="Creagen: an offline writing assistant. Without a command, opens the editor.",
        epilog='commands: creagen suggest "TEXT", creagen vary "TEXT", creagen blend "A" "B", creagen spark, '
               'creagen poem   (see creagen COMMAND --help)',
    )
    p.add_argument("--version", action="version", version=f"creagen {__version__}")
    p.add_argument("--self-test", action="store_true", help="without a window: load the pack, try each model, exit 0 if all passed")
    p.add_argument("file", nargs="?", help="a .txt or .md file to open")
    _common(p)
    return p


def _needs_text(text: str, what: str = "TEXT") -> None:
    if not text.strip():
        raise ValueError(f"{what} is empty: give some words to work on")


def _load_engine(args):
    """The engine on the device asked for: `--device cuda` where CUDA cannot run is an error, not a
    quiet fall back to the CPU (auto falls back quietly)."""
    from creagen_desktop.engine.engine import Engine

    engine = Engine.load(args.pack, device=args.device or "auto")
    note = engine.device_note(args.device or "auto")
    if note:
        raise ValueError(note.removesuffix(" The models run on the CPU.") + " Use --device auto or --device cpu.")
    return engine


def _print_lines(args, generate, none: str = "") -> int:
    """Load the pack, call generate(engine) and print what it returns, one line each; when it
    returns nothing, say `none` and exit 1 (an empty output would look like a silent failure)."""
    lines = generate(_load_engine(args))
    for line in lines:
        print(line.replace("\n", " "))
    if not lines and none:
        print(f"creagen: {none}", file=sys.stderr)
        return 1
    return 0


def cmd_suggest(argv: list[str]) -> int:
    a = _suggest_parser().parse_args(argv)
    cfg = defaults.SamplingConfig(n=a.n, seed=a.seed, max_tokens=a.max_tokens, temperature=a.temperature).validate()
    return _print_lines(a, lambda e: e.suggest(a.text, cfg).candidates,
                        none="no continuation in known words here: the model writes only words of its training "
                             "text and of yours, and found none to go on with.")


def cmd_vary(argv: list[str]) -> int:
    a = _vary_parser().parse_args(argv)
    _needs_text(a.text)
    return _print_lines(a, lambda e: e.variations(a.text, n=a.n, creativity=a.creativity, seed=a.seed))


def cmd_blend(argv: list[str]) -> int:
    a = _blend_parser().parse_args(argv)
    _needs_text(a.a, "A")
    _needs_text(a.b, "B")
    return _print_lines(a, lambda e: e.blend(a.a, a.b, steps=a.steps, path=a.path))


def cmd_spark(argv: list[str]) -> int:
    a = _spark_parser().parse_args(argv)
    return _print_lines(a, lambda e: e.sparks(n=a.n, near=a.near, seed=a.seed))


def _details(engine, poem, rhyme: str) -> str:
    c = engine.check_poem(poem.text, rhyme)
    lines_ok = "".join("✓" if ok else "✗" for ok in c.tones.lines)
    return (f"[{poem.form}, pattern {poem.start}, rhyme {poem.rhyme_group} ({rhyme}); rhyme "
            f"{'ok' if c.rhyme_ok else 'NOT ok'}, tones {'ok' if c.tones.ok else 'NOT ok'} {lines_ok}; "
            f"{poem.latency_ms:.0f} ms]")


def cmd_poem(argv: list[str]) -> int:
    from creagen_desktop.engine.script import to_simplified, to_traditional
    from creagen_desktop.engine.verse import render, verse_lines
    from creagen_desktop.paths import bundled_pack_for

    a = _poem_parser().parse_args(argv)
    a.pack = a.pack or str(bundled_pack_for("zh"))
    out = to_traditional if a.traditional else (lambda t: t)
    given = {k: to_simplified(getattr(a, k)) if getattr(a, k) else None
             for k in ("acrostic", "first_line", "revise", "next_line")}
    if (a.revise is None) != (a.line is None):
        raise ValueError("--revise POEM and --line N go together")
    engine = _load_engine(a)
    if given["next_line"] is not None:
        _needs_text(given["next_line"])
        for line in engine.next_line(given["next_line"], n=a.n or defaults.NEXT_LINES, rhyme=a.rhyme, seed=a.seed):
            print(out(line))
        return 0
    if given["revise"] is not None:
        lines = verse_lines(given["revise"])
        if not 1 <= a.line <= len(lines):
            raise ValueError(f"--line must be between 1 and {len(lines)}, the poem's lines")
        for i, new in enumerate(engine.revise_line(given["revise"], a.line - 1, a.rhyme, n=a.n or 1, seed=a.seed)):
            print(("\n" if i else "") + out(render(lines[: a.line - 1] + [new] + lines[a.line :])))
        return 0
    for i in range(a.n or 1):
        seed = None if a.seed is None else a.seed + i
        poem = engine.poem(a.form, given["acrostic"], given["first_line"], a.rhyme, seed)
        print(("\n" if i else "") + out(poem.text))
        if a.details:
            print(_details(engine, poem, a.rhyme))
    return 0


def _run(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        return {"suggest": cmd_suggest, "vary": cmd_vary, "blend": cmd_blend, "spark": cmd_spark,
                "poem": cmd_poem}[argv[0]](argv[1:])
    args = _window_parser().parse_args(argv)
    if args.self_test:
        from creagen_desktop.self_test import main as self_test

        return self_test(args.pack, args.device)
    from creagen_desktop.system_check import window_problem

    problem = window_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 2
    from creagen_desktop.ui.app import run_app
    from creagen_desktop.ui.dev_screenshot import arm_from_env

    arm_from_env()  # a developer's check of the frozen build; does nothing unless its variable is set
    return run_app([sys.argv[0]], pack_dir=args.pack, device=args.device, file=args.file)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):  # a file name or text that is not UTF-8 must still print
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    from creagen_desktop.pack import ModelPackError

    try:
        return _run(argv)
    except (ModelPackError, ValueError) as exc:
        print(f"creagen: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug, not the user's input: one line, and the traceback on request
        if os.environ.get("CREAGEN_DEBUG"):
            raise
        print(f"creagen: unexpected error ({type(exc).__name__}: {exc}); set CREAGEN_DEBUG=1 for details",
              file=sys.stderr)
        return FAILURE


if __name__ == "__main__":
    sys.exit(main())
