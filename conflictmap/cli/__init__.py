"""The ``conflictmap`` command: a thin shell over the library.

This package only assembles: :mod:`.app` holds the click group and the state the
commands share, each command module registers itself on that group when the group
first looks the command up (``conflictmap extract`` imports neither the map nor the
server), and :func:`~conflictmap.cli.run.main` runs it, turning errors into one line
on stderr and an exit status (:func:`~conflictmap.cli.run.run`, the console entry
point, then ends the process at once).

Examples
--------
>>> sorted(cli.commands)
['extract', 'gazetteer', 'map', 'serve']
"""

from __future__ import annotations

from conflictmap.cli.app import cli
from conflictmap.cli.run import main

__all__ = ["cli", "main"]
