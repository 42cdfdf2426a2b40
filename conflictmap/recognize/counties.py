"""County lists: in "Jackson and Barrow counties" each name is a county."""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.recognize.base import Spot, State
from conflictmap.recognize.context import adjacent
from conflictmap.text.folding import fold
from conflictmap.text.tokens import Token

__all__ = ["county_lists"]

#: plural head word -> the singular a gazetteer name ends with
_COUNTY_WORDS = {"counties": "County", "parishes": "Parish", "boroughs": "Borough"}
#: the words the rule looks for among the tokens' lower cases (State.having)
MARKS = frozenset(_COUNTY_WORDS)


def county_lists(state: State) -> None:
    """Replace the spots of each listed name by the county the list names."""
    text, tokens = state.text, state.tokens
    lowers = state.lowers
    for idx in state.having(MARKS):
        suffix = _COUNTY_WORDS[lowers[idx]]
        for a, b in _listed_names(text, tokens, idx - 1):
            start, end = tokens[a].start, tokens[b].end
            key = fold(text[start:end] + " " + suffix)
            if not state.gazetteer.known_keys([key]):
                continue
            state.spots[:] = [s for s in state.spots if not (s.start < end and start < s.end)]
            state.spots.append(
                Spot(start=start, end=end, text=text[start:end], key=key,
                     sentence_start=tokens[a].sentence_start, cue="county")
            )  # fmt: skip


def _listed_names(text: str, tokens: Sequence[Token], k: int) -> list[tuple[int, int]]:
    """The capitalised runs listed backwards from token ``k`` ("A, B and C")."""
    names: list[tuple[int, int]] = []
    while k >= 0:
        end_k = k
        while (
            k >= 0
            and tokens[k].capitalised
            and (k == end_k or adjacent(text, tokens[k], tokens[k + 1]))
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
    return names
