"""The pipeline: text → spot → resolve → statements → events → :class:`~conflictmap.model.Result`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conflictmap.errors import EmptyInputError
from conflictmap.events import find_events
from conflictmap.model import Result
from conflictmap.recognize.spotter import Recognizer, Spotter
from conflictmap.resolve import GazetteerResolver, Resolver
from conflictmap.statements import find_statements
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.store.registry import open_gazetteer
from conflictmap.store.scopes import article_hash
from conflictmap.text.article import check_unicode

__all__ = ["geoparse", "open_gazetteer"]  # open_gazetteer: see conflictmap.store.registry


def geoparse(
    text: str,
    *,
    id: str | None = None,
    gazetteer: Gazetteer | None = None,
    home: str | Path | None = None,
    overrides: Overrides | None = None,
    recognizer: Recognizer | None = None,
    resolver: Resolver | None = None,
    statements: bool = True,
    title: str | None = None,
    date: dt.date | str | None = None,
    events: bool = True,
) -> Result:
    """Find, resolve and check the places of an article.

    Parameters
    ----------
    text : str
        The article (plain text). Offsets in the result index into it.
    id : str, optional
        Carried into ``Result.id`` (the JSON contract's ``id``).
    gazetteer : Gazetteer, optional
        Default: the gazetteer of ``home`` (built on first use).
    overrides : Overrides, optional
        Per-run corrections (``--fix``/``--no-place``) on top of the stored ones.
    recognizer, resolver : optional
        Swap in another spotter or resolver.
    statements : bool
        Parse and check stated distances and directions (default ``True``).
    date : datetime.date or "YYYY-MM-DD", optional
        The article's date, against which "on Monday" or "yesterday" resolve (default:
        a date line near the article's top, if any).
    events : bool
        Find the incidents reported (default ``True``).

    Returns
    -------
    Result

    Raises
    ------
    EmptyInputError
        When ``text`` holds nothing but whitespace.

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Bamako", lat=12.61, lon=-7.98, country="ML", kind="capital"),
    ...     Place(id="t:2", name="Diabaly", lat=14.69, lon=-6.02, country="ML", kind="town")])
    >>> result = geoparse("Diabaly, 300 km north-east of Bamako, fell.", gazetteer=gaz)
    >>> [m.text for m in result.mentions]
    ['Diabaly', 'Bamako']
    """
    if not text or not text.strip():
        raise EmptyInputError("the article is empty")
    check_unicode(text)  # a lone surrogate could not be written out
    gaz = gazetteer if gazetteer is not None else open_gazetteer(home)
    gaz = gaz.with_overrides(overrides)
    if recognizer is None and resolver is None and gaz.overrides.scoped:
        gaz = _in_scope(gaz, text, id)
    recognizer = recognizer or Spotter(gaz)
    resolver = resolver or GazetteerResolver(gaz)
    spots = recognizer.spot(text)
    resolution = resolver.resolve(text, spots)
    found = find_statements(text, resolution, gaz, resolver=resolver) if statements else None
    if found is not None and found.resolution is not None:
        resolution = found.resolution
    places = list(resolution.places)
    if found is not None:
        known = {p.id for p in places}
        places.extend(p for p in found.places if p.id not in known)
    stated = found.statements if found is not None else ()
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    reported = (
        find_events(
            text, mentions=resolution.mentions, places=places, statements=stated, article_date=day
        )
        if events
        else ()
    )
    return Result(
        id=id,
        mentions=resolution.mentions,
        places=tuple(places),
        statements=stated,
        events=reported,
        text=text,
        title=title,
    )


def _in_scope(gaz: Gazetteer, text: str, ident: str | None) -> Gazetteer:
    """The view of ``gaz`` applying the corrections scoped to this article (issue 17).

    Corrections scoped to a country hold when it is the article's main focus; that
    is found by a first pass with the article's own scoped corrections on.
    """
    articles = (ident or "", article_hash(text))
    view = gaz.for_article(articles)
    countries = gaz.overrides.scoped_countries
    if not countries:
        return view
    focus = GazetteerResolver(view).resolve(text, Spotter(view).spot(text)).focus
    top = next(iter(focus), None)
    return gaz.for_article(articles, top) if top in countries else view
