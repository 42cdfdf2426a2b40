#!/bin/sh
# The screenshots in docs/maps.md: tests/test_browser_views.py takes them (the Mali map,
# the Sahel, Darfur and Kharkiv examples at 1400x900, 800x600 and a 400 px embed) while
# it measures labels and controls; pngquant (the Debian package), when installed,
# shrinks them to 256-colour PNGs.
set -eu
cd "$(dirname "$0")/.."
out=docs/images/maps
CONFLICTMAP_SCREENSHOTS=$out python -m pytest tests/test_browser_views.py -q -p no:cacheprovider
if command -v pngquant >/dev/null 2>&1; then
    pngquant --force --skip-if-larger --quality 60-95 --ext .png -- "$out"/*.png
fi
du -ch "$out"/*.png | tail -1
