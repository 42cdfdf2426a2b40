"""Start-up (issue 19): importing the package or the CLI loads only what the work needs.

Each check runs in a fresh interpreter (``sys.modules`` of this one is full of what
other tests imported) and lists the modules it must not have loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import conflictmap
from conflictmap.text.patterns import LazyPattern, compiled, lazy

from .conftest import ROOT


def _loaded_after(code: str) -> set[str]:
    """The modules loaded once ``code`` ran in a fresh interpreter."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


PIPELINE = {"conflictmap.pipeline", "conflictmap.statements", "conflictmap.events"}


def test_importing_the_package_loads_no_stage() -> None:
    loaded = _loaded_after("import conflictmap")
    assert not loaded & (PIPELINE | {"conflictmap.store.gazetteer", "click", "shapely"})


def test_importing_the_cli_loads_no_command() -> None:
    loaded = _loaded_after("import conflictmap.cli")
    commands = {f"conflictmap.cli.{m}" for m in ("extract", "mapcmd", "serve", "gazetteer")}
    assert not loaded & (PIPELINE | commands)


def test_looking_up_extract_loads_neither_the_map_nor_the_server_nor_the_importers() -> None:
    loaded = _loaded_after(
        "from conflictmap.cli import cli\nassert cli.commands['extract'].name == 'extract'"
    )
    assert "conflictmap.cli.extract" in loaded
    unwanted = {"conflictmap.cli.mapcmd", "conflictmap.cli.serve", "conflictmap.cli.imports"}
    assert not loaded & (unwanted | {"conflictmap.mapping", "conflictmap.store.download"})


def test_listing_the_commands_loads_every_command_module() -> None:
    loaded = _loaded_after("from conflictmap.cli import cli\nlist(cli.commands)")
    assert {"conflictmap.cli.mapcmd", "conflictmap.cli.serve", "conflictmap.cli.gazetteer"} <= (
        loaded
    )
    group = _loaded_after(
        "from conflictmap.cli import cli\ncli.commands['gazetteer'].commands['undo']"
    )
    assert {"conflictmap.cli.corrections", "conflictmap.cli.imports"} <= group


def test_the_base_check_at_every_start_does_not_load_the_builders_fuzzy_matcher() -> None:
    assert "rapidfuzz" not in _loaded_after("import conflictmap.store.build")


def test_the_packages_names_import_on_first_use() -> None:
    from conflictmap import Gazetteer, geoparse
    from conflictmap.pipeline import geoparse as real
    from conflictmap.store.gazetteer import Gazetteer as real_gazetteer

    assert geoparse is real and Gazetteer is real_gazetteer
    assert set(conflictmap.__all__) <= set(dir(conflictmap))
    for name in conflictmap.__all__:
        assert getattr(conflictmap, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = conflictmap.nothing  # type: ignore[attr-defined]


def test_a_lazy_pattern_compiles_once_at_first_use_and_matches_as_the_compiled_one() -> None:
    import re

    source = r"(?<![\w-])(?P<word>kill(?:ed|ing)?)\b"
    pattern = lazy(source, re.IGNORECASE)
    assert isinstance(pattern, LazyPattern) and not pattern.compiled_yet
    assert pattern.pattern == source  # reading the source compiles nothing
    assert not pattern.compiled_yet
    text = "Gunmen KILLED two; the killing went on; re-killed"
    real = re.compile(source, re.IGNORECASE)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in real.finditer(text)]
    assert pattern.compiled_yet and compiled(pattern) is pattern.compiled
    assert pattern.search(text, 10).span() == real.search(text, 10).span()  # type: ignore[union-attr]
    assert pattern.sub("x", text) == real.sub("x", text)
    assert pattern.split(text) == real.split(text)
    assert pattern.flags == real.flags and dict(pattern.groupindex) == dict(real.groupindex)
    assert compiled(real) is real


