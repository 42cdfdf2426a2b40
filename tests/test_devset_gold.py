"""The conflict dev set's gold is well formed, up to date with its sources, and scored right."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from types import SimpleNamespace as NS

import pytest

from tests.devset import compile as devset_compile
from tests.devset.gold import ARTICLES, load_articles, score
from tests.devset.model import ID_PATTERN, Article, Kind, Split
from tests.devset.scoring import ErrorKind

DUMPS = {"ML", "NE", "BF", "SN", "CI", "GN", "MR"}


@pytest.fixture(scope="module")
def articles() -> list[Article]:
    return load_articles()


def test_gold_files_are_compiled_from_the_current_sources() -> None:
    assert devset_compile.main(["--check"]) == 0


def test_every_article_has_text_and_gold() -> None:
    texts = {p.stem for p in ARTICLES.glob("*.txt")}
    golds = {p.name.removesuffix(".gold.json") for p in ARTICLES.glob("*.gold.json")}
    assert texts == golds == set(devset_compile.slugs())


def test_every_span_matches_the_text_and_none_overlap(articles: list[Article]) -> None:
    for a in articles:
        spans = a.spans()
        for s in spans:
            assert 0 <= s.start < s.end <= len(a.text), (a.id, s)
            assert a.text[s.start : s.end] == s.text, (a.id, s)
            assert s.text == s.text.strip() and s.text, (a.id, s)
        for left, right in itertools.pairwise(spans):
            assert left.end <= right.start, (a.id, left, right)


def test_places_are_well_formed(articles: list[Article]) -> None:
    for a in articles:
        for m in a.mentions:
            p = m.place
            assert ID_PATTERN.match(p.id), p.id
            assert all(ID_PATTERN.match(i) for i in m.also_ok), m.also_ok
            assert re.fullmatch(r"[A-Z]{2}", p.country), p
            assert p.source, p
            if p.kind is Kind.BORDER:
                assert p.id.startswith("border:") and p.lat is None, p
                continue
            assert p.id.startswith("geonames:"), p
            assert p.lat is not None and p.lon is not None, p
            assert -90 <= p.lat <= 90 and -180 <= p.lon <= 180, p
            assert p.tolerance_km is not None and p.tolerance_km > 0, p
            assert p.tolerance_note, p
            if p.kind.is_settlement:
                assert p.tolerance_km == 25, p
            if p.kind in (Kind.REGION, Kind.DISTRICT):
                assert p.admin1 and p.admin1.startswith(p.country + "."), p
                assert p.feature in ("ADM1", "ADM2"), p
            if p.kind is Kind.REGION:
                assert p.iso3166_2 and p.iso3166_2.startswith(p.country + "-"), p
            if p.kind is Kind.DISTRICT:
                assert p.admin1 and p.admin2 and p.admin2.startswith(p.admin1 + "."), p
            if p.needs_dump:
                assert p.needs_dump in DUMPS, p


def test_one_gold_place_per_id(articles: list[Article]) -> None:
    seen: dict[str, object] = {}
    for a in articles:
        for m in a.mentions:
            assert seen.setdefault(m.place.id, m.place) == m.place, m.place.id


def test_headers(articles: list[Article]) -> None:
    assert len({a.id for a in articles}) == len(articles)
    for a in articles:
        assert re.fullmatch(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]", a.date), a.id
        assert a.countries and all(re.fullmatch(r"[A-Z]{2}", c) for c in a.countries), a.id
        assert a.style in ("wire", "acled", "analysis"), a.id
        assert set(a.needs_dumps) <= DUMPS, a.id
        words = len(a.text.split())
        assert 60 <= words <= 300, (a.id, words)
        assert a.required, a.id


def test_needs_dumps_lists_the_dumps_of_its_required_villages(articles: list[Article]) -> None:
    for a in articles:
        wanted = {m.place.needs_dump for m in a.required if m.place.needs_dump}
        assert set(a.needs_dumps) == wanted, a.id


def test_every_country_has_both_splits(articles: list[Article]) -> None:
    splits: dict[str, set[Split]] = {}
    for a in articles:
        splits.setdefault(a.country, set()).add(a.split)
    assert {c for c, s in splits.items() if s != {Split.DEV, Split.TEST}} == set()


def test_the_set_is_as_large_as_agreed(articles: list[Article]) -> None:
    assert len(articles) >= 20
    assert len({a.country for a in articles}) >= 10
    kinds = Counter(m.place.kind for a in articles for m in a.required)
    assert kinds[Kind.REGION] >= 10 and kinds[Kind.DISTRICT] >= 3 and kinds[Kind.VILLAGE] >= 10
    assert sum(len(a.not_places) for a in articles) >= 20


# ------------------------------------------------------------------ the scorer


def _perfect(article: Article) -> NS:
    """A result that names every gold place of ``article`` (ids only, exact points)."""
    mentions, places = [], {}
    for m in article.mentions:
        mentions.append(NS(start=m.start, end=m.end, text=m.text, place=m.place.id))
        lat, lon = m.place.lat or 0.0, m.place.lon or 0.0
        places[m.place.id] = NS(id=m.place.id, lat=lat, lon=lon, country=m.place.country)
    return NS(id=article.id, mentions=mentions, places=list(places.values()))


def test_a_perfect_result_scores_one(articles: list[Article]) -> None:
    report = score([_perfect(a) for a in articles], articles)
    assert report.overall.e2e == 1.0 and report.overall.precision == 1.0
    assert report.overall.n_gold == sum(len(a.required) for a in articles)
    assert report.errors == []
    assert set(report.by_country) == {a.country for a in articles}


def test_an_empty_result_misses_everything(articles: list[Article]) -> None:
    a = articles[0]
    report = score({a.id: NS(id=a.id, mentions=[], places=[])}, [a])
    assert report.overall.found == 0 and report.overall.e2e == 0.0
    assert {e.kind for e in report.errors} == {ErrorKind.MISSED}
    assert len(report.errors) == len(a.required)


def test_a_nearby_point_is_placed_and_a_far_one_is_not(articles: list[Article]) -> None:
    a = next(x for x in articles if any(m.place.kind.is_settlement for m in x.required))
    g = next(m for m in a.required if m.place.kind.is_settlement)
    assert g.place.lat is not None and g.place.lon is not None
    for dlat, placed in ((0.1, True), (1.0, False)):  # about 11 km, about 111 km
        pin = NS(id="other:1", lat=g.place.lat + dlat, lon=g.place.lon, country=g.place.country)
        res = NS(id=a.id, mentions=[NS(start=g.start, end=g.end, text=g.text, place="other:1")],
                 places=[pin])  # fmt: skip
        report = score([res], [a])
        assert report.overall.placed == int(placed)
        if not placed:
            assert ErrorKind.MISPLACED in {e.kind for e in report.errors}


def test_a_non_place_is_a_false_place(articles: list[Article]) -> None:
    a = next(x for x in articles if x.not_places)
    n = a.not_places[0]
    res = NS(id=a.id, mentions=[NS(start=n.start, end=n.end, text=n.text, place=None)], places=[])
    report = score([res], [a])
    assert report.overall.n_pred == 1 and report.overall.pred_ok == 0
    assert [e.kind for e in report.errors if e.start == n.start] == [ErrorKind.FALSE_PLACE]


def test_an_optional_span_counts_only_when_placed_abroad(articles: list[Article]) -> None:
    a = next(x for x in articles if any(o.country for o in x.optional))
    o = next(o for o in a.optional if o.country)
    mention = NS(start=o.start, end=o.end, text=o.text, place="x:1")
    for country, counted in ((o.country, 0), ("ZZ", 1)):
        res = NS(id=a.id, mentions=[mention], places=[NS(id="x:1", lat=0, lon=0, country=country)])
        report = score([res], [a])
        assert report.overall.n_pred == counted
