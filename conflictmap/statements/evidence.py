"""Statements as resolution evidence: prefer the readings that make them hold.

When a subject or an anchor of a statement has several gazetteer candidates,
each combination of candidates is judged, and a reading the article's own
geography contradicts is penalised (:data:`PENALTY`, in the resolver's
log-odds-like score units). The resolver's ranked candidates are re-scored
jointly (a few rounds of coordinate ascent over the ambiguous names, one sense
per name), so an ambiguous anchor and an ambiguous subject can settle each
other. The user's corrections outrank anything a statement can add.

This works on a finished :class:`~conflictmap.resolve.Resolution` (its ranked
candidates, scores and softmax temperature), so it needs no second spotting pass
and can move both ends of a statement at once. A moved mention keeps everything
but its place, confidence, alternatives and reason (its kind stays a ``variant``
if it was one). Time is linear in the number of statements: each name is
re-scored once, whatever the number of its mentions.

Examples
--------
>>> PENALTY["contradicts"] < PENALTY["approximate"] < PENALTY["consistent"] == 0.0
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from conflictmap.model import Mention, Place, StatementKind, Verdict
from conflictmap.resolve import Resolution, Scored, share
from conflictmap.statements.parse import Parsed
from conflictmap.statements.spotted import spotted
from conflictmap.tuning.resolve import RerankTuning, ResolveTuning

__all__ = ["PENALTY", "VerdictOf", "penalties", "rerank"]

#: judges a statement for a reading: (parsed, subject, anchor, anchor2) -> verdict
VerdictOf = Callable[[Parsed, Place | None, Place | None, Place | None], str | None]

#: the reason a re-ranked mention reports
REASON = "statement"
#: kinds that say where a *named* place is (evidence needs a subject)
_EVIDENCE_KINDS = frozenset(
    {
        StatementKind.OFFSET,
        StatementKind.DISTANCE,
        StatementKind.DIRECTION,
        StatementKind.NEAR,
        StatementKind.OUTSKIRTS,
        StatementKind.BETWEEN,
        StatementKind.ROAD_BETWEEN,
        StatementKind.PART_OF,
        StatementKind.ALONG_BORDER,
    }
)
_DEFAULT = ResolveTuning()


def penalties(tuning: RerankTuning) -> Mapping[str | None, float]:
    """The score a verdict adds to a reading (nothing when there is no verdict)."""
    scores: dict[str | None, float] = {
        Verdict.CONSISTENT: 0.0,
        Verdict.APPROXIMATE: tuning.approximate,
        Verdict.CONTRADICTS: tuning.contradicts,
        None: 0.0,
    }
    return scores


#: score added to a reading by the verdict it gives a statement
PENALTY = penalties(_DEFAULT.rerank)

#: one reading of the ambiguous names: name key → the candidate chosen for it
Reading = Mapping[str, Scored]


class _Names:
    """Which name (one sense per article) each mention of a resolution belongs to."""

    def __init__(self, resolution: Resolution) -> None:
        self.resolution = resolution
        found = spotted(resolution)
        #: mention index → spot index (``None``: no spot)
        self.spot_of = found.spot
        self.known = {p.id: p for p in resolution.places}
        #: mention index → its name (a name of its own when it has no spot), made once:
        #: the re-ranking asks for it several times per statement
        self.keys = [
            key if key is not None else f"#mention{index}" for index, key in enumerate(found.key)
        ]

    def key(self, index: int) -> str:
        """The name of mention ``index`` (a name of its own when it has no spot)."""
        return self.keys[index]

    def ranked(self, index: int) -> tuple[Scored, ...]:
        spot = self.spot_of[index]
        return tuple(self.resolution.ranked.get(spot, ())) if spot is not None else ()


def _ends(p: Parsed) -> tuple[int | None, int | None, int | None]:
    return (p.subject, p.anchor, p.anchor2)


def _options(useful: Iterable[Parsed], names: _Names, top: int) -> dict[str, tuple[Scored, ...]]:
    """The ambiguous names the statements touch, each with its first ``top`` candidates."""
    mentions = names.resolution.mentions
    options: dict[str, tuple[Scored, ...]] = {}
    seen: set[int] = set()  # what a mention gives does not change: read each once
    for p in useful:
        for index in (p.subject, p.anchor, p.anchor2):  # _ends(p), without a call
            if index is None or index in seen:
                continue
            seen.add(index)
            if mentions[index].place is None:
                continue
            ranked = names.ranked(index)
            if ranked and ranked[0].place.id != mentions[index].place:
                continue  # the resolver moved past its ranking (a correction): leave it
            if len(ranked) > 1:
                options[names.key(index)] = tuple(ranked[:top])
    return options


class _Scorer:
    """Scores readings: a candidate's own score plus the verdicts of its statements."""

    def __init__(
        self,
        useful: Sequence[Parsed],
        names: _Names,
        options: Mapping[str, tuple[Scored, ...]],
        verdict_of: VerdictOf,
        penalty: Mapping[str | None, float],
    ) -> None:
        self.names = names
        self.verdict_of = verdict_of
        self.penalty = penalty
        #: per name, the statements touching it as templates: the first statement of each
        #: template, and the template of every statement in text order
        self.touching: dict[str, tuple[list[Parsed], list[int]]] = {
            key: ([], []) for key in options
        }
        templates: dict[str, dict[tuple[object, ...], int]] = {key: {} for key in options}
        keys, touching = names.keys, self.touching
        #: each touching statement's measure number (:meth:`_template`), by ``id``
        self.measures: dict[int, int] = {}
        numbers: dict[tuple[object, ...], int] = {}
        for p in useful:
            # the names of its ends that are ambiguous, each once (in any order: each
            # name's lists are its own)
            s, a, b = p.subject, p.anchor, p.anchor2
            touched = {
                key
                for key in (
                    keys[s] if s is not None else None,
                    keys[a] if a is not None else None,
                    keys[b] if b is not None else None,
                )
                if key in touching
            }
            if not touched:
                continue
            template = self._template(p, numbers)
            for key in touched:
                firsts, order = touching[key]
                seen = templates[key].setdefault(template, len(firsts))
                if seen == len(firsts):
                    firsts.append(p)
                order.append(seen)
        self.memo: dict[tuple[object, ...], float] = {}

    def _template(self, p: Parsed, numbers: dict[tuple[object, ...], int]) -> tuple[object, ...]:
        """What :meth:`_evidence` reads of ``p``: two statements with one template get the
        same evidence under every reading (each end is its name and resolved place).

        Its kind, distance, direction and cue are numbered once (``numbers``: each
        such measure's number), so that the distance and the direction, hashed in
        Python, are hashed once per statement, not once per name and reading.
        """
        mentions, keys = self.names.resolution.mentions, self.names.keys
        s, a, b = p.subject, p.anchor, p.anchor2
        ends = (
            (keys[s], mentions[s].place) if s is not None else None,
            (keys[a], mentions[a].place) if a is not None else None,
            (keys[b], mentions[b].place) if b is not None else None,
        )
        measure = numbers.setdefault((p.kind, p.distance, p.direction, p.cue), len(numbers))
        self.measures[id(p)] = measure
        return (measure, ends)

    def _place(self, index: int | None, reading: Reading, key: str, option: Scored) -> Place | None:
        if index is None:
            return None
        name = self.names.key(index)
        if name == key:
            return option.place
        if name in reading:
            return reading[name].place
        pid = self.names.resolution.mentions[index].place
        return self.names.known.get(pid) if pid is not None else None

    def _evidence(self, p: Parsed, reading: Reading, key: str, option: Scored) -> float:
        ends = tuple(self._place(i, reading, key, option) for i in _ends(p))
        memo_key = (self.measures[id(p)], *(e.id if e else None for e in ends))
        if memo_key not in self.memo:
            self.memo[memo_key] = self.penalty.get(self.verdict_of(p, *ends), 0.0)
        return self.memo[memo_key]

    def total(self, key: str, option: Scored, reading: Reading) -> float:
        """The score of ``option`` for ``key`` with the other names read as in ``reading``.

        Each template is judged once (in the order the statements first use it, as each
        statement was before), then the evidence is summed statement by statement in text
        order: the same sum, without re-reading every statement per option and round
        (issue 20: a name touched by thousands of statements).
        """
        firsts, order = self.touching[key]
        values = [self._evidence(p, reading, key, option) for p in firsts]
        return option.score + sum(map(values.__getitem__, order))


