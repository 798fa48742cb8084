"""Update the translation sources from the code and build them, with Qt's own tools:

    python packaging/translations.py          # pyside6-lupdate: new and changed strings into each .ts
    python packaging/translations.py --build  # and pyside6-lrelease: each .ts to the .qm the app loads

The .ts files (creagen_desktop/i18n/creagen_<locale>.ts) are translated in Qt Linguist
(pyside6-linguist); both they and the built .qm files are committed, and install with the package
(pyproject.toml's package data) and the installers (creagen.spec).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from creagen_desktop.ui.i18n import APP_FILE, TRANSLATED, i18n_dir  # noqa: E402


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "creagen_desktop").rglob("*.py"))


def ts_path(locale: str) -> Path:
    return i18n_dir() / APP_FILE.format(locale).replace(".qm", ".ts")


def update() -> None:
    for locale in TRANSLATED:
        subprocess.run(["pyside6-lupdate", *sources(), "-locations", "none", "-ts", str(ts_path(locale))],
                       cwd=ROOT, check=True)


def build(out_dir: Path | None = None) -> list[Path]:
    built = []
    for locale in TRANSLATED:
        qm = (out_dir or i18n_dir()) / APP_FILE.format(locale)
        subprocess.run(["pyside6-lrelease", str(ts_path(locale)), "-qm", str(qm)], cwd=ROOT, check=True,
                       capture_output=True)
        built.append(qm)
    return built


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", action="store_true", help="also build the .qm files")
    args = parser.parse_args()
    update()
    if args.build:
        print("\n".join(str(p) for p in build()))
