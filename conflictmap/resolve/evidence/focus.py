"""The article's focus: the countries and first-level regions it is about, found jointly.

Each name's candidates vote for their country and region in proportion to how
much they are believed (a name repeated ``n`` times weighs ``1 + log n``);
demonyms ("Malian army") and state abbreviations ("Ky.") add fixed votes. A
candidate then earns the share of the *other* names' votes that go to its country
(times :attr:`~conflictmap.tuning.resolve.ResolveTuning.focus_country`) and to
its region (times ``focus_region``). The votes move with the belief, round after
round, so that "Athens" and "Henderson County" settle together in Texas.

Examples
--------
>>> votes = Votes()
>>> votes.add("ML", 2.0); votes.add("BF", 1.0)
>>> shares = Shares(votes.country, {"ML": 1.0})
>>> round(shares.of("ML", own={"ML": 1.0}, own_total=1.0), 3)   # the others: 1 + 1 of 3
0.667
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from conflictmap.model import MentionKind, PlaceKind
from conflictmap.resolve.evidence.base import Article, Belief, Scorer, Terms
from conflictmap.resolve.groups import Group
from conflictmap.tuning.resolve import ResolveTuning

__all__ = [
    "Focus",
    "Shares",
    "Votes",
    "article_focus",
    "fixed_votes",
    "focus_votes",
    "group_votes",
    "main_region",
    "region_focus",
    "votes_of",
]

#: a first-level region: (country code, admin1 code)
Region = tuple[str, str]
K = TypeVar("K", bound=Hashable)


@dataclass(slots=True)
class Votes:
    """Votes for countries and for first-level regions."""

    country: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    region: dict[Region, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, country: str, weight: float, admin1: str | None = None) -> None:
        """One vote for ``country`` (and, with ``admin1``, for its region)."""
        self.country[country] += weight
        if admin1:
            self.region[(country, admin1)] += weight


def fixed_votes(article: Article, config: ResolveTuning) -> Votes:
    """The votes that do not depend on any choice: demonyms, then state abbreviations."""
    votes = Votes()
    for pid, count in article.demonyms.items():
        place = article.fixed.get(pid)
        if place is not None and place.country:
            votes.country[place.country] += config.demonym_vote * min(
                count, config.demonym_max_count
            )
    for spot in article.spots:
        if spot.kind == MentionKind.ABBREVIATION:
            place = article.fixed.get(spot.places[0])
            if place is not None and place.country:
                votes.country[place.country] += config.abbreviation_country_vote
                if place.admin1:
                    votes.region[(place.country, place.admin1)] += config.abbreviation_region_vote
    return votes


def votes_of(groups: Sequence[Group], shares: Sequence[Sequence[float]], min_share: float) -> Votes:
    """The soft votes of every group's candidates believed at least ``min_share``.

    A name whose candidates are only guessed from its spelling
    (:attr:`~conflictmap.resolve.groups.Group.variant`) casts no vote: the article's
    focus decides it, not the reverse; nor does a name found only inside such a guess
    (:attr:`~conflictmap.resolve.groups.Group.inside`: "Numan" in "Ma'arat al-Numan").
    """
    return group_votes(groups, shares, min_share)[0]


def group_votes(
    groups: Sequence[Group], shares: Sequence[Sequence[float]], min_share: float
) -> tuple[Votes, list[dict[str, float]]]:
    """:func:`votes_of` the groups, and each group's own country votes (as
    ``votes_of([group], ...).country`` gives them), in one pass."""
    votes = Votes()
    country, region = votes.country, votes.region
    owns: list[dict[str, float]] = []
    for group, believed in zip(groups, shares, strict=True):
        own: dict[str, float] = {}
        owns.append(own)
        if group.variant or group.inside:
            continue
        weight = group.vote_weight
        for candidate, p in zip(group.candidates, believed, strict=True):
            if p < min_share:
                continue
            place = candidate.place
            if not place.country:
                continue
            vote = p * weight  # as Votes.add adds it
            country[place.country] += vote
            own[place.country] = own.get(place.country, 0.0) + vote
            if place.admin1 and place.kind is not PlaceKind.COUNTRY:
                region[(place.country, place.admin1)] += vote
    return votes, owns


class Shares(Generic[K]):
    """Shares of the votes for countries (or regions), the vote totals summed once."""

    def __init__(self, votes: Mapping[K, float], base: Mapping[K, float]) -> None:
        self.votes = votes
        self.base = base
        self.votes_total = sum(votes.values())
        self.base_total = sum(base.values())

    def of(self, key: K, own: Mapping[K, float], own_total: float) -> float:
        """The share of the *other* names' votes (plus the fixed votes) that go to ``key``.

        ``own`` holds the votes of the name being scored and ``own_total`` their sum.
        """
        total_votes = self.votes_total - own_total + self.base_total
        if total_votes <= 1e-9:
            return 0.0
        mine = self.votes.get(key, 0.0) - own.get(key, 0.0) + self.base.get(key, 0.0)
        return max(0.0, mine) / total_votes


class Focus:
    """Two terms: the share of the focus on the candidate's country, and on its region."""

    names = ("focus_country", "focus_region")

    def __init__(self, config: ResolveTuning) -> None:
        self.config = config

    def start(self, article: Article) -> Scorer:
        fixed = fixed_votes(article, self.config)
        ballot = _Ballot(article.groups)

        def scorer(belief: Belief) -> Sequence[Terms]:
            return ballot.terms(belief, fixed, self.config)

        return scorer

    def terms(self, article: Article, belief: Belief, fixed: Votes) -> tuple[Terms, Terms]:
        """The country and region terms of every candidate under ``belief``."""
        return _Ballot(article.groups).terms(belief, fixed, self.config)


