"""The events' timeline in the map's drawing (issue 16): present only when the drawn
events fall on two dates or more; ``map --jsonl`` dates each line's events by its
``"date"``, so a feed gets one. (The control itself: tests/test_browser_timeline.py.)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conflictmap.events import Event, EventType, SubEventType
from conflictmap.mapping.layers import DrawingBuilder
from conflictmap.model import Place, Result

from .conftest import cli_exit_code

GAO = Place(id="g:1", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city")
KIDAL = Place(id="g:2", name="Kidal", lat=18.44, lon=1.41, country="ML", kind="town")


def _event(place: Place, day: dt.date | None) -> Event:
    return Event(start=0, end=5, text="Jets hit", type=EventType.EXPLOSIONS,
                 sub_type=SubEventType.AIR_DRONE_STRIKE, date=day, place=place.id)  # fmt: skip


def _timeline(*events: Event) -> object:
    result = Result(id="a", text="Jets hit.", places=(GAO, KIDAL), events=events)
    return DrawingBuilder([result], gazetteer=None).build().spec().get("timeline")


def test_a_timeline_only_for_events_on_two_dates_or_more() -> None:
    monday, sunday = dt.date(2013, 1, 14), dt.date(2013, 1, 13)
    assert _timeline() is None
    assert _timeline(_event(GAO, monday), _event(KIDAL, monday)) is None
    assert _timeline(_event(GAO, monday), _event(KIDAL, None)) is None  # undated: no date
    spec = _timeline(_event(GAO, monday), _event(KIDAL, sunday), _event(KIDAL, None))
    assert spec == {
        "dates": ["2013-01-13", "2013-01-14"],
        "markers": [
            ["a0:event:0", "events", ["2013-01-14"]],
            ["a0:event:1", "events", ["2013-01-13", ""]],  # one marker at Kidal: both
        ],
    }


def test_unplaced_events_are_not_on_the_timeline() -> None:
    nowhere = Event(start=0, end=5, text="x", type=EventType.BATTLES,
                    sub_type=SubEventType.ARMED_CLASH, date=dt.date(2013, 1, 1))  # fmt: skip
    assert _timeline(_event(GAO, dt.date(2013, 1, 14)), nowhere) is None


def test_map_jsonl_dates_each_line_and_the_page_gets_a_timeline(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    lines = [
        {"id": "mon", "text": "BAMAKO - Jets struck Gao on Sunday, the army said.",
         "date": "2013-01-14"},
        {"id": "fri", "text": "BAMAKO - Jets struck Kidal on Sunday, the army said.",
         "date": "2013-01-11"},
    ]  # fmt: skip
    feed.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    page = tmp_path / "feed.html"
    code = cli_exit_code(["--home", str(base_home), "map", "--jsonl", str(feed), "-o", str(page)])
    assert code == 0, capsys.readouterr().err
    found = re.search(r'"timeline": (\{"dates": \[[^]]*\])', page.read_text(encoding="utf-8"))
    assert found is not None
    assert json.loads(found.group(1) + "}") == {"dates": ["2013-01-06", "2013-01-13"]}


def test_map_date_dates_an_article_s_events_when_it_is_a_full_date(
    tmp_path: Path, base_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two strikes on two weekdays of one article: only a full --date can date them, and
    # a month alone stays a heading (no dates, so no timeline).
    article = tmp_path / "strikes.txt"
    article.write_text(
        "Jets struck Gao on Sunday, the army said. Rebels attacked Kidal on Friday, "
        "witnesses said.",
        encoding="utf-8",
    )
    pattern = re.compile(r'"timeline": (\{"dates": \[[^]]*\])')
    dated = tmp_path / "dated.html"
    args = ["--home", str(base_home), "map", str(article), "-o", str(dated)]
    assert cli_exit_code([*args, "--date", "14 January 2013"]) == 0, capsys.readouterr().err
    found = pattern.search(dated.read_text(encoding="utf-8"))
    assert found is not None
    assert json.loads(found.group(1) + "}") == {"dates": ["2013-01-11", "2013-01-13"]}
    month = tmp_path / "month.html"
    args[-1] = str(month)
    assert cli_exit_code([*args, "--date", "January 2013"]) == 0, capsys.readouterr().err
    assert pattern.search(month.read_text(encoding="utf-8")) is None
