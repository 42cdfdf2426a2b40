"""Never delete a place silently (issue 15): doubtful places stay; the user may cut them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conflictmap.cli import cli
from conflictmap.pipeline import geoparse
from conflictmap.resolve import GazetteerResolver
from conflictmap.resolve.assemble import DOUBTFUL
from conflictmap.resolve.confidence import Calibrator
from conflictmap.store.gazetteer import Gazetteer

from .resolve_cases import gazetteer

UNSURE = Calibrator({"names": ["bias"], "weights": [-3.0]})  # p = 0.047 for every name
TEXT = "Gunmen attacked Koro on Monday, and later Gao."


def _result(gaz: Gazetteer, **options: float):  # type: ignore[no-untyped-def]
    resolver = GazetteerResolver(gaz, calibrator=UNSURE)
    return geoparse(TEXT, gazetteer=gaz, resolver=resolver, events=False, **options)


def test_a_doubtful_place_is_in_the_output_with_its_low_confidence() -> None:
    gaz = gazetteer()
    result = _result(gaz)
    named = [(m.text, m.place is not None, m.reason) for m in result.mentions]
    assert named == [("Koro", True, DOUBTFUL), ("Gao", True, DOUBTFUL)]
    assert all(0.0 < m.confidence < 0.1 for m in result.mentions)
    assert {p.name for p in result.places} == {"Koro", "Gao"}
    assert result.to_dict()["unresolved"] == []


def test_min_confidence_cuts_doubtful_mentions_and_their_places() -> None:
    gaz = gazetteer()
    assert _result(gaz, min_confidence=0.04).mentions == _result(gaz).mentions
    cut = _result(gaz, min_confidence=0.1)
    assert cut.mentions == ()
    assert cut.places == ()
    with pytest.raises(ValueError, match="between 0 and 1"):
        _result(gaz, min_confidence=1.5)


def test_unresolved_mentions_survive_the_cut() -> None:
    gaz = Gazetteer.from_places([])
    text = "Fighting near Zorgho."
    result = geoparse(text, gazetteer=gaz, min_confidence=0.5, events=False)
    assert [m.text for m in result.unresolved] == [
        m.text for m in geoparse(text, gazetteer=gaz).unresolved
    ]


def test_extract_and_map_take_min_confidence(base_home: Path, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Rebels held Gao and Timbuktu in northern Mali.", encoding="utf-8")
    runner = CliRunner()
    home = ["--home", str(base_home)]
    every = runner.invoke(cli, [*home, "extract", str(article)])
    assert every.exit_code == 0, every.output
    kept = json.loads(every.output)["mentions"]
    assert kept and all(m["place"] for m in kept)
    top = max(m["confidence"] for m in kept)
    # the output rounds confidences to 3 decimals: cut half a unit below the top one
    cutoff = top - 0.0005
    cut = runner.invoke(cli, [*home, "extract", str(article), "--min-confidence", str(cutoff)])
    assert cut.exit_code == 0, cut.output
    left = json.loads(cut.output)["mentions"]
    assert left == [m for m in kept if m["confidence"] >= top]
    assert len(left) < len(kept) or len({m["confidence"] for m in kept}) == 1
    bad = runner.invoke(cli, [*home, "extract", str(article), "--min-confidence", "2"])
    assert bad.exit_code == 2
    drawn_places = []
    for cutoff in ("0", "1"):
        out, data = tmp_path / f"map{cutoff}.html", tmp_path / f"map{cutoff}.json"
        argv = [*home, "map", str(article), "-o", str(out), "--json", str(data)]
        drawn = runner.invoke(cli, [*argv, "--min-confidence", cutoff])
        assert drawn.exit_code == 0, drawn.output
        assert out.exists()
        drawn_places.append(json.loads(data.read_text(encoding="utf-8"))["places"])
    assert drawn_places[0] and not drawn_places[1]


def test_jsonl_takes_min_confidence_in_extract_and_map(base_home: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "a", "text": "Rebels held Gao and Timbuktu in northern Mali."},
        {"id": "b", "text": "Shelling hit Kharkiv and Izium in Ukraine."},
    ]
    feed.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    runner = CliRunner()
    base = ["--home", str(base_home), "extract", "--jsonl", str(feed), "--workers", "1"]
    every = runner.invoke(cli, base)
    assert every.exit_code == 0, every.output
    kept = [json.loads(line) for line in every.output.splitlines()]
    confidences = sorted({m["confidence"] for r in kept for m in r["mentions"] if m["place"]})
    assert len(confidences) >= 2
    middle = confidences[len(confidences) // 2]
    cutoff = middle - 0.0005  # half a unit of the output's rounding below it
    cut = runner.invoke(cli, [*base, "--min-confidence", str(cutoff)])
    assert cut.exit_code == 0, cut.output
    left = [json.loads(line) for line in cut.output.splitlines()]
    assert [r["id"] for r in left] == ["a", "b"]
    for before, after in zip(kept, left, strict=True):
        want = [m for m in before["mentions"] if not m["place"] or m["confidence"] >= middle]
        assert after["mentions"] == want
    assert sum(map(len, (r["mentions"] for r in left))) < sum(
        map(len, (r["mentions"] for r in kept))
    )
    drawn = []
    for value in ("0", "1"):
        out, data = tmp_path / f"feed{value}.html", tmp_path / f"feed{value}.json"
        argv = ["--home", str(base_home), "map", "--jsonl", str(feed), "-o", str(out)]
        run = runner.invoke(cli, [*argv, "--json", str(data), "--min-confidence", value])
        assert run.exit_code == 0, run.output
        drawn.append([r["places"] for r in json.loads(data.read_text(encoding="utf-8"))])
    assert all(drawn[0]) and not any(drawn[1])
