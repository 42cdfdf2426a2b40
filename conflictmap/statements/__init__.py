"""Stated geography: distances, directions, proximity and borders, measured and judged.

Reporters write where things are: "Diabali, some 400 kilometres (250 miles) north
of the capital Bamako", "a convoy was attacked about 50km west of Gao", "sites
along the border with Mauritania". :func:`find_statements` finds these phrases
in an article whose place mentions are already resolved, measures them against
the gazetteer, judges them (``consistent``, ``approximate``, ``contradicts``),
places unnamed spots with an uncertainty radius, and uses them as evidence to
re-rank ambiguous names.

The stage, in the order it runs:

- :mod:`.parse` (a package, one module per phrase family) reads the phrases into
  :class:`~conflictmap.statements.base.Parsed` statements, with :mod:`.numbers`,
  :mod:`.units`, :mod:`.directions` and :mod:`.hedges` for the words and
  :mod:`.scan` for keyword-hinted scanning;
- :mod:`.points` reads a name as its city, not its region, where a statement
  measures from it ("14 km north of Hama");
- :mod:`.evidence` re-ranks ambiguous names by the verdicts their readings give;
- :mod:`.ends` ties each statement to its places, :mod:`.geometry` and
  :mod:`.borders` give anchors their points, lines and outlines;
- :mod:`.judge` (one module per rule) measures and judges; :mod:`.assemble` writes
  the :class:`~conflictmap.model.Statement`.

Every tuned number is in :class:`~conflictmap.tuning.statements.StatementsTuning`;
:mod:`.base` holds the stage's data types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from conflictmap.model import Place, Statement
from conflictmap.recognize.pause import collection_paused
from conflictmap.statements.assemble import Assembler
from conflictmap.statements.evidence import rerank
from conflictmap.statements.parse import parse
from conflictmap.statements.points import prefer_points
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

if TYPE_CHECKING:
    from conflictmap.resolve import Resolution, Resolver
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Found", "find_statements", "parse"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """What :func:`find_statements` found in one article."""

    statements: tuple[Statement, ...] = ()
    #: places the statements add (borders named by one or two countries)
    places: tuple[Place, ...] = ()
    #: the resolution re-ranked with the statements as evidence (and region readings
    #: moved to their cities where statements measure from them), if it changed
    resolution: Resolution | None = None


def find_statements(
    text: str,
    resolution: Resolution,
    gazetteer: Gazetteer,
    *,
    resolver: Resolver | None = None,
    tuning: StatementsTuning = DEFAULT,
) -> Found:
    """Find, measure and judge the stated geography of an article.

    Parameters
    ----------
    text : str
        The article, as given to the spotter (offsets index into it).
    resolution : Resolution
        The resolver's answer for ``text``.
    gazetteer : Gazetteer
        For country outlines and shared borders.
    resolver : Resolver, optional
        Not needed any more: the softmax temperature of a re-ranking comes with
        ``resolution`` (``Resolution.temperature``). Kept for callers.
    tuning : StatementsTuning, optional
        The stage's numbers.

    Returns
    -------
    Found
        The statements in text order, the border places they introduce, and the
        changed resolution when a statement changed a choice (else ``None``).

    Examples
    --------
    >>> from conflictmap.store.gazetteer import Gazetteer
    >>> from conflictmap.model import Place
    >>> from conflictmap.pipeline import geoparse
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Bamako", lat=12.60915, lon=-7.97522, country="ML",
    ...           kind="capital", population=1_297_281),
    ...     Place(id="t:2", name="Diabaly", lat=14.6937, lon=-6.0197, country="ML", kind="town"),
    ...     Place(id="t:3", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city",
    ...           population=133_110)])
    >>> text = ("Rebels took Diabaly, some 400 km north of Bamako. "
    ...         "A convoy was attacked about 50km west of Gao.")
    >>> first, second = geoparse(text, gazetteer=gaz).statements
    >>> first.subject, first.anchor, round(first.measured.distance_km), first.verdict.value
    ('t:2', 't:1', 313, 'approximate')
    >>> second.subject, round(second.estimate.lat, 3), round(second.estimate.lon, 3)
    (None, 16.271, -0.512)
    """
    with collection_paused():  # a long article's statements make no cycles (issue 20)
        return _find(text, resolution, gazetteer, tuning)


def _find(
    text: str, resolution: Resolution, gazetteer: Gazetteer, tuning: StatementsTuning
) -> Found:
    """:func:`find_statements` with the cyclic collector paused."""
    parsed = parse(text, resolution.mentions, tuning=tuning)
    if not parsed:
        return Found()
    pointed = prefer_points(text, parsed, resolution)
    resolution = pointed or resolution
    assembler = Assembler(gazetteer, resolution, tuning=tuning)
    reranked = rerank(parsed, resolution, assembler.verdict_of)
    final = reranked or resolution
    assembler = Assembler(gazetteer, final, geometries=assembler.geometries, tuning=tuning)
    statements = []
    for item in parsed:
        statement = assembler.statement(text, item)
        if statement is not None:
            statements.append(statement)
    known = {p.id for p in final.places}
    extra = tuple(p for pid, p in assembler.added.items() if pid not in known)
    return Found(statements=tuple(statements), places=extra, resolution=reranked or pointed)
