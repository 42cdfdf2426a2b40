"""The ``conflictmap`` click group and the state its commands share (``--home``).

Command modules import :data:`cli` and :func:`pass_state` from here and register
themselves on it; :mod:`conflictmap.cli` imports them all, so this module never
imports a command (no cycle).

Examples
--------
>>> State(None).home is None
True
>>> State("~/cm").home.name
'cm'
>>> cli.name
'cli'
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from conflictmap.version import __version__

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["CONTEXT_SETTINGS", "State", "cli", "pass_state"]

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
        from conflictmap.store.registry import open_gazetteer

        return open_gazetteer(self.home)


#: Decorator handing a command the :class:`State` of the current invocation.
pass_state = click.make_pass_decorator(State)


@click.group(context_settings=CONTEXT_SETTINGS)
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
