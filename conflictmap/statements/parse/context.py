"""The mention index a phrase family reads: which mention starts where, anchors after cues.

:class:`Context` holds the (squeezed) text, its lower-cased copy for the hinted
scans, and the mentions indexed by start and by end. :meth:`Context.anchor_at`
finds the mention a cue points at, past "the capital"-like descriptor words and
through a possessive ("Mali's capital, Bamako" anchors on Bamako) and past the
comma of an appositive ("the capital, Niamey").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from conflictmap.model import MentionKind
from conflictmap.statements.base import MentionLike
from conflictmap.statements.parse.fragments import SPACE
from conflictmap.statements.parse.squeeze import mention_kind
from conflictmap.statements.scan import Lowered
from conflictmap.text.patterns import lazy
from conflictmap.tuning.statements import DEFAULT, StatementsTuning

__all__ = ["Context"]

_ARTICLE = lazy(r"(?:the|a|an)\s+", re.IGNORECASE)
_DESCRIPTOR_WORD = lazy(r"[a-z][a-z'’‐-]*")
_OF_OR_COMMA = lazy(r"(?:of\s+|,\s*)?")
#: words that end a descriptor: an anchor never follows them in the same phrase
_DESCRIPTOR_STOP = frozenset(
    (
        "border borders frontier frontiers road roads highway route outskirts suburbs edge "
        "and or with between from to in on at near by into onto over under than "
        "north south east west northern southern eastern western central "
        "northeast northwest southeast southwest "
        "where which that who whom whose when while as is are was were has have had be been "
        "said says"
    ).split()
)


class Context:
    """An article's text and mentions, indexed for the phrase families.

    Examples
    --------
    >>> from conflictmap.model import Mention
    >>> text = "north of the capital Bamako and Mali's capital, Bamako"
    >>> ctx = Context(text, [Mention(start=21, end=27, text="Bamako"),
    ...                      Mention(start=32, end=36, text="Mali"),
    ...                      Mention(start=48, end=54, text="Bamako")])
    >>> ctx.anchor_at(8), ctx.anchor_at(31)
    ((0, 27), (2, 54))
    >>> ctx.anchor_at(8, descriptors=False) is None
    True
    """

    def __init__(
        self, text: str, mentions: Sequence[MentionLike], *, tuning: StatementsTuning = DEFAULT
    ) -> None:
        self.text = text
        self.lowered = Lowered(text)
        self.mentions = mentions
        self.tuning = tuning
        self.starts: dict[int, int] = {}
        for index, mention in enumerate(mentions):
            self.starts.setdefault(mention.start, index)
        spans = [(m.end, m.start) for m in mentions]
        order = sorted(range(len(mentions)), key=spans.__getitem__)
        #: mention indices sorted by end, and their ends (for "the mention before")
        self.by_end = order
        self.ends = [mentions[i].end for i in order]
        self.kinds = [mention_kind(m) for m in mentions]

    def is_demonym(self, index: int | None) -> bool:
        """Whether mention ``index`` is a demonym ("Malian"); ``None`` is not."""
        return index is not None and self.kinds[index] is MentionKind.DEMONYM

    def is_border(self, index: int) -> bool:
        """Whether mention ``index`` resolved to a shared border ("the Mauritanian border")."""
        place = self.mentions[index].place
        return place is not None and place.startswith("border:")

    def mention_at(self, pos: int) -> int | None:
        """The first mention starting at ``pos``."""
        return self.starts.get(pos)

    def anchor_at(self, pos: int, *, descriptors: bool = True) -> tuple[int, int] | None:
        """The mention that starts at ``pos`` (after spaces and "the capital"-like words).

        Returns the mention's index and where the anchor phrase ends, or ``None``.
        Without ``descriptors`` (a border's country) a possessive leads only through
        descriptor words ("Mali's capital, Bamako"), never straight to a place: "the
        border with Russia's Belgorod region" is Russia's border.
        """
        text = self.text
        space = SPACE.match(text, pos)
        i = space.end() if space else pos
        found = self.mention_at(i)
        if found is not None:
            return self._possessive_chain(found, into_place=descriptors)
        if not descriptors:
            return None
        article = _ARTICLE.match(text, i)
        return None if article is None else self._after_descriptors(article.end())

    def _after_descriptors(self, j: int) -> tuple[int, int] | None:
        """The mention after a few descriptor words ("the garrison town of Gao")."""
        text = self.text
        for _ in range(self.tuning.descriptor_words):
            lead = _OF_OR_COMMA.match(text, j)
            k = lead.end() if lead else j
            found = self.mention_at(k)
            if found is not None:
                return self._possessive_chain(found)
            word = _DESCRIPTOR_WORD.match(text, j)
            if word is None or word.group().lower() in _DESCRIPTOR_STOP:
                return None
            if text.startswith(",", word.end()):
                return self._appositive(word.end() + 1)
            space = SPACE.match(text, word.end())
            if space is None:
                return None
            j = space.end()
        return None

    def _appositive(self, pos: int) -> tuple[int, int] | None:
        """The name a descriptor's comma introduces: "the capital, Niamey".

        Only a name the comma leads straight to, and not one that is itself a
        possessive ("north of the city, Gao's governor said" names no anchor).
        """
        space = SPACE.match(self.text, pos)
        found = self.mention_at(space.end() if space else pos)
        if found is None:
            return None
        end = self.mentions[found].end
        if self.text[end : end + 1] in ("'", "’") and self.text[end + 1 : end + 2] in ("s", "S"):
            return None
        return found, end

    def _possessive_chain(self, index: int, *, into_place: bool = True) -> tuple[int, int]:
        """The later mention of "Mali's capital Bamako", "Mali's capital, Bamako" or
        "Niger's Tahoua region" (a place named in the possessor is the place meant)."""
        text = self.text
        end = self.mentions[index].end
        if text[end : end + 1] not in ("'", "’") or text[end + 1 : end + 2] not in ("s", "S"):
            return index, end
        j = end + 2
        for words in range(self.tuning.possessive_words):
            space = SPACE.match(text, j)
            if space is None:
                break
            j = space.end()
            if not words and into_place and (found := self.mention_at(j)) is not None:
                return found, self.mentions[found].end  # "Niger's Tahoua region"
            if words:
                lead = _OF_OR_COMMA.match(text, j)
                k = lead.end() if lead else j
                found = self.mention_at(k)
                if found is not None:
                    return found, self.mentions[found].end
            word = _DESCRIPTOR_WORD.match(text, j)
            if word is None or word.group().lower() in _DESCRIPTOR_STOP:
                break
            j = word.end()
            if text[j : j + 1] == ",":
                j += 1
        return index, end
