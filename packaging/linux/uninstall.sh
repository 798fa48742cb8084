#!/usr/bin/env bash
# Remove what install.sh put in place (same --prefix; default ~/.local). Your documents, settings
# (~/.config/Creagen) and recovery files (~/.local/share/Creagen) are left alone.
set -euo pipefail

PREFIX="$HOME/.local"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
        *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
ID=org.creagen.Creagen
APP="$PREFIX/lib/creagen"

if [ ! -x "$APP/creagen" ]; then
    echo "uninstall.sh: Creagen is not installed under $PREFIX" >&2
    exit 1
fi
# Only the link that points into our own folder: another creagen in PREFIX/bin is not ours to delete.
if [ "$(readlink "$PREFIX/bin/creagen" 2>/dev/null)" = "$APP/creagen" ]; then
    rm -f "$PREFIX/bin/creagen"
fi
rm -f "$PREFIX/share/applications/$ID.desktop" "$PREFIX/share/metainfo/$ID.metainfo.xml"
find "$PREFIX/share/icons/hicolor" -name "$ID.*" -delete 2>/dev/null || true
# Size folders left empty by that (install.sh may have made them); folders with other apps' icons stay.
find "$PREFIX/share/icons/hicolor" -mindepth 1 -depth -type d -empty -delete 2>/dev/null || true
rm -rf "$APP"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
echo "Creagen removed from $PREFIX"
