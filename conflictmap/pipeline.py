"""The pipeline: text → spot → resolve → statements → events → :class:`~conflictmap.model.Result`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from conflictmap.errors import EmptyInputError
from conflictmap.events import find_events
from conflictmap.model import Mention, Place, Result, Statement
from conflictmap.recognize.pause import collection_paused
from conflictmap.recognize.spotter import Recognizer, Spotter
from conflictmap.resolve import GazetteerResolver, Resolver
from conflictmap.resolve.evidence.focus import main_region
from conflictmap.statements import find_statements
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.store.registry import open_gazetteer
from conflictmap.store.scopes import article_hash, region_key
from conflictmap.text.article import check_unicode
from conflictmap.tuning.recognize import RecognizeTuning
from conflictmap.tuning.resolve import ResolveTuning

__all__ = [
    "ArticleFocus",
    "article_focus",
    "confident",
    "geoparse",
    "open_gazetteer",
]  # open_gazetteer: see conflictmap.store.registry

#: the stages' default tuning, made once: frozen, so one serves every article (making
#: them per article was 18 us of a batch's glue per line, issue 19)
_RECOGNIZE = RecognizeTuning()
_RESOLVE = ResolveTuning()


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
    min_confidence: float = 0.0,
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
    min_confidence : float
        Leave out the resolved mentions whose confidence is below this (default 0:
        keep every place; doubtful ones come with a low confidence). Places only
        those mentions named go too, with the statements about them; unresolved
        mentions stay.

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
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError("min_confidence must be between 0 and 1")
    check_unicode(text)  # a lone surrogate could not be written out
    gaz = gazetteer if gazetteer is not None else open_gazetteer(home)
    gaz = gaz.with_overrides(overrides)
    if recognizer is None and resolver is None and gaz.overrides.scoped:
        gaz = _in_scope(gaz, text, id)
    with collection_paused():  # the stages' objects make no cycles (tests/test_pipeline_pause.py)
        recognizer = recognizer or Spotter(gaz, config=_RECOGNIZE)
        resolver = resolver or GazetteerResolver(gaz, config=_RESOLVE)
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
        mentions, places, stated = confident(resolution.mentions, places, stated, min_confidence)
        day = dt.date.fromisoformat(date) if isinstance(date, str) else date
        reported = (
            find_events(text, mentions=mentions, places=places, statements=stated, article_date=day)
            if events
            else ()
        )
        return Result(
            id=id,
            mentions=mentions,
            places=tuple(places),
            statements=stated,
            events=reported,
            text=text,
            title=title,
        )


@dataclass(frozen=True, slots=True)
class ArticleFocus:
    """What an article is about, as ``country:`` and ``region:`` scopes match it."""

    #: the main focus country's code (``None``: no country stands out)
    country: str | None
    #: the focus region's code, ``MZ.01`` (the region of the main country with most
    #: votes; ``None``: none)
    region: str | None


def article_focus(gaz: Gazetteer, text: str, ident: str | None = None) -> ArticleFocus:
    """The article's main country and focus region (issue 17).

    Found by the resolver (its country and region votes,
    :mod:`conflictmap.resolve.evidence.focus`) in a first pass with the article's
    own scoped corrections on: what corrections scoped to a country or a region
    are matched against.
    """
    view = gaz.for_article((ident or "", article_hash(text)))
    resolution = GazetteerResolver(view).resolve(text, Spotter(view).spot(text))
    region = main_region(resolution.focus, resolution.regions)
    return ArticleFocus(
        country=next(iter(resolution.focus), None),
        region=region_key(*region) if region is not None else None,
    )


def _in_scope(gaz: Gazetteer, text: str, ident: str | None) -> Gazetteer:
    """The view of ``gaz`` applying the corrections scoped to this article (issue 17).

    Corrections scoped to a country or a region hold when it is the article's focus
    (:func:`article_focus`): article over region over country over everywhere.
    """
    articles = (ident or "", article_hash(text))
    countries, regions = gaz.overrides.scoped_countries, gaz.overrides.scoped_regions
    if not countries and not regions:
        return gaz.for_article(articles)
    focus = article_focus(gaz, text, ident)
    country = focus.country if focus.country in countries else None
    region = focus.region if focus.region in regions else None
    return gaz.for_article(articles, country, region)


def confident(
    mentions: Sequence[Mention],
    places: Sequence[Place],
    statements: Sequence[Statement],
    min_confidence: float,
) -> tuple[tuple[Mention, ...], list[Place], tuple[Statement, ...]]:
    """The mentions at or above ``min_confidence`` (unresolved ones stay), with what remains.

    A place goes when every mention naming it went, and with it the statements
    about it; places no mention names (a statement's border) stay.

    Examples
    --------
    >>> a = Place(id="t:a", name="A", lat=0.0, lon=0.0)
    >>> b = Place(id="t:b", name="B", lat=1.0, lon=1.0)
    >>> found = [Mention(start=0, end=1, text="A", place="t:a", confidence=0.9),
    ...          Mention(start=2, end=3, text="B", place="t:b", confidence=0.05),
    ...          Mention(start=4, end=5, text="C")]
    >>> kept, where, _ = confident(found, [a, b], [], 0.1)
    >>> [m.text for m in kept], [p.id for p in where]
    (['A', 'C'], ['t:a'])
    """
    if min_confidence <= 0.0:
        return tuple(mentions), list(places), tuple(statements)
    kept = tuple(m for m in mentions if m.place is None or m.confidence >= min_confidence)
    cut = {m.place for m in mentions} - {m.place for m in kept}
    said = tuple(s for s in statements if cut.isdisjoint((s.subject, s.anchor, s.anchor2)))
    return kept, [p for p in places if p.id not in cut], said