def _status_and_output(argv: list[str], home: str, *, quick: bool) -> tuple[int, str, str]:
    code = (
        "from conflictmap.cli.run import run; run()"
        if quick
        else "import sys; from conflictmap.cli import main; main(sys.argv[1:])"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={**os.environ, "CONFLICTMAP_HOME": home},
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_the_quick_exit_keeps_every_output_and_status(base_home: Path) -> None:
    article = str(ROOT / "examples" / "sahel-convoy.txt")
    for argv in (
        ["extract", article],
        ["extract", article, "--format", "csv", "--events", "--date", "2013-01-14"],
        ["extract", str(ROOT / "no-such-article.txt")],
        ["--version"],
        ["no-such-command"],
    ):
        quick = _status_and_output(argv, str(base_home), quick=True)
        assert quick == _status_and_output(argv, str(base_home), quick=False), argv
    assert quick[0] == 2 and "no-such-command" in quick[2]


_AREAS_AND_BORDERS = (
    "Troops reached Diabaly in central Mali on Monday. Rebels still hold Kidal, near "
    "Algeria, and patrols went on along the border with Mauritania, some 400 kilometres "
    "north of the capital Bamako.\n"
)


def test_an_article_measured_against_outlines_and_borders_loads_neither_shapely_nor_numpy(
    base_home: Path, tmp_path: Path
) -> None:
    article = tmp_path / "mali.txt"
    article.write_text(_AREAS_AND_BORDERS, encoding="utf-8")
    code = (
        "import os\n"
        f"os.environ['CONFLICTMAP_HOME'] = {str(base_home)!r}\n"
        "from conflictmap.cli import main\n"
        "try:\n"
        f"    main(['extract', {str(article)!r}])\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
    )
    # A first run in a home writes its memos (the gates' readings): not every start's work
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    *output, modules = proc.stdout.strip().splitlines()
    notes = [s["note"] for s in json.loads("\n".join(output))["statements"]]
    assert any("of Mali's area lies south of" in n for n in notes), notes  # an area share
    assert any("nearest point of Algeria's outline" in n for n in notes), notes  # a distance
    assert any("Mali–Mauritania border" in n for n in notes), notes  # a border line
    loaded = set(json.loads(modules))
    assert not loaded & {"shapely", "numpy", "requests", "geopy"}
    # nor what only other formats, a base build or writing a correction need
    unused = {
        "conflictmap.output.csv",
        "conflictmap.output.geojson",
        "conflictmap.store.basebuild.cities",
        "conflictmap.store.curated",
        "conflictmap.store.corrections.store",
        "importlib.resources",
        "zipfile",
        "tempfile",
    }
    assert not loaded & unused, loaded & unused


def test_one_worker_on_json_lines_loads_no_process_pool(base_home: Path, tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Troops reached Diabaly in Mali."}\n', encoding="utf-8")
    code = (
        "import os, sys\n"
        f"os.environ['CONFLICTMAP_HOME'] = {str(base_home)!r}\n"
        "from conflictmap.cli import main\n"
        "try:\n"
        f"    main(['extract', '--jsonl', {str(feed)!r}, '--workers', '1'])\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "sys.stdout.flush()\n"
    )
    probe = f"{code}\nimport json\nprint(json.dumps(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    line, modules = proc.stdout.strip().splitlines()
    assert json.loads(line)["mentions"][0]["text"] == "Diabaly"
    pool = {"multiprocessing", "concurrent.futures", "logging", "socket", "pickle"}
    assert not set(json.loads(modules)) & pool  # the run is in this process (issue 19)


def test_reading_a_lazy_patterns_gate_words_compiles_nothing() -> None:
    import re

    from conflictmap.events.presence import required
    from conflictmap.text.gates import needed, needed_all, starts

    source = r"(?:\bon\s+)?\b(?:jan|feb)\.?\s+[0-3]?\d\s+days?\s+ago\b"
    pattern = lazy(source, re.IGNORECASE)
    real = re.compile(source, re.IGNORECASE)
    assert needed(pattern) == needed(real) and needed_all(pattern) == needed_all(real)
    assert starts(pattern) == starts(real) and required((pattern,)) == (needed_all(real),)
    assert not pattern.compiled_yet


def test_a_start_scan_compiles_only_the_patterns_it_tries() -> None:
    import re

    from conflictmap.text.gates import StartScan, folded

    tried, untried = lazy(r"\blast\s+week\b", re.I), lazy(r"\bnext\s+month\b", re.I)
    scan = StartScan([tried, untried])
    text = "Fighting broke out LAST week, and last week again."
    found = scan.find_all(text, scan.positions(folded(text)))
    assert [(i, m.group()) for i, m in found] == [(0, "LAST week"), (0, "last week")]
    assert list(scan.finditer(1, text, scan.positions(folded(text)))) == []
    assert tried.compiled_yet and not untried.compiled_yet  # no "next": nothing to try


def test_an_article_without_a_death_or_a_dash_compiles_no_toll_or_dateline_pattern(
    base_home: Path,
) -> None:
    code = (
        "import os\n"
        f"os.environ['CONFLICTMAP_HOME'] = {str(base_home)!r}\n"
        "from conflictmap.pipeline import geoparse\n"
        "from conflictmap.events import fatalities\n"
        "from conflictmap.recognize import datelines\n"
        "text = 'Rebels attacked Diabaly in central Mali on Monday, and troops shelled Gao.'\n"
        "result = geoparse(text, date='2013-01-14')\n"
        "assert result.events, 'no event: the toll was never asked for'\n"
        "names = ('_ACTIVE', '_PASSIVE', '_REDUCED', '_RISEN', '_TO_DEATH', '_NONE')\n"
        "print([n for n in names if getattr(fatalities, n).compiled_yet])\n"
        "print(datelines._DATELINE.compiled_yet)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    # the gates read the toll patterns' words uncompiled; every dateline ends in a dash
    assert proc.stdout.split("\n")[:2] == ["[]", "False"], proc.stdout


def test_the_start_scans_word_table_is_the_pairwise_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """StartScan builds its table from each word's prefixes (issue 19: start-up); it must
    equal the definition: an item may start pattern i when one of i's start words
    begins it, the digit mark only for itself."""
    import random

    from conflictmap.text import gates

    def pairwise(words: list[frozenset[str] | None]) -> dict[str, tuple[int, ...]]:
        items = sorted({w for ws in words if ws for w in ws if w != gates.DIGIT})
        return {
            item: tuple(
                i
                for i, ws in enumerate(words)
                if ws and any((item.startswith(w) and w != gates.DIGIT) or w == item for w in ws)
            )
            for item in [*items, gates.DIGIT]
        }

    rng = random.Random(19)
    for _ in range(2000):
        words: list[frozenset[str] | None] = [
            None
            if rng.random() < 0.2
            else frozenset(
                "".join(rng.choice("ab0") for _ in range(rng.randint(0, 3)))
                for _ in range(rng.randint(0, 4))
            )
            for _ in range(rng.randint(0, 5))
        ]
        patterns = [lazy(f"p{i}") for i in range(len(words))]
        table = {id(p): ws for p, ws in zip(patterns, words, strict=True)}
        monkeypatch.setattr(gates, "starts", lambda p, table=table: table[id(p)])
        assert gates.StartScan(patterns)._by_word == pairwise(words), words
