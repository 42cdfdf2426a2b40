"""Scoped corrections (issue 17): one article > a focus country > everywhere.

"Palma" for a story about one country must not break every story about another,
and "Juba" in Yemen must not move South Sudan's capital. Each test runs on the
real base gazetteer in a fresh home (tests/_geonames.make_home).
"""

from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

import pytest

from conflictmap.errors import CorrectionError, CorrectionWarning
from conflictmap.paths import CORRECTIONS_DB
from conflictmap.pipeline import geoparse
from conflictmap.store.corrections import CorrectionStore
from conflictmap.store.corrections.migrations import MIGRATIONS
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.store.scopes import article_hash, parse_scope

from ._geonames import make_home
from .conftest import cli_exit_code

PALMA_ES, PALMA_BR, PALMA_IT = "geonames:2512989", "geonames:3455475", "geonames:8949802"
JUBA_SS = "geonames:373303"

SPAIN = "Protesters marched in Palma, on Mallorca, as Madrid sent police to Spain's islands."
BRAZIL = "Floods hit Palma, in Minas Gerais, Brazil, and Belo Horizonte sent help."
YEMEN = (
    "Houthi fighters shelled Juba, a village in Marib province, Yemen, "
    "and government troops fell back towards Marib and Sanaa."
)
SUDAN = "Fighting broke out in Juba, the capital of South Sudan, near the airport."


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


def store_of(home: Path) -> CorrectionStore:
    return CorrectionStore(home / CORRECTIONS_DB, gazetteer=Gazetteer(home, progress=False))


def place_of(home: Path, text: str, name: str, ident: str | None = None) -> str | None:
    """The place ``name`` resolves to in ``text`` (None: not a resolved mention)."""
    with Gazetteer(home, progress=False) as gaz:
        result = geoparse(text, id=ident, gazetteer=gaz)
    found = [m.place for m in result.mentions if m.text == name]
    return found[0] if found else None


def test_the_narrowest_matching_scope_wins(home: Path) -> None:
    assert place_of(home, SPAIN, "Palma") == PALMA_ES
    assert place_of(home, BRAZIL, "Palma") == PALMA_BR
    store = store_of(home)
    store.prefer("Palma", PALMA_IT)  # everywhere
    store.prefer("Palma", PALMA_BR, scope="country:ES")
    store.prefer("Palma", PALMA_ES, scope="article:mallorca-1")
    assert place_of(home, BRAZIL, "Palma") == PALMA_IT  # everywhere only
    assert place_of(home, SPAIN, "Palma") == PALMA_BR  # country:ES over everywhere
    assert place_of(home, SPAIN, "Palma", "mallorca-1") == PALMA_ES  # article over country


def test_an_article_is_named_by_its_content_hash_too(home: Path) -> None:
    store_of(home).prefer("Palma", PALMA_IT, scope=f"article:{article_hash(SPAIN)}")
    assert place_of(home, SPAIN, "Palma", "any-id") == PALMA_IT
    assert place_of(home, SPAIN + " ", "Palma") == PALMA_ES  # another text, another hash


def test_a_place_added_for_a_country_leaves_the_others_alone(home: Path) -> None:
    assert place_of(home, SUDAN, "Juba") == JUBA_SS
    added = store_of(home).add("Juba", lat=15.41, lon=45.32, country="YE", scope="country:YE")
    assert added.place_id == "user:1"
    assert "(in country:YE)" in added.message
    assert place_of(home, YEMEN, "Juba") == "user:1"
    assert place_of(home, SUDAN, "Juba") == JUBA_SS


def test_a_scoped_rejection_holds_in_its_article_only(home: Path) -> None:
    store_of(home).reject("Juba", scope="article:report-12")
    assert place_of(home, SUDAN, "Juba", "report-12") is None
    assert place_of(home, SUDAN, "Juba", "report-13") == JUBA_SS
    # a scoped preference lifts an everywhere rejection in its scope only
    store_of(home).reject("Palma")
    store_of(home).prefer("Palma", PALMA_BR, scope="country:BR")
    assert place_of(home, BRAZIL, "Palma") == PALMA_BR
    assert place_of(home, SPAIN, "Palma") is None


