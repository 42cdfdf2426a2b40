"""Who did it to whom: ``actor1`` and ``actor2`` as the text writes them.

``actor1`` is the subject before the trigger word, with the clause's date words, a
leading "On 22 February 2024," and parenthetical relative clauses taken out; in the
passive ("they were bombed by the French army", "fell to the Islamists", "in rebel
hands") it is the agent after the verb; "gunfire was exchanged between the rebels and
army units" gives both. ``actor2`` is the object after the trigger, up to a
preposition or a comma ("clashed with Eritrean troops" gives "Eritrean troops").

Examples
--------
>>> text = "On 22 February 2024, unidentified gunmen shot dead three gendarmes near Siby."
>>> actors(text, 0, len(text), 41, 50)
('unidentified gunmen', 'gendarmes')
>>> t = "They came from the border where they were bombed by the French army"
>>> actors(t, 0, len(t), t.index("bombed"), t.index("bombed") + 6)
('French army', None)
>>> t = "By the afternoon the town was in rebel hands"
>>> actors(t, 0, len(t), t.index("in rebel"), len(t))[0]
'rebel'
"""

from __future__ import annotations

import re

from conflictmap.events.clauses import Span
from conflictmap.events.presence import may_find
from conflictmap.text.patterns import lazy
from conflictmap.tuning.events import DEFAULT, EventsTuning

__all__ = ["actors", "clean_actor"]

