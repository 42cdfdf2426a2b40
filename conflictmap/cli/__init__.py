"""The ``conflictmap`` command: a thin shell over the library.

This package only assembles: :mod:`.app` holds the click group and the state the
commands share, each command module registers itself on that group, and
:func:`~conflictmap.cli.run.main` (the console entry point) runs it, turning errors
into one line on stderr and an exit status.

Examples
--------
>>> sorted(cli.commands)
['extract', 'gazetteer', 'map', 'serve']
"""

from __future__ import annotations

# Importing a command module registers its commands on `cli`.
from conflictmap.cli import corrections, extract, gazetteer, imports, mapcmd, serve
from conflictmap.cli.app import cli
from conflictmap.cli.run import main

__all__ = ["cli", "main"]

_COMMANDS = (corrections, extract, gazetteer, imports, mapcmd, serve)
