"""The Dask integration, on local schedulers (synchronous, threads, processes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictmap.errors import InputError
from conflictmap.model import Result
from conflictmap.pipeline import geoparse, open_gazetteer
from conflictmap.store import registry
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides

dask = pytest.importorskip(
    "dask", reason='Dask is an optional extra: pip install "conflictmap[dask]"'
)
db = pytest.importorskip("dask.bag", reason="dask.bag is missing")

from conflictmap.batch import dask as cmdask  # noqa: E402

TEXTS = [
    "Fighting broke out near Gao and Kidal in northern Mali on Sunday.",
    "French troops reached Timbuktu after leaving Bamako.",
    "Protesters gathered in Paris and Berlin.",
    "The convoy left Niamey for Agadez.",
    "Refugees crossed from Mali into Mauritania near Bassikounou.",
    "Shelling was reported in Donetsk and Kharkiv.",
]
RECORDS = [{"id": f"a{i}", "text": t} for i, t in enumerate(TEXTS)]


def expected(home: Path) -> list[dict[str, object]]:
    gaz = open_gazetteer(home, progress=False)
    out = []
    for record in RECORDS:
        d = geoparse(record["text"], id=record["id"], gazetteer=gaz).to_dict()
        d["id"] = record["id"]
        out.append(json.loads(json.dumps(d)))
    return out


@pytest.mark.parametrize("scheduler", ["synchronous", "threads", "processes"])
def test_records_bag_matches_geoparse_in_order(base_home: Path, scheduler: str) -> None:
    bag = db.from_sequence(RECORDS, npartitions=3)
    got = cmdask.geoparse_bag(bag, home=base_home, as_dict=True).compute(
        scheduler=scheduler, num_workers=2
    )
    assert json.loads(json.dumps(got)) == expected(base_home)


def test_texts_bag_gives_results(base_home: Path) -> None:
    bag = db.from_sequence(TEXTS, npartitions=2)
    got = cmdask.geoparse_bag(bag, home=base_home).compute(scheduler="synchronous")
    assert all(isinstance(r, Result) for r in got)
    want = [geoparse(t, gazetteer=open_gazetteer(base_home, progress=False)) for t in TEXTS]
    assert [r.to_dict() for r in got] == [r.to_dict() for r in want]


def test_gazetteer_opened_once_per_process(
    base_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[Path] = []

    def opener(home: Path, **options: bool) -> Gazetteer:
        opened.append(home)
        return Gazetteer(home, **options)

    monkeypatch.setattr(registry, "REGISTRY", registry.GazetteerRegistry(opener))
    bag = db.from_sequence(RECORDS, npartitions=len(RECORDS))
    cmdask.geoparse_bag(bag, home=base_home, as_dict=True).compute(scheduler="threads")
    assert opened == [base_home.resolve()]  # six partitions, four threads, one gazetteer
    registry.REGISTRY.close()


def test_errors_raise_skip_record(base_home: Path) -> None:
    items = [RECORDS[0], {"id": "blank", "text": "   "}, {"id": "none"}, RECORDS[1]]
    bag = db.from_sequence(items, npartitions=2)
    with pytest.raises(InputError):  # the empty text or the missing one, whichever runs first
        cmdask.geoparse_bag(bag, home=base_home).compute(scheduler="synchronous")
    skipped = cmdask.geoparse_bag(bag, home=base_home, errors="skip", as_dict=True)
    assert [r["id"] for r in skipped.compute(scheduler="synchronous")] == ["a0", "a1"]
    recorded = cmdask.geoparse_bag(bag, home=base_home, errors="record", as_dict=True)
    got = recorded.compute(scheduler="synchronous")
    assert [r["id"] for r in got] == ["a0", "blank", "none", "a1"]
    assert got[1] == {"id": "blank", "error": "the article is empty"}
    assert got[2] == {"id": "none", "error": 'the record has no "text" string'}


def test_bad_options_fail_before_computing() -> None:
    bag = db.from_sequence(TEXTS, npartitions=1)
    with pytest.raises(ValueError, match="errors must be one of"):
        cmdask.geoparse_bag(bag, errors="ignore")
    with pytest.raises(ValueError, match="as_dict=True"):
        cmdask.geoparse_bag(bag, errors="record")


def test_overrides_travel_to_worker_processes(base_home: Path) -> None:
    no_gao = Overrides.from_cli(fixes=(), no_place=("Gao",))
    bag = db.from_sequence([RECORDS[0]] * 2, npartitions=2)
    got = cmdask.geoparse_bag(bag, home=base_home, overrides=no_gao, as_dict=True).compute(
        scheduler="processes", num_workers=2
    )
    for result in got:
        names = [m["text"] for m in result["mentions"]]
        assert "Gao" not in names and "Kidal" in names, names


def test_missing_gazetteer_is_a_clear_error(tmp_path: Path) -> None:
    from conflictmap.errors import GazetteerNotBuiltError

    bag = db.from_sequence(TEXTS[:1], npartitions=1)
    with pytest.raises(GazetteerNotBuiltError, match="gazetteer build"):
        cmdask.geoparse_bag(bag, home=tmp_path / "empty").compute(scheduler="synchronous")
