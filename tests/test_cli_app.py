"""The CLI's assembly: the group and its state, the error runner, typed --format values."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from conflictmap.cli import app, cli, main, run
from conflictmap.cli.extract import ExportFormat
from conflictmap.cli.output import RowFormat
from conflictmap.errors import InputError

from .conftest import ROOT


def test_the_package_assembles_every_command_on_the_group_from_app() -> None:
    assert cli is app.cli and main is run.main
    assert set(cli.commands) == {"extract", "gazetteer", "map", "serve"}
    group = cli.commands["gazetteer"]
    assert isinstance(group, click.Group)
    assert {"add", "build", "search", "import", "download", "undo"} <= set(group.commands)


def test_command_modules_do_not_import_the_package() -> None:
    for path in (ROOT / "conflictmap" / "cli").glob("*.py"):
        if path.name == "__init__.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert "from conflictmap.cli import" not in text, path.name
        assert "import conflictmap.cli\n" not in text, path.name


def test_state_expands_the_home() -> None:
    assert app.State("~/x").home == Path("~/x").expanduser()
    assert app.State(None).home is None


def test_the_entry_point_still_runs_from_a_fresh_interpreter() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from conflictmap.cli import main; main(['--version'])"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and "conflictmap" in proc.stdout


def test_main_turns_a_library_error_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(**kwargs: object) -> None:
        raise InputError("the article\nis empty")

    monkeypatch.setattr(cli, "main", fail)
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 1
    assert capsys.readouterr().err == "conflictmap: error: the article is empty\n"


def test_main_reports_an_internal_error_with_its_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fail(**kwargs: object) -> None:
        raise KeyError("x")

    monkeypatch.setattr(cli, "main", fail)
    monkeypatch.delenv("CONFLICTMAP_DEBUG", raising=False)
    with pytest.raises(SystemExit) as stop:
        main([])
    err = capsys.readouterr().err
    assert stop.value.code == 1 and err.startswith("conflictmap: internal error: KeyError: 'x'")
    assert len(err.splitlines()) == 1


def test_format_options_hand_commands_enums() -> None:
    from conflictmap.cli.output import format_option

    seen: list[RowFormat] = []

    @click.command()
    @format_option
    def rows(fmt: RowFormat) -> None:
        seen.append(fmt)

    assert CliRunner().invoke(rows, ["--format", "table"]).exit_code == 0
    assert CliRunner().invoke(rows, []).exit_code == 0
    assert seen == [RowFormat.TABLE, RowFormat.JSON]
    assert CliRunner().invoke(rows, ["--format", "xml"]).exit_code == 2
    assert [f.value for f in ExportFormat] == ["json", "csv", "geojson"]
