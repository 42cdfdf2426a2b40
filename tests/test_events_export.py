"""Events out: ACLED's CSV columns (spreadsheet-safe), GeoJSON features, ``extract --date
--events`` on the command line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

from click.testing import CliRunner

from conflictmap.cli import cli
from conflictmap.events import Event, EventType, SubEventType, TimePrecision
from conflictmap.model import Estimate, Place, Result
from conflictmap.output.acled import ACLED_COLUMNS, acled_rows, event_features, to_acled_csv

ACLED = (
    "event_date,time_precision,event_type,sub_event_type,actor1,actor2,admin1,admin2,"
    "location,latitude,longitude,geo_precision,notes,fatalities,source"
)
GAO = Place(
    id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472, country="ML", kind="city",
    admin1_name="Gao",
)  # fmt: skip
BORDER = Place(id="border:ML-MR", name="Mali–Mauritania border", lat=17.1, lon=-5.7, kind="border")


def _event(**changes: object) -> Event:
    fields: dict[str, object] = {
        "start": 0,
        "end": 30,
        "text": "French jets struck Gao\non Sunday",
        "type": EventType.EXPLOSIONS,
        "sub_type": SubEventType.AIR_DRONE_STRIKE,
        "date": dt.date(2013, 1, 13),
        "date_text": "on Sunday",
        "time_precision": TimePrecision.DAY,
        "place": GAO.id,
        "actor1": "French jets",
        "fatalities": 5,
    }
    fields.update(changes)
    return Event(**fields)  # type: ignore[arg-type]


def test_acled_columns_in_the_codebook_order() -> None:
    assert ",".join(ACLED_COLUMNS) == ACLED
    assert to_acled_csv(Result(id="a")).strip() == ACLED


def test_one_row_per_event_with_place_estimate_or_nothing() -> None:
    estimate = Estimate(lat=16.2, lon=-0.5, radius_km=10.0)
    events = (
        _event(),
        _event(place=None, estimate=estimate, anchor=GAO.id, fatalities=None),
        _event(place=BORDER.id, date=None, time_precision=None),
        _event(place=None),
    )
    result = Result(id="mali", places=(GAO, BORDER), events=events)
    rows = list(csv.DictReader(io.StringIO(to_acled_csv(result))))
    assert [r["location"] for r in rows] == ["Gao", "Gao", "Mali–Mauritania border", ""]
    assert [r["geo_precision"] for r in rows] == ["1", "2", "2", ""]
    assert rows[0]["notes"] == "French jets struck Gao on Sunday"  # one line
    assert (rows[0]["fatalities"], rows[1]["fatalities"]) == ("5", "")
    assert (rows[1]["latitude"], rows[1]["longitude"]) == ("16.2", "-0.5")
    assert (rows[2]["event_date"], rows[2]["time_precision"]) == ("", "")
    assert rows[0]["admin1"] == "Gao" and rows[0]["source"] == "mali"
    assert len(list(acled_rows(result))) == 4


def test_hostile_actors_and_notes_are_inert_in_a_spreadsheet() -> None:
    hostile = _event(actor1='=HYPERLINK("http://x")', actor2="@SUM(1)", text="+cmd|' /C calc'!A0")
    result = Result(id="=1+1", places=(GAO,), events=(hostile,))
    row = next(csv.DictReader(io.StringIO(to_acled_csv(result))))
    assert row["actor1"].startswith("'=") and row["actor2"].startswith("'@")
    assert row["notes"].startswith("'+") and row["source"] == "'=1+1"


def test_geojson_features_for_located_events() -> None:
    result = Result(id="mali", places=(GAO,), events=(_event(), _event(place=None)))
    features = event_features(result)
    assert len(features) == 1
    feature = features[0]
    assert feature["id"] == "mali/event/0"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-0.04472, 16.27167]}
    props = feature["properties"]
    assert props["feature"] == "event" and props["sub_type"] == "Air/drone strike"
    assert props["date"] == "2013-01-13" and props["location"] == "Gao"


ARTICLE = (
    "Islamist fighters attacked an army post in Gao on Sunday, killing at least four "
    "soldiers, officials said."
)


def _extract(base_home: Path, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "gao.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--home", str(base_home), "extract", str(path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_date_and_events_csv(base_home: Path, tmp_path: Path) -> None:
    out = _extract(base_home, tmp_path, "--date", "2013-01-14", "--format", "csv", "--events")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["event_date"], r["event_type"], r["location"], r["fatalities"]) for r in rows] == [
        ("2013-01-13", "Battles", "Gao", "4")
    ]
    plain = json.loads(_extract(base_home, tmp_path))
    assert plain["events"][0]["date"] is None  # no article date: "on Sunday" stays open


def test_cli_events_geojson_and_usage_errors(base_home: Path, tmp_path: Path) -> None:
    out = json.loads(_extract(base_home, tmp_path, "--format", "geojson", "--events"))
    kinds = [f["properties"].get("feature") for f in out["features"]]
    assert "event" in kinds
    runner = CliRunner()
    bad = runner.invoke(cli, ["extract", str(tmp_path / "gao.txt"), "--date", "14/01/2013"])
    assert bad.exit_code == 2
    feed = tmp_path / "in.jsonl"
    feed.write_text('{"text": "x"}\n', encoding="utf-8")
    both = runner.invoke(cli, ["extract", "--jsonl", str(feed), "--events"])
    assert both.exit_code == 2 and "apply to one ARTICLE" in both.output
