"""The correction layer: store semantics, resolution at the Result level, the CLI."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.errors import CorrectionError, GazetteerCorruptError, GazetteerError
from conflictmap.model import Place
from conflictmap.paths import CORRECTIONS_DB
from conflictmap.pipeline import geoparse
from conflictmap.store import corrections
from conflictmap.store.corrections import EXPORT_FORMAT, CorrectionStore, Migration
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides

from ._geonames import make_home
from .conftest import cli_exit_code

GAO_ML = "geonames:2457163"
GAO_BF = "geonames:2360626"


# -- fixtures -------------------------------------------------------------------------


@pytest.fixture
def tiny() -> Gazetteer:
    return Gazetteer.from_places(
        [
            Place(id="t:gao", name="Gao", lat=16.27, lon=-0.04, country="ML", kind="city",
                  population=133110),
            Place(id="t:gao-bf", name="Gao", lat=11.65, lon=-2.18, country="BF", kind="town",
                  population=26453),
            Place(id="t:mali", name="Mali", lat=17.0, lon=-4.0, country="ML", kind="country"),
        ]
    )  # fmt: skip


@pytest.fixture
def store(tmp_path: Path, tiny: Gazetteer) -> CorrectionStore:
    return CorrectionStore(tmp_path / CORRECTIONS_DB, gazetteer=tiny)


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    """A fresh conflictmap home sharing the session's built base (read-only)."""
    return make_home(base_home, tmp_path / "home")


def state_of(store: CorrectionStore) -> tuple[int, Overrides]:
    return len(store.history()), store.overrides()


# -- the store -------------------------------------------------------------------------


def test_fresh_store_reads_without_creating_a_file(store: CorrectionStore) -> None:
    assert store.history() == []
    assert store.overrides().empty
    assert not store.path.exists()


def test_add_alias_prefer_reject_build_the_overrides(store: CorrectionStore) -> None:
    added = store.add("Ndjolbaye", lat=14.12, lon=-4.21, country="ml", aliases=["Ndjolbay"])
    assert added.place_id == "user:1"
    assert added.message.split()[-1] == "user:1"
    store.alias("Gao Town", "t:gao")
    store.prefer("Gao", "t:gao-bf")
    store.reject("Hagel")
    ov = store.overrides()
    place = ov.places["user:1"]
    assert (place.name, place.lat, place.lon, place.country, place.kind, place.layer) == (
        "Ndjolbaye", 14.12, -4.21, "ML", "village", "corrections",
    )  # fmt: skip
    assert ov.aliases["ndjolbaye"] == ("user:1",)
    assert ov.aliases["ndjolbay"] == ("user:1",)
    assert ov.aliases["gaotown"] == ("t:gao",)
    assert ov.prefer == {"gao": "t:gao-bf"}
    assert ov.reject == {"hagel"}


def test_the_gazetteer_applies_stored_corrections(store: CorrectionStore, tiny: Gazetteer) -> None:
    store.prefer("Gao", "t:gao-bf")
    store.reject("Mali")
    gaz = tiny.with_overrides(store.overrides())
    flags = {c.place.id: (c.corrected, c.preferred) for c in gaz.candidates("gao")}
    assert flags == {"t:gao": (False, False), "t:gao-bf": (True, True)}
    assert gaz.candidates("mali") == []


def test_history_records_before_and_after(store: CorrectionStore) -> None:
    store.prefer("Gao", "t:gao")
    store.prefer("Gao", "t:gao-bf")
    first, second = store.history()
    assert [c.to_dict() for c in second.changes] == [
        {
            "table": "prefer",
            "key": ["gao"],
            "before": {"name": "Gao", "place": "t:gao"},
            "after": {"name": "Gao", "place": "t:gao-bf"},
        }
    ]
    assert first.changes[0].before is None
    row = second.to_dict()
    assert row["action"] == "prefer" and row["status"] == "active"
    assert row["at"].endswith("Z") and row["args"] == {"name": "Gao", "place": "t:gao-bf"}


