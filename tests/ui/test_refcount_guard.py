"""The app must survive many PySide6 calls: PySide6 6.12.0 on Python 3.11 loses a reference to None/True on
every void call and signal emit and aborts the interpreter (hence the pin in pyproject.toml)."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_many_void_calls_and_emits_do_not_crash():
    # In a child process: on an affected PySide6 without the guard, this aborts the interpreter.
    code = textwrap.dedent("""
        import creagen_desktop.ui
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
