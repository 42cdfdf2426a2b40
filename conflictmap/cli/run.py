"""Running the command line: every error a user can cause becomes one line and a status.

Errors a user can cause print one line on stderr and exit with status 1; usage
errors exit with status 2; Ctrl-C exits with 130. A warning (a damaged row
skipped) prints one ``conflictmap: warning:`` line and the run goes on. Set ``CONFLICTMAP_DEBUG=1`` to
see tracebacks instead.

Examples
--------
>>> one_line(ValueError("two\\n  lines"))
'two lines'
>>> one_line(KeyError())
'KeyError'
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import NoReturn, TextIO

import click

from conflictmap.cli.app import cli
from conflictmap.errors import ConflictmapError, ConflictmapWarning

__all__ = ["main", "one_line"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and turn errors into one line and an exit status.

    Parameters
    ----------
    argv : list of str, optional
        The arguments (default: ``sys.argv[1:]``).
    """
    debug = bool(os.environ.get("CONFLICTMAP_DEBUG"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default", ConflictmapWarning)
            warnings.showwarning = _show_warning
            cli.main(args=argv, prog_name="conflictmap", standalone_mode=False)
    except click.exceptions.Abort as error:
        if isinstance(error.__cause__, KeyboardInterrupt):  # click turns Ctrl-C into Abort
            _fail("conflictmap: interrupted", 130)
        _fail("conflictmap: aborted", 1)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except ConflictmapError as error:
        if debug:
            raise
        _fail(f"conflictmap: error: {one_line(error)}", 1)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); exit quietly like other tools.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:
        _fail("conflictmap: interrupted", 130)
    except OSError as error:
        if debug:
            raise
        where = f"{error.filename}: " if getattr(error, "filename", None) else ""
        _fail(f"conflictmap: error: {where}{error.strerror or error}", 1)
    except Exception as error:
        if debug:
            raise
        _fail(
            f"conflictmap: internal error: {type(error).__name__}: {one_line(error)} "
            "(set CONFLICTMAP_DEBUG=1 for details)",
            1,
        )


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Print a :class:`ConflictmapWarning` as one line; any other warning as Python does."""
    if issubclass(category, ConflictmapWarning):
        click.echo(f"conflictmap: warning: {' '.join(str(message).split())}", err=True)
        return
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _fail(message: str, status: int) -> NoReturn:
    """Print ``message`` on stderr and exit with ``status``."""
    click.echo(message, err=True)
    sys.exit(status)


def one_line(error: BaseException) -> str:
    """The message of ``error`` on one line (its type's name when it has none)."""
    return " ".join(str(error).split()) or type(error).__name__