def test_undo_appends_its_inverse_and_undoing_the_undo_reapplies(
    store: CorrectionStore,
) -> None:
    store.reject("Hagel")
    store.alias("Gao Town", "t:gao")
    undone = store.undo()  # the latest: the alias
    assert undone.correction is not None and undone.correction.undoes == 2
    assert "gaotown" not in store.overrides().aliases
    store.undo()  # next latest active non-undo: the rejection
    assert store.overrides().empty
    statuses = [(c.id, c.action, c.status, c.undone_by) for c in store.history()]
    assert statuses == [
        (1, "reject", "undone", 4),
        (2, "alias", "undone", 3),
        (3, "undo", "active", None),
        (4, "undo", "active", None),
    ]
    with pytest.raises(CorrectionError, match="already undone"):
        store.undo(1)
    redo = store.undo(4)
    assert "re-applying #1" in redo.message
    assert store.overrides().reject == {"hagel"}
    assert store.get(1).status == "active" and store.get(4).status == "undone"
    with pytest.raises(CorrectionError, match="no correction to undo"):
        CorrectionStore(store.path.with_name("other.sqlite")).undo()
    assert store.verify().ok


def test_history_is_append_only_in_the_file(store: CorrectionStore) -> None:
    store.reject("Hagel")
    conn = sqlite3.connect(store.path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM history")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE history SET action = 'x'")
    finally:
        conn.close()


def test_later_corrections_win_and_undo_leaves_them(store: CorrectionStore) -> None:
    store.prefer("Gao", "t:gao")
    store.prefer("Gao", "t:gao-bf")
    with pytest.raises(CorrectionError, match="no effect left"):
        store.undo(1)  # #2 replaced what #1 did
    assert store.overrides().prefer == {"gao": "t:gao-bf"}
    store.reject("Gao")
    assert "gao" in store.overrides().reject
    store.alias("Gao", "t:gao")  # a later alias takes the name back from the rejection
    assert "gao" not in store.overrides().reject
    store.undo()
    assert "gao" in store.overrides().reject


def test_undo_of_an_added_place_still_in_use_is_refused(store: CorrectionStore) -> None:
    pid = store.add("Ndjolbaye", lat=14.12, lon=-4.21).place_id
    assert pid is not None
    store.alias("Njolbaye", pid)
    before = state_of(store)
    with pytest.raises(CorrectionError, match="still used"):
        store.undo(1)
    assert state_of(store) == before
    store.undo()  # the alias
    store.undo()  # now the place
    assert store.overrides().empty
    assert store.add("Other", lat=1, lon=1).place_id == "user:2"  # ids are never reused


def test_adding_the_same_place_twice_gives_the_same_id(store: CorrectionStore) -> None:
    first = store.add("Ndjolbaye", lat=14.12, lon=-4.21)
    again = store.add("ndjolbaye", lat=14.12, lon=-4.21)
    assert again.place_id == first.place_id and not again.changed
    more = store.add("Ndjolbaye", lat=14.12, lon=-4.21, aliases=["Njolbaye"])
    assert more.place_id == first.place_id and more.changed
    assert len(store.history()) == 2


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda s: s.add("X", lat=90.5, lon=0), "latitude 90.5 is outside [-90, 90]"),
        (lambda s: s.add("X", lat=-91, lon=0), "latitude -91 is outside"),
        (lambda s: s.add("X", lat=0, lon=180.01), "longitude 180.01 is outside [-180, 180]"),
        (lambda s: s.add("X", lat=float("nan"), lon=0), "not a finite number"),
        (lambda s: s.add("", lat=1, lon=1), "the name is empty"),
        (lambda s: s.add("  ", lat=1, lon=1), "the name is empty"),
        (lambda s: s.add("-'-", lat=1, lon=1), "no letters or digits"),
        (lambda s: s.add("X", lat=1, lon=1, kind="planet"), "unknown kind"),
        (lambda s: s.add("X", lat=1, lon=1, country="Mali"), "two-letter"),
        (lambda s: s.add("X", lat=1, lon=1, aliases=[""]), "the alias is empty"),
        (lambda s: s.alias("Foo", "t:nowhere"), "unknown place id 't:nowhere'"),
        (lambda s: s.alias("Foo", "user:7"), "unknown place id 'user:7'"),
        (lambda s: s.alias("Foo", ""), "the place id is empty"),
        (lambda s: s.prefer("Gao", "gao"), "is not a place id"),
        (lambda s: s.prefer("", "t:gao"), "the name is empty"),
        (lambda s: s.reject(""), "the name is empty"),
        (lambda s: s.undo(99), "no correction #99"),
    ],
)
def test_bad_input_changes_nothing(store: CorrectionStore, call, needle: str) -> None:  # type: ignore[no-untyped-def]
    store.reject("Hagel")
    before = state_of(store)
    with pytest.raises(CorrectionError, match=needle.replace("[", r"\[").replace("(", r"\(")):
        call(store)
    assert state_of(store) == before