def test_history_undo_and_replay_carry_the_scope(home: Path) -> None:
    store = store_of(home)
    done = store.prefer("Palma", PALMA_BR, scope="country:es")
    assert done.message.endswith("(in country:ES)")
    (row,) = store.history()
    assert row.scope == "country:ES" and row.to_dict()["scope"] == "country:ES"
    assert row.changes[0].table == "scoped_prefer"
    assert row.changes[0].key == ("country:ES", "palma")
    assert place_of(home, SPAIN, "Palma") == PALMA_BR
    store.undo()
    assert place_of(home, SPAIN, "Palma") == PALMA_ES
    store.undo(2)  # undoing the undo applies it again
    assert place_of(home, SPAIN, "Palma") == PALMA_BR
    assert store.verify().ok
    assert [r.scope for r in store.history()] == ["country:ES", "everywhere", "everywhere"]


def test_export_and_import_keep_the_scopes(home: Path, tmp_path: Path) -> None:
    store = store_of(home)
    store.reject("Hagel")
    assert store.snapshot()["version"] == 1  # no scope: readable by older versions
    store.prefer("Palma", PALMA_BR, scope="country:ES")
    store.reject("Juba", scope="article:report-12")
    store.add("Juba", lat=15.41, lon=45.32, country="YE", scope="country:YE")
    data = store.snapshot()
    assert data["version"] == 2
    assert {"name": "Palma", "place": PALMA_BR, "scope": "country:ES"} in data["prefer"]
    assert {"name": "Juba", "place": "user:1", "scope": "country:YE"} in data["prefer"]
    assert {"name": "Juba", "scope": "article:report-12"} in data["reject"]
    store.export(tmp_path / "fixes.json")

    other = make_home(home, tmp_path / "other")
    again = store_of(other)
    assert again.import_file(tmp_path / "fixes.json").changed
    assert again.overrides().scoped == store.overrides().scoped
    assert not again.import_file(tmp_path / "fixes.json").changed  # a replay adds nothing
    assert place_of(other, SPAIN, "Palma") == PALMA_BR
    assert place_of(other, YEMEN, "Juba") == "user:1"


@pytest.mark.parametrize(
    ("scope", "needle"),
    [
        ("country:Spain", "two-letter ISO code"),
        ("country:ZZ", "unknown country code 'ZZ'"),
        ("article:", "the article id is empty"),
        ("article:a\x1b]0;x\x07", "not printable"),
        ("region:X", "no first-level region is named 'X'"),
        ("region:ML.99", "no first-level region 'ML.99'"),
        ("county:X", "expected article:<id>, region:CC.ADMIN1, country:CC or everywhere"),
        ("article:" + "x" * 300, "longer than 200"),
    ],
)
def test_a_bad_scope_is_one_clear_error(home: Path, scope: str, needle: str) -> None:
    with pytest.raises(CorrectionError) as caught:
        store_of(home).prefer("Palma", PALMA_BR, scope=scope)
    assert needle in str(caught.value)
    assert store_of(home).history() == []


def test_an_imported_bad_scope_rejects_the_file(home: Path, tmp_path: Path) -> None:
    bundle = {"format": "conflictmap-corrections", "version": 2,
              "reject": [{"name": "Hagel", "scope": "country:Hagel"}]}  # fmt: skip
    with pytest.raises(CorrectionError, match=r"reject\[0\]: scope 'country:Hagel'"):
        store_of(home).import_bytes(json.dumps(bundle).encode())
    bundle = {"format": "conflictmap-corrections", "version": 2,
              "places": [{"id": "user:1", "name": "Hagel", "lat": 1, "lon": 1,
                          "scope": "country:ES"}]}  # fmt: skip
    with pytest.raises(CorrectionError, match="places hold no scope"):
        store_of(home).import_bytes(json.dumps(bundle).encode())


