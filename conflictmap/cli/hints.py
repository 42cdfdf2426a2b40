"""The one-line hint when an article needs a country's villages (issue 14).

The bundled default knows towns of 500+ people; conflict reports name villages.
When names of an article are left unresolved and its focus country (the country
most of its placed names lie in) has no imported GeoNames layer, ``extract`` says on
stderr which command adds them::

    conflictmap: 7 names unresolved in Yemen; `conflictmap gazetteer download YE` adds its villages

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> yemen = Place(id="c", name="Yemen", lat=15.5, lon=47.5, country="YE", kind="country")
>>> marib = Place(id="t", name="Marib", lat=15.46, lon=45.33, country="YE")
>>> mentions = (Mention(start=0, end=5, text="Marib", place="t"),
...             Mention(start=10, end=15, text="Sirwah"), Mention(start=20, end=25, text="Raghwan"))
>>> result = Result(text="x" * 30, mentions=mentions, places=(marib,))
>>> unresolved_hint(result, imported=set(), country=lambda cc: yemen)
'2 names unresolved in Yemen; `conflictmap gazetteer download YE` adds its villages'
>>> unresolved_hint(result, imported={"YE"}, country=lambda cc: yemen) is None
True
>>> sorted(imported_countries('[{"file": "YE.zip"}, {"file": "/tmp/ML.txt"}]'))
['ML', 'YE']
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import PurePath

from conflictmap.model import Place, Result

__all__ = ["ALL", "imported_countries", "unresolved_hint"]

#: stands for every country (``allCountries`` imported)
ALL = "*"

_COUNTRY_FILE = re.compile(r"^([A-Z]{2})\.(?:zip|txt)$")


def imported_countries(files: str) -> set[str]:
    """The countries of an imported layer's ``files`` metadata (JSON), ``{"*"}`` for all."""
    out: set[str] = set()
    try:
        entries = json.loads(files or "[]")
    except ValueError:
        return out
    for entry in entries if isinstance(entries, list) else ():
        name = PurePath(str(entry.get("file", "")) if isinstance(entry, dict) else "").name
        if name.startswith("allCountries"):
            out.add(ALL)
        elif match := _COUNTRY_FILE.match(name):
            out.add(match.group(1))
    return out


def unresolved_hint(
    result: Result, *, imported: set[str], country: Callable[[str], Place | None]
) -> str | None:
    """The hint for ``result``, or ``None`` when nothing is unresolved or the layer is there."""
    unresolved = {m.text for m in result.unresolved}
    if not unresolved or ALL in imported:
        return None
    places = result.place_by_id
    focus = Counter(
        p.country for m in result.mentions if m.place and (p := places.get(m.place)) and p.country
    )
    if not focus:
        return None
    code = focus.most_common(1)[0][0]
    if code in imported:
        return None
    entry = country(code)
    where = entry.name if entry is not None else code
    count = len(unresolved)
    return (
        f"{count} name{'s' if count != 1 else ''} unresolved in {where}; "
        f"`conflictmap gazetteer download {code}` adds its villages"
    )
