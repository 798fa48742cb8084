"""`creagen`: the editor window by default; headless commands for scripts and checks.

    creagen [FILE] [--pack DIR] [--device auto|cpu|cuda]
    creagen suggest "TEXT" [-n 3] [--seed S] [--max-tokens N] [--temperature T]
    creagen vary "TEXT" [-n 5] [--creativity C] [--seed S]
    creagen blend "A" "B" [--steps 8] [--path slerp|lerp]
    creagen spark [-n 5] [--near "TEXT"] [--seed S]
    creagen --version
    creagen --self-test [--pack DIR] [--device ...]
"""

from __future__ import annotations

import argparse
import sys

from creagen_desktop import __version__

COMMANDS = ("suggest", "vary", "blend", "spark")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pack", help="model pack folder (default: the bundled English pack)")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default=None, help="where the models run (default: auto, or the preference)")


def _suggest_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen suggest", description="Print continuations of TEXT, one a line.")
    p.add_argument("text")
    p.add_argument("-n", type=int, default=3, help="number of candidates (default 3)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--max-tokens", type=int, default=16)
    p.add_argument("--temperature", type=float, default=0.8)
    _common(p)
    return p


def _vary_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen vary", description="Print variations of TEXT, one a line.")
    p.add_argument("text")
    p.add_argument("-n", type=int, default=5, help="number of variations (default 5)")
    p.add_argument("--creativity", type=float, default=1.0, help="0 = the sentence's own code, about 2 = far (default 1)")
    p.add_argument("--seed", type=int, default=None)
    _common(p)
    return p


def _blend_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen blend", description="Print the path from passage A to passage B, one step a line.")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--path", choices=["slerp", "lerp"], default="slerp", help="spherical (default) or straight interpolation")
    _common(p)
    return p


def _spark_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="creagen spark", description="Print new lines from the pack's sparks generator, one a line.")
    p.add_argument("-n", type=int, default=5, help="number of lines (default 5)")
    p.add_argument("--near", help="steer the lines toward this paragraph")
    p.add_argument("--seed", type=int, default=None)
    _common(p)
    return p


def _window_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="creagen",
        description="Creagen: an offline writing assistant. Without a command, opens the editor.",
        epilog='commands: creagen suggest "TEXT", creagen vary "TEXT", creagen blend "A" "B", creagen spark   (see creagen COMMAND --help)',
    )
    p.add_argument("--version", action="version", version=f"creagen {__version__}")
    p.add_argument("--self-test", action="store_true", help="without a window: load the pack, try each model, exit 0 if all passed")
    p.add_argument("file", nargs="?", help="a .txt or .md file to open")
    _common(p)
    return p


def cmd_suggest(argv: list[str]) -> int:
    args = _suggest_parser().parse_args(argv)
    from creagen_desktop.engine.engine import Engine
    from creagen_desktop.engine.sampling import SamplingConfig
    from creagen_desktop.pack import ModelPackError

    try:
        engine = Engine.load(args.pack, device=args.device or "auto")
        cfg = SamplingConfig(n=args.n, seed=args.seed, max_tokens=args.max_tokens, temperature=args.temperature).validate()
    except (ModelPackError, ValueError) as exc:
        print(f"creagen: {exc}", file=sys.stderr)
        return 2
    for candidate in engine.suggest(args.text, cfg).candidates:
        print(candidate.replace("\n", " "))
    return 0


def _load_engine(args):
    from creagen_desktop.engine.engine import Engine

    return Engine.load(args.pack, device=args.device or "auto")


def _print_lines(args, generate) -> int:
    """Load the pack, call generate(engine) and print what it returns one line each (exit 2 on an error)."""
    from creagen_desktop.pack import ModelPackError

    try:
        lines = generate(_load_engine(args))
    except (ModelPackError, ValueError) as exc:
        print(f"creagen: {exc}", file=sys.stderr)
        return 2
    for line in lines:
        print(line.replace("\n", " "))
    return 0


def cmd_vary(argv: list[str]) -> int:
    a = _vary_parser().parse_args(argv)
    return _print_lines(a, lambda e: e.variations(a.text, n=a.n, creativity=a.creativity, seed=a.seed))


def cmd_blend(argv: list[str]) -> int:
    a = _blend_parser().parse_args(argv)
    return _print_lines(a, lambda e: e.blend(a.a, a.b, steps=a.steps, path=a.path))


def cmd_spark(argv: list[str]) -> int:
    a = _spark_parser().parse_args(argv)
    return _print_lines(a, lambda e: e.sparks(n=a.n, near=a.near, seed=a.seed))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        return {"suggest": cmd_suggest, "vary": cmd_vary, "blend": cmd_blend, "spark": cmd_spark}[argv[0]](argv[1:])
    args = _window_parser().parse_args(argv)
    if args.self_test:
        from creagen_desktop.self_test import main as self_test

        return self_test(args.pack, args.device)
    from creagen_desktop.ui.dev_screenshot import arm_from_env
    from creagen_desktop.ui.app import run_app

    arm_from_env()  # a developer's check of the frozen build; does nothing unless its variable is set
    return run_app([sys.argv[0]], pack_dir=args.pack, device=args.device, file=args.file)


if __name__ == "__main__":
    sys.exit(main())
