#!/bin/sh
# Add Target Group Builder to this user's desktop menu (no root needed).
#
# Run it from the unpacked bundle folder:   ./install.sh        (./install.sh --remove undoes it)
# It links ~/.local/bin/tgb-app to this folder's tgb-app, and installs the menu entry, the
# AppStream metadata and the icons under ~/.local/share. The bundle folder itself stays where
# it is: move it first if you want it elsewhere (e.g. ~/Applications/tgb-app), then run this.
set -eu

ID=org.tgb.TargetGroupBuilder
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
BIN=$HOME/.local/bin
SIZES="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
    rm -f "$BIN/tgb-app" "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml"
    for size in $SIZES; do rm -f "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"; done
    rm -f "$DATA/icons/hicolor/scalable/apps/$ID.svg"
    echo "Removed the menu entry; the app folder $HERE and your data are untouched."
    exit 0
fi

if [ ! -x "$HERE/tgb-app" ]; then
    echo "install.sh: $HERE/tgb-app not found; run this script from the unpacked bundle folder." >&2
    exit 2
fi
mkdir -p "$BIN" "$DATA/applications" "$DATA/metainfo"
ln -sf "$HERE/tgb-app" "$BIN/tgb-app"
sed "s|^Exec=tgb-app|Exec=\"$HERE/tgb-app\"|; s|^TryExec=tgb-app|TryExec=$HERE/tgb-app|" \
    "$HERE/share/$ID.desktop" > "$DATA/applications/$ID.desktop"
cp "$HERE/share/$ID.metainfo.xml" "$DATA/metainfo/"
ICONS="$HERE/_internal/resources/icons"
for size in $SIZES; do
    mkdir -p "$DATA/icons/hicolor/${size}x${size}/apps"
    cp "$ICONS/app-$size.png" "$DATA/icons/hicolor/${size}x${size}/apps/$ID.png"
done
mkdir -p "$DATA/icons/hicolor/scalable/apps"
cp "$ICONS/app.svg" "$DATA/icons/hicolor/scalable/apps/$ID.svg"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "Installed: 'Target Group Builder' is in your desktop menu; 'tgb-app' runs it from a terminal"
echo "(if ~/.local/bin is on your PATH)."