class _Ballot:
    """What each name's candidates vote for and are scored by, read once per article.

    Every round then sums the same products in the same order as :func:`votes_of`
    (the article's votes and each name's own in one pass) and divides as
    :meth:`Shares.of` does, once per country (region) of a name, so the terms are
    those :class:`Shares` gives, to the last bit.
    """

    def __init__(self, groups: Sequence[Group]) -> None:
        #: per group: its vote weight (``None``: casts no vote), and per candidate
        #: with a country its index, country and region (``None``: no region vote)
        self.voters: list[tuple[float | None, list[tuple[int, str, Region | None]]]] = []
        #: per group: its countries and, per candidate, the index of its own among
        #: them (-1: none); the same for regions
        self.countries: list[tuple[list[str], list[int]]] = []
        self.regions: list[tuple[list[Region], list[int]]] = []
        for group in groups:
            voters: list[tuple[int, str, Region | None]] = []
            countries: dict[str, int] = {}
            regions: dict[Region, int] = {}
            by_country, by_region = [], []
            for idx, candidate in enumerate(group.candidates):
                place = candidate.place
                country = place.country or ""
                region = None
                if country and place.admin1 and place.kind is not PlaceKind.COUNTRY:
                    region = (country, place.admin1)
                if country:
                    voters.append((idx, country, region))
                by_country.append(countries.setdefault(country, len(countries)) if country else -1)
                by_region.append(-1 if region is None else regions.setdefault(region, len(regions)))
            weight = None if group.variant or group.inside else group.vote_weight
            self.voters.append((weight, voters))
            self.countries.append((list(countries), by_country))
            self.regions.append((list(regions), by_region))

    def terms(self, belief: Belief, fixed: Votes, config: ResolveTuning) -> tuple[Terms, Terms]:
        """The country and region terms of every candidate under ``belief``."""
        votes = Votes()
        owns = self._votes(belief.shares, votes, config.min_vote_share)
        countries = Shares(votes.country, fixed.country)
        regions = Shares(votes.region, fixed.region)
        return (
            _rows(countries, self.countries, [own for own, _ in owns], config.focus_country),
            _rows(regions, self.regions, [own for _, own in owns], config.focus_region),
        )

    def _votes(
        self, shares: Sequence[Sequence[float]], votes: Votes, min_share: float
    ) -> list[tuple[dict[str, float], dict[Region, float]]]:
        """Add every group's votes to ``votes``; each group's own, as :func:`votes_of`
        makes them."""
        if len(shares) != len(self.voters):
            raise ValueError("the belief does not fit the article's names")
        country, region = votes.country, votes.region
        owns: list[tuple[dict[str, float], dict[Region, float]]] = []
        for (weight, voters), believed, (_, of) in zip(
            self.voters, shares, self.countries, strict=True
        ):
            own_country: dict[str, float] = {}
            own_region: dict[Region, float] = {}
            owns.append((own_country, own_region))
            if weight is None:
                continue
            if len(believed) != len(of):
                raise ValueError("the belief does not fit the article's names")
            for idx, code, area in voters:
                p = believed[idx]
                if p < min_share:
                    continue
                vote = p * weight
                country[code] += vote
                own_country[code] = own_country.get(code, 0.0) + vote
                if area is not None:
                    region[area] += vote
                    own_region[area] = own_region.get(area, 0.0) + vote
        return owns