def test_schema_version_and_migrations_are_recorded(store: CorrectionStore) -> None:
    store.reject("Hagel")
    schema = store.schema()
    assert schema["user_version"] == len(corrections.MIGRATIONS)
    names = [m["name"] for m in schema["migrations"]]
    assert names == ["m001_initial", "m002_scoped", "m003_scoped_aliases"]
    assert schema["migrations"][0]["applied_at"].endswith("Z")
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()


def test_a_new_migration_is_applied_once_at_open(
    store: CorrectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.reject("Hagel")
    extra = Migration("m900_test_note", ("CREATE TABLE note (text TEXT)",))
    monkeypatch.setattr(corrections.migrations, "MIGRATIONS", (*corrections.MIGRATIONS, extra))
    again = CorrectionStore(store.path)
    assert again.overrides().reject == {"hagel"}  # the data survives the upgrade
    names = [m["name"] for m in again.schema()["migrations"]]
    assert names == [*(m.name for m in corrections.MIGRATIONS), "m900_test_note"]
    assert again.schema()["user_version"] == len(corrections.MIGRATIONS) + 1
    CorrectionStore(store.path).history()  # already applied: nothing to do, no error


def test_a_file_from_a_newer_version_is_left_alone(
    store: CorrectionStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.reject("Hagel")
    extra = Migration("m999_future", ("CREATE TABLE future (x)",))
    monkeypatch.setattr(corrections.migrations, "MIGRATIONS", (*corrections.MIGRATIONS, extra))
    CorrectionStore(store.path).history()
    monkeypatch.undo()
    with pytest.raises(GazetteerError, match="newer conflictmap"):
        CorrectionStore(store.path).history()
    assert store.path.exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: os.urandom(len(data)),  # not a database at all
        lambda data: data[:100] + os.urandom(len(data) - 100),  # header kept, pages garbage
    ],
    ids=["garbage", "pages"],
)
def test_a_corrupt_file_is_moved_aside_and_reported(store: CorrectionStore, damage) -> None:  # type: ignore[no-untyped-def]
    for i in range(40):
        store.reject(f"Word{i}")
    CorrectionStore(store.path).verify()  # checkpoints the WAL into the file on close
    data = damage(store.path.read_bytes())
    store.path.write_bytes(data)
    fresh = CorrectionStore(store.path)
    with pytest.raises(
        GazetteerCorruptError, match=r"corrupt .*kept as corrections\.sqlite\.corrupt-"
    ):
        fresh.overrides()
    assert not store.path.exists()
    (aside,) = store.path.parent.glob("corrections.sqlite.corrupt-*")
    assert aside.read_bytes() == data  # kept as it was, never overwritten
    assert CorrectionStore(store.path).reject("Hagel").changed  # a new file starts
    assert list(store.path.parent.glob("corrections.sqlite.corrupt-*")) == [aside]


def test_a_folder_or_a_foreign_database_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "a" / CORRECTIONS_DB
    folder.mkdir(parents=True)
    with pytest.raises(GazetteerError, match="is a folder"):
        CorrectionStore(folder).reject("Hagel")
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE places (x)")
    conn.commit()
    conn.close()
    with pytest.raises(GazetteerError, match="not a conflictmap corrections file"):
        CorrectionStore(other).reject("Hagel")
    conn = sqlite3.connect(other)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.close()
    assert tables == {"places"}


def test_stale_place_ids_are_skipped_not_lost(store: CorrectionStore, tiny: Gazetteer) -> None:
    store.alias("Gao Town", "t:gao")
    store.prefer("Gao", "t:gao-bf")
    ov = store.overrides(known=lambda pid: pid != "t:gao")
    assert "gaotown" not in ov.aliases and ov.prefer == {"gao": "t:gao-bf"}
    assert store.overrides().aliases["gaotown"] == ("t:gao",)


# -- export / import ---------------------------------------------------------------------