def _ascend(
    options: Mapping[str, tuple[Scored, ...]], scorer: _Scorer, rounds: int
) -> dict[str, Scored]:
    """Coordinate ascent: each name in turn takes its best option given the others."""
    choice = {key: ranked[0] for key, ranked in options.items()}
    for _ in range(rounds):
        moved = False
        for key, ranked in options.items():
            scores = [(scorer.total(key, option, choice), option) for option in ranked]
            best_score, best = max(scores, key=lambda pair: pair[0])
            current_score = next(s for s, o in scores if o is choice[key])
            if best is not choice[key] and best_score > current_score + 1e-9:
                choice[key] = best
                moved = True
        if not moved:
            break
    return choice


def rerank(
    parsed: Sequence[Parsed],
    resolution: Resolution,
    verdict_of: VerdictOf,
    *,
    config: ResolveTuning = _DEFAULT,
) -> Resolution | None:
    """``resolution`` with choices changed where statements say so, else ``None``.

    Parameters
    ----------
    parsed : sequence of Parsed
        The article's statements (their mention indexes index ``resolution.mentions``).
    resolution : Resolution
        The resolver's answer; its ``temperature`` turns scores into confidences.
    verdict_of : callable
        Judges a statement for one reading of its ends.
    config : ResolveTuning
        Supplies :class:`~conflictmap.tuning.resolve.RerankTuning` and the mention limits.
    """
    # a list of compass points ("west and south of X") is one phrase: its statements
    # share a span and a verdict, and count once
    phrases = {
        (p.start, p.end, p.kind): p
        for p in reversed(parsed)
        if p.kind in _EVIDENCE_KINDS and p.subject is not None and p.anchor is not None
    }
    useful = sorted(phrases.values(), key=lambda p: p.start)
    if not useful:
        return None
    names = _Names(resolution)
    options = _options(useful, names, config.rerank.top)
    if not options:
        return None
    scorer = _Scorer(useful, names, options, verdict_of, penalties(config.rerank))
    choice = _ascend(options, scorer, config.rerank.rounds)
    changed = {key for key, option in choice.items() if option.place.id != options[key][0].place.id}
    if not changed:
        return None
    return _Rebuild(names, options, choice, scorer, config).resolution(changed)


