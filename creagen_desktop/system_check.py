"""Before the window starts: the system libraries Qt's X11 platform plugin loads. Without one of
them Qt aborts with a message that names only some (or the wrong one); Creagen names them all,
with the command that installs them on Debian and Ubuntu, and exits instead. No Qt here.
"""

from __future__ import annotations

import ctypes
import os
import sys

# shared library -> the Debian/Ubuntu package that ships it (what Qt 6's xcb plugin needs)
XCB_LIBRARIES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}


def _loads(name: str) -> bool:
    try:
        ctypes.CDLL(name)
    except OSError:
        return False
    return True


def missing_window_packages(environ=None, platform: str = sys.platform, loads=_loads) -> list[str]:
    """The packages to install before the window can start on X11 (none elsewhere, or on Wayland
    or offscreen, where these libraries are not loaded)."""
    environ = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return []
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if qpa and not qpa.startswith("xcb"):
        return []
    if not qpa and environ.get("WAYLAND_DISPLAY") and not environ.get("DISPLAY"):
        return []
    return [pkg for lib, pkg in XCB_LIBRARIES.items() if not loads(lib)]


def window_problem(environ=None, platform: str = sys.platform, loads=_loads) -> str | None:
    """What to tell the writer when the window cannot start, or None."""
    missing = missing_window_packages(environ, platform, loads)
    if not missing:
        return None
    return ("Creagen's window needs system libraries that are not installed: " + ", ".join(missing) + ".\n"
            "On Debian or Ubuntu: sudo apt install " + " ".join(missing) + "\n"
            "(Other systems name them alike: the X11 xcb libraries Qt needs.)")