def test_a_hand_edited_scoped_row_is_skipped_with_a_warning(home: Path) -> None:
    store = store_of(home)
    store.prefer("Palma", PALMA_BR, scope="country:ES")
    with sqlite3.connect(home / CORRECTIONS_DB) as conn:
        conn.execute("UPDATE scoped_prefer SET scope = 'country:Spain'")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert store.overrides().scoped == {}
    assert any(issubclass(w.category, CorrectionWarning) for w in caught)
    assert any("two-letter" in str(w.message) for w in caught)


def test_a_file_from_before_scopes_is_migrated_and_keeps_its_rows(home: Path) -> None:
    path = home / CORRECTIONS_DB
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "CREATE TABLE _migrations (migration_set TEXT NOT NULL, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))"
    )
    for statement in MIGRATIONS[0].statements:
        conn.execute(statement)
    conn.execute("INSERT INTO _migrations VALUES ('conflictmap.corrections', 'm001_initial', 'x')")
    conn.execute("INSERT INTO reject VALUES ('hagel', '{\"name\": \"Hagel\"}')")
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    store = store_of(home)
    assert "hagel" in store.overrides().reject
    names = [m["name"] for m in store.schema()["migrations"]]
    assert names == ["m001_initial", "m002_scoped", "m003_scoped_aliases"]
    assert store.prefer("Palma", PALMA_BR, scope="country:ES").changed


def test_pickled_overrides_keep_their_scopes() -> None:
    import pickle

    ov = Overrides(scoped={"country:ES": Overrides.from_cli(no_place=["Palma"])})
    assert pickle.loads(pickle.dumps(ov)).scoped == ov.scoped
    assert str(parse_scope(" everywhere ")) == "everywhere"


# -- the command line -----------------------------------------------------------------------


def run(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_scopes_corrections_and_shows_them(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "mallorca.txt"
    article.write_text(SPAIN, encoding="utf-8")
    code, out, err = run(home, capsys, "gazetteer", "prefer", "Palma", PALMA_BR,
                         "--scope", "country:ES")  # fmt: skip
    assert code == 0, err
    assert "(in country:ES)" in out
    code, out, _ = run(home, capsys, "gazetteer", "scope", str(article))
    assert out.strip() == f"article:{article_hash(SPAIN)}"
    code, out, err = run(home, capsys, "gazetteer", "reject", "Madrid", "--scope", out.strip())
    assert code == 0, err
    code, out, _ = run(home, capsys, "extract", str(article))
    mentions = {m["text"]: m["place"] for m in json.loads(out)["mentions"]}
    assert mentions["Palma"] == PALMA_BR and "Madrid" not in mentions
    code, out, _ = run(home, capsys, "gazetteer", "history", "--format", "table")
    assert "country:ES" in out and "article:sha256:" in out
    code, out, _ = run(home, capsys, "gazetteer", "history", "--format", "json")
    assert json.loads(out)[0]["scope"] == "country:ES"
    code, _, err = run(home, capsys, "gazetteer", "prefer", "Palma", PALMA_BR, "--scope", "x")
    assert code != 0 and "expected article:<id>, region:CC.ADMIN1, country:CC or everywhere" in err
    assert len(err.strip().splitlines()) == 1


def test_fix_with_coordinates_adds_a_place_for_one_run(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "raid.txt"
    article.write_text("Gunmen attacked Ndjolbaye, a village near Mopti, Mali.", encoding="utf-8")
    code, out, err = run(home, capsys, "extract", str(article), "--fix", "Ndjolbaye=14.12,-4.21")
    assert code == 0, err
    data = json.loads(out)
    (mention,) = [m for m in data["mentions"] if m["text"] == "Ndjolbaye"]
    assert mention["place"] == "run:1"
    assert (data["places"]["run:1"]["lat"], data["places"]["run:1"]["lon"]) == (14.12, -4.21)
    code, out, _ = run(home, capsys, "extract", str(article))
    assert "run:1" not in out  # one run only
    for bad in ("Ndjolbaye=91,0", "Ndjolbaye=1,x", "Ndjolbaye=nan,0"):
        code, _, err = run(home, capsys, "extract", str(article), "--fix", bad)
        assert code != 0 and "--fix" in err and len(err.strip().splitlines()) == 1
