"""Mentions moved onto the squeezed text: each offset as :meth:`Squeezed._new` moves it.

:meth:`Squeezed.mentions` tries the stretch of the offset map the last mention fell in
before bisecting; whatever the order of the mentions and wherever they start and end
(inside a run, across runs, past the text, empty), the spans are those offset by offset.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.model import Mention, MentionKind
from conflictmap.statements.parse.squeeze import Squeezed, mention_kind

_PIECES = ["Gao", "near", "Kidal,", " ", "  ", "\n", "\n\n", "\n\n\n", "\t  \n ", "é", "x"]


class _Plain:
    """A mention-like object with no kind (read as a name)."""

    def __init__(self, start: int, end: int) -> None:
        self.start, self.end, self.place = start, end, "p:1"


def _expected(squeezed: Squeezed, m: object) -> tuple[object, ...]:
    size, new = squeezed.size, squeezed._new
    start = new(min(max(m.start, 0), size))  # type: ignore[attr-defined]
    if m.end > m.start:  # type: ignore[attr-defined]
        end = new(min(max(m.end - 1, 0), size)) + 1  # type: ignore[attr-defined]
    else:
        end = start
    return (start, end, m.place, mention_kind(m))  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60),
    spans=st.lists(
        st.tuples(st.integers(-3, 200), st.integers(-3, 200), st.booleans()), max_size=40
    ),
    ordered=st.booleans(),
)
def test_mentions_move_as_each_offset_does(
    pieces: list[str], spans: list[tuple[int, int, bool]], ordered: bool
) -> None:
    text = "".join(pieces)
    squeezed = Squeezed(text)
    if ordered:
        spans = sorted(spans)
    mentions: list[object] = [
        Mention(start=a, end=b, text="x", place="p:1", kind=MentionKind.DEMONYM)
        if typed
        else _Plain(a, b)
        for a, b, typed in spans
    ]
    moved = squeezed.mentions(mentions)  # type: ignore[arg-type]
    if squeezed.identity:
        assert moved is mentions
        return
    assert [tuple(m) for m in moved] == [_expected(squeezed, m) for m in mentions]  # type: ignore[arg-type]
