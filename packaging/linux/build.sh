#!/usr/bin/env bash
# Build the Linux package: dist/creagen-VERSION-linux-ARCH.tar.gz, a self-contained folder with the
# frozen app, its model pack, the desktop entry, the icons and install.sh / uninstall.sh.
#
#   packaging/linux/build.sh            (from anywhere; PYTHON=python3.11 to choose the interpreter)
#   CREAGEN_BUNDLE_CUDA=0 packaging/linux/build.sh     (CPU only: leaves the 280 MB CUDA provider out)
#
# Steps: a build venv in build/venv with the app installed (not editable: the pack is package data)
# and PyInstaller; the one-folder build; the frozen app's own --self-test; the archive.
# No AppImage: its tooling is not installable from the package registries this project builds with.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
BUILD="$ROOT/build"
VENV="$BUILD/venv"
cd "$ROOT"
start=$(date +%s)

if [ ! -x "$VENV/bin/python" ]; then
    echo "== build venv: $VENV"
    "$PYTHON" -m venv "$VENV"
fi
echo "== installing Creagen and PyInstaller into the build venv"
"$VENV/bin/python" -m pip install --quiet ".[package]"
# The same version number would leave an older copy of the app in place: always take this tree's.
"$VENV/bin/python" -m pip install --quiet --no-deps --force-reinstall .
VERSION="$("$VENV/bin/python" -c 'import creagen_desktop; print(creagen_desktop.__version__)')"
ARCH="$(uname -m)"
NAME="creagen-$VERSION-linux-$ARCH"
[ "${CREAGEN_BUNDLE_CUDA:-1}" = 0 ] && NAME="$NAME-cpu"

echo "== PyInstaller (one-folder build)"
# Run from outside the source tree so the installed package, not ./creagen_desktop, is bundled.
(cd "$BUILD" && "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$BUILD/frozen" --workpath "$BUILD/pyinstaller" "$ROOT/packaging/creagen.spec")

echo "== checking the bundle"
# A dropped Qt library that a kept plugin still needs would only show on some desktops: catch it here.
missing="$(find "$BUILD/frozen/creagen" -name '*.so*' -type f -exec ldd {} + 2>/dev/null | grep -E 'libQt6[^ ]* => not found' | sort -u || true)"
if [ -n "$missing" ]; then echo "build.sh: the bundle lacks Qt libraries its plugins need:"; echo "$missing"; exit 1; fi
if [ -n "$(find "$BUILD/frozen/creagen" -xtype l)" ]; then
    echo "build.sh: dangling links in the bundle:"; find "$BUILD/frozen/creagen" -xtype l; exit 1
fi
if find "$BUILD/frozen/creagen" -path '*torch*' -o -path '*training*' -o -name '*providers_tensorrt*' | grep -q .; then
    echo "build.sh: torch, the training code or the TensorRT provider got into the bundle" >&2; exit 1
fi
if [ "${CREAGEN_BUNDLE_CUDA:-1}" != 0 ] && ! find "$BUILD/frozen/creagen" -name 'libonnxruntime_providers_cuda.so' | grep -q .; then
    echo "build.sh: the CUDA provider is missing (is onnxruntime-gpu installed in the build venv?)" >&2; exit 1
fi

echo "== the frozen app's self-test"
QT_QPA_PLATFORM=offscreen "$BUILD/frozen/creagen/creagen" --self-test

echo "== staging $NAME"
STAGE="$BUILD/stage/$NAME"
rm -rf "$BUILD/stage"
mkdir -p "$STAGE/share/applications" "$STAGE/share/metainfo" "$STAGE/share/icons/hicolor/scalable/apps"
cp -a "$BUILD/frozen/creagen" "$STAGE/app"
cp packaging/linux/org.creagen.Creagen.desktop "$STAGE/share/applications/"
cp packaging/linux/org.creagen.Creagen.metainfo.xml "$STAGE/share/metainfo/"
cp packaging/icons/creagen.svg "$STAGE/share/icons/hicolor/scalable/apps/org.creagen.Creagen.svg"
for png in packaging/icons/creagen-*.png; do
    size="${png##*-}"; size="${size%.png}"
    mkdir -p "$STAGE/share/icons/hicolor/${size}x${size}/apps"
    cp "$png" "$STAGE/share/icons/hicolor/${size}x${size}/apps/org.creagen.Creagen.png"
done
cp packaging/linux/install.sh packaging/linux/uninstall.sh "$STAGE/"
cp packaging/linux/README.txt "$STAGE/"
chmod +x "$STAGE/install.sh" "$STAGE/uninstall.sh"

mkdir -p "$ROOT/dist"
ARCHIVE="$ROOT/dist/$NAME.tar.gz"
tar -C "$BUILD/stage" -czf "$ARCHIVE" "$NAME"
end=$(date +%s)
echo "== done in $((end - start)) s"
echo "package:   $ARCHIVE ($(du -m "$ARCHIVE" | cut -f1) MB)"
echo "unpacked:  $(du -sm "$STAGE" | cut -f1) MB"
