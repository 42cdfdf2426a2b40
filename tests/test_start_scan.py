"""Start scanning (text/gates.py): a pattern tried only where its first words start finds
exactly what ``finditer`` finds (issue 19/20: ``find_dates`` and the trigger lexicons)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.events import dates
from conflictmap.events.clauses import clauses, sentences
from conflictmap.events.lexicon import _FIELDS, Lexicon
from conflictmap.text.gates import DIGIT, StartScan, folded, starts
from conflictmap.text.patterns import compiled

from .test_text_gates import _dates_by_scan

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "devset"


def _texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    found += [p.read_text(encoding="utf-8") for p in sorted((DEVSET / "articles").glob("*.txt"))]
    for path in sorted((DEVSET / "events").glob("*.json")):
        found += [item["text"] for item in json.loads(path.read_text(encoding="utf-8"))]
    return found


def test_start_words_read_from_the_syntax_tree() -> None:
    assert starts(re.compile(r"\blast\s+month\b", re.I)) == {"last"}
    assert starts(re.compile(r"(?<![\w-])(?:kill(?:ed)?|shot\s+dead)(?![\w-])", re.I)) == {
        "kill",
        "shot",
    }
    assert starts(re.compile(r"(?:\bon\s+)?\b[0-3]?\d(?:st|nd)?", re.I)) == {"on", DIGIT}
    assert starts(re.compile(r"\b(?:19|20)\d\d\b")) == {DIGIT}
    assert starts(re.compile(r"\bnew year's eve")) == {"new"}  # the first word only
    assert starts(re.compile(r"\b(?:the\s+)?(?:next|same)\s+day", re.I)) == {"the", "next", "same"}


def test_a_pattern_that_can_start_anywhere_has_no_start_words() -> None:
    assert starts(re.compile(r"last\s+month")) is None  # no word boundary before it
    assert starts(re.compile(r"\b\w+")) is None  # any word
    assert starts(re.compile(r"\b[a-z]+day")) is None  # a class of letters
    assert starts(re.compile(r"\b(?:on)?")) is None  # can match nothing
    assert starts(re.compile(r"(?<!-)\bé")) is None  # a non-ASCII first letter
    assert starts(re.compile(r"\b(?:x|\s)")) is None  # one branch starts with a space
    assert starts(re.compile(r"^On\b")) is None


def _scanned(scan: StartScan, text: str, start: int = 0, stop: int | None = None) -> list:
    end = len(text) if stop is None else stop
    positions = scan.positions(folded(text))
    return [
        [m.span() for m in scan.finditer(i, text, positions, start, end)]
        for i in range(len(scan.patterns))
    ]


def _plain(scan: StartScan, text: str, start: int = 0, stop: int | None = None) -> list:
    end = len(text) if stop is None else stop
    return [[m.span() for m in compiled(p).finditer(text, start, end)] for p in scan.patterns]


DATE_SCAN = StartScan([p for _rule, p in dates._COMPILED])
_LEX = Lexicon()
TRIGGER_SCAN = StartScan([_LEX.pattern(n) for n in _FIELDS.values()] + [_LEX._agreement])

_WORDS = sorted(
    {w for p in DATE_SCAN.patterns + TRIGGER_SCAN.patterns for w in (starts(p) or ()) if w != DIGIT}
)
_PIECES = [
    *_WORDS,
    *("day", "days", "ago", "week", "month", "night", "of", "the", "2013", "14", "3rd", "٣"),
    *(" ", "  ", "\n", "-", ",", ".", "'", "x", "a", "é", "İ", "\u017f", "K", "_"),
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.integers(0, 30), st.integers(0, 60))
def test_scanned_matches_are_those_of_finditer(parts: list[str], a: int, b: int) -> None:
    text = "".join(parts)
    for flip in (text, text.upper(), text.title()):
        assert _scanned(DATE_SCAN, flip) == _plain(DATE_SCAN, flip)
        start, stop = min(a, b, len(flip)), min(max(a, b), len(flip))
        assert _scanned(TRIGGER_SCAN, flip, start, stop) == _plain(TRIGGER_SCAN, flip, start, stop)


def test_find_dates_equals_the_full_scan_on_the_examples_and_the_dev_set() -> None:
    texts = _texts()
    assert len(texts) > 50
    for text in texts:
        assert dates.find_dates(text) == _dates_by_scan(text)


def test_find_all_gives_each_patterns_matches_in_pattern_order() -> None:
    text = "Gunmen killed two and stormed the camp; talks on a deal were signed."
    positions = TRIGGER_SCAN.positions(folded(text))
    found = TRIGGER_SCAN.find_all(text, positions, 5, len(text) - 3)
    expected = [
        (i, m.span())
        for i, p in enumerate(TRIGGER_SCAN.patterns)
        for m in compiled(p).finditer(text, 5, len(text) - 3)
    ]
    assert [(i, m.span()) for i, m in found] == expected and expected


def test_a_run_goes_on_through_the_branch_after_it() -> None:
    # re stores "took|taken|take" as "t(?:ook|ake...)": the start words are whole words
    assert starts(re.compile(r"(?<![\w-])(?:took|taken|take)(?![\w-])", re.I)) == {
        "took",
        "taken",
        "take",
    }
    assert starts(re.compile(r"\b(?:in (?:\w+ )?hands|into)", re.I)) == {"in", "into"}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, ";", ". ", ", and ", "Gao", "took Gao"]), max_size=50))
def test_the_sentence_gate_never_drops_a_trigger(parts: list[str]) -> None:
    text = "".join(parts)
    for flip in (text, text.upper(), text.title()):
        for a, b in sentences(flip):
            hit = any(_LEX.triggers(flip, s, e) for s, e in clauses(flip, a, b, _LEX.verbs))
            assert _LEX.may_trigger(flip, a, b) or not hit
