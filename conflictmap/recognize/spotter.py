"""Toponym recognition: find the spans of an article that name places.

The spotter proposes every capitalised span of up to seven words (with lower-case
connectors such as "of", "de", "el" inside), asks the gazetteer which of them are
names, and keeps the longest match at each position. Rules then remove what a
careful reader would: people ("President Traoré", "Daniel Larison", a surname on
its own after the full name), organisations ("Wall Street Journal"), comparisons
("Texas-size"), ordinary words that are capitalised only because they open a
sentence or a title ("Energy Agency"), months and weekdays, and names the user
rejected.

Besides names, it reports:

* demonyms ("Malian", "Sri Lankan") as ``kind="demonym"`` spots: evidence of the
  article's focus, mapped to the country, never a pin of their own;
* "the Mauritanian border" as a ``kind="border"`` spot;
* US state abbreviations after a city ("Louisville, Ky.") as ``kind="abbreviation"``;
* county lists ("Jackson and Barrow counties") as county names;
* spelling variants of a name already found ("Diabili" beside "Diabali") and
  unknown capitalised words next to a strong place cue ("the town of X"), matched
  by edit distance (rapidfuzz), never ordinary words.

Recognition is separate from resolution: anything with a ``spot(text)`` method
returning :class:`Spots` can replace :class:`Spotter`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from itertools import accumulate
from typing import Protocol

from rapidfuzz.distance import Levenshtein

from conflictmap.recognize.lexicon import (
    COMMON_WORDS,
    CONNECTORS,
    FACILITY_HEADS,
    FACILITY_PREFIXES,
    MONTHS_DAYS,
    NOT_PLACE_SUFFIXES,
    ORG_HEADS,
    PERSON_FOLLOWERS,
    PLACE_CUES,
    PLACE_HEADS,
    STRONG_CUES,
    TITLES,
)
from conflictmap.store.gazetteer import Candidate, Gazetteer
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token, tokenize

__all__ = ["Recognizer", "Spot", "Spots", "Spotter"]

MAX_WORDS = 7
#: long texts are spotted in pieces of about this many characters
CHUNK_CHARS = 100_000
#: English words more frequent than this rank are ordinary words when capitalised
#: on their own without a place cue ("Energy", "Week", "Snow").
COMMON_RANK = 6000
_JOINERS = (" ", "-", "‐", " - ")
_PARTICLES = frozenset("de da di du la le al el bin ibn van von der den ter dos das".split())
_ROLE_NOUNS = frozenset(
    "president minister secretary spokesman spokeswoman spokesperson general commander "
    "governor mayor senator ambassador envoy leader chief director".split()
)
_DETERMINERS = frozenset("the a an this that these those its his her their our my".split())
_ABBREVIATED_FIRST = frozenset({"st", "ste", "mt", "ft", "pt"})
_COUNTY_WORDS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
_PROMINENT_KINDS = frozenset({"country", "region", "capital", "continent"})


@dataclass(frozen=True, slots=True)
class Spot:
    """A span that names (or may name) a place.

    ``kind`` is ``"name"`` (a gazetteer name), ``"variant"`` (a spelling variant
    matched by edit distance: ``key`` is the known name it matched), ``"demonym"``
    and ``"border"`` (``places`` holds the place ids named), ``"abbreviation"`` (a
    US state after a city: ``places`` holds the state), or ``"unknown"`` (a
    capitalised word that a cue marks as a place but that no layer knows).
    ``container`` is the index of a following spot that contains this one
    ("Paris, Texas"), if any.
    """

    start: int
    end: int
    text: str
    key: str
    kind: str = "name"
    places: tuple[str, ...] = ()
    sentence_start: bool = False
    cue: str | None = None
    similarity: float = 1.0
    container: int | None = None


@dataclass(frozen=True, slots=True)
class Spots:
    """What recognition found: place spans, plus evidence that is not a pin."""

    spots: tuple[Spot, ...] = ()
    #: place ids of demonyms and how often they occur ("Malian" → Mali)
    demonyms: Counter[str] = field(default_factory=Counter)
    #: spans recognised as people, organisations or ordinary words, with the reason
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
    """The default recognizer, backed by a :class:`~conflictmap.store.gazetteer.Gazetteer`.

    Examples
    --------
    >>> from conflictmap.model import Place
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
        #: (key, level) -> _prominent's answer, for the article being read
        self._prominence_memo: dict[tuple[str, int], bool] = {}

    # -- public -------------------------------------------------------------

    def spot(self, text: str, tokens: Sequence[Token] | None = None) -> Spots:
        """Find the place mentions of ``text``.

        Long texts are read in pieces of about :data:`CHUNK_CHARS` characters cut at
        paragraph or sentence ends, so memory stays bounded and time linear; what
        one piece learns (people's surnames, demonyms) carries into the next.
        """
        self._prominence_memo = {}  # per article: corrections may change between calls
        people: set[str] = set()
        demonyms: Counter[str] = Counter()
        spots: list[Spot] = []
        rejected: list[tuple[int, int, str, str]] = []
        for start, end in _chunks(text):
            piece = text[start:end]
            piece_tokens = (
                list(tokens)
                if tokens is not None and start == 0 and end == len(text)
                else tokenize(piece)
            )
            found, dropped = self._spot_piece(piece, piece_tokens, people, demonyms)
            if start:
                found = [replace(sp, start=sp.start + start, end=sp.end + start) for sp in found]
                dropped = [(a + start, b + start, t, why) for a, b, t, why in dropped]
            spots.extend(found)
            rejected.extend(dropped)
        spots.sort(key=lambda sp: sp.start)
        if people:
            kept = []
            for sp in spots:
                if sp.key in people and sp.kind == "name" and not self._prominent(sp.key):
                    rejected.append((sp.start, sp.end, sp.text, "person"))
                else:
                    kept.append(sp)
            spots = kept
        spots = _link_containers(text, spots)
        return Spots(tuple(spots), demonyms, tuple(sorted(rejected)))

    def _spot_piece(
        self,
        text: str,
        tokens: list[Token],
        people: set[str],
        demonyms: Counter[str],
    ) -> tuple[list[Spot], list[tuple[int, int, str, str]]]:
        gaz = self.gazetteer
        spans = self._candidate_spans(text, tokens)
        keys = {s.key for s in spans}
        known = gaz.known_keys(keys)
        never = keys & gaz.never_place_keys
        demonym_keys = keys & gaz.demonym_keys
        lower_words = {t.text for t in tokens if t.text.islower()}
        by_start: dict[int, list[_Span]] = {}
        for span in spans:
            by_start.setdefault(span.i, []).append(span)
        for spans_at in by_start.values():
            spans_at.sort(key=lambda s: s.j, reverse=True)  # longest first
        # The loop below acts only where a name starts or a person's name may start:
        # a title ("President", "Gen."; TITLES are lower case without dots, as are
        # lower-case tokens), or a capitalised word that is not all capitals (see the
        # two _person_* rules). Every other token is stepped over.
        acting = sorted(
            set(by_start).union(
                i
                for i, t in enumerate(tokens)
                if (t.capitalised and not t.all_caps)
                or t.text in TITLES
                or (not t.text.islower() and t.text.lower().rstrip(".") in TITLES)
            )
        )
        n = len(tokens)

        def step(to: int) -> int:
            """The first token at or after ``to`` the loop acts on (``n`` when none)."""
            at = bisect_left(acting, to)
            return acting[at] if at < len(acting) else n

        state = _State(text, tokens, known, lower_words)
        state.person_keys = people
        state.demonyms = demonyms
        i = step(0)
        while i < n:
            chosen = None
            for span in by_start.get(i, ()):
                if span.key in never or span.key in demonym_keys or span.key in known:
                    chosen = span
                    break
            if chosen is not None and chosen.key in never:
                state.reject(chosen.start, chosen.end, "never a place")
                i = step(chosen.j + 1)
                continue
            if chosen is None or chosen.j == i or chosen.key not in known:
                person = self._person_after_title(state, i)
                if person is None and (chosen is None or chosen.j == i):
                    person = self._person_by_first_name(state, i)
                if person is not None:
                    state.person(i, person)
                    i = step(person + 1)
                    continue
            if chosen is None:
                i = step(i + 1)
                continue
            if chosen.key in demonym_keys:
                self._demonym(state, chosen)
                i = step(state.resume)
                continue
            reason = self._reject_reason(state, chosen)
            if reason is None:
                state.spots.append(
                    Spot(
                        chosen.start,
                        chosen.end,
                        text[chosen.start : chosen.end],
                        chosen.key,
                        "name",
                        (),
                        tokens[chosen.i].sentence_start,
                        _cue(tokens, chosen.i),
                    )
                )
            else:
                state.reject(chosen.start, chosen.end, reason)
            i = step(chosen.j + 1)

        self._county_lists(state)
        self._facilities(state)
        self._abbreviations(state)
        if self.fuzzy:
            self._variants(state)
        return state.spots, state.rejected

    # -- candidate spans ------------------------------------------------------

    def _candidate_spans(self, text: str, tokens: Sequence[Token]) -> list[_Span]:
        spans = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            if not tok.capitalised or tok.text.isdigit():
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

    def _prominent(self, key: str, *, level: int = 2) -> bool:
        """True when a name belongs to a well-known place.

        Level 3: a country, continent, US state, national capital or city of a
        million; level 2 adds first-level regions of populous countries and cities
        of 100,000.
        """
        memo = self._prominence_memo
        answer = memo.get((key, level))
        if answer is None:
            answer = any(_prominence(c) >= level for c in self.gazetteer.candidates(key))
            memo[(key, level)] = answer
        return answer

    def _reject_reason(self, state: _State, span: _Span) -> str | None:
        """``None`` to keep a gazetteer match, else the reason to drop it."""
        text, tokens = state.text, state.tokens
        first = tokens[span.i]
        single = span.i == span.j
        lowered = first.text.lower()
        key = span.key
        if single and lowered in MONTHS_DAYS:
            return "month or weekday"
        if key in state.person_keys and not self._prominent(key):
            return "person"
        if single and len(first.text) <= 2 and not first.all_caps:
            return "too short"
        if all(t.all_caps for t in tokens[span.i : span.j + 1]) and not _caps_context(tokens, span):
            letters = len(re.sub(r"[^A-Za-z]", "", text[span.start : span.end]))
            curated = any(c.upper_only or c.curated for c in self.gazetteer.candidates(key))
            if letters <= 3 and not curated:
                return "acronym"
            if letters <= 5 and not (curated or self._prominent(key)):
                return "acronym"
        after = text[span.end : span.end + 12]
        if (
            after[:1] in "-‐"
            and after[1:].split(" ")[0].rstrip(".,;:").lower() in NOT_PLACE_SUFFIXES
        ):
            return "comparison"
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
            and prev.text.lower().rstrip(".") in TITLES
            and not first.sentence_start
        ):
            return "person"
        if not single:
            return None
        # One word: is it a person's name or an ordinary word rather than a place?
        cue = _cue(tokens, span.i) or _coordinated(state, span)
        contained = _followed_by_region(text, span)
        prominent = self._prominent(key)
        gaz = self.gazetteer
        rank = gaz.words("english").get(key)
        if first.all_caps:
            lowered = "\x00"  # "US" is not "us": all-caps words skip the word lists
            rank = None
        if (
            first.sentence_start
            and (lowered in COMMON_WORDS or lowered in state.lower_words or (rank or 99999) <= 3000)
            and (lowered in COMMON_WORDS or not self._prominent(key, level=3))
        ):
            return "sentence-initial common word"
        if (
            (lowered in COMMON_WORDS or rank is not None)
            and not first.all_caps
            and _in_title_run(tokens, span)
        ):
            # "South Waziristan Agency", "Korean Peninsula", "Energy Agency".
            keep = (
                self._prominent(key, level=2)
                and lowered not in COMMON_WORDS
                and not _title_run_is_org(tokens, span)
            )
            if not keep:
                return "part of a name"
        if prominent or contained:
            return None
        if rank is not None and rank <= COMMON_RANK and cue not in _STRONG_PLACE_CUES:
            return "ordinary word"
        if (
            key in gaz.first_names
            and cue not in _STRONG_PLACE_CUES
            and not self._prominent(key, level=3)
        ):
            return "given name"
        if (
            key in gaz.words("last_name")
            and cue not in _STRONG_PLACE_CUES
            and _in_title_run(tokens, span)
        ):
            return "surname"
        return None

    def _person_by_first_name(self, state: _State, i: int) -> int | None:
        """If tokens[i] is a given name followed by a surname, the surname's index.

        "Daniel Larison", "Chuck Hagel", "Jean-Yves Le Drian" are people; "Austin,
        Texas" (a comma) and "Paris Monday" (a prominent place) are not.
        """
        text, tokens = state.text, state.tokens
        tok = tokens[i]
        if not tok.capitalised or tok.all_caps:
            return None
        key = fold(tok.text)
        if key not in self.gazetteer.first_names:
            return None
        if key in state.known and self._prominent(key):
            return None
        k = i
        while (
            k + 1 < len(tokens)
            and _adjacent(text, tokens[k], tokens[k + 1], initials=True)
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
        if surname in state.known and self._prominent(surname):
            return None
        return k

    def _person_after_title(self, state: _State, i: int) -> int | None:
        """If tokens[i] is a title followed by capitalised names, the last name's index."""
        text, tokens = state.text, state.tokens
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
            and _adjacent(text, tokens[k], tokens[k + 1], initials=True)
            and (tokens[k + 1].capitalised or tokens[k + 1].text.lower() in _PARTICLES)
            and fold(tokens[k + 1].text) not in COMMON_WORDS
            and not tokens[k + 1].sentence_start
        ):
            k += 1
        if k == j:
            return None
        # "Governor of Texas", "President of Mali": stop before a place.
        return k

    # -- demonyms, borders, abbreviations, county lists ------------------------

    def _demonym(self, state: _State, span: _Span) -> None:
        gaz = self.gazetteer
        tokens, text = state.tokens, state.text
        # "American": the United States before American Samoa.
        places = tuple(
            sorted(
                gaz.demonym(span.key),
                key=lambda pid: -gaz.get(pid).population if gaz.exists(pid) else 0,
            )
        )
        state.demonyms.update(places[:1])  # "French": France, not every French territory
        nxt = span.j + 1
        if (
            nxt < len(tokens)
            and tokens[nxt].text.lower() in ("border", "frontier", "borders")
            and _adjacent(text, tokens[span.j], tokens[nxt])
            and places
        ):
            end = tokens[nxt].end
            state.spots.append(
                Spot(span.start, end, text[span.start : end], span.key, "border", places,
                     tokens[span.i].sentence_start)
            )  # fmt: skip
            state.resume = nxt + 1
            return
        if places:
            state.spots.append(
                Spot(span.start, span.end, text[span.start : span.end], span.key, "demonym",
                     places, tokens[span.i].sentence_start, _cue(tokens, span.i))
            )  # fmt: skip
        state.resume = span.j + 1

    def _abbreviations(self, state: _State) -> None:
        """US states abbreviated after a place: "Louisville, Ky.", "Sioux Falls, S.D."."""
        abbreviations = self.gazetteer.abbreviations
        if not abbreviations:
            return
        text = state.text
        taken = [(s.start, s.end) for s in state.spots]
        for match in _ABBREVIATION.finditer(text):
            surface = match.group(1).rstrip()
            pid = abbreviations.get(surface) or abbreviations.get(surface.replace(" ", ""))
            if pid is None:
                continue
            start = match.start(1)
            end = start + len(surface)
            preceding = text[max(0, match.start() - 40) : match.start()].split()
            if not preceding or not preceding[-1][:1].isupper():
                continue  # "Louisville, Ky." and "ORLANDO, Fla.", not "said, Ky."
            if any(s < end and start < e for s, e in taken):
                continue
            state.spots.append(
                Spot(start, end, surface, fold(surface), "abbreviation", (pid,), False, ",")
            )

    def _county_lists(self, state: _State) -> None:
        """ "Jackson and Barrow counties": each name is a county."""
        text, tokens = state.text, state.tokens
        gaz = self.gazetteer
        for idx, tok in enumerate(tokens):
            suffix = _COUNTY_WORDS.get(tok.text.lower())
            if suffix is None:
                continue
            k = idx - 1
            names: list[tuple[int, int]] = []
            while k >= 0:
                end_k = k
                while (
                    k >= 0
                    and tokens[k].capitalised
                    and (k == end_k or _adjacent(text, tokens[k], tokens[k + 1]))
                ):
                    k -= 1
                if end_k == k:
                    break
                names.append((k + 1, end_k))
                if k >= 0 and tokens[k].text.lower() in ("and", "or", "&"):
                    k -= 1
                elif k >= 0 and text[tokens[k].end : tokens[k + 1].start].strip() == ",":
                    pass
                else:
                    break
            for a, b in names:
                start, end = tokens[a].start, tokens[b].end
                key = fold(text[start:end] + " " + suffix)
                if not gaz.known_keys([key]):
                    continue
                state.spots[:] = [s for s in state.spots if not (s.start < end and start < s.end)]
                state.spots.append(
                    Spot(
                        start,
                        end,
                        text[start:end],
                        key,
                        "name",
                        (),
                        tokens[a].sentence_start,
                        "county",
                    )
                )

    def _facilities(self, state: _State) -> None:
        """ "Royal Street", "Windsor Castle", "Rue Casa Calvo": streets and buildings.

        A facility whose name holds a prominent place ("London Bridge") keeps that
        place; otherwise the whole span becomes one ``facility`` spot, which the
        resolver places at the town the article puts it in. Street addresses
        ("1935 Orchard St.") are left alone.
        """
        text, tokens = state.text, state.tokens
        n = len(tokens)
        i = 0
        while i < n:
            if not tokens[i].capitalised or (
                tokens[i].sentence_start and tokens[i].text.lower() in COMMON_WORDS
            ):
                i += 1
                continue
            j = i
            while (
                j + 1 < n
                and _adjacent(text, tokens[j], tokens[j + 1])
                and (tokens[j + 1].capitalised or tokens[j + 1].text.lower() in CONNECTORS)
            ):
                j += 1
            while j > i and not tokens[j].capitalised:
                j -= 1
            head = tokens[j].text.lower().rstrip(".")
            prefix = tokens[i].text.lower()
            is_facility = j > i and (head in FACILITY_HEADS or prefix in FACILITY_PREFIXES)
            before = text[max(0, tokens[i].start - 8) : tokens[i].start]
            if is_facility and not re.search(r"\d[\w-]*\s*$", before):
                start, end = tokens[i].start, tokens[j].end
                inner = [s for s in state.spots if start <= s.start and s.end <= end]
                if not any(s.kind == "name" and self._prominent(s.key) for s in inner):
                    state.spots[:] = [
                        s for s in state.spots if not (start <= s.start and s.end <= end)
                    ]
                    state.spots.append(
                        Spot(start, end, text[start:end], fold(text[start:end]), "facility", (),
                             tokens[i].sentence_start, _cue(tokens, i))
                    )  # fmt: skip
            i = j + 1

    # -- spelling variants ----------------------------------------------------

    def _variants(self, state: _State) -> None:
        tokens = state.tokens
        covered = [(s.start, s.end) for s in state.spots]
        covered += [(s, e) for s, e, _, _ in state.rejected]
        # Sorted starts and the furthest end reached so far: "is this token inside a
        # span" in O(log n), not a scan of every span per token (a 1 MB article has
        # tens of thousands of each).
        covered.sort()
        starts = [s for s, _ in covered]
        reach = list(accumulate((e for _, e in covered), max))
        found_keys = {s.key for s in state.spots if s.kind == "name" and len(s.key) >= 5}
        gaz = self.gazetteer
        english = gaz.words("english")
        for idx, tok in enumerate(tokens):
            if not tok.capitalised or tok.all_caps or len(tok.text) < 5:
                continue
            key = fold(tok.text)
            if (
                key in state.known
                or key in state.person_keys
                or key in COMMON_WORDS
                or key in MONTHS_DAYS
            ):
                continue
            if key in english or key in gaz.first_names or key in gaz.demonym_keys:
                continue
            inside = bisect_right(starts, tok.start) - 1
            if inside >= 0 and reach[inside] > tok.start:
                continue
            if tok.sentence_start and tok.text.lower() in state.lower_words:
                continue
            # Part of a longer capitalised name ("Le Drian", "Jean-Yves"): not a variant.
            if _in_title_run(tokens, _Span(idx, idx, tok.start, tok.end, key)):
                continue
            best, score = _closest(key, found_keys)
            cue = _cue(tokens, idx)
            if best is not None:
                state.spots.append(
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
            if strong is None:
                continue
            candidate = self._fuzzy_gazetteer(key)
            if candidate is not None:
                best_key, score = candidate
                state.spots.append(
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
                state.spots.append(
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

    def _fuzzy_gazetteer(self, key: str) -> tuple[str, float] | None:
        """A known name within one edit of ``key``, if exactly one is."""
        probes = {key[:i] + key[i + 1 :] for i in range(len(key))}  # deletions
        probes |= {key[:i] + c + key[i + 1 :] for i in range(len(key)) for c in "aeiouy"}
        probes |= {key[:i] + c + key[i:] for i in range(len(key) + 1) for c in "aeiouhy"}
        probes.discard(key)
        hits = sorted(self.gazetteer.known_keys(probes))
        if len(hits) != 1:
            return None
        return hits[0], 1.0 - Levenshtein.normalized_distance(key, hits[0])


class _State:
    """Mutable bookkeeping of one ``spot`` call."""

    def __init__(
        self, text: str, tokens: list[Token], known: set[str], lower_words: set[str]
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.known = known
        self.lower_words = lower_words
        self.spots: list[Spot] = []
        self.rejected: list[tuple[int, int, str, str]] = []
        self.person_keys: set[str] = set()
        self.demonyms: Counter[str] = Counter()
        self.resume = 0

    def reject(self, start: int, end: int, reason: str) -> None:
        self.rejected.append((start, end, self.text[start:end], reason))

    def person(self, i: int, j: int) -> None:
        tokens = self.tokens
        self.reject(tokens[i].start, tokens[j].end, "person")
        for t in tokens[i + 1 : j + 1]:
            if t.capitalised and t.text.lower() not in _PARTICLES:
                self.person_keys.add(fold(t.text))


_STRONG_PLACE_CUES = (
    frozenset(
        "in near at outside from into to toward towards across through throughout via of".split()
    )
    | STRONG_CUES
)
_ABBREVIATION = re.compile(
    r"(?:,\s+|\b[DRI]-)((?:[A-Z][a-z]{0,4}\.\s?){1,2}|[A-Z]{2})(?=[\s,;:)\"”’]|$)"
)


def _prominence(cand: Candidate) -> int:
    place = cand.place
    if cand.curated or cand.corrected:
        return 3
    if place.kind in ("country", "continent", "capital") or place.population >= 1_000_000:
        return 3
    if place.kind == "region":
        return 3 if place.country == "US" else 2 if place.population >= 1_000_000 else 1
    return 2 if place.population >= 100_000 else 1


def _joinable(gap: str, previous: Token) -> bool:
    if gap in _JOINERS:
        return True
    return gap == ". " and previous.text.lower() in _ABBREVIATED_FIRST


def _adjacent(text: str, a: Token, b: Token, *, initials: bool = False) -> bool:
    gap = text[a.end : b.start]
    if gap in _JOINERS:
        return True
    # "George W. Bush": an initial with its dot.
    return initials and gap == ". " and len(a.text) == 1 and a.text.isupper()


def _caps_context(tokens: Sequence[Token], span: _Span) -> bool:
    """True when the neighbourhood is all capitals too (a headline or a dateline)."""
    window = [t for t in tokens[max(0, span.i - 3) : span.j + 4] if t.text.isalpha()]
    caps = sum(1 for t in window if t.all_caps or len(t.text) == 1)
    return len(window) >= 4 and caps >= len(window) - 1


def _in_title_run(tokens: Sequence[Token], span: _Span) -> bool:
    """True when a capitalised word touches the span on either side (a longer name)."""
    before = tokens[span.i - 1] if span.i > 0 else None
    after = tokens[span.j + 1] if span.j + 1 < len(tokens) else None
    if (
        before is not None
        and before.capitalised
        and not tokens[span.i].sentence_start
        and before.end + 1 >= tokens[span.i].start
        and before.text.lower() not in PLACE_CUES
        and before.text.lower() not in _DETERMINERS
    ):
        return True
    if (
        after is not None
        and after.capitalised
        and not after.sentence_start
        and tokens[span.j].end + 1 >= after.start
    ):
        return after.text.lower() not in PLACE_HEADS
    return False


def _coordinated(state: _State, span: _Span) -> str | None:
    """ "Gainesville and Lindsay": a name listed with a place just found is a place too."""
    tokens = state.tokens
    if span.i < 2 or not state.spots:
        return None
    link = tokens[span.i - 1].text.lower()
    last = state.spots[-1]
    if link in ("and", "or") and last.end == tokens[span.i - 2].end and last.kind == "name":
        return "in"
    if state.text[last.end : tokens[span.i].start] == ", " and last.kind == "name" and span.i >= 1:
        return "in"
    return None


def _title_run_is_org(tokens: Sequence[Token], span: _Span) -> bool:
    """True when the capitalised run around the span ends in an organisation word."""
    k = span.j + 1
    while k < len(tokens) and tokens[k].capitalised and not tokens[k].sentence_start:
        if tokens[k].text.lower() in ORG_HEADS:
            return True
        k += 1
    return False


def _followed_by_region(text: str, span: _Span) -> bool:
    """ "Middleton, Wis." / "Paris, Texas": a name followed by a comma and a capital."""
    after = text[span.end : span.end + 3]
    return len(after) == 3 and after[0] == "," and after[1] == " " and after[2].isupper()


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
        "village", "town", "district", "region", "province", "commune",
    ):  # fmt: skip
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


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of about ``size`` characters at paragraph or sentence ends.

    >>> _chunks("a" * 10)
    [(0, 10)]
    >>> _chunks("One. Two. Three.", size=8)
    [(0, 5), (5, 10), (10, 16)]
    """
    out = []
    start = 0
    n = len(text)
    while n - start > size:
        cut = text.rfind("\n\n", start + size // 2, start + size)
        if cut < 0:
            ends = [m.end() for m in _SENTENCE_CUT.finditer(text, start + size // 2, start + size)]
            cut = ends[-1] if ends else -1
        if cut <= start:
            cut = text.rfind(" ", start + size // 2, start + size) + 1 or start + size
        out.append((start, cut))
        start = cut
    out.append((start, n))
    return out


_SENTENCE_CUT = re.compile(r"[.!?]['\"”’)]*\s+")


def _link_containers(text: str, spots: list[Spot]) -> list[Spot]:
    """Mark "A, B" pairs where B (a region, country or state abbreviation) contains A."""
    out = list(spots)
    for index in range(len(out) - 1):
        a, b = out[index], out[index + 1]
        if a.kind not in ("name", "variant") or b.kind not in ("name", "abbreviation"):
            continue
        if text[a.end : b.start] in (", ", ",\n", " , ", ","):
            out[index] = Spot(
                a.start, a.end, a.text, a.key, a.kind, a.places, a.sentence_start, a.cue,
                a.similarity, index + 1,
            )  # fmt: skip
    return out
