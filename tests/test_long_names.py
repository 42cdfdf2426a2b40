"""A place name of 100,000 characters in a GeoNames dump (issue 20, defect 14).

The import stores names whole, and such a name was drawn across the map as the
place's label (and written whole into every popup and export). A layer's rows are read
with names cut to ImportTuning.max_name_chars; a name is still
found by the short alternate name the article uses.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conflictmap.store.geonames import import_files
from conflictmap.tuning.imports import IMPORT

from ._geonames import dump_row, make_home, write_dump
from .conftest import cli_exit_code

LONG = "Zzkobokoro" + "W" * 100_000
ARTICLE = "Gunmen attacked Zzkobokoro in central Mali on Monday, officials in Mopti said.\n"


@pytest.fixture
def home(tmp_path: Path, base_home: Path) -> Path:
    home = make_home(base_home, tmp_path / "home")
    row = dump_row(9000001, LONG, 14.5, -4.2, population=50_000, alt="Zzkobokoro",
                   ascii_name="Zzkobokoro")  # fmt: skip
    import_files([write_dump(tmp_path / "ML.txt", [row])], home=home)
    return home


def test_a_huge_name_is_cut_in_every_output(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    capsys.readouterr()
    assert cli_exit_code(["--home", str(home), "extract", str(article), "--format", "json"]) == 0
    captured = capsys.readouterr()
    found = json.loads(captured.out)
    (mention,) = [m for m in found["mentions"] if m["text"] == "Zzkobokoro"]
    assert mention["place"] == "geonames:9000001"
    place = found["places"]["geonames:9000001"]
    assert len(place["name"]) == IMPORT.max_name_chars
    assert place["name"].startswith("ZzkobokoroWWW") and place["name"].endswith("\u2026")
    assert captured.err == ""
    out = tmp_path / "map.html"
    assert cli_exit_code(["--home", str(home), "map", str(article), "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "W" * IMPORT.max_name_chars not in page
    assert "ZzkobokoroWWW" in page
