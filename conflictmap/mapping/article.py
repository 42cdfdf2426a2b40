"""What the map needs to know about one article: mentions per place, sentences, headline.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
>>> text = "Gao fell. Rebels left Gao and Kidal."
>>> result = Result(id="a", text=text, places=(gao,), mentions=(
...     Mention(start=0, end=3, text="Gao", place="g:1", confidence=0.9), Mention(start=22, end=25, text="Gao", place="g:1", confidence=0.5)))
>>> view = ArticleView(result)
>>> view.confidence("g:1"), len(view.mentions_of("g:1"))
(0.9, 2)
>>> [s.html for s in view.snippets("g:1")]
['<mark>Gao</mark> fell.', 'Rebels left <mark>Gao</mark> and Kidal.']
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property

from conflictmap.mapping.escape import highlight
from conflictmap.model import Mention, MentionKind, Place, Result
from conflictmap.text.folding import fold
from conflictmap.text.tokens import sentence_spans

__all__ = ["ArticleView", "Snippet", "headline"]

#: Characters of context kept on each side of a mention in a long sentence.
CONTEXT = 160
#: A mention is a spelling of the place's name when their folded forms are at least this
#: similar (difflib ratio): "Diabali"/"Diabaly" 0.86, "Hodeidah"/"Al Ḩudaydah" 0.63; a
#: mention that is a fragment or another name ("Tin"/"Tin Essako Hama" 0.35) is not.
SPELLING_SIMILARITY = 0.5
#: Mentions that write the place's name (not "Malian", "the border", "Ky.", a building).
_SPELLINGS = frozenset({MentionKind.NAME, MentionKind.VARIANT})


@dataclass(frozen=True, slots=True)
class Snippet:
    """A sentence (or part of a long one) with its mentions highlighted, as HTML."""

    start: int
    end: int
    html: str


def headline(text: str) -> str | None:
    """The article's headline: a short first line without a final full stop.

    Examples
    --------
    >>> headline("Army post overrun near Niono\\n\\nBAMAKO — Gunmen ...")
    'Army post overrun near Niono'
    >>> headline("Gao fell on Monday. Kidal is next.") is None
    True
    """
    for line in text.splitlines():
        line = " ".join(line.split())
        if not line:
            continue
        if len(line) <= 160 and not re.search(r"[.!?:;,]$", line):
            return line
        return None
    return None


class ArticleView:
    """Read-only helpers over a :class:`~conflictmap.model.Result` for drawing it."""

    def __init__(self, result: Result, *, label: str | None = None) -> None:
        self.result = result
        #: how the article is named on the map (its id, else "article")
        self.label = label or (str(result.id) if result.id not in (None, "") else "article")

    @cached_property
    def _by_place(self) -> dict[str, list[Mention]]:
        out: dict[str, list[Mention]] = defaultdict(list)
        for mention in self.result.mentions:
            if mention.place is not None:
                out[mention.place].append(mention)
        return dict(out)

    @cached_property
    def _sentences(self) -> list[tuple[int, int]]:
        return sentence_spans(self.result.text) if self.result.text else []

    @cached_property
    def title(self) -> str | None:
        """The result's title, else the article's headline."""
        return self.result.title or headline(self.result.text)

    def mentions_of(self, place_id: str) -> list[Mention]:
        return self._by_place.get(place_id, [])

    def spellings(self, place: Place) -> list[str]:
        """How the article writes ``place``'s name, most frequent first (ties: first
        written first); all-capitals forms only when there is no other.

        Examples
        --------
        >>> from conflictmap.model import Mention, Place, Result
        >>> p = Place(id="g:2", name="Diabaly", lat=14.69, lon=-6.02, country="ML")
        >>> text = "DIABALI: rebels took Diabali. Diabili fell. Diabali burned."
        >>> ms = [Mention(start=m.start(), end=m.end(), text=m.group(), place="g:2",
        ...               confidence=0.9) for m in re.finditer(r"\\w+", text) if m.group()[0] in "Dd"]
        >>> ArticleView(Result(id="a", text=text, places=(p,), mentions=tuple(ms))).spellings(p)
        ['Diabali', 'Diabili']
        """
        counts = Counter(
            " ".join(m.text.split()) for m in self.mentions_of(place.id) if m.kind in _SPELLINGS
        )
        key = fold(place.name)
        forms = [
            form
            for form in counts
            if SequenceMatcher(None, fold(form), key).ratio() >= SPELLING_SIMILARITY
        ]
        mixed = [form for form in forms if not form.isupper()] or forms
        return sorted(mixed, key=lambda form: -counts[form])

    def written_name(self, place: Place) -> str:
        """The name to write on the map: the article's usual spelling, else the gazetteer's."""
        forms = self.spellings(place)
        return forms[0] if forms else place.name

    def confidence(self, place_id: str) -> float | None:
        """The best confidence among the place's mentions (``None`` if never mentioned)."""
        mentions = self.mentions_of(place_id)
        return max(m.confidence for m in mentions) if mentions else None

    def corrected(self, place: Place) -> bool:
        """True when the user's corrections chose or supplied this place."""
        return place.corrected or any(m.reason == "correction" for m in self.mentions_of(place.id))

    def alternatives(self, place_id: str) -> list[str]:
        """Ids of the other candidates the resolver considered, first seen first."""
        seen: dict[str, None] = {}
        for mention in self.mentions_of(place_id):
            for alt in mention.alternatives:
                if alt != place_id:
                    seen.setdefault(alt, None)
        return list(seen)

    def sentence_of(self, start: int) -> tuple[int, int]:
        """The span of the sentence holding offset ``start`` (the offset itself if none)."""
        for span in self._sentences:
            if span[0] <= start < span[1]:
                return span
        return (start, start)

    def snippets(self, place_id: str) -> list[Snippet]:
        """Every sentence that mentions the place, with its mentions highlighted."""
        spans = [(m.start, m.end) for m in self.mentions_of(place_id)]
        return self.snippets_for(spans)

    def snippets_for(self, spans: list[tuple[int, int]]) -> list[Snippet]:
        """Sentences holding ``spans``, each once, in order, with the spans marked."""
        text = self.result.text
        by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        for start, end in spans:
            if 0 <= start < end <= len(text):
                sentence = self.sentence_of(start)
                if sentence[0] == sentence[1]:
                    sentence = (start, end)
                by_sentence[sentence].append((start, end))
        out: list[Snippet] = []
        for (s_start, s_end), marks in sorted(by_sentence.items()):
            out.extend(_cut(text, s_start, max(s_end, *(e for _, e in marks)), sorted(marks)))
        return out


