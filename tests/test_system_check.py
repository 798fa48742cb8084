"""The libraries Qt's X11 plugin needs: named, with their packages, before the window starts."""

import subprocess
import sys

from creagen_desktop.system_check import XCB_LIBRARIES, missing_window_packages, window_problem


def test_missing_libraries_are_named_with_the_install_command():
    gone = {"libxcb-cursor.so.0", "libxcb-keysyms.so.1"}
    env = {"DISPLAY": ":0"}
    assert missing_window_packages(env, "linux", lambda lib: lib not in gone) == ["libxcb-cursor0", "libxcb-keysyms1"]
    msg = window_problem(env, "linux", lambda lib: lib not in gone)
    assert "sudo apt install libxcb-cursor0 libxcb-keysyms1" in msg
    assert window_problem(env, "linux", lambda lib: True) is None


def test_no_check_where_the_libraries_are_not_used():
    nothing = lambda lib: False  # noqa: E731
    assert missing_window_packages({"QT_QPA_PLATFORM": "offscreen"}, "linux", nothing) == []
    assert missing_window_packages({"WAYLAND_DISPLAY": "wayland-0"}, "linux", nothing) == []
    assert missing_window_packages({"DISPLAY": ":0"}, "win32", nothing) == []
    assert len(missing_window_packages({"DISPLAY": ":0"}, "linux", nothing)) == len(XCB_LIBRARIES)


def test_this_machine_has_them_all_or_the_command_line_says_so(tmp_path):
    if missing_window_packages({"DISPLAY": ":0"}):
        done = subprocess.run([sys.executable, "-m", "creagen_desktop"], capture_output=True, text=True, timeout=60,
                              env={"DISPLAY": ":0", "PATH": "/usr/bin:/bin", "CREAGEN_DATA_DIR": str(tmp_path)})
        assert done.returncode == 2 and "sudo apt install" in done.stderr
