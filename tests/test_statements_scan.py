"""Keyword-hinted scanning gives exactly what the full patterns give."""

from __future__ import annotations

import importlib
import pkgutil
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.statements.scan import Hinted, Lowered

from .conftest import ROOT, SHARED

parse = importlib.import_module("conflictmap.statements.parse")
squeeze = importlib.import_module("conflictmap.statements.parse.squeeze")

#: every hinted scanner of the parser's modules, with the pattern it stands for
SCANNERS = {
    f"{module.name}.{name}": getattr(family, name)
    for module in pkgutil.iter_modules(parse.__path__)
    for family in [importlib.import_module(f"{parse.__name__}.{module.name}")]
    for name in dir(family)
    if isinstance(getattr(family, name), Hinted)
}

WORDS = (
    "north south east west North-East NORTH northern north-northwest Northeast central "
    "centre middle mid-western heart interior of from to the The km KM kilometres miles "
    "mi m metres 400 1,200 12.5 some about nearly up to between Between road highway "
    "route on along linking border frontier borders with outskirts suburbs edge gates "
    "near NEAR close next adjacent around outside not far vicinity distance approaches "
    "a short in Gao Mali Bamako Kidal's part region of, and . ; ( ) - – / h per hour "
    "ſouth \u212am \u0130 ı İstanbul several a few odd 50-odd a couple of"
).split()


def _squeezed(text: str) -> str:
    return squeeze.Squeezed(text).text


def _same(text: str) -> None:
    text = _squeezed(text)  # the parser only ever scans squeezed text
    lowered = Lowered(text)
    for name, scanner in SCANNERS.items():
        want = [(m.start(), m.end(), m.groups()) for m in scanner.pattern.finditer(text)]
        got = [(m.start(), m.end(), m.groups()) for m in scanner.finditer(lowered)]
        assert got == want, (name, text)


def test_every_family_is_hinted() -> None:
    assert len(SCANNERS) == 7, sorted(SCANNERS)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(["", " ", "  ", "\n", "-", ", "])),
        max_size=40,
    )
)
def test_same_matches_as_the_full_patterns(pieces: list[tuple[str, str]]) -> None:
    _same("".join(word + gap for word, gap in pieces))


@pytest.mark.parametrize(
    "text",
    [
        "Some 400 kilometres (250 miles) north of the capital Bamako, near Gao.",
        "fighting on the road between Gao and Kidal, along the border with Niger",
        "in the outskirts of Mopti, just outside Sévaré, in central Mali, 30 to 40 km",
        "the north-east of Mali; due west of Timbuktu; not far from Léré",
        "ſouth of Gao, 10 \u212am away",  # letters that case-fold onto ASCII
        "İstanbul is north of Ankara, 400 km",  # lower-casing changes the length
        "50 km " * 300 + "north of Gao, near near near " * 40 + "Gao",  # dense keywords
        "",
    ],
)
def test_same_matches_on_written_sentences(text: str) -> None:
    _same(text)


def test_same_matches_on_real_news() -> None:
    lgl = SHARED / "data" / "corpora" / "LGL" / "lgl.xml"
    if not lgl.exists():
        pytest.skip(f"{lgl} is absent; the corpus tier needs ../shared")
    sys.path.insert(0, str(ROOT / "bench"))
    import accuracy

    docs = accuracy.load_lgl(Path(lgl))
    for doc in docs[:150]:
        _same(doc.text)


def test_hint_must_be_lower_case_keywords() -> None:
    near = Hinted(re.compile(r"\bnear\s+", re.I), "near", before=5, after=10)
    assert [m.start() for m in near.finditer("NEAR Gao, Near Kidal, near Mopti")] == [0, 10, 22]


def test_dense_keywords_share_one_window() -> None:
    near = Hinted(re.compile(r"\bnear\s+", re.I), "near", before=10, after=20)
    assert list(near._windows("near " * 100)) == [(0, 500, 499)]  # searched once, not 100 times
    assert list(near._windows("near" + " " * 40 + "near")) == [(0, 24, 4), (34, 48, 48)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([*WORDS, "middle", "northeast", "nearby", "roadside"]), max_size=40)
)
def test_one_keyword_pass_finds_every_scans_hints(words: list[str]) -> None:
    # issue 19: one pass over the text finds the hint words of all word-hinted scans;
    # each scan gets at least the hints its own search finds, with the same ends
    lowered = Lowered(" ".join(words))
    plain = [s for s in SCANNERS.values() if s._slot is not None]
    assert len(plain) == 6  # all but the offsets' unit hint (a look-behind)
    for scanner in plain:
        shared = set(lowered.hints(scanner._slot))
        own = {m.span() for m in scanner.hint.finditer(lowered.lower or "")}
        assert own <= shared


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*WORDS, "nautical miles", "k.m.", "kms", "nmi", "5km", "-m"]),
                max_size=40),
       st.sampled_from([" ", "", "-", "\n"]))  # fmt: skip
def test_unit_spans_are_the_unit_hints(words: list[str], glue: str) -> None:
    # issue 20: the offsets' unit hint found from its first letter gives the same spans
    offsets = importlib.import_module("conflictmap.statements.parse.offsets")
    lower = glue.join(words).lower()
    want = [m.span() for m in re.finditer(offsets._UNIT_HINT, lower)]
    assert list(offsets._unit_spans(lower)) == want
