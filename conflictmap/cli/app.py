"""The ``conflictmap`` click group and the state its commands share (``--home``).

Command modules import :data:`cli` and :func:`pass_state` from here and register
themselves on it. A group's commands are a :class:`LazyCommands`: a command's module
is imported when the command is first looked up (``conflictmap extract`` loads the
extract command and what it runs, not the map, the server or the importers: issue 19,
start-up), and every module when the commands are listed. The modules are named, not
imported, here: this module never imports a command (no cycle).

Examples
--------
>>> State(None).home is None
True
>>> State("~/cm").home.name
'cm'
>>> cli.name
'cli'
>>> sorted(cli.commands)
['extract', 'gazetteer', 'map', 'serve']
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from conflictmap.version import __version__

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["CONTEXT_SETTINGS", "LazyCommands", "State", "cli", "pass_state"]

#: Settings every command and group shares (``-h`` as well as ``--help``).
CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    """Options shared by every command (``--home``).

    Parameters
    ----------
    home : str, optional
        The conflictmap home given with ``--home`` (``~`` is expanded); ``None`` for
        the default (``$CONFLICTMAP_HOME``, else the user data folder).
    """

    def __init__(self, home: str | None) -> None:
        self.home = Path(home).expanduser() if home else None

    def gazetteer(self) -> Gazetteer:
        """The gazetteer of this home, opened once per process (built on first use)."""
        from conflictmap.store import stamps
        from conflictmap.store.registry import open_gazetteer

        stamps.use()  # the tables' hash kept in the home while they are unchanged (issue 19)
        return open_gazetteer(self.home)


class LazyCommands(MutableMapping[str, click.Command]):
    """A click group's commands, their modules imported on first lookup.

    Parameters
    ----------
    named : mapping, optional
        Command name -> the module that registers it (imported when that name is
        looked up).
    modules : tuple of str, optional
        Modules registering commands not named ahead: imported, all of them, at the
        first lookup of a name not yet registered.

    Listing the commands (iterating, ``len``) imports every module first, so
    ``--help`` and completion see them all.
    """

    def __init__(self, named: Mapping[str, str] | None = None, modules: tuple[str, ...] = ()):
        self._named = dict(named or {})
        self._modules = modules
        self._loaded: dict[str, click.Command] = {}

    def _load(self, module: str) -> None:
        importlib.import_module(module)  # the module registers its commands on the group

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in self._named:
            self._load(self._named[name])
        if name not in self._loaded:
            for module in self._modules:
                self._load(module)
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self._loaded[name]

    def _all(self) -> dict[str, click.Command]:
        for module in (*self._named.values(), *self._modules):
            self._load(module)
        return self._loaded

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._all()))

    def __len__(self) -> int:
        return len(self._all())


#: The top-level commands and the modules registering them.
_COMMANDS = {
    "extract": "conflictmap.cli.extract",
    "gazetteer": "conflictmap.cli.gazetteer",
    "map": "conflictmap.cli.mapcmd",
    "serve": "conflictmap.cli.serve",
}


#: Decorator handing a command the :class:`State` of the current invocation.
pass_state = click.make_pass_decorator(State)


@click.group(context_settings=CONTEXT_SETTINGS, commands=LazyCommands(_COMMANDS))
@click.option(
    "--home",
    envvar="CONFLICTMAP_HOME",
    type=click.Path(file_okay=False),
    help="Folder for the built gazetteer and your corrections "
    "(default: $CONFLICTMAP_HOME, else the user data folder).",
)
@click.version_option(__version__, prog_name="conflictmap")
@click.pass_context
def cli(ctx: click.Context, home: str | None) -> None:
    """Turn news articles about conflicts into checked, interactive maps, offline.

    \b
    Examples:
      conflictmap map examples/sahel-convoy.txt
      conflictmap extract article.txt --format geojson > places.geojson
      conflictmap gazetteer search Diabaly
    """
    ctx.obj = State(home)
