"""Geodesic areas of the countries and lengths of their borders, measured once.

The base build stores each country's area (km², WGS84) with its shape and each
border's length with its line. Measuring them on the ellipsoid
(:func:`~conflictmap.geo.areas.geodesic_area_km2`, pure Python) took a fifth of
the first-run build, every time, for figures that only change with
``derived/countries-50m.topo.json``. ``gazetteer/derive.py measures`` writes them
to ``derived/country_measures.tsv`` with the SHA-256 of the TopoJSON they were
measured on; the build uses the table when the digest matches the bundled file and
measures again when it does not, so a stale table costs time, never a wrong figure.
Values are written with :func:`repr`, which reads back as the very same float.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "m.tsv"
>>> write_measures(path, "abc", {"AA": 1.5}, {("AA", "BB"): 0.1 + 0.2})
>>> read_measures(path, "abc")
({'AA': 1.5}, {('AA', 'BB'): 0.30000000000000004})
>>> read_measures(path, "other") is None
True
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

__all__ = [
    "MEASURES_FILE",
    "Measures",
    "measure_topo",
    "read_measures",
    "topo_digest",
    "write_measures",
]

#: the table's name in ``derived/``
MEASURES_FILE = "country_measures.tsv"

#: areas by country, border lengths by sorted pair of countries
Measures = tuple[dict[str, float], dict[tuple[str, str], float]]

_DIGEST_PREFIX = "# countries-50m.topo.json sha256 "


def topo_digest(data: bytes) -> str:
    """The SHA-256 of the TopoJSON file's bytes, in hex."""
    return hashlib.sha256(data).hexdigest()


def measure_topo(topo: dict[str, Any]) -> Measures:
    """Measure every country of a TopoJSON ``countries`` object and every shared border."""
    from conflictmap.geo.areas import geodesic_area_km2, line_length_km
    from conflictmap.geo.topojson import decode_object, shared_borders

    areas = {code: geodesic_area_km2(geom) for code, _, geom in decode_object(topo, "countries")}
    lengths = {
        pair: line_length_km(line) for pair, line in shared_borders(topo, "countries").items()
    }
    return areas, lengths


def read_measures(path: Path, digest: str) -> Measures | None:
    """The table's areas and lengths, or ``None`` if missing or measured on other data."""
    if not path.exists():
        return None
    areas: dict[str, float] = {}
    lengths: dict[tuple[str, str], float] = {}
    with path.open(encoding="utf-8") as handle:
        if handle.readline().rstrip("\n") != _DIGEST_PREFIX + digest:
            return None
        next(handle, None)  # the header
        for line in handle:
            what, a, b, value = line.rstrip("\n").split("\t")
            if what == "area":
                areas[a] = float(value)
            else:
                lengths[(a, b)] = float(value)
    return areas, lengths


def write_measures(
    path: Path,
    digest: str,
    areas: dict[str, float],
    lengths: dict[tuple[str, str], float],
) -> None:
    """Write the table (``area`` rows: km² of a country; ``border`` rows: km of a border)."""
    lines = [_DIGEST_PREFIX + digest, "what\ta\tb\tvalue"]
    lines += [f"area\t{code}\t\t{value!r}" for code, value in areas.items()]
    lines += [f"border\t{a}\t{b}\t{value!r}" for (a, b), value in lengths.items()]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