def test_export_then_import_elsewhere_is_idempotent(
    store: CorrectionStore, tiny: Gazetteer, tmp_path: Path
) -> None:
    store.add("Ndjolbaye", lat=14.12, lon=-4.21, country="ML", aliases=["Ndjolbay"])
    pid = store.add("Kerena", lat=15.0, lon=-3.0).place_id
    store.alias("Kerenna", str(pid))
    store.prefer("Gao", "t:gao-bf")
    store.reject("Hagel")
    path = tmp_path / "fixes.json"
    counts = store.export(path)
    assert counts == {"places": 2, "aliases": 4, "prefer": 1, "reject": 1}
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == EXPORT_FORMAT and data["version"] == 1
    assert not list(tmp_path.glob(".fixes.json.*"))  # no temporary file left

    assert not store.import_file(path).changed  # into the same store: nothing new

    other = CorrectionStore(tmp_path / "other" / CORRECTIONS_DB, gazetteer=tiny)
    other.add("Mine", lat=1, lon=2)  # takes user:1 there
    done = other.import_file(path)
    assert done.changed and "2 places" in done.message
    ov = other.overrides()
    assert ov.aliases["kerenna"] == ov.aliases["kerena"] == ("user:3",)
    assert ov.places["user:2"].name == "Ndjolbaye" and ov.prefer == {"gao": "t:gao-bf"}
    assert not other.import_file(path).changed  # a replay adds nothing
    assert len(other.history()) == 2
    other.undo()  # the import is undone as one correction
    assert set(other.overrides().places) == {"user:1"}


@pytest.mark.parametrize(
    ("payload", "needle"),
    [
        (b"not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[]", "not a conflictmap corrections file"),
        (json.dumps({"format": EXPORT_FORMAT, "version": 9}).encode(), "newer conflictmap"),
        (
            json.dumps({"format": EXPORT_FORMAT, "version": 1, "places": [
                {"id": "user:1", "name": "A", "lat": 95, "lon": 0}]}).encode(),
            "places[0]: latitude 95 is outside",
        ),
        (
            json.dumps({"format": EXPORT_FORMAT, "version": 1, "aliases": [
                {"name": "A", "place": "t:gao"}, {"name": "B", "place": "t:none"}]}).encode(),
            "aliases[1]: unknown place id 't:none'",
        ),
        (
            json.dumps({"format": EXPORT_FORMAT, "version": 1, "aliases": [
                {"name": "A", "place": "user:5"}]}).encode(),
            "user:5 is not one of the places in the file",
        ),
        (
            json.dumps({"format": EXPORT_FORMAT, "version": 1, "reject": [{"name": ""}]}).encode(),
            "reject[0]: the name is empty",
        ),
    ],
    ids=["text", "binary", "array", "future", "lat", "unknown-id", "user-id", "empty-name"],
)  # fmt: skip
def test_a_bad_import_changes_nothing(
    store: CorrectionStore, tmp_path: Path, payload: bytes, needle: str
) -> None:
    store.reject("Hagel")
    before = state_of(store)
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    with pytest.raises(CorrectionError) as info:
        store.import_file(path)
    assert needle in str(info.value) and "\n" not in str(info.value)
    assert state_of(store) == before


# -- at the Result level, with the real base gazetteer ------------------------------------


VILLAGE = "Gunmen attacked Ndjolbaye, a village near Mopti in central Mali, on Sunday."


def parse(home: Path, text: str, overrides: Overrides | None = None):  # type: ignore[no-untyped-def]
    with Gazetteer(home, progress=False, build=False) as gaz:
        return geoparse(text, gazetteer=gaz, overrides=overrides, statements=False)


def resolved(result, name: str):  # type: ignore[no-untyped-def]
    return [m for m in result.mentions if m.text == name and m.place is not None]


def test_an_unknown_village_resolves_after_add(home: Path) -> None:
    assert resolved(parse(home, VILLAGE), "Ndjolbaye") == []
    store = CorrectionStore(home / CORRECTIONS_DB)
    pid = store.add("Ndjolbaye", lat=14.61, lon=-4.05, country="ML").place_id
    result = parse(home, VILLAGE)
    (mention,) = resolved(result, "Ndjolbaye")
    assert mention.place == pid and mention.reason == "correction"
    place = result.place_by_id[pid]
    assert (place.layer, place.lat, place.lon, place.country) == ("corrections", 14.61, -4.05, "ML")
    assert result.to_dict()["places"][pid]["layer"] == "corrections"


