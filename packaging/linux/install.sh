#!/usr/bin/env bash
# Install Creagen for this user (default) or under another prefix:
#
#   ./install.sh                      into ~/.local (no root needed)
#   sudo ./install.sh --prefix /usr/local
#
# Puts the app in PREFIX/lib/creagen, a `creagen` link in PREFIX/bin, the desktop entry, the
# AppStream file and the icons under PREFIX/share. ./uninstall.sh (same --prefix) removes them.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="$HOME/.local"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) PREFIX="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done
PREFIX="$(mkdir -p "$PREFIX" && cd "$PREFIX" && pwd)"
APP="$PREFIX/lib/creagen"
ID=org.creagen.Creagen

[ -x "$HERE/app/creagen" ] || { echo "install.sh: $HERE/app/creagen is missing; unpack the whole archive first" >&2; exit 1; }

# A previous version is replaced whole, so no stale library survives an upgrade.
rm -rf "$APP"
mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
cp -a "$HERE/app" "$APP"
cp "$HERE/uninstall.sh" "$APP/uninstall.sh"
ln -sfn "$APP/creagen" "$PREFIX/bin/creagen"
# The desktop entry names the program by its full path: ~/.local/bin is often not on a session's PATH.
sed "s|^Exec=creagen |Exec=\"$APP/creagen\" |" "$HERE/share/applications/$ID.desktop" > "$PREFIX/share/applications/$ID.desktop"
cp "$HERE/share/metainfo/$ID.metainfo.xml" "$PREFIX/share/metainfo/"
(cd "$HERE/share" && find icons -name "$ID.*" -exec install -D -m 644 {} "$PREFIX/share/{}" \;)

# Menus and icon caches pick the new files up sooner with these; they are optional.
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" 2>/dev/null || true

echo "Creagen installed in $APP"
echo "  start it from the applications menu, or run: $PREFIX/bin/creagen"
echo "  check it: $PREFIX/bin/creagen --self-test"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "  ($PREFIX/bin is not on your PATH)";; esac
