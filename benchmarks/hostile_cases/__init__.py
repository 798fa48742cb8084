"""The hostile cases, one module a set; each module's cases() maps a case name to fn(tmp) -> detail,
raising CaseFailed (or anything else) when the case finds a fault."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ORT_BANNER = ("[E:onnxruntime", "[W:onnxruntime", "onnxruntime::")


class CaseFailed(Exception):
    pass


def expect(cond: bool, why: str) -> None:
    if not cond:
        raise CaseFailed(why)


def creagen(*args, timeout: float = 25) -> subprocess.CompletedProcess:
    """The real `creagen` command (bytes or str arguments), output as text with odd bytes escaped."""
    argv = [a if isinstance(a, bytes) else str(a).encode() for a in args]
    done = subprocess.run([sys.executable.encode(), b"-m", b"creagen_desktop", *argv], capture_output=True,
                          timeout=timeout, cwd=ROOT)
    done.out = done.stdout.decode("utf-8", "backslashreplace")
    done.err = done.stderr.decode("utf-8", "backslashreplace")
    return done


def refused_plainly(done, words: str = "") -> str:
    """A command that must fail with one plain line: exit 2, no traceback, no library banner."""
    both = done.out + done.err
    expect(done.returncode == 2, f"exit {done.returncode}, expected 2: {both.strip()[-200:]}")
    expect("Traceback" not in both, "printed a traceback")
    expect(not any(b in both for b in ORT_BANNER), "printed onnxruntime's own banner")
    last = done.err.strip().splitlines()[-1] if done.err.strip() else ""
    expect(words.lower() in done.err.lower(), f"message lacks {words!r}: {last}")
    return last


from hostile_cases import app, cli, documents, engine, packs, recovery, zips  # noqa: E402

SETS = {"cli": cli.cases, "engine": engine.cases, "packs": packs.cases, "zips": zips.cases,
        "documents": documents.cases, "recovery": recovery.cases, "app": app.cases}