def _cut(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> list[Snippet]:
    """The sentence ``text[start:end]``, cut around its marks when it is very long."""
    if end - start <= 3 * CONTEXT:
        return [_snippet(text, start, end, marks, False, False)]
    groups: list[list[tuple[int, int]]] = []
    for mark in marks:
        if groups and mark[0] - groups[-1][-1][1] <= 2 * CONTEXT:
            groups[-1].append(mark)
        else:
            groups.append([mark])
    out = []
    for group in groups:
        g_start = max(start, group[0][0] - CONTEXT)
        g_end = min(end, group[-1][1] + CONTEXT)
        # Cut at spaces so that words stay whole.
        if g_start > start:
            space = text.find(" ", g_start, group[0][0])
            g_start = space + 1 if space >= 0 else g_start
        if g_end < end:
            space = text.rfind(" ", group[-1][1], g_end)
            g_end = space if space >= 0 else g_end
        out.append(_snippet(text, g_start, g_end, group, g_start > start, g_end < end))
    return out


def _snippet(
    text: str, start: int, end: int, marks: list[tuple[int, int]], before: bool, after: bool
) -> Snippet:
    body = highlight(text[start:end], [(s - start, e - start) for s, e in marks])
    body = " ".join(body.split())
    return Snippet(start, end, ("… " if before else "") + body + (" …" if after else ""))
