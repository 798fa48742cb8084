"""The installer recipes (quick consistency checks) and, marked slow, the Linux package itself:
build it, install it, run the frozen self-test and window, and check the install folder is untouched.
"""

from __future__ import annotations

import configparser
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "packaging"
APP_ID = "org.creagen.Creagen"


def desktop_entry() -> configparser.SectionProxy:
    cp = configparser.ConfigParser(interpolation=None)
    cp.optionxform = str  # keys are case-sensitive in desktop files
    cp.read(PKG / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    return cp["Desktop Entry"]


def test_desktop_entry_names_the_app_and_icon():
    e = desktop_entry()
    assert e["Type"] == "Application" and e["Name"] == "Creagen"
    assert e["Exec"].split()[0] == "creagen"  # install.sh rewrites this exact form to a full path
    assert e["Icon"] == APP_ID
    assert e["Categories"].endswith(";") and e["MimeType"].endswith(";")
    install = (PKG / "linux" / "install.sh").read_text()
    assert "s|^Exec=creagen |" in install


def test_metainfo_matches_the_desktop_entry():
    root = ET.parse(PKG / "linux" / f"{APP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    from creagen_desktop import __version__

    assert __version__ in [r.get("version") for r in root.iter("release")]


def test_icons_exist_in_every_size():
    ET.parse(PKG / "icons" / "creagen.svg")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        data = (PKG / "icons" / f"creagen-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (size, size)
    assert (PKG / "icons" / "creagen.ico").stat().st_size > 0
    assert (PKG / "icons" / "creagen.icns").stat().st_size > 0


def test_scripts_are_valid_shell():
    for name in ("build.sh", "install.sh", "uninstall.sh"):
        subprocess.run(["bash", "-n", str(PKG / "linux" / name)], check=True)


def test_spec_leaves_training_out():
    spec = (PKG / "creagen.spec").read_text()
    for name in ('"torch"', '"training"', '"matplotlib"', '"tests"', '"QtWebEngineCore"'):
        assert name in spec


def test_screenshot_aid_saves_the_window(tiny_pack_dir, tmp_path):
    """CREAGEN_SCREENSHOT (how the frozen build is checked) really shows a suggestion and quits."""
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CREAGEN_SCREENSHOT=str(out), HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), CREAGEN_DATA_DIR=str(tmp_path / "data"))
    r = subprocess.run([sys.executable, "-m", "creagen_desktop", "--pack", str(tiny_pack_dir), "--device", "cpu"],
                       env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "ghost text" in r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def tree_state(folder: Path) -> dict[str, str]:
    """Every path under folder with its content hash (or link target, or 'dir')."""
    state = {}
    for p in sorted(folder.rglob("*")):
        rel = str(p.relative_to(folder))
        if p.is_symlink():
            state[rel] = "-> " + os.readlink(p)
        elif p.is_dir():
            state[rel] = "dir"
        else:
            state[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return state


@pytest.mark.slow
def test_linux_package_builds_installs_and_runs(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("the Linux package is built on Linux")
    build = subprocess.run(["bash", str(PKG / "linux" / "build.sh")], cwd=ROOT, capture_output=True, text=True, timeout=3600)
    assert build.returncode == 0, build.stdout[-4000:] + build.stderr[-4000:]
    assert "self-test passed" in build.stdout
    from creagen_desktop import __version__

    archive = ROOT / "dist" / f"creagen-{__version__}-linux-{os.uname().machine}.tar.gz"
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    unpacked = next((tmp_path / "unpacked").iterdir())

    home, prefix = tmp_path / "home", tmp_path / "prefix"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CREAGEN_", "PYTHON"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen")
    subprocess.run(["bash", str(unpacked / "install.sh"), "--prefix", str(prefix)], env=env, check=True, capture_output=True)
    app_dir = prefix / "lib" / "creagen"
    creagen = prefix / "bin" / "creagen"
    assert (prefix / "share" / "applications" / f"{APP_ID}.desktop").read_text().count(str(app_dir / "creagen")) == 1
    assert (prefix / "share" / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png").is_file()
    before = tree_state(app_dir)

    r = subprocess.run([str(creagen), "--self-test"], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "(frozen build)" in r.stdout and f"{app_dir}" in r.stdout  # the pack was found inside the bundle

    shot = tmp_path / "frozen.png"
    r = subprocess.run([str(creagen)], env=dict(env, CREAGEN_SCREENSHOT=str(shot)), capture_output=True, text=True,
                       timeout=300, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert shot.stat().st_size > 10_000 and "ghost text" in r.stderr

    assert tree_state(app_dir) == before, "the app wrote into its install folder"
    assert (home / ".config" / "Creagen").is_dir()  # settings went to the user's folder instead

    subprocess.run(["bash", str(app_dir / "uninstall.sh"), "--prefix", str(prefix)], env=env, check=True, capture_output=True)
    assert not app_dir.exists() and not creagen.exists()
    assert not (prefix / "share" / "applications" / f"{APP_ID}.desktop").exists()
    shutil.rmtree(tmp_path / "unpacked")


def test_every_package_of_the_source_tree_is_installed():
    """pyproject lists packages by hand: a new folder left out would be missing from a real install."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    listed = set(tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(root).parts) for top in ("creagen_desktop", "training")
             for p in (root / top).rglob("__init__.py")}
    assert found <= listed, sorted(found - listed)


def test_the_wheel_holds_every_pack_file_its_report_and_the_dictionaries(tmp_path):
    """`pip install .` installs what the wheel holds: the Model Packs dialog's Report button needs
    the pack's report/ folder, the spell checker its dictionaries."""
    import zipfile

    done = subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q",
                           "-w", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = tmp_path.glob("creagen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    res = ROOT / "resources"
    wanted = [p for p in res.rglob("*") if p.is_file() and "__pycache__" not in p.parts
              and p.relative_to(res).parts[0] in ("models", "dictionaries")]
    missing = sorted(str(p.relative_to(res)) for p in wanted
                     if f"creagen_desktop/resources/{p.relative_to(res).as_posix()}" not in names)
    assert missing == []
    assert any(n.endswith("/report/report.html") for n in names) and any(n.endswith("en_US.dic") for n in names)
    assert {"creagen_desktop/i18n/creagen_zh_CN.qm", "creagen_desktop/i18n/creagen_zh_CN.ts"} <= names  # the translation
