"""Statements re-rank a resolution: what a moved mention keeps, and linear work."""

from __future__ import annotations

from dataclasses import fields

import pytest

from conflictmap.model import Mention, MentionKind
from conflictmap.pipeline import geoparse
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.statements import evidence
from conflictmap.statements.parse import parse

from .test_statements_evidence import _gazetteer

# "the town of Konna": an unknown word after a strong cue, matched as a spelling
# variant of Kona; the statement then moves it from the bigger Kona to the one north.
VARIANT = "Islamists seized the town of Konna, 300 km north of Bamako."


def test_a_moved_variant_stays_a_variant() -> None:
    gaz = _gazetteer()
    before = geoparse(VARIANT, gazetteer=gaz, statements=False)
    (konna,) = [m for m in before.mentions if m.text == "Konna"]
    assert (konna.place, konna.kind) == ("t:kona-east", MentionKind.VARIANT)
    after = geoparse(VARIANT, gazetteer=gaz)
    (moved,) = [m for m in after.mentions if m.text == "Konna"]
    assert (moved.place, moved.reason) == ("t:kona-north", "statement")
    assert moved.kind is MentionKind.VARIANT  # was rebuilt as a plain "name"
    assert after.to_dict()["mentions"][0]["kind"] == "variant"


def _reranked(text: str):  # type: ignore[no-untyped-def]
    from conflictmap.statements.assemble import Assembler

    gaz = _gazetteer()
    resolution = GazetteerResolver(gaz).resolve(text, Spotter(gaz).spot(text))
    parsed = parse(text, resolution.mentions)
    assembler = Assembler(gaz, resolution)
    return resolution, evidence.rerank(parsed, resolution, assembler.verdict_of)


def test_a_moved_mention_changes_only_its_choice() -> None:
    before, after = _reranked(VARIANT)
    assert after is not None
    changed = {"place", "confidence", "alternatives", "reason"}
    for old, new in zip(before.mentions, after.mentions, strict=True):
        if new.reason != "statement":
            assert new == old
            continue
        for f in fields(Mention):
            if f.name not in changed:
                assert getattr(new, f.name) == getattr(old, f.name), f.name
    assert after.temperature == before.temperature


@pytest.mark.parametrize("copies", [4, 16])
def test_rescoring_is_linear_in_repeated_statements(copies: int, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls = 0
    original = evidence._Scorer._evidence

    def counting(self, *args):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        return original(self, *args)

    monkeypatch.setattr(evidence._Scorer, "_evidence", counting)
    sentence = "Islamists seized Kona, 300 km north of Bamako. "
    _, after = _reranked(sentence * copies)
    assert after is not None
    # Each round tries each of the name's 2 candidates against every statement, and
    # the final re-scoring does it once more: a fixed number of evaluations per
    # statement, whatever the number of copies (it was copies² before).
    assert calls <= 10 * copies, calls