def test_alias_prefer_and_reject_at_the_result_level(home: Path) -> None:
    text = "Fighting near Zorbakonda spread to Gao and Timbuktu, officials in Mali said."
    before = parse(home, text)
    assert resolved(before, "Zorbakonda") == []
    assert resolved(before, "Gao")[0].place == GAO_ML and resolved(before, "Gao")[0].reason is None
    assert resolved(before, "Timbuktu")

    store = CorrectionStore(home / CORRECTIONS_DB)
    store.alias("Zorbakonda", GAO_ML)
    store.prefer("Gao", GAO_BF)
    store.reject("Timbuktu")
    after = parse(home, text)
    (alias,) = resolved(after, "Zorbakonda")
    assert (alias.place, alias.reason) == (GAO_ML, "correction")
    (gao,) = resolved(after, "Gao")
    assert (gao.place, gao.reason) == (GAO_BF, "correction")
    assert after.place_by_id[GAO_BF].country == "BF"
    assert resolved(after, "Timbuktu") == []

    store.undo()  # the rejection
    assert resolved(parse(home, text), "Timbuktu")


def test_per_run_fix_and_no_place_mark_the_pin(home: Path) -> None:
    text = "Fighting spread from Gao to Timbuktu, officials in Mali said."
    run = Overrides.from_cli(fixes=[f"Gao={GAO_BF}"], no_place=["Timbuktu"])
    result = parse(home, text, run)
    (gao,) = resolved(result, "Gao")
    assert (gao.place, gao.reason) == (GAO_BF, "correction")
    assert resolved(result, "Timbuktu") == []
    assert not (home / CORRECTIONS_DB).exists()  # per run: nothing stored


def test_corrections_outrank_a_stronger_namesake(home: Path) -> None:
    # "Paris" alone is the French capital; an alias to a user place wins over it.
    text = "Troops left Paris for the north."
    assert resolved(parse(home, text), "Paris")[0].place != "user:1"
    store = CorrectionStore(home / CORRECTIONS_DB)
    store.add("Paris Camp", lat=13.5, lon=2.1, country="NE", kind="spot", aliases=["Paris"])
    (paris,) = resolved(parse(home, text), "Paris")
    assert (paris.place, paris.reason) == ("user:1", "correction")


# -- the command line -----------------------------------------------------------------------


def cli(home: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "conflictmap", *args],
        input=stdin.decode() if stdin else None,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_done_when_flow_through_the_cli(home: Path, tmp_path: Path) -> None:
    article = tmp_path / "raid.txt"
    article.write_text(
        "Gunmen attacked Ndjolbaye, a village near Mopti, then Zorbakonda. "
        "Timbuktu was calm, officials in Mali said.",
        encoding="utf-8",
    )

    def places() -> dict[str, str | None]:
        proc = cli(home, "extract", str(article))
        assert proc.returncode == 0, proc.stderr
        data = json.loads(proc.stdout)
        return {m["text"]: m["place"] for m in data["mentions"]}

    before = places()
    assert before.get("Ndjolbaye") is None and before.get("Zorbakonda") is None
    assert before["Timbuktu"]

    added = cli(home, "gazetteer", "add", "Ndjolbaye", "--lat", "14.61", "--lon", "-4.05")
    assert added.returncode == 0, added.stderr
    pid = added.stdout.split()[-1]
    assert pid.startswith("user:")
    assert cli(home, "gazetteer", "alias", "Zorbakonda", GAO_ML).returncode == 0
    assert cli(home, "gazetteer", "reject", "Timbuktu").returncode == 0
    after = places()
    assert after["Ndjolbaye"] == pid and after["Zorbakonda"] == GAO_ML
    assert after.get("Timbuktu") is None

    undo = cli(home, "gazetteer", "undo")
    assert undo.returncode == 0 and "reject 'Timbuktu'" in undo.stdout
    assert places()["Timbuktu"] == before["Timbuktu"]

    proc = cli(home, "gazetteer", "history", "--format", "json")
    rows = json.loads(proc.stdout)
    assert [(r["action"], r["status"]) for r in rows] == [
        ("add", "active"),
        ("alias", "active"),
        ("reject", "undone"),
        ("undo", "active"),
    ]
    assert rows[0]["args"]["country"] == "ML"  # found from the point
    assert rows[2]["undone_by"] == rows[3]["id"] and rows[3]["undoes"] == rows[2]["id"]
    assert rows[1]["changes"][0]["after"] == {"name": "Zorbakonda"}
    table = cli(home, "gazetteer", "history", "--format", "table").stdout
    assert "undone" in table and "Zorbakonda" in table

    fixed = cli(home, "extract", str(article), "--fix", f"Ndjolbaye={GAO_BF}", "--no-place", "Mali")
    data = json.loads(fixed.stdout)
    mentions = {m["text"]: m["place"] for m in data["mentions"]}
    assert mentions["Ndjolbaye"] == GAO_BF and "Mali" not in mentions


