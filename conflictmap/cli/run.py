"""Running the command line: every error a user can cause becomes one line and a status.

Errors a user can cause print one line on stderr and exit with status 1; usage
errors exit with status 2; Ctrl-C exits with 130. A warning (a damaged row
skipped) prints one ``conflictmap: warning:`` line and the run goes on. Set ``CONFLICTMAP_DEBUG=1`` to
see tracebacks instead.

:func:`run` is the process's entry point (``conflictmap``, ``python -m conflictmap``):
:func:`main`, then a quick exit once the command is done.

Examples
--------
>>> one_line(ValueError("two\\n  lines"))
'two lines'
>>> one_line(KeyError())
'KeyError'
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
import warnings
from typing import NoReturn, TextIO

import click

from conflictmap.cli.app import cli
from conflictmap.errors import ConflictmapError, ConflictmapWarning

__all__ = ["main", "one_line", "run"]


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


def run(argv: list[str] | None = None) -> NoReturn:
    """The process's entry point: :func:`main`, then exit without tearing Python down.

    Freeing every module and object of the interpreter one by one, after the work is
    done, took about a fifth of a one-article ``extract`` (issue 19: start-up). Once
    the command returned or exited, the gazetteers it opened are closed, the
    ``atexit`` handlers run and the output is flushed; then the process ends with
    that status (``os._exit``). With another thread still running, or output that
    cannot be flushed, Python exits as usual instead. Call :func:`main` to run the
    CLI inside a process that goes on (tests do).
    """
    try:
        main(argv)
        status: str | int | None = 0
    except SystemExit as stop:
        status = stop.code
    if not (status is None or isinstance(status, int)) or threading.active_count() > 1:
        sys.exit(status)
    registry = sys.modules.get("conflictmap.store.registry")
    if registry is not None:
        registry.REGISTRY.close()
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
    except (OSError, ValueError):
        sys.exit(status)  # Python's own exit reports it (a closed pipe, a full disk)
    os._exit(int(status or 0))


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