class _Rebuild:
    """The resolution after the moves: mentions, ranked candidates and places."""

    def __init__(
        self,
        names: _Names,
        options: Mapping[str, tuple[Scored, ...]],
        choice: Reading,
        scorer: _Scorer,
        config: ResolveTuning,
    ) -> None:
        self.names = names
        self.options = options
        self.choice = choice
        self.scorer = scorer
        self.config = config
        self.rescored: dict[str, tuple[Scored, ...]] = {}

    def _rescore(self, key: str, old: Sequence[Scored]) -> tuple[Scored, ...]:
        """A name's candidates re-scored under the final reading (once per name)."""
        if key not in self.rescored:
            tried = self.options[key]
            rescored = [
                replace(s, score=self.scorer.total(key, s, self.choice)) if s in tried else s
                for s in old
            ]
            rescored.sort(key=lambda s: (-s.score, s.place.id))
            self.rescored[key] = tuple(rescored)
        return self.rescored[key]

    def _moved(self, mention: Mention, old: Sequence[Scored], new: Sequence[Scored]) -> Mention:
        config = self.config
        first = config.rerank.share_candidates
        temperature = self.names.resolution.temperature
        top = new[0]
        factor = mention.confidence / share(old, old[0].score, temperature, first=first)
        confidence = share(new, top.score, temperature, first=first) * factor
        return replace(
            mention,
            place=top.place.id,
            confidence=max(config.min_reported, min(config.max_reported, confidence)),
            alternatives=tuple(s.place.id for s in new[1 : 1 + config.alternatives]),
            reason=REASON,
        )

    def resolution(self, changed: set[str]) -> Resolution:
        resolution = self.names.resolution
        new_ranked = dict(resolution.ranked)
        mentions: list[Mention] = []
        for index, mention in enumerate(resolution.mentions):
            key = self.names.key(index)
            old = self.names.ranked(index)
            if key not in changed or not old:
                mentions.append(mention)
                continue
            new = self._rescore(key, old)
            spot = self.names.spot_of[index]
            if spot is not None:  # (it has one: ``old`` is its ranking)
                new_ranked[spot] = new
            mentions.append(self._moved(mention, old, new))
        replaced = {self.options[key][0].place.id for key in changed}
        places = self._places(mentions, new_ranked, replaced)
        return replace(resolution, mentions=tuple(mentions), places=places, ranked=new_ranked)

    def _places(
        self,
        mentions: Sequence[Mention],
        ranked: Mapping[int, tuple[Scored, ...]],
        replaced: set[str],
    ) -> tuple[Place, ...]:
        """The places the mentions name, then the others the resolution had (but the replaced)."""
        places: dict[str, Place] = {}
        for index, mention in enumerate(mentions):
            if mention.place is None or mention.place in places:
                continue
            spot = self.names.spot_of[index]
            candidates = ranked.get(spot, ()) if spot is not None else ()
            place = self.names.known.get(mention.place) or next(
                (s.place for s in candidates if s.place.id == mention.place), None
            )
            if place is not None:
                places[mention.place] = place
        for place in self.names.resolution.places:
            if place.id not in places and place.id not in replaced:
                places[place.id] = place
        return tuple(places.values())