def run_main(home: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["add", "X", "--lat", "90.5", "--lon", "0"], "latitude 90.5 is outside [-90, 90]"),
        (["add", "X", "--lat", "0", "--lon", "-180.5"], "longitude -180.5 is outside"),
        (["add", " ", "--lat", "1", "--lon", "1"], "the name is empty"),
        (["alias", "Foo", "geonames:1"], "unknown place id 'geonames:1'"),
        (["prefer", "Gao", "user:42"], "unknown place id 'user:42'"),
        (["alias", "", GAO_ML], "the alias is empty"),
        (["reject", ""], "the name is empty"),
        (["undo", "--id", "7"], "there is no correction #7"),
        (["import-corrections", "missing.json"], "cannot read"),
    ],
)
def test_cli_bad_input_is_one_line_exit_1_nothing_changed(
    home: Path, capsys: pytest.CaptureFixture[str], args: list[str], needle: str
) -> None:
    assert run_main(home, "gazetteer", "reject", "Hagel", capsys=capsys)[0] == 0
    store = CorrectionStore(home / CORRECTIONS_DB)
    before = state_of(store)
    code, out, err = run_main(home, "gazetteer", *args, capsys=capsys)
    assert code == 1, (out, err)
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and needle in lines[0] and "Traceback" not in err, err
    assert state_of(store) == before


def test_cli_corrupt_file_is_one_line_and_kept(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / CORRECTIONS_DB
    path.write_bytes(b"this is not an SQLite file" * 100)
    code, _out, err = run_main(home, "gazetteer", "reject", "Hagel", capsys=capsys)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "corrupt" in err and "kept as corrections.sqlite.corrupt-" in err
    (aside,) = home.glob("corrections.sqlite.corrupt-*")
    assert aside.read_bytes() == b"this is not an SQLite file" * 100
    assert not path.exists()
    path.mkdir()
    code, _out, err = run_main(home, "gazetteer", "history", capsys=capsys)
    assert code == 1 and "is a folder" in err and len(err.strip().splitlines()) == 1


def test_cli_export_and_import(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(home, "gazetteer", "alias", "Zorbakonda", GAO_ML, capsys=capsys)[0] == 0
    code, out, _ = run_main(home, "gazetteer", "add", "Kerena", "--lat", "15", "--lon", "-3",
                            "--country", "ML", capsys=capsys)  # fmt: skip
    assert code == 0 and out.split()[-1] == "user:1"
    target = tmp_path / "fixes.json"
    code, out, _ = run_main(home, "gazetteer", "export", str(target), capsys=capsys)
    assert code == 0 and "1 place, 2 aliases" in out
    other = tmp_path / "other"
    other.mkdir()
    (other / "base.sqlite").symlink_to((home / "base.sqlite").resolve())
    code, out, _ = run_main(other, "gazetteer", "import-corrections", str(target), capsys=capsys)
    assert code == 0 and out.startswith("#1 import")
    code, out, _ = run_main(other, "gazetteer", "import-corrections", str(target), capsys=capsys)
    assert code == 0 and out.startswith("nothing new")
    code, out, _ = run_main(other, "gazetteer", "export", "-", capsys=capsys)
    shared = json.loads(out)
    assert {a["name"] for a in shared["aliases"]} == {"Zorbakonda", "Kerena"}


def test_a_long_running_process_sees_corrections_made_by_another(home: Path) -> None:
    """open_gazetteer() caches the gazetteer per home; a fix made meanwhile by another
    process (the CLI) must still hold for the next article this process maps."""
    from conflictmap.pipeline import open_gazetteer

    text = "Gunmen attacked Ndjolbaye, a village near Mopti, on Monday."
    gaz = open_gazetteer(home, progress=False)
    before = geoparse(text, gazetteer=open_gazetteer(home, progress=False))
    assert "user:1" not in {m.place for m in before.mentions}
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "conflictmap", "gazetteer", "add", "Ndjolbaye",
         "--lat", "14.12", "--lon", "-4.21", "--country", "ML", "--kind", "village"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    after = geoparse(text, gazetteer=open_gazetteer(home, progress=False))
    assert open_gazetteer(home, progress=False) is gaz
    assert "user:1" in {m.place for m in after.mentions}
