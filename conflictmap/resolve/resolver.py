"""Toponym resolution: choose one gazetteer entry for each spotted name.

:class:`GazetteerResolver` scores every candidate of a name with the evidence a
careful reader uses (:mod:`conflictmap.resolve.evidence`), and picks the best:

* the user's corrections, above everything;
* what kind of place it is, how many people live there, whether the name is its
  own or an alternate one;
* an explicit container: "Paris, Texas", "Louisville, Ky.", "Kidal, Mali";
* the article's focus, found jointly: each name's candidates vote for their
  country and first-level region in proportion to how likely they are, the votes
  re-weight the candidates, and this repeats a few times; demonyms vote too;
* closeness to the places the article names with confidence;
* one sense per article: every mention of a name gets the same place, and a
  spelling variant of a placed name is that place.

The priors are summed once; the evidence is summed again in every round from the
previous round's belief (the softmax of the scores). Confidence is calibrated
(:mod:`conflictmap.resolve.confidence`); :mod:`conflictmap.resolve.assemble`
turns the final belief into mentions. Every number is in
:class:`~conflictmap.tuning.resolve.ResolveTuning`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from math import isfinite
from operator import add

from conflictmap.recognize.pause import collection_paused
from conflictmap.recognize.spotter import Spots
from conflictmap.resolve.assemble import Assembler
from conflictmap.resolve.base import Resolution, softmax
from conflictmap.resolve.confidence import Calibrator, default_calibrator
from conflictmap.resolve.evidence import SHARES_ONLY, default_evidence, default_priors
from conflictmap.resolve.evidence.base import Article, Belief, Evidence, Prior, Terms
from conflictmap.resolve.evidence.corrections import Corrections
from conflictmap.resolve.groups import fixed_places, groups_of
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning

__all__ = ["GazetteerResolver"]


class GazetteerResolver:
    """Chooses a place for each spot from a gazetteer's candidates.

    Parameters
    ----------
    gazetteer : Gazetteer
        Where the candidates of each name come from.
    config : ResolveTuning, optional
        Every weight and threshold (default: the tuned values).
    calibrator : Calibrator, optional
        The confidence model (default: the one shipped with the package).
    calibrate : bool
        ``False`` reports the softmax share and drops nothing by confidence (for
        training the confidence model).
    priors, evidence : optional
        The evidence units (default: :func:`~conflictmap.resolve.evidence.default_priors`
        and :func:`~conflictmap.resolve.evidence.default_evidence` of ``config``).

    Examples
    --------
    >>> from conflictmap.model import Place
    >>> from conflictmap.recognize.spotter import Spotter
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city",
    ...           population=133110),
    ...     Place(id="t:2", name="Gao", lat=11.65, lon=-2.18, country="BF", kind="town",
    ...           population=26453),
    ...     Place(id="t:3", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
    ... ])
    >>> text = "In Mali, rebels held Gao."
    >>> res = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text))
    >>> [(m.text, m.place) for m in res.mentions]
    [('Mali', 't:3'), ('Gao', 't:1')]
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        *,
        config: ResolveTuning | None = None,
        calibrator: Calibrator | None = None,
        calibrate: bool = True,
        priors: Sequence[Prior] | None = None,
        evidence: Sequence[Evidence] | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.config = config if config is not None else ResolveTuning()
        self.calibrator = calibrator if calibrator is not None else default_calibrator()
        self.calibrate = calibrate
        self.priors = tuple(priors) if priors is not None else default_priors(self.config)
        self.evidence = tuple(evidence) if evidence is not None else default_evidence(self.config)
        self.corrections = Corrections(self.config)

    def resolve(self, text: str, spots: Spots) -> Resolution:
        """Choose a place for every spot of ``text`` (the offsets of ``spots`` index into it).

        The cyclic collector is paused meanwhile (:mod:`conflictmap.recognize.pause`): a
        long article's groups, candidates and mentions make no reference cycle, and the
        collector would walk them, and the spots, again and again (issue 20).
        """
        with collection_paused():
            article = self.read(spots)
            belief = self.believe(article)
            assembler = Assembler(
                article, config=self.config, calibrator=self.calibrator, calibrate=self.calibrate
            )
            return assembler.resolution(belief)

    def read(self, spots: Spots) -> Article:
        """What the evidence reads: the spots grouped by name, the places named outright."""
        items = (*spots.spots, *spots.guesses)  # guesses last: the spots keep their indexes
        return Article(
            spots=items,
            groups=groups_of(items, self.gazetteer, self.config),
            fixed=fixed_places(items, self.gazetteer),
            demonyms=spots.demonyms,
            gazetteer=self.gazetteer,
        )

    def believe(self, article: Article) -> Belief:
        """The belief after the priors and ``config.iterations`` rounds of evidence."""
        pins = [[self.corrections.pin(c) for c in group.candidates] for group in article.groups]
        prior = _sum(pins, [t for unit in self.priors for t in unit.prior(article)])
        belief = self._belief(prior)
        scorers = [unit.start(article) for unit in self.evidence]
        settles = all(type(unit) in SHARES_ONLY for unit in self.evidence)
        for _ in range(max(1, self.config.iterations)):
            terms = [t for scorer in scorers for t in scorer(belief)]
            last, belief = belief, self._belief(_sum(pins, [prior, *terms]))
            if settles and belief.shares == last.shares:
                # the terms are the shares' alone, so every round left would give this
                # belief again (shares are never -0.0, and a NaN makes them unequal)
                break
        return belief

    def _belief(self, scores: Terms) -> Belief:
        temperature = self.config.temperature
        alone: tuple[float, ...] | None = None  # the share of a name's only candidate
        shares = []
        for row in scores:
            if len(row) == 1 and isfinite(row[0]):  # its score less itself is 0.0
                if alone is None:
                    alone = tuple(softmax([0.0], temperature))
                shares.append(alone)
            else:
                shares.append(tuple(softmax(row, temperature)))
        return Belief(scores=tuple(tuple(row) for row in scores), shares=tuple(shares))


def _sum(pins: Sequence[Sequence[float | None]], terms: Sequence[Terms]) -> Terms:
    """Each candidate's terms summed in order, or its pinned score where it has one.

    Each sum starts from 0.0 and adds one term after another (not ``sum()``: that
    compensates from Python 3.12), term by term over all the article's candidates at
    once when every term is shaped like ``pins``.
    """
    sizes = [len(pinned) for pinned in pins]
    if not all(list(map(len, term)) == sizes for term in terms):
        return _sum_rows(pins, terms)
    totals = [0.0] * sum(sizes)
    for term in terms:  # term by term over all candidates: each total grows as in a loop
        totals = list(map(add, totals, chain.from_iterable(term)))
    out: Terms = []
    start = 0
    for pinned, size in zip(pins, sizes, strict=True):
        row = totals[start : start + size]
        start += size
        if pinned.count(None) != size:  # a correction pins some candidate
            for idx, pin in enumerate(pinned):
                if pin is not None:
                    row[idx] = pin
        out.append(row)
    return out


def _sum_rows(pins: Sequence[Sequence[float | None]], terms: Sequence[Terms]) -> Terms:
    """:func:`_sum` one candidate at a time (a term longer or shorter than a group)."""
    out: Terms = []
    for number, pinned in enumerate(pins):
        row = []
        for idx, pin in enumerate(pinned):
            if pin is not None:
                row.append(pin)
                continue
            total = 0.0
            for term in terms:
                total += term[number][idx]
            row.append(total)
        out.append(row)
    return out
