"""Whether a process that left files behind (a recovery copy, a lock, a half-done import) still runs.

A process id can be reused after a reboot, so each such file also records the boot it was written
in: a pid from another boot is known dead.
"""

from __future__ import annotations

import os
from pathlib import Path


def boot_id() -> str:
    """Changes at every reboot (Linux), so a pid from before it is known dead even if reused since."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def process_alive(pid: int, boot: str = "") -> bool:
    """Whether process `pid` of boot `boot` still runs (a pid from before a reboot never does)."""
    if boot and boot != boot_id():
        return False
    if pid == os.getpid():
        return True
    if pid <= 0:  # 0 and negative numbers name process groups, not a process: never ask about those
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except (PermissionError, OSError):
        return True  # exists but is not ours, or we cannot tell: do not take its files
    return True
