"""Toponym recognition: find the spans of an article that name places.

The spotter proposes every capitalised span of up to seven words (with lower-case
connectors such as "of", "de", "el" inside), asks the gazetteer which of them are
names, and keeps the longest match at each position. Rules then remove what a
careful reader would: people ("President Traoré", "Obama administration"),
organisations ("Wall Street Journal"), comparisons ("Texas-size"), words that are
capitalised only because they open a sentence, months and weekdays, and names the
user rejected. Demonyms ("Malian army") are kept as evidence of the article's
focus, and "the Mauritanian border" becomes a border mention.

Unknown capitalised words next to a place cue ("the town of Diabili") and
variants of a name already found ("Diabili" beside "Diabali") are matched with
edit distance (rapidfuzz), never ordinary words.

Recognition is separate from resolution: anything with a ``spot(text)`` method
returning :class:`Spots` can replace :class:`Spotter`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from .folding import fold
from .gazetteer.store import Gazetteer
from .lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    MONTHS_DAYS,
    NOT_PLACE_SUFFIXES,
    ORG_HEADS,
    PERSON_FOLLOWERS,
    PLACE_CUES,
    PLACE_HEADS,
    STRONG_CUES,
    TITLES,
)
from .tokens import Token, tokenize

__all__ = ["Recognizer", "Spot", "Spots", "Spotter"]

MAX_WORDS = 7
_PARTICLES = frozenset("de da di du la le al el bin ibn van von der den ter dos das".split())
_ROLE_NOUNS = frozenset(
    "president minister secretary spokesman spokeswoman spokesperson general commander "
    "governor mayor senator ambassador envoy leader chief director".split()
)
_JOINERS = (" ", "-", "‐", "-", " - ")


@dataclass(frozen=True, slots=True)
class Spot:
    """A span that names (or may name) a place.

    ``kind`` is ``"name"`` (a gazetteer name), ``"variant"`` (a spelling variant
    matched by edit distance: ``key`` is the known name it matched), ``"border"``
    (``countries`` holds the named side), or ``"unknown"`` (a capitalised word that
    a cue marks as a place but that no layer knows).
    """

    start: int
    end: int
    text: str
    key: str
    kind: str = "name"
    countries: tuple[str, ...] = ()
    sentence_start: bool = False
    cue: str | None = None
    similarity: float = 1.0


@dataclass(frozen=True, slots=True)
class Spots:
    """What recognition found: place spans, plus evidence that is not a pin."""

    spots: tuple[Spot, ...] = ()
    #: country codes of demonyms ("Malian" → ML), with counts
    demonyms: Counter[str] = field(default_factory=Counter)
    #: spans recognised as people or organisations (kept for explanations)
    rejected: tuple[tuple[int, int, str, str], ...] = ()


class Recognizer(Protocol):
    def spot(self, text: str) -> Spots: ...


@dataclass(slots=True)
class _Span:
    i: int
    j: int  # inclusive token index
    start: int
    end: int
    key: str


class Spotter:
    """The default recognizer, backed by a :class:`~conflictmap.gazetteer.store.Gazetteer`.

    Examples
    --------
    >>> from conflictmap.models import Place
    >>> gaz = Gazetteer.from_places([
    ...     Place(id="t:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city"),
    ...     Place(id="t:2", name="Texas", lat=31.0, lon=-99.0, country="US", kind="region"),
    ... ])
    >>> found = Spotter(gaz).spot("Jets struck Gao in a Texas-size desert.")
    >>> [(s.text, s.kind) for s in found.spots]
    [('Gao', 'name')]
    """

    def __init__(self, gazetteer: Gazetteer, *, fuzzy: bool = True) -> None:
        self.gazetteer = gazetteer
        self.fuzzy = fuzzy

    # -- public -------------------------------------------------------------

    def spot(self, text: str, tokens: Sequence[Token] | None = None) -> Spots:
        tokens = list(tokens) if tokens is not None else tokenize(text)
        spans = self._candidate_spans(text, tokens)
        gaz = self.gazetteer
        keys = {s.key for s in spans}
        known = gaz.known_keys(keys)
        never = {k for k in keys if k in gaz.never_place_keys}
        demonym_keys = gaz.demonym_keys
        lower_words = _lowercase_vocabulary(tokens)

        person_keys: set[str] = set()
        rejected: list[tuple[int, int, str, str]] = []
        spots: list[Spot] = []
        demonyms: Counter[str] = Counter()
        by_start: dict[int, list[_Span]] = {}
        for span in spans:
            by_start.setdefault(span.i, []).append(span)

        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i]
            options = sorted(by_start.get(i, ()), key=lambda s: s.j, reverse=True)
            chosen = None
            for span in options:
                if span.key in never:
                    rejected.append(
                        (span.start, span.end, text[span.start : span.end], "never a place")
                    )
                    chosen = span
                    break
                if span.key in known:
                    chosen = span
                    break
            if chosen is not None and chosen.i == chosen.j and chosen.key in demonym_keys:
                chosen = None  # "Malian", "African": a demonym, not the village of that name
            # A person: "President Dioncounda Traoré", "Daniel Larison".
            if chosen is None or chosen.key not in never:
                person = self._person_after_title(text, tokens, i)
                if person is None and (chosen is None or chosen.j == i):
                    person = self._person_by_first_name(text, tokens, i, known)
                if person is not None:
                    j = person
                    start, end = tokens[i].start, tokens[j].end
                    rejected.append((start, end, text[start:end], "person"))
                    for t in tokens[i : j + 1]:
                        if t.capitalised and fold(t.text) not in known:
                            person_keys.add(fold(t.text))
                    if j > i and tokens[j].capitalised:
                        person_keys.add(fold(tokens[j].text))
                    i = j + 1
                    continue
            if chosen is None:
                key = fold(tok.text)
                if tok.capitalised and key in demonym_keys:
                    demonyms.update(gaz.demonym(key))
                    border = self._border_after(text, tokens, i)
                    if border is not None:
                        end = tokens[border].end
                        spots.append(
                            Spot(tok.start, end, text[tok.start : end], key, "border",
                                 tuple(gaz.demonym(key)), tok.sentence_start)
                        )  # fmt: skip
                        i = border + 1
                        continue
                i += 1
                continue
            if chosen.key in never:
                i = chosen.j + 1
                continue
            verdict = self._keep(text, tokens, chosen, lower_words, person_keys)
            if verdict is None:
                spots.append(
                    Spot(chosen.start, chosen.end, text[chosen.start : chosen.end], chosen.key,
                         "name", (), tokens[chosen.i].sentence_start, _cue(tokens, chosen.i))
                )  # fmt: skip
            else:
                rejected.append(
                    (chosen.start, chosen.end, text[chosen.start : chosen.end], verdict)
                )
            i = chosen.j + 1

        if self.fuzzy:
            spots.extend(
                self._variants(text, tokens, spots, known | never, person_keys, lower_words)
            )
        spots.sort(key=lambda s: s.start)
        # A person's surname later on its own ("Hagel") is still the person.
        if person_keys:
            kept = []
            for s in spots:
                if s.key in person_keys and s.kind != "border":
                    rejected.append((s.start, s.end, s.text, "person"))
                else:
                    kept.append(s)
            spots = kept
        return Spots(tuple(spots), demonyms, tuple(sorted(rejected)))

    # -- candidate spans ------------------------------------------------------

    def _candidate_spans(self, text: str, tokens: Sequence[Token]) -> list[_Span]:
        spans = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if not _can_start(tok):
                continue
            j = i
            while j < n and j - i < MAX_WORDS:
                cur = tokens[j]
                if j > i:
                    gap = text[tokens[j - 1].end : cur.start]
                    if not _joinable(gap, tokens[j - 1]):
                        break
                    if not (
                        cur.capitalised or cur.text.lower() in CONNECTORS or cur.text.isdigit()
                    ):
                        break
                if cur.capitalised or (cur.text.isdigit() and j > i):
                    spans.append(_Span(i, j, tok.start, cur.end, fold(text[tok.start : cur.end])))
                j += 1
        return spans

    # -- rules ------------------------------------------------------------------

    def _keep(
        self,
        text: str,
        tokens: Sequence[Token],
        span: _Span,
        lower_words: set[str],
        person_keys: set[str],
    ) -> str | None:
        """``None`` to keep a gazetteer match, else the reason to drop it."""
        first = tokens[span.i]
        single = span.i == span.j
        lowered = first.text.lower()
        if single and lowered in MONTHS_DAYS:
            return "month or weekday"
        if span.key in person_keys:
            return "person"
        # Short all-caps tokens are acronyms (GAO, CIA) unless the name is one.
        if (
            single
            and first.all_caps
            and len(first.text.replace(".", "")) <= 5
            and not any(c.upper_only or c.curated for c in self.gazetteer.candidates(span.key))
        ):
            return "acronym"
        after = text[span.end : span.end + 12]
        if (
            after[:1] in "-‐"
            and after[1:].split(" ")[0].rstrip(".,;:").lower() in NOT_PLACE_SUFFIXES
        ):
            return "comparison"
        if first.sentence_start and single and (lowered in COMMON_WORDS or lowered in lower_words):
            return "sentence-initial common word"
        if single and lowered in COMMON_WORDS and _in_title_run(tokens, span):
            return "part of a name"
        nxt = tokens[span.j + 1] if span.j + 1 < len(tokens) else None
        if nxt is not None and _adjacent(text, tokens[span.j], nxt):
            follower = nxt.text.lower()
            if follower in PERSON_FOLLOWERS:
                return "person"
            if nxt.capitalised and follower in ORG_HEADS:
                return "organisation"
        prev = tokens[span.i - 1] if span.i > 0 else None
        if (
            prev is not None
            and prev.capitalised
            and _adjacent(text, prev, first)
            and prev.text.lower() in TITLES
            and not first.sentence_start
        ):
            return "person"
        if single and len(first.text) <= 2 and not first.all_caps:
            return "too short"
        return None

    def _person_by_first_name(
        self, text: str, tokens: Sequence[Token], i: int, known: set[str]
    ) -> int | None:
        """If tokens[i] is a given name followed by a surname, the surname's index.

        "Daniel Larison", "Chuck Hagel", "Jean-Yves Le Drian" are people; "Austin,
        Texas" (a comma) and "Georgia Tech" (not a surname) are not.
        """
        tok = tokens[i]
        key = fold(tok.text)
        if not tok.capitalised or tok.all_caps or key not in self.gazetteer.first_names:
            return None
        if key in known and self._prominent(key):
            return None  # "Paris Monday", "Austin police": the place, not a person
        k = i
        while (
            k + 1 < len(tokens)
            and _adjacent(text, tokens[k], tokens[k + 1])
            and not tokens[k + 1].sentence_start
            and (tokens[k + 1].capitalised or tokens[k + 1].text.lower() in _PARTICLES)
        ):
            word = tokens[k + 1].text.lower()
            if (
                word in PLACE_HEADS
                or word in ORG_HEADS
                or word in COMMON_WORDS
                or word in MONTHS_DAYS
            ):
                break
            k += 1
        if k == i or not tokens[k].capitalised:
            return None
        surname = fold(tokens[k].text)
        if surname in known and self._prominent(surname):
            return None
        return k

    def _prominent(self, key: str) -> bool:
        """True when a name belongs to a country, a region or a large city."""
        return any(
            c.place.kind in ("country", "region", "capital", "continent")
            or c.place.population >= 100_000
            for c in self.gazetteer.candidates(key)
        )

    def _person_after_title(self, text: str, tokens: Sequence[Token], i: int) -> int | None:
        """If tokens[i] is a title followed by capitalised names, the last name's index."""
        tok = tokens[i]
        if tok.text.lower().rstrip(".") not in TITLES:
            return None
        if not tok.capitalised and not (
            i + 1 < len(tokens) and tokens[i + 1].capitalised and tok.text.lower() in _ROLE_NOUNS
        ):
            return None
        j = i
        # Multi-word titles: "Prime Minister", "Defense Minister Jean-Yves Le Drian".
        while (
            j + 1 < len(tokens)
            and tokens[j + 1].text.lower() in TITLES
            and _adjacent(text, tokens[j], tokens[j + 1])
        ):
            j += 1
        k = j
        while (
            k + 1 < len(tokens)
            and _adjacent(text, tokens[k], tokens[k + 1])
            and (tokens[k + 1].capitalised or tokens[k + 1].text.lower() in _PARTICLES)
            and fold(tokens[k + 1].text) not in COMMON_WORDS
            and not tokens[k + 1].sentence_start
        ):
            k += 1
        if k == j:
            return None
        return k

    def _border_after(self, text: str, tokens: Sequence[Token], i: int) -> int | None:
        nxt = i + 1
        if (
            nxt < len(tokens)
            and tokens[nxt].text.lower() in ("border", "frontier", "borders")
            and _adjacent(text, tokens[i], tokens[nxt])
        ):
            return nxt
        return None

    # -- spelling variants ----------------------------------------------------

    def _variants(
        self,
        text: str,
        tokens: Sequence[Token],
        spots: list[Spot],
        known: set[str],
        person_keys: set[str],
        lower_words: set[str],
    ) -> list[Spot]:
        covered = [(s.start, s.end) for s in spots]
        found_keys = {s.key for s in spots if s.kind == "name" and len(s.key) >= 5}
        extra: list[Spot] = []
        for idx, tok in enumerate(tokens):
            if not tok.capitalised or tok.all_caps or len(tok.text) < 5:
                continue
            key = fold(tok.text)
            if key in known or key in person_keys or key in COMMON_WORDS or key in MONTHS_DAYS:
                continue
            if any(s <= tok.start < e for s, e in covered):
                continue
            if tok.sentence_start and tok.text.lower() in lower_words:
                continue
            if key in self.gazetteer.demonym_keys:
                continue
            # Part of a longer capitalised name ("Le Drian", "Jean-Yves"): not a variant.
            if _in_title_run(tokens, _Span(idx, idx, tok.start, tok.end, key)):
                continue
            best, score = _closest(key, found_keys)
            cue = _cue(tokens, idx)
            if best is not None:
                extra.append(
                    Spot(
                        tok.start,
                        tok.end,
                        tok.text,
                        best,
                        "variant",
                        (),
                        tok.sentence_start,
                        cue,
                        score,
                    )
                )
                continue
            strong = _strong_cue(tokens, idx)
            if strong is not None:
                candidate = self._fuzzy_gazetteer(key)
                if candidate is not None:
                    best_key, score = candidate
                    extra.append(
                        Spot(
                            tok.start,
                            tok.end,
                            tok.text,
                            best_key,
                            "variant",
                            (),
                            tok.sentence_start,
                            strong,
                            score,
                        )
                    )
                else:
                    extra.append(
                        Spot(
                            tok.start,
                            tok.end,
                            tok.text,
                            key,
                            "unknown",
                            (),
                            tok.sentence_start,
                            strong,
                            0.0,
                        )
                    )
        return extra

    def _fuzzy_gazetteer(self, key: str) -> tuple[str, float] | None:
        """A known name within one edit of ``key`` (two for long names), if unique."""
        probes = {key[:i] + key[i + 1 :] for i in range(len(key))}  # deletions
        probes |= {
            key[:i] + c + key[i + 1 :] for i in range(len(key)) for c in "aeiouy"
        }  # vowel swaps
        probes |= {
            key[:i] + c + key[i:] for i in range(len(key) + 1) for c in "aeiouhy"
        }  # insertions
        probes.discard(key)
        hits = sorted(self.gazetteer.known_keys(probes))
        if len(hits) != 1:
            return None
        return hits[0], 1.0 - Levenshtein.normalized_distance(key, hits[0])


