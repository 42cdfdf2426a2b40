"""The ``conflictmap`` command: a thin shell over the library.

Errors a user can cause print one line on stderr and exit with status 1; usage
errors exit with status 2. Set ``CONFLICTMAP_DEBUG=1`` to see tracebacks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from conflictmap.errors import ConflictmapError
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.version import __version__

__all__ = ["cli", "main"]

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class State:
    """Options shared by every command (``--home``)."""

    def __init__(self, home: str | None) -> None:
        self.home = Path(home).expanduser() if home else None

    def gazetteer(self) -> Gazetteer:
        from conflictmap.store.registry import open_gazetteer

        return open_gazetteer(self.home)


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


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn errors into one line and an exit status."""
    debug = bool(os.environ.get("CONFLICTMAP_DEBUG"))
    try:
        cli.main(args=argv, prog_name="conflictmap", standalone_mode=False)
    except click.exceptions.Abort as error:
        if isinstance(error.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            click.echo("conflictmap: interrupted", err=True)
            sys.exit(130)
        click.echo("conflictmap: aborted", err=True)
        sys.exit(1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except ConflictmapError as error:
        if debug:
            raise
        click.echo(f"conflictmap: error: {_one_line(error)}", err=True)
        sys.exit(1)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); exit quietly like other tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("conflictmap: interrupted", err=True)
        sys.exit(130)
    except OSError as error:
        if debug:
            raise
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        click.echo(f"conflictmap: error: {where}{error.strerror or error}", err=True)
        sys.exit(1)
    except Exception as error:
        if debug:
            raise
        click.echo(
            f"conflictmap: internal error: {type(error).__name__}: {_one_line(error)} "
            "(set CONFLICTMAP_DEBUG=1 for details)",
            err=True,
        )
        sys.exit(1)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


# Register the commands (each module adds itself to `cli`).
from conflictmap.cli import corrections as _corrections  # noqa: E402,F401
from conflictmap.cli import extract as _extract  # noqa: E402,F401
from conflictmap.cli import gazetteer as _gazetteer  # noqa: E402,F401
from conflictmap.cli import imports as _imports  # noqa: E402,F401
from conflictmap.cli import mapcmd as _mapcmd  # noqa: E402,F401
