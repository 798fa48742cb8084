"""PySide6 6.12.0 on Python 3.11 loses a reference to None/True on every void call and signal emit, and
the interpreter aborts after a few minutes of typing. The guard is the pin in pyproject.toml
(PySide6<6.12); nothing in the app works around the bug. These tests check that the PySide6 in use
is one the pin allows, and that the bug does not bite it."""

import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

import tomllib
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]


def test_the_installed_pyside6_is_one_the_pin_allows():
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    [pin] = [Requirement(d) for d in deps if Requirement(d).name == "PySide6"]
    assert pin.specifier.contains(version("PySide6")), f"PySide6 {version('PySide6')} is outside the pin {pin}"
    assert not pin.specifier.contains("6.12.0")  # the pin keeps the affected release out


def test_many_void_calls_and_emits_do_not_crash():
    # In a child process: on an affected PySide6 this aborts the interpreter.
    code = textwrap.dedent("""
        from PySide6.QtCore import QObject, Signal

        class O(QObject):
            ping = Signal(int)

        o = O()
        for i in range(60_000):
            o.setObjectName("x")
            o.ping.emit(i)
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