def _can_start(tok: Token) -> bool:
    return tok.capitalised and not tok.text.isdigit()


def _joinable(gap: str, previous: Token) -> bool:
    if gap in _JOINERS:
        return True
    return gap == ". " and previous.text in ("St", "Ste", "Mt", "Ft", "Pt")


def _adjacent(text: str, a: Token, b: Token) -> bool:
    return text[a.end : b.start] in _JOINERS


def _in_title_run(tokens: Sequence[Token], span: _Span) -> bool:
    """True when a capitalised word touches the span on either side (a longer name)."""
    before = tokens[span.i - 1] if span.i > 0 else None
    after = tokens[span.j + 1] if span.j + 1 < len(tokens) else None
    if (
        before is not None
        and before.capitalised
        and not tokens[span.i].sentence_start
        and before.end + 1 >= tokens[span.i].start
    ) and before.text.lower() not in PLACE_CUES:
        return True
    if (
        after is not None
        and after.capitalised
        and not after.sentence_start
        and tokens[span.j].end + 1 >= after.start
    ):
        return after.text.lower() not in PLACE_HEADS
    return False


def _cue(tokens: Sequence[Token], i: int) -> str | None:
    if i == 0:
        return None
    prev = tokens[i - 1].text.lower()
    if prev in PLACE_CUES or prev in STRONG_CUES:
        return prev
    if prev == "the" and i >= 2 and tokens[i - 2].text.lower() in PLACE_CUES:
        return tokens[i - 2].text.lower()
    return None


