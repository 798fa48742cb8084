"""Render packaging/icons/creagen.svg to the PNG sizes, .ico and .icns the installers use.

Run after changing the SVG (the outputs are committed, so builds need neither Qt's SVG module nor
Pillow):  python packaging/make_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ICONS = Path(__file__).resolve().parent / "icons"
SIZES = [16, 24, 32, 48, 64, 128, 256, 512]


def render(svg: Path, size: int, out: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG file")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    if not image.save(str(out)):
        raise SystemExit(f"could not write {out}")


def main() -> int:
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication([])  # noqa: F841 (QImage text/painting wants an application object)
    svg = ICONS / "creagen.svg"
    for size in SIZES:
        render(svg, size, ICONS / f"creagen-{size}.png")
    largest = Image.open(ICONS / "creagen-512.png")
    largest.save(ICONS / "creagen.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    largest.save(ICONS / "creagen.icns")
    print("wrote", ", ".join(sorted(p.name for p in ICONS.iterdir() if p.suffix != ".svg")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