_LEAD = lazy(
    r"^(?:(?:and|while|where|as|but|then|also|meanwhile|further\s+\w+|elsewhere|in\s+a\s+separate"
    r"|heavy|fierce|intense|renewed|fresh|deadly|brief|sporadic|new|major|overnight"
    r"\s+incident|separately|earlier|later|the|a|an|its|their|some|by\s+the\s+\w+)\b[\s,]*)+",
    re.IGNORECASE,
)
_COUNT = lazy(
    r"^(?:(?:about|around|some|at\s+least|more\s+than|nearly|over)\s+)?(?:\d[\d,]*|hundreds|"
    r"two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|fifty|"
    r"thousands|dozens|scores|several|tens|a\s+(?:second\s+|third\s+|large\s+|small\s+)?"
    r"(?:group|crowd|number))(?:\s+of)?\s+(?=\w)",
    re.IGNORECASE,
)
_TAIL = lazy(
    r"(?:[\s,]+(?:who|which|that|had|have|has|was|were|is|are|also|reportedly|allegedly|then|"
    r"on|in|at|and|of|had\s+been|been|being|it|they|shot|stabbed|\d+))+$",
    re.IGNORECASE,
)
_PRONOUN = lazy(r"^(?:they|he|she|it|we|them|this|that|there)$", re.IGNORECASE)
_PASSIVE = lazy(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
_BY = lazy(r"^[^,;]*?\bby\s+(?P<np>[^,;.]+)", re.IGNORECASE)
_FELL = lazy(
    r"\b(?:fell\s+to|in\s+the\s+hands\s+of)\s+(?P<np>[^,;.:]+?)(?=\s+(?:despite|after|before|as|"
    r"when|on|in|at|earlier|later|early|late|this|last|yesterday|today|overnight)\b|[,;.:]|$)",
    re.IGNORECASE,
)
#: "Islamist forces launched a fresh attack": the subject ends before the light verb
_LIGHT = lazy(
    r"\s+(?:launched|carried\s+out|staged|mounted|conducted|began|made|led|stepped\s+up)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_HANDS = lazy(r"\bin\s+(?P<np>[\w-]+(?:\s+[\w-]+)?)\s+hands\b", re.IGNORECASE)
_BETWEEN = lazy(
    r"\bbetween\s+(?P<a>[^,;.]+?)\s+and\s+(?P<b>[^,;.]+?)(?=\s+(?:holding|in|near|at|on|"
    r"around|outside)\b|[,;.]|$)",
    re.IGNORECASE,
)
_OBJECT_END = lazy(
    r"\s+(?:in|near|at|on|outside|around|across|along|from|to|into|during|after|before|as|"
    r"while|with|who|which|that|killing|wounding|and\s+(?:killed|wounded))\b|[,;.(]",
    re.IGNORECASE,
)
_PIECES = lazy(
    r"(,|\b(?:where|which|who|whom|that|when|said|says|reported|told|announced|claimed|after|"
    r"before|as|while|because|since)\b)",
    re.IGNORECASE,
)
#: "the Arakan Army said it had captured": the pronoun after saying is the sayer
_SAYING = lazy(r"said|says|reported|told|announced|claimed|that")
_WITH = lazy(r"^\s*(?:with|against)\s+", re.IGNORECASE)


def clean_actor(words: str, tuning: EventsTuning = DEFAULT) -> str | None:
    """An actor phrase trimmed of connectors, articles and trailing verbs; ``None`` if empty.

    >>> clean_actor("and the Islamists who"), clean_actor(", they"), clean_actor("Police")
    ('Islamists', None, 'Police')
    >>> clean_actor("hundreds of protesters"), clean_actor("around 100 insurgents")
    ('protesters', 'insurgents')
    >>> t = "the Arakan Army said it had captured Buthidaung"
    >>> actors(t, 0, len(t), t.index("captured"), t.index("captured") + 8)[0]
    'Arakan Army'
    """
    words = " ".join(words.split()).strip(" ,;:—–-\"'“”")
    for _ in range(3):
        trimmed = _TAIL.sub("", _COUNT.sub("", _LEAD.sub("", words))).strip(" ,;:—–-\"'“”")
        if trimmed == words:
            break  # a fixed point: another round changes nothing
        words = trimmed
    if not words or _PRONOUN.match(words) or not re.search(r"[A-Za-z]", words):
        return None
    return " ".join(words.split()[: tuning.max_actor_words])


def _without(text: str, start: int, end: int, holes: list[Span]) -> str:
    """``text[start:end]`` with the ``holes`` (date words, relative clauses) blanked."""
    if not any(a < end and start < b for a, b in holes):
        return text[start:end]  # no hole reaches into it
    chars = list(text[start:end])
    for a, b in holes:
        for i in range(max(a, start), min(b, end)):
            chars[i - start] = " "
    return "".join(chars)


def _subject(text: str, start: int, trigger: int, holes: list[Span]) -> str | None:
    before = _LIGHT.sub("", _without(text, start, trigger, holes))
    parts = _PIECES.split(before)  # pieces, with the separators between them
    for index in range(len(parts) - 1, -1, -2):
        found = clean_actor(parts[index])
        if found is not None:
            return found
        said = index > 0 and _SAYING.fullmatch(parts[index - 1].strip().lower())
        if _PRONOUN.match(_TAIL.sub("", _LEAD.sub("", parts[index].strip(" ,")))) and not said:
            return None  # "they were bombed": the subject is there, only unnamed
    return None


def _object(text: str, end: int, stop: int, holes: list[Span]) -> str | None:
    rest = _without(text, end, stop, holes)
    rest = _WITH.sub("", rest)
    cut = _OBJECT_END.search(rest)
    return clean_actor(rest[: cut.start()] if cut else rest)


def actors(
    text: str, start: int, end: int, trigger: int, trigger_end: int, holes: list[Span] | None = None
) -> tuple[str | None, str | None]:
    """``(actor1, actor2)`` of the clause ``text[start:end]`` whose trigger is at ``trigger``.

    ``holes`` are spans to leave out of the subject (date words, relative clauses).
    """
    gaps = holes or []
    clause = text[start:end]
    between = _BETWEEN.search(clause) if may_find(_BETWEEN, text, start, end) else None
    if between is not None:
        return clean_actor(between.group("a")), clean_actor(between.group("b"))
    fell = (_FELL.search(clause) if may_find(_FELL, text, start, end) else None) or (
        _HANDS.search(clause) if may_find(_HANDS, text, start, end) else None
    )
    if fell is not None and start + fell.start() <= trigger + 3:
        return clean_actor(fell.group("np")), _subject(text, start, trigger, gaps)
    if _PASSIVE.search(text[max(start, trigger - 20) : trigger]):
        agent = _BY.match(text[trigger_end:end])
        victim = _subject(text, start, trigger, gaps)
        return (clean_actor(agent.group("np")) if agent else None), victim
    return _subject(text, start, trigger, gaps), _object(text, trigger_end, end, gaps)
