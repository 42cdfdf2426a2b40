"""Score geoparser output against the dev set: detection P/R/F1 and end-to-end accuracy.

Rules (the README states them for readers of the figures):

* A **required** gold mention is *found* when a predicted mention overlaps it, and
  *placed* when one of those predictions names the gold id or an ``also_ok`` id, or a
  place whose point lies within the gold ``tolerance_km`` of the gold point (25 km for
  settlements, the area's radius for regions and districts). End-to-end = placed / required.
* A predicted mention is *right* for precision when it overlaps any gold mention
  (required or not); it is a *false place* when it overlaps a non-place or nothing
  annotated, or an optional span with a ``country`` while placed outside that country.
  Predictions touching only optional spans (demonyms, ...) are not counted.

The results are duck-typed (``id``, ``mentions`` with ``start``/``end``/``text``/
``place``, ``places`` with ``id``/``lat``/``lon``/``country``/``kind``), so conflictmap's
``Result`` fits whatever package it lives in.

Examples
--------
>>> from types import SimpleNamespace as NS
>>> from tests.devset.model import Article, GoldMention, GoldPlace, Kind, Split
>>> gao = GoldPlace(id="geonames:2457163", name="Gao", kind=Kind.CITY, feature="PPL",
...                 country="ML", lat=16.27, lon=-0.04, tolerance_km=25.0)
>>> art = Article(id="a", title="t", date="2024-01-01", split=Split.DEV, countries=("ML",),
...               needs_dumps=(), style="wire", text="Gao fell.",
...               mentions=(GoldMention(start=0, end=3, text="Gao", place=gao),))
>>> pin = NS(id="x:1", lat=16.3, lon=-0.05, country="ML", kind="city")
>>> res = NS(id="a", mentions=[NS(start=0, end=3, text="Gao", place="x:1")], places=[pin])
>>> report = score([res], [art])
>>> report.overall.e2e, report.overall.precision
(1.0, 1.0)
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from geographiclib.geodesic import Geodesic

from .model import Article, GoldMention, Kind

__all__ = ["ErrorKind", "Report", "ScoreError", "Tally", "distance_km", "score"]

AREA_KINDS = frozenset({"region", "district", "country", "continent"})


class PlaceLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def lat(self) -> float: ...
    @property
    def lon(self) -> float: ...


class MentionLike(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def place(self) -> str | None: ...


class ResultLike(Protocol):
    @property
    def id(self) -> str | None: ...
    @property
    def mentions(self) -> Sequence[MentionLike]: ...
    @property
    def places(self) -> Sequence[PlaceLike]: ...


class ErrorKind(str, enum.Enum):
    """Why a gold mention or a prediction counts against the tool."""

    MISSED = "missed"  # required gold, no prediction overlaps it
    UNRESOLVED = "unresolved"  # found, but no place given
    MISPLACED = "misplaced"  # found, placed beyond tolerance
    FALSE_PLACE = "false-place"  # a prediction on a non-place or on nothing annotated
    WRONG_COUNTRY = "wrong-country"  # an optional country-bound name placed abroad


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoreError:
    """One error, with enough context to read it in a terminal."""

    article: str
    kind: ErrorKind
    start: int
    end: int
    text: str
    gold: str | None = None
    got: str | None = None
    km: float | None = None
    context: str = ""

    def line(self) -> str:
        """A one-line description."""
        parts = [f"{self.article}: {self.kind.value} {self.text!r}@{self.start}"]
        if self.gold:
            parts.append(f"want {self.gold}")
        if self.got:
            parts.append(
                f"got {self.got}" + (f" ({self.km:.0f} km)" if self.km is not None else "")
            )
        return " ".join(parts) + f" | {self.context}"


@dataclass(slots=True, kw_only=True)
class Tally:
    """Counts behind the figures; add two with ``+``."""

    n_pred: int = 0
    pred_ok: int = 0
    n_gold: int = 0
    found: int = 0
    placed: int = 0
    n_area: int = 0  # required gold that are areas (region, district, country)
    area_as_area: int = 0  # ...placed right *and* resolved to an area, not a town in it
    articles: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(**{k: getattr(self, k) + getattr(other, k) for k in self.__dataclass_fields__})

    @property
    def precision(self) -> float:
        return self.pred_ok / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def e2e(self) -> float:
        """Required mentions found and placed, over required mentions."""
        return self.placed / self.n_gold if self.n_gold else 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleScore:
    article: Article
    tally: Tally
    errors: tuple[ScoreError, ...]
    by_kind: Mapping[Kind, Tally]


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Per-article scores, their sums per focus country and per gold kind, and overall."""

    articles: tuple[ArticleScore, ...]
    by_country: Mapping[str, Tally] = field(default_factory=dict)
    by_kind: Mapping[Kind, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)

    @property
    def errors(self) -> list[ScoreError]:
        return [e for a in self.articles for e in a.errors]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance on WGS84 in km.

    >>> round(distance_km(16.27167, -0.04472, 12.60915, -7.97522))
    946
    """
    return float(Geodesic.WGS84.Inverse(lat1, lon1, lat2, lon2)["s12"]) / 1000.0


def _context(text: str, start: int, end: int, width: int = 35) -> str:
    snippet = text[max(0, start - width) : start] + "[" + text[start:end] + "]"
    return " ".join((snippet + text[end : end + width]).split())


def _judge(
    gold: GoldMention, hits: list[MentionLike], places: Mapping[str, PlaceLike]
) -> tuple[bool, str | None, float | None, bool]:
    """(placed, best place id, its distance in km, resolved to an area kind)."""
    best: tuple[str | None, float | None] = (None, None)
    for m in hits:
        place = places.get(m.place) if m.place is not None else None
        area = place is not None and str(getattr(place, "kind", "")) in AREA_KINDS
        if gold.accepts(m.place):
            return True, m.place, 0.0, area
        gp = gold.place
        if place is None or gp.lat is None or gp.lon is None or gp.tolerance_km is None:
            best = (m.place, None) if best[0] is None else best
            continue
        km = distance_km(gp.lat, gp.lon, place.lat, place.lon)
        if km <= gp.tolerance_km:
            return True, m.place, km, area
        if best[1] is None or km < best[1]:
            best = (m.place, km)
    return False, best[0], best[1], False


def score_article(article: Article, result: ResultLike) -> ArticleScore:
    """Score one article's result."""
    tally, errors = Tally(articles=1), []
    by_kind: dict[Kind, Tally] = {}
    places = {p.id: p for p in result.places}
    preds = list(result.mentions)
    text = article.text

    def error(kind: ErrorKind, start: int, end: int, **kw: object) -> None:
        errors.append(
            ScoreError(
                article=article.id, kind=kind, start=start, end=end, text=text[start:end],
                context=_context(text, start, end), **kw,  # type: ignore[arg-type]
            )
        )  # fmt: skip

    for p in preds:
        on_gold = any(g.overlaps(p.start, p.end) for g in article.mentions)
        on_not = any(n.overlaps(p.start, p.end) for n in article.not_places)
        opts = [o for o in article.optional if o.overlaps(p.start, p.end)]
        if on_gold:
            tally.n_pred += 1
            tally.pred_ok += 1
        elif on_not or not opts:
            tally.n_pred += 1
            error(ErrorKind.FALSE_PLACE, p.start, p.end, got=p.place)
        else:
            place = places.get(p.place) if p.place is not None else None
            got_cc = getattr(place, "country", None)
            if any(o.country and got_cc and o.country != got_cc for o in opts):
                tally.n_pred += 1
                error(ErrorKind.WRONG_COUNTRY, p.start, p.end, got=f"{p.place} in {got_cc}")
    for g in article.required:
        row = by_kind.setdefault(g.place.kind, Tally())
        hits = [p for p in preds if g.overlaps(p.start, p.end)]
        row.n_gold += 1
        tally.n_gold += 1
        is_area = g.place.kind.is_area
        row.n_area += is_area
        tally.n_area += is_area
        if not hits:
            error(ErrorKind.MISSED, g.start, g.end, gold=g.place.id)
            continue
        row.found += 1
        tally.found += 1
        placed, got, km, as_area = _judge(g, hits, places)
        if placed:
            row.placed += 1
            tally.placed += 1
            row.area_as_area += is_area and as_area
            tally.area_as_area += is_area and as_area
        else:
            kind = ErrorKind.UNRESOLVED if got is None else ErrorKind.MISPLACED
            error(kind, g.start, g.end, gold=f"{g.place.id} {g.place.name}", got=got, km=km)
    return ArticleScore(article=article, tally=tally, errors=tuple(errors), by_kind=by_kind)


def score(
    results: Iterable[ResultLike] | Mapping[str, ResultLike], gold: Iterable[Article]
) -> Report:
    """Score results (matched to articles by ``result.id``, or a mapping id -> result).

    Articles without a result are skipped, not scored as all-missed: run only what you
    score. Raises ``KeyError`` for a result whose id is no article's.
    """
    articles = {a.id: a for a in gold}
    if isinstance(results, Mapping):
        pairs = [(articles[k], r) for k, r in results.items()]
    else:
        pairs = [(articles[str(r.id)], r) for r in results]
    scored = tuple(score_article(a, r) for a, r in sorted(pairs, key=lambda p: p[0].id))
    by_country: dict[str, Tally] = {}
    by_kind: dict[Kind, Tally] = {}
    overall = Tally()
    for s in scored:
        by_country[s.article.country] = by_country.get(s.article.country, Tally()) + s.tally
        for kind, t in s.by_kind.items():
            by_kind[kind] = by_kind.get(kind, Tally()) + t
        overall = overall + s.tally
    return Report(
        articles=scored,
        by_country=dict(sorted(by_country.items())),
        by_kind=dict(sorted(by_kind.items(), key=lambda kv: list(Kind).index(kv[0]))),
        overall=overall,
    )