def _strong_cue(tokens: Sequence[Token], i: int) -> str | None:
    """A cue that makes an unknown capitalised word a place: "town of X", "X village"."""
    if i >= 2 and tokens[i - 1].text.lower() == "of" and tokens[i - 2].text.lower() in STRONG_CUES:
        return f"{tokens[i - 2].text.lower()} of"
    if i + 1 < len(tokens) and tokens[i + 1].text.lower() in (
        "village",
        "town",
        "district",
        "region",
        "province",
        "commune",
    ):
        return tokens[i + 1].text.lower()
    if (
        i >= 1
        and tokens[i - 1].text.lower() in ("in", "near", "outside")
        and not tokens[i].sentence_start
    ):
        return tokens[i - 1].text.lower()
    return None


def _closest(key: str, keys: set[str]) -> tuple[str | None, float]:
    """A known key within one edit (two for long names) with the same first letter."""
    best = None
    best_distance = 99
    limit = 1 if len(key) < 8 else 2
    for other in keys:
        if other[0] != key[0] or abs(len(other) - len(key)) > limit:
            continue
        distance = Levenshtein.distance(key, other, score_cutoff=limit)
        if distance <= limit and distance < best_distance:
            best, best_distance = other, distance
    if best is None:
        return None, 0.0
    return best, 1.0 - best_distance / max(len(key), len(best))


def _lowercase_vocabulary(tokens: Sequence[Token]) -> set[str]:
    """Words the article also uses in lower case (so a capitalised one may just open a sentence)."""
    return {t.text for t in tokens if t.text.islower()}
