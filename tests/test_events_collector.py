"""The events stage runs with the cyclic garbage collector paused, and may (issue 20).

A long article's drafts, hits and events all live to the end of the stage; the
collector walked them (and every object of the process) again and again meanwhile.
These checks pin that it is paused while the stage works and put back as found, also
on an error, and that the stage makes no reference cycle (nothing waits for it).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from conflictmap.events import extract, find_events

ROOT = Path(__file__).resolve().parents[1]
_TEXT = "On Sunday, gunmen attacked a market, killing at least 11 traders."


@pytest.fixture
def collector() -> Iterator[None]:
    """Whatever a check does to the collector, it is as it was afterwards."""
    was = gc.isenabled()
    try:
        yield
    finally:
        if was:
            gc.enable()
        else:
            gc.disable()


def _spy(monkeypatch: pytest.MonkeyPatch, fail: bool = False) -> list[bool]:
    """Record whether the collector runs while the stage reads its drafts."""
    seen: list[bool] = []
    drafts = getattr(extract, "drafts")  # noqa: B009 (not re-exported)

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError("boom")
        return drafts(*args, **kwargs)

    monkeypatch.setattr(extract, "drafts", watched)
    return seen


@pytest.mark.usefixtures("collector")
def test_paused_while_working_then_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spy(monkeypatch)
    gc.enable()
    events = find_events(_TEXT)
    assert seen == [False]
    assert gc.isenabled()
    assert [e.fatalities for e in events] == [11]


@pytest.mark.usefixtures("collector")
def test_left_paused_when_found_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spy(monkeypatch)
    gc.disable()
    find_events(_TEXT)
    assert seen == [False]
    assert not gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_back_on_after_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spy(monkeypatch, fail=True)
    gc.enable()
    with pytest.raises(RuntimeError, match="boom"):
        find_events(_TEXT)
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector")
def test_the_stage_makes_no_reference_cycles() -> None:
    """Everything the stage drops is freed by reference counting: with the collector
    paused throughout, a collection afterwards finds nothing unreachable."""
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("examples/*.txt")))
    day = dt.date(2024, 3, 4)
    find_events(text, article_date=day)  # the patterns compile at first use
    gc.collect()
    gc.disable()
    found = find_events(text, article_date=day)
    unreachable = gc.collect()
    assert found
    assert unreachable == 0
