"""`creagen --self-test`: prove without a window that this install can load its pack and write.

Run by installers and by the frozen build's checks, so it prints one plain line per check
(ok / FAILED / skipped, with its time) and exits 0 only when nothing failed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Callable, TextIO

# what each check writes from, in the pack's language: (prompt, blend from, blend to)
TEXTS = {
    "en": ("It was late in the evening when Margaret came home, and", "The sea was calm and the night was clear.",
           "She ran up the stairs and shut the door behind her."),
    "zh": ("床前明月光，疑是", "白日依山尽", "黄河入海流"),
}


class CheckFailed(Exception):
    """A failure whose message is already plain; printed as it is."""


@dataclass
class Result:
    name: str
    status: str  # "ok", "FAILED" or "skipped"
    detail: str
    seconds: float = 0.0

    def line(self) -> str:
        return f"{self.status:<8}{self.name:<14}{self.seconds:7.2f} s  {self.detail}"


class _QuietFds:
    """Catches what native code writes to stdout/stderr (onnxruntime logs there, not via Python).

    The probe for CUDA must fall back to the CPU without a word; anything caught here is a failure.
    """

    def __enter__(self) -> "_QuietFds":
        sys.stdout.flush()
        sys.stderr.flush()
        self._file = tempfile.TemporaryFile()
        self._saved = [(fd, os.dup(fd)) for fd in (1, 2)]
        for fd, _ in self._saved:
            os.dup2(self._file.fileno(), fd)
        return self

    def __exit__(self, *exc) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, saved in self._saved:
            os.dup2(saved, fd)
            os.close(saved)
        self._file.seek(0)
        self.output = self._file.read().decode("utf-8", "replace").strip()
        self._file.close()


def _timed(name: str, fn: Callable[[], str]) -> Result:
    start = time.perf_counter()
    try:
        detail = fn()
        status = "ok"
    except Exception as exc:  # every failure is reported as a line, never as a traceback
        detail = str(exc) if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"
        status = "FAILED"
    return Result(name, status, detail, time.perf_counter() - start)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _nonempty_strings(value, what: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(s, str) and s.strip() for s in value):
        raise CheckFailed(f"{what} gave no usable text (got {value!r:.80})")
    return value


def run(pack_dir=None, device: str = "auto") -> list[Result]:
    """All checks in order; later checks are skipped (not failed twice) when the pack did not load."""
    results: list[Result] = []
    engine = None
    quiet = _QuietFds()

    def load() -> str:
        nonlocal engine
        with quiet:  # onnxruntime's import and the CUDA probe both happen in here
            from creagen_desktop.engine.engine import Engine
            from creagen_desktop.pack import ModelPackError

            try:
                engine = Engine.load(pack_dir, device=device)
            except ModelPackError as exc:  # already written for the reader
                raise CheckFailed(str(exc)) from None
        return f"{engine.pack.name} ({', '.join(engine.pack.kinds)}) from {engine.pack.path}"

    results.append(_timed("load pack", load))
    if engine is None:
        if getattr(quiet, "output", ""):
            results.append(Result("output", "FAILED", f"loading printed: {_short(quiet.output, 200)}"))
        for name in ("provider", "continuation", "variations", "blend", "sparks", "poem", "next line"):
            results.append(Result(name, "skipped", "the pack did not load"))
        return results

    def provider() -> str:
        import onnxruntime as ort

        offered = ort.get_available_providers()
        if quiet.output:
            raise CheckFailed(f"choosing the device printed messages: {_short(quiet.output, 200)}")
        if engine.provider == "CUDA":
            return "CUDA"
        why = "CUDA offered but not usable here, fell back quietly" if "CUDAExecutionProvider" in offered else "CUDA not offered"
        return f"CPU ({why})"

    prompt, blend_a, blend_b = TEXTS.get(engine.pack.manifest.language, TEXTS["en"])

    def continuation() -> str:
        from creagen_desktop.engine.sampling import SamplingConfig

        got = engine.suggest(prompt, SamplingConfig(n=1, seed=1, max_tokens=12)).candidates
        return _short(_nonempty_strings(list(got), "the language model")[0])

    def variations() -> str:
        got = _nonempty_strings(engine.variations(blend_a, n=2, seed=1), "variations")
        return f"{len(got)}: {_short(got[0])}"

    def blend() -> str:
        got = _nonempty_strings(engine.blend(blend_a, blend_b, steps=3), "blend")
        return f"{len(got)} steps: {_short(got[len(got) // 2])}"

    def sparks() -> str:
        got = _nonempty_strings(engine.sparks(n=2, seed=1), "sparks")
        return f"{len(got)}: {_short(got[0])}"

    def poem() -> str:
        got = engine.poem("wujue", seed=1)
        if len(got.lines) != 4 or any(len(line) != 5 for line in got.lines):
            raise CheckFailed(f"the poem is not a 五绝: {_short(got.text)}")
        return _short(got.text)

    def next_line() -> str:
        return _short(_nonempty_strings(engine.next_line(blend_a, n=1, seed=1), "the matching line")[0])

    results.append(_timed("provider", provider))
    results.append(_timed("continuation", continuation))
    has_vae = "vae" in engine.pack.kinds
    for name, fn in (("variations", variations), ("blend", blend)):
        results.append(_timed(name, fn) if has_vae else Result(name, "skipped", "pack has no VAE"))
    has_gan = "gan" in engine.pack.kinds
    results.append(_timed("sparks", sparks) if has_gan else Result("sparks", "skipped", "pack has no sparks generator"))
    results.append(_timed("poem", poem) if "poem" in engine.pack.kinds else Result("poem", "skipped", "pack writes no poems"))
    results.append(_timed("next line", next_line) if engine.matching_line is not None
                   else Result("next line", "skipped", "pack has no matching-line model"))
    return results


def main(pack_dir=None, device: str | None = None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    frozen = " (frozen build)" if getattr(sys, "frozen", False) else ""
    from creagen_desktop import __version__

    print(f"creagen {__version__} self-test{frozen}", file=out)
    results = run(pack_dir, device or "auto")
    for r in results:
        print(r.line(), file=out)
    failed = [r.name for r in results if r.status == "FAILED"]
    if failed:
        print(f"self-test FAILED: {', '.join(failed)}", file=out)
        return 1
    print(f"self-test passed ({sum(r.status == 'ok' for r in results)} ok, "
          f"{sum(r.status == 'skipped' for r in results)} skipped)", file=out)
    return 0
