"""CSV for conflict-data coders: one row per place (per article).

Column names are those a coder recognises (ACLED uses latitude/longitude/geo_precision);
the evidence (confidence, mentions, the first sentence) follows.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", feature="PPL", kind="city")
>>> result = Result(id="a", places=(gao,), text="Gao fell.",
...                 mentions=(Mention(start=0, end=3, text="Gao", place=gao.id, confidence=0.9),))
>>> print(to_csv(result).splitlines()[1])
Gao,16.27167,-0.04472,ML,,city,1,0.9,1,Gao fell.,geonames:2457163,2457163,PPL,base,a

Article text can hold spreadsheet formulas; CSV cells that a spreadsheet would
evaluate are made inert with a leading apostrophe:

>>> spreadsheet_safe("=1+2"), spreadsheet_safe("Gao"), spreadsheet_safe(-0.5)
("'=1+2", 'Gao', -0.5)

A formula hidden behind invisible or fullwidth characters is caught too, a bare CR
becomes a line feed (so the cell is quoted instead of starting a new row), and a
negative number written as text stays a number:

>>> spreadsheet_safe("\\u200b =HYPERLINK(1)"), spreadsheet_safe("\\uff1d1+1")
("'\\u200b =HYPERLINK(1)", "'\\uff1d1+1")
>>> spreadsheet_safe("a\\r=1+1"), spreadsheet_safe("-12.5")
('a\\n=1+1', '-12.5')
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TypeVar

from conflictmap.model import Result
from conflictmap.output.facts import best_confidence, first_sentences

__all__ = ["CSV_COLUMNS", "PlaceRow", "csv_rows", "safe_row", "spreadsheet_safe", "to_csv"]

_Cell = TypeVar("_Cell", str, int, float)

#: First characters that make a spreadsheet read a cell as a formula (OWASP's CSV
#: injection list, plus the fullwidth forms that some spreadsheets fold to ASCII).
_FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
#: Characters a reader does not see and a spreadsheet skips before a formula.
_INVISIBLE = " \u00a0\u200b\u200c\u200d\u2060\ufeff"
#: A plain number written as text ("-12.5", "+3", "1e5"): kept as it is.
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRow:
    """One CSV row: a place of one article. Field order is the column order."""

    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    kind: str
    geo_precision: int
    confidence: float
    mentions: int
    first_sentence: str
    place_id: str
    geonames_id: int | str
    feature_code: str
    layer: str
    article_id: str

    def cells(self) -> list[str | int | float]:
        """The row's cells in column order, each made :func:`spreadsheet_safe`."""
        return [spreadsheet_safe(getattr(self, column)) for column in CSV_COLUMNS]


#: The columns, in order (the fields of :class:`PlaceRow`).
CSV_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(PlaceRow))


def csv_rows(result: Result) -> Iterator[PlaceRow]:
    """One :class:`PlaceRow` per place of ``result``, in the result's order."""
    counts = result.mention_counts()
    sentences = first_sentences(result)
    confidence = best_confidence(result)
    for place in result.places:
        yield PlaceRow(
            name=place.name,
            latitude=round(place.lat, 5),
            longitude=round(place.lon, 5),
            country=place.country or "",
            admin1=place.admin1_name or "",
            kind=str(place.kind),
            geo_precision=place.precision,
            confidence=round(confidence.get(place.id, 0.0), 3),
            mentions=counts.get(place.id, 0),
            first_sentence=" ".join(sentences.get(place.id, "").split()),
            place_id=place.id,
            geonames_id=place.geonames_id or "",
            feature_code=place.feature or "",
            layer=str(place.layer),
            article_id=result.id or "",
        )


def spreadsheet_safe(value: _Cell) -> _Cell:
    """A text cell that spreadsheets will not run as a formula (numbers pass through).

    A bare CR is turned into a line feed, so that every writer quotes the cell and no
    reader starts a new row inside it; a cell whose first visible character starts a
    formula gets a leading apostrophe.
    """
    if not isinstance(value, str):
        return value
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    visible = text.lstrip(_INVISIBLE)
    if visible[:1] in _FORMULA_STARTS and not _NUMBER.fullmatch(visible):
        return "'" + text
    return text


def safe_row(cells: Iterable[object]) -> list[object]:
    """``cells`` with every text cell made :func:`spreadsheet_safe` (others untouched).

    Examples
    --------
    >>> safe_row(["=cmd|' /C calc'!A0", 3, None, -1.5])
    ["'=cmd|' /C calc'!A0", 3, None, -1.5]
    """
    return [spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in cells]


def to_csv(results: Result | Sequence[Result]) -> str:
    """One row per place (per article) with :data:`CSV_COLUMNS`, header first.

    Text cells are passed through :func:`spreadsheet_safe`.
    """
    items = [results] if isinstance(results, Result) else list(results)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for result in items:
        for row in csv_rows(result):
            writer.writerow(row.cells())
    return buffer.getvalue()