def _rows(
    shares: Shares[K],
    keyed: Sequence[tuple[list[K], list[int]]],
    owns: Sequence[Mapping[K, float]],
    weight: float,
) -> Terms:
    """Each group's terms: ``weight`` times :meth:`Shares.of` of each candidate's key
    (``keyed``: per group its keys and, per candidate, the index of its key, -1 for
    none), 0.0 for a candidate of no key.

    The division is :meth:`Shares.of`'s, written out: the same operations in order.
    """
    votes, base = shares.votes.get, shares.base.get
    votes_total, base_total = shares.votes_total, shares.base_total
    out: Terms = []
    for (keys, of), own in zip(keyed, owns, strict=True):
        if not keys:  # no candidate has a key: all 0.0
            out.append([0.0] * len(of))
            continue
        total_votes = votes_total - sum(own.values()) + base_total
        if total_votes <= 1e-9:
            row = [weight * 0.0 for _ in keys]
        else:
            mine = own.get
            row = []
            for key in keys:
                left = votes(key, 0.0) - mine(key, 0.0) + base(key, 0.0)
                # max(0.0, left), which is left only when left > 0.0 (a NaN gives 0.0)
                row.append(weight * ((left if left > 0.0 else 0.0) / total_votes))
        row.append(0.0)
        out.append([row[i] for i in of])
    return out


def article_focus(
    article: Article,
    belief: Belief,
    config: ResolveTuning,
    *,
    votes: Votes | None = None,
    fixed: Votes | None = None,
) -> dict[str, float]:
    """The article's countries and their shares of all the votes, largest first.

    ``votes``: :func:`votes_of` the article's names under ``belief``, if already made;
    ``fixed``: :func:`fixed_votes`, likewise.
    """
    focus = country_votes(article, belief, config, votes=votes, fixed=fixed)
    total = sum(focus.values()) or 1.0
    return {code: v / total for code, v in sorted(focus.items(), key=lambda kv: -kv[1])}


def region_focus(
    article: Article,
    belief: Belief,
    config: ResolveTuning,
    *,
    votes: Votes | None = None,
    fixed: Votes | None = None,
) -> dict[Region, float]:
    """The article's first-level regions and their shares of all the region votes,
    largest first: the same votes as :func:`article_focus`, by region."""
    if votes is None:
        votes = votes_of(article.groups, belief.shares, config.min_vote_share)
    focus = dict(votes.region)
    if fixed is None:
        fixed = fixed_votes(article, config)
    for key, value in fixed.region.items():
        focus[key] = focus.get(key, 0.0) + value
    total = sum(focus.values()) or 1.0
    return {key: v / total for key, v in sorted(focus.items(), key=lambda kv: (-kv[1], kv[0]))}


def focus_votes(
    article: Article, belief: Belief, config: ResolveTuning, votes: Votes
) -> tuple[dict[str, float], dict[Region, float], dict[str, float]]:
    """:func:`article_focus`, :func:`region_focus` and :func:`country_votes` under
    ``belief`` (``votes``: :func:`votes_of` it), the fixed votes read once for all three."""
    fixed = fixed_votes(article, config)
    return (
        article_focus(article, belief, config, votes=votes, fixed=fixed),
        region_focus(article, belief, config, votes=votes, fixed=fixed),
        country_votes(article, belief, config, votes=votes, fixed=fixed),
    )


def main_region(countries: Mapping[str, float], regions: Mapping[Region, float]) -> Region | None:
    """The article's focus region: the one with most votes in its main country
    (the first of ``countries``), ``None`` when that country has none.

    Examples
    --------
    >>> main_region({"MZ": 0.8, "TZ": 0.2}, {("TZ", "07"): 0.5, ("MZ", "01"): 0.3})
    ('MZ', '01')
    >>> main_region({"ML": 1.0}, {}) is None
    True
    """
    top = next(iter(countries), None)
    return next((key for key in regions if key[0] == top), None)


def country_votes(
    article: Article,
    belief: Belief,
    config: ResolveTuning,
    *,
    votes: Votes | None = None,
    fixed: Votes | None = None,
) -> dict[str, float]:
    """Every name's (and demonym's) raw votes for each country, unnormalised."""
    if votes is None:
        votes = votes_of(article.groups, belief.shares, config.min_vote_share)
    found = dict(votes.country)
    if fixed is None:
        fixed = fixed_votes(article, config)
    for code, value in fixed.country.items():
        found[code] = found.get(code, 0.0) + value
    return found


def others_focus(
    votes: Mapping[str, float],
    group: Group,
    shares: Sequence[float],
    config: ResolveTuning,
    *,
    own: Mapping[str, float] | None = None,
) -> dict[str, float]:
    """The article's country shares without ``group``'s own votes (what the rest says).

    Empty when the rest casts fewer than ``config.abroad_min_votes`` votes. ``own``:
    the group's own country votes, if already counted (:func:`group_votes`).
    """
    if own is None:
        own = votes_of([group], [shares], config.min_vote_share).country
    rest = {code: v - own.get(code, 0.0) for code, v in votes.items()}
    rest = {code: v for code, v in rest.items() if v > 1e-9}
    total = sum(rest.values())
    if total <= 0 or total < config.abroad_min_votes:
        return {}
    return {code: v / total for code, v in rest.items()}
