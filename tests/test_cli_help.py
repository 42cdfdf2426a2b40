"""Every CLI command has help text with examples (sqlite-utils style)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from conflictmap.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        out.append(path)
        if isinstance(command, click.Group):
            out.extend(_commands(command, path))
    return out


ALL = _commands(cli)


def test_there_are_commands() -> None:
    assert {("map",), ("extract",), ("gazetteer",), ("gazetteer", "search")} <= set(ALL)


@pytest.mark.parametrize("path", ALL, ids=[" ".join(p) for p in ALL])
def test_command_has_help_with_examples(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and len(command.help.strip()) > 20, f"{' '.join(path)} lacks help"
    assert "Example" in result.output, f"{' '.join(path)} --help shows no examples"
    for param in command.params:
        if isinstance(param, click.Option) and not param.hidden:
            assert param.help, f"{' '.join(path)} option {param.opts} lacks help"
