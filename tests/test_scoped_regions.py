"""Region scopes and scoped aliases (issue 17): article > region > country > everywhere.

A fix for a story about Cabo Delgado must not change a story about Nampula, in the
same country. The article's focus region is the one the resolver's votes give
(``conflictmap.pipeline.article_focus``). Each test runs on the real base
gazetteer in a fresh home (tests/_geonames.make_home).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conflictmap.errors import CorrectionError
from conflictmap.paths import CORRECTIONS_DB
from conflictmap.pipeline import article_focus
from conflictmap.store.corrections.migrations import MIGRATIONS
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.scopes import article_hash

from ._geonames import make_home
from .conftest import cli_exit_code
from .test_scoped_corrections import place_of, store_of

PEMBA = "geonames:1028918"
MOCIMBOA = "geonames:1024699"
#: two stories about Mozambique: one focused on Cabo Delgado (MZ.01), one on Nampula (MZ.06)
CABO = (
    "Insurgents attacked Mocímboa da Praia and Macomia in Cabo Delgado province, "
    "Mozambique, and families fled south to Pemba."
)
NAMPULA = (
    "Families displaced by the fighting arrived in Nampula city and Nacala, in Nampula "
    "province, Mozambique, and some moved on to Pemba."
)
#: the same two, naming Mocímboa da Praia by a misspelling
CABO_SHORT = "Insurgents entered Mossimboa and Macomia in Cabo Delgado province, Mozambique."
NAMPULA_SHORT = (
    "Buses from Mossimboa reached Nampula city and Nacala, in Nampula province, Mozambique."
)


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    return make_home(base_home, tmp_path / "home")


def test_the_two_stories_have_the_focus_regions_the_tests_rely_on(home: Path) -> None:
    with Gazetteer(home, progress=False) as gaz:
        cabo, nampula = article_focus(gaz, CABO), article_focus(gaz, NAMPULA)
    assert (cabo.country, cabo.region) == ("MZ", "MZ.01")
    assert (nampula.country, nampula.region) == ("MZ", "MZ.06")
    assert place_of(home, CABO, "Pemba") == place_of(home, NAMPULA, "Pemba") == PEMBA


def test_a_region_scope_holds_in_its_region_only(home: Path) -> None:
    done = store_of(home).reject("Pemba", scope="region:MZ.01")
    assert "(in region:MZ.01)" in done.message
    assert place_of(home, CABO, "Pemba") is None
    assert place_of(home, NAMPULA, "Pemba") == PEMBA  # same country, another region


def test_the_narrowest_scope_wins_article_region_country(home: Path) -> None:
    store = store_of(home)
    camp = store.add("Pemba", lat=-12.99, lon=40.52, country="MZ", scope="country:MZ").place_id
    port = store.add("Pemba", lat=-12.96, lon=40.49, country="MZ", scope="region:MZ.01").place_id
    store.prefer("Pemba", PEMBA, scope="article:cabo-1")
    assert place_of(home, NAMPULA, "Pemba") == camp  # country:MZ
    assert place_of(home, CABO, "Pemba") == port  # region:MZ.01 over country:MZ
    assert place_of(home, CABO, "Pemba", "cabo-1") == PEMBA  # article over region


def test_a_region_is_given_by_name_and_stored_by_code(home: Path) -> None:
    store = store_of(home)
    done = store.reject("Pemba", scope="region:Cabo Delgado")
    assert done.correction is not None and done.correction.scope == "region:MZ.01"
    assert store.reject("Nacala", scope="region:Punjab, PK").correction.scope == "region:PK.04"  # type: ignore[union-attr]
    for scope, needle in [
        ("region:Punjab", "ambiguous: region:IN.23 (Punjab, IN) or region:PK.04 (Punjab, PK)"),
        ("region:Atlantis", "no first-level region is named 'Atlantis'"),
        ("region:MZ.99", "the gazetteer has no first-level region 'MZ.99'"),
        ("region:", "the region is empty"),
    ]:
        with pytest.raises(CorrectionError) as caught:
            store.reject("Pemba", scope=scope)
        assert needle in str(caught.value) and "\n" not in str(caught.value)
    assert len(store.history()) == 2


def test_a_scoped_alias_holds_in_its_scope_only(home: Path) -> None:
    assert place_of(home, CABO_SHORT, "Mossimboa") is None
    store = store_of(home)
    done = store.alias("Mossimboa", MOCIMBOA, scope="region:MZ.01")
    assert "alias 'Mossimboa' → geonames:1024699 (in region:MZ.01)" in done.message
    assert place_of(home, CABO_SHORT, "Mossimboa") == MOCIMBOA
    assert place_of(home, NAMPULA_SHORT, "Mossimboa") is None
    assert store.overrides().aliases.get("mossimboa") is None  # nothing for everywhere
    store.undo()
    assert place_of(home, CABO_SHORT, "Mossimboa") is None
    assert store.verify().ok


def test_a_scoped_alias_lifts_a_rejection_in_its_scope(home: Path) -> None:
    store = store_of(home)
    store.reject("Mossimboa")
    store.alias("Mossimboa", MOCIMBOA, scope=f"article:{article_hash(CABO_SHORT)}")
    assert place_of(home, CABO_SHORT, "Mossimboa") == MOCIMBOA
    assert place_of(home, NAMPULA_SHORT, "Mossimboa") is None


def test_region_scopes_and_scoped_aliases_export_and_import(home: Path, tmp_path: Path) -> None:
    store = store_of(home)
    added = store.add("Pemba", lat=-12.96, lon=40.49, country="MZ", scope="region:MZ.01")
    store.alias("Mossimboa", MOCIMBOA, scope="region:MZ.01")
    store.alias("Pemba port", added.place_id or "", scope="country:MZ")
    data = store.snapshot()
    assert data["version"] == 2
    assert {"name": "Mossimboa", "place": MOCIMBOA, "scope": "region:MZ.01"} in data["aliases"]
    assert {"name": "Pemba port", "place": "user:1", "scope": "country:MZ"} in data["aliases"]
    assert {"name": "Pemba", "place": "user:1", "scope": "region:MZ.01"} in data["prefer"]
    store.export(tmp_path / "fixes.json")
    other = store_of(make_home(home, tmp_path / "other"))
    assert "2 scoped aliases" in other.import_file(tmp_path / "fixes.json").message
    assert other.overrides().scoped == store.overrides().scoped
    assert not other.import_file(tmp_path / "fixes.json").changed  # a replay adds nothing
    assert place_of(other.path.parent, CABO_SHORT, "Mossimboa") == MOCIMBOA
    assert place_of(other.path.parent, NAMPULA_SHORT, "Mossimboa") is None
    assert other.verify().ok


def test_an_imported_region_must_be_a_code(home: Path) -> None:
    bundle = {"format": "conflictmap-corrections", "version": 2,
              "aliases": [{"name": "Mossimboa", "place": MOCIMBOA,
                           "scope": "region:Cabo Delgado"}]}  # fmt: skip
    with pytest.raises(CorrectionError, match=r"aliases\[0\]: scope 'region:Cabo Delgado': name"):
        store_of(home).import_bytes(json.dumps(bundle).encode())


def test_an_imported_scope_must_name_a_known_country_or_region(home: Path) -> None:
    for scope, needle in [("country:ZZ", "unknown country code 'ZZ'"),
                          ("region:MZ.99", "no first-level region 'MZ.99'")]:  # fmt: skip
        bundle = {"format": "conflictmap-corrections", "version": 2,
                  "reject": [{"name": "Pemba", "scope": "region:MZ.01"},
                             {"name": "Pemba", "scope": scope}]}  # fmt: skip
        with pytest.raises(CorrectionError, match=rf"reject\[1\]: scope {scope}: .*{needle}"):
            store_of(home).import_bytes(json.dumps(bundle).encode())
    assert store_of(home).history() == []


def _file_before_scoped_aliases(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(
        "CREATE TABLE _migrations (migration_set TEXT NOT NULL, name TEXT NOT NULL, "
        "applied_at TEXT NOT NULL, PRIMARY KEY (migration_set, name))"
    )
    for migration in MIGRATIONS[:2]:
        for statement in migration.statements:
            conn.execute(statement)
        conn.execute(
            "INSERT INTO _migrations VALUES ('conflictmap.corrections', ?, 'x')", (migration.name,)
        )
    conn.execute("INSERT INTO reject VALUES ('hagel', '{\"name\": \"Hagel\"}')")
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def test_a_file_from_before_scoped_aliases_is_migrated(home: Path) -> None:
    _file_before_scoped_aliases(home / CORRECTIONS_DB)
    store = store_of(home)
    assert "hagel" in store.overrides().reject
    assert [m["name"] for m in store.schema()["migrations"]][-1] == "m003_scoped_aliases"
    assert store.alias("Mossimboa", MOCIMBOA, scope="region:MZ.01").changed


def _as_reader() -> list[str]:
    """How to run Python as a user who cannot write the folder (root writes anywhere)."""
    if os.geteuid() != 0:
        return [sys.executable]
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot drop the right to write")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable]


def test_a_read_only_file_from_before_scoped_aliases_still_reads() -> None:
    folder = Path(tempfile.mkdtemp(prefix="conflictmap-ro-"))
    try:
        _file_before_scoped_aliases(folder / CORRECTIONS_DB)
        os.chmod(folder / CORRECTIONS_DB, 0o444)
        os.chmod(folder, 0o555)
        script = (
            "import sys; from conflictmap.store.corrections import CorrectionStore; "
            "s = CorrectionStore(sys.argv[1]); print(sorted(s.overrides().reject), len(s.history()))"
        )
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
        proc = subprocess.run(
            [*_as_reader(), "-c", script, str(folder / CORRECTIONS_DB)],
            capture_output=True, text=True, env=env, timeout=120, cwd=folder,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.split() == ["['hagel']", "0"]
        assert sorted(p.name for p in folder.iterdir()) == [CORRECTIONS_DB]
    finally:
        os.chmod(folder, stat.S_IRWXU)
        shutil.rmtree(folder, ignore_errors=True)


# -- the command line -----------------------------------------------------------------------


def run(home: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli_exit_code(["--home", str(home), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_scopes_to_a_region_and_aliases_in_a_scope(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cabo, nampula = tmp_path / "cabo.txt", tmp_path / "nampula.txt"
    cabo.write_text(CABO_SHORT, encoding="utf-8")
    nampula.write_text(NAMPULA_SHORT, encoding="utf-8")
    code, out, err = run(home, capsys, "gazetteer", "alias", "Mossimboa", MOCIMBOA,
                         "--scope", "region:Cabo Delgado")  # fmt: skip
    assert code == 0, err
    assert "(in region:MZ.01)" in out
    code, out, _ = run(home, capsys, "extract", str(cabo))
    assert {m["text"]: m["place"] for m in json.loads(out)["mentions"]}["Mossimboa"] == MOCIMBOA
    code, out, _ = run(home, capsys, "extract", str(nampula))
    assert "Mossimboa" not in {m["text"] for m in json.loads(out)["mentions"] if m["place"]}
    code, out, _ = run(home, capsys, "gazetteer", "history", "--format", "json")
    assert json.loads(out)[0]["scope"] == "region:MZ.01"
    code, _, err = run(home, capsys, "gazetteer", "reject", "Pemba", "--scope", "region:Punjab")
    assert code != 0 and "ambiguous" in err and len(err.strip().splitlines()) == 1
