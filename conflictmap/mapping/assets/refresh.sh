#!/usr/bin/env bash
# Refresh the vendored JavaScript/CSS that every conflictmap map inlines.
#
# The files come from the npm registry packages named below, fetched with the
# ordinary client (`npm pack`), and are copied here unmodified together with
# their licence files. MANIFEST.tsv records each file's package, version and
# SHA-256; tests/test_map_assets.py checks the files against it, so a refresh
# is a reviewed change: run this script, look at `git diff`, run the tests.
#
# Usage:  bash conflictmap/mapping/assets/refresh.sh
#         LEAFLET=1.9.4 MARKERCLUSTER=1.5.3 bash conflictmap/mapping/assets/refresh.sh
set -euo pipefail

LEAFLET="${LEAFLET:-1.9.4}"
MARKERCLUSTER="${MARKERCLUSTER:-1.5.3}"

here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
npm pack --silent "leaflet@${LEAFLET}" "leaflet.markercluster@${MARKERCLUSTER}" >/dev/null
mkdir leaflet markercluster
tar -xzf "leaflet-${LEAFLET}.tgz" -C leaflet
tar -xzf "leaflet.markercluster-${MARKERCLUSTER}.tgz" -C markercluster

# package-name  version  source-path-in-tarball  destination-path-here
files=(
  "leaflet ${LEAFLET} leaflet/package/dist/leaflet.js leaflet/leaflet.js"
  "leaflet ${LEAFLET} leaflet/package/dist/leaflet.css leaflet/leaflet.css"
  "leaflet ${LEAFLET} leaflet/package/dist/images/layers.png leaflet/images/layers.png"
  "leaflet ${LEAFLET} leaflet/package/dist/images/layers-2x.png leaflet/images/layers-2x.png"
  "leaflet ${LEAFLET} leaflet/package/dist/images/marker-icon.png leaflet/images/marker-icon.png"
  "leaflet ${LEAFLET} leaflet/package/dist/images/marker-icon-2x.png leaflet/images/marker-icon-2x.png"
  "leaflet ${LEAFLET} leaflet/package/dist/images/marker-shadow.png leaflet/images/marker-shadow.png"
  "leaflet ${LEAFLET} leaflet/package/LICENSE leaflet/LICENSE"
  "leaflet.markercluster ${MARKERCLUSTER} markercluster/package/dist/leaflet.markercluster.js markercluster/leaflet.markercluster.js"
  "leaflet.markercluster ${MARKERCLUSTER} markercluster/package/dist/MarkerCluster.css markercluster/MarkerCluster.css"
  "leaflet.markercluster ${MARKERCLUSTER} markercluster/package/dist/MarkerCluster.Default.css markercluster/MarkerCluster.Default.css"
  "leaflet.markercluster ${MARKERCLUSTER} markercluster/package/MIT-LICENCE.txt markercluster/MIT-LICENCE.txt"
)

rm -rf "$here/leaflet" "$here/markercluster"
manifest="$here/MANIFEST.tsv"
printf 'package\tversion\tpath\tsha256\n' >"$manifest.tmp"
for row in "${files[@]}"; do
  read -r package version source dest <<<"$row"
  mkdir -p "$here/$(dirname "$dest")"
  install -m 0644 "$source" "$here/$dest"
  sum="$(sha256sum "$here/$dest" | cut -d' ' -f1)"
  printf '%s\t%s\t%s\t%s\n' "$package" "$version" "$dest" "$sum" >>"$manifest.tmp"
done
mv "$manifest.tmp" "$manifest"
echo "vendored leaflet@${LEAFLET} and leaflet.markercluster@${MARKERCLUSTER} into $here"
