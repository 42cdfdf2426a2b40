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
from itertools import accumulate, chain, pairwise, repeat
from math import exp
from operator import add, sub, truediv

from conflictmap.recognize.spotter import Spots
from conflictmap.resolve.assemble import Assembler
from conflictmap.resolve.base import Resolution
from conflictmap.resolve.confidence import Calibrator, default_calibrator
from conflictmap.resolve.evidence import default_evidence, default_priors
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
        """Choose a place for every spot of ``text`` (the offsets of ``spots`` index into it)."""
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
        flat = _Flat(pins, self.config.temperature)
        prior = flat.total([t for unit in self.priors for t in unit.prior(article)])
        belief = flat.belief(prior)
        scorers = [unit.start(article) for unit in self.evidence]
        for _ in range(max(1, self.config.iterations)):
            terms = [t for scorer in scorers for t in scorer(belief)]
            belief = flat.belief(flat.total(terms, prior))
        return belief


class _Flat:
    """An article's candidates end to end: each round's sums and softmax in C loops.

    Each candidate's score is summed from 0.0 one term after another (not ``sum()``:
    that compensates from Python 3.12), term by term over all the candidates at once;
    each name's softmax (:func:`~conflictmap.resolve.base.softmax`) is worked out by
    the same operations in the same order, over all the names at once.
    """

    def __init__(self, pins: Sequence[Sequence[float | None]], temperature: float) -> None:
        self.pins = pins
        self.sizes = [len(pinned) for pinned in pins]
        self.spans = list(pairwise(accumulate(self.sizes, initial=0)))
        self.count = self.spans[-1][1] if self.spans else 0
        self.temperature = temperature
        #: the pinned scores: where in the flat list, and the score
        self.pinned = [
            (start + idx, pin)
            for (start, _), row in zip(self.spans, pins, strict=True)
            if row.count(None) != len(row)
            for idx, pin in enumerate(row)
            if pin is not None
        ]

    def total(self, terms: Sequence[Terms], prior: list[float] | None = None) -> list[float]:
        """Each candidate's ``prior`` (a :meth:`total`) and ``terms`` summed in order, or
        its pinned score where it has one."""
        sizes = self.sizes
        if not all(list(map(len, term)) == sizes for term in terms):
            first = [] if prior is None else [self.rows(prior)]
            return list(chain.from_iterable(_sum_rows(self.pins, [*first, *terms])))
        totals = [0.0] * self.count
        if prior is not None:
            totals = list(map(add, totals, prior))
        for term in terms:  # term by term over all candidates: each total grows as in a loop
            totals = list(map(add, totals, chain.from_iterable(term)))
        for at, pin in self.pinned:
            totals[at] = pin
        return totals

    def rows(self, flat: list[float]) -> Terms:
        """``flat`` cut into the names' rows."""
        return [flat[start:end] for start, end in self.spans]

    def belief(self, scores: list[float]) -> Belief:
        """The belief of the flat ``scores``: each name's scores and their softmax."""
        spans, sizes = self.spans, self.sizes
        tops = [max(scores[start:end]) if end > start else 0.0 for start, end in spans]
        shifted = map(sub, scores, chain.from_iterable(map(repeat, tops, sizes)))
        exps = list(map(exp, map(truediv, shifted, repeat(self.temperature))))
        totals = [sum(exps[start:end]) for start, end in spans]
        shares = list(map(truediv, exps, chain.from_iterable(map(repeat, totals, sizes))))
        return Belief(
            scores=tuple(tuple(scores[start:end]) for start, end in spans),
            shares=tuple(tuple(shares[start:end]) for start, end in spans),
        )


def _sum(pins: Sequence[Sequence[float | None]], terms: Sequence[Terms]) -> Terms:
    """Each candidate's terms summed in order, or its pinned score where it has one
    (:meth:`_Flat.total`, in rows)."""
    flat = _Flat(pins, 1.0)
    return flat.rows(flat.total(terms))


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
