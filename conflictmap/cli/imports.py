"""``conflictmap gazetteer import`` and ``download``: the imported GeoNames layer."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import IO

import click

from conflictmap.cli.app import State, pass_state
from conflictmap.cli.gazetteer import gazetteer
from conflictmap.paths import BASE_DB, resolve_home
from conflictmap.store.build import build_base, needs_rebuild, print_progress
from conflictmap.store.download import DEFAULT_BASE_URL, Downloader, download_and_import
from conflictmap.store.geonames import ImportReport, import_files
from conflictmap.tuning.imports import DOWNLOAD

__all__ = ["ProgressBar"]


class ProgressBar:
    """A byte-counting progress bar on stderr.

    On a terminal it redraws one line; otherwise (a log, a pipe) it prints a line
    at each tenth of a file and at each stage, so logs stay short.
    """

    def __init__(self, verb: str, *, stream: IO[str] | None = None) -> None:
        self.verb = verb
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._stage = ""
        self._tenth = -1
        self._drawn = 0.0
        self._started = time.monotonic()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            if self.tty and self._stage:
                self.stream.write("\n")
            self._stage, self._tenth, self._drawn = stage, -1, 0.0
            self._started = time.monotonic()
        if total <= 0:
            self._unsized(stage, done)
            return
        fraction = min(done / total, 1.0)
        if self.tty:
            if not self._due(done >= total):
                return
            filled = int(20 * fraction)
            self.stream.write(
                f"\r{self.verb} {stage} [{'#' * filled}{'.' * (20 - filled)}] "
                f"{100 * fraction:3.0f}% {done / 1e6:,.1f} MB{self._eta(fraction):12}"
            )
        else:
            tenth = int(10 * fraction)
            if tenth == self._tenth:
                return
            self._tenth = tenth
            self.stream.write(
                f"{self.verb} {stage} {10 * tenth}% ({done / 1e6:,.1f} MB){self._eta(fraction)}\n"
            )
        self.stream.flush()

    def _eta(self, fraction: float) -> str:
        """`` ETA 2:05`` (minutes and seconds left at the rate so far), once it can be told."""
        elapsed = time.monotonic() - self._started
        if fraction <= 0.0 or fraction >= 1.0 or elapsed < 1.0:
            return ""
        left = round(elapsed * (1.0 - fraction) / fraction)
        return f" ETA {left // 60}:{left % 60:02d}"

    def _unsized(self, stage: str, done: int) -> None:
        """A stage without a known size: named once, then (on a terminal) a byte count."""
        if self._tenth == -1:
            self._tenth = 0
            self.stream.write(f"{self.verb}: {stage}" + ("" if self.tty else "\n"))
        elif self.tty and done and self._due(False):
            self.stream.write(f"\r{self.verb}: {stage} {done / 1e6:,.1f} MB")
        else:
            return
        self.stream.flush()

    def _due(self, final: bool) -> bool:
        now = time.monotonic()
        if now - self._drawn < 0.2 and not final:
            return False
        self._drawn = now
        return True

    def close(self) -> None:
        if self.tty and self._stage:
            self.stream.write("\n")
            self.stream.flush()


def _home_with_base(state: State, *, quiet: bool) -> Path:
    """The home, with its base layer built first (imports merge with it by id)."""
    home = resolve_home(state.home)
    if needs_rebuild(home / BASE_DB):
        build_base(home, progress=None if quiet else print_progress)
    return home


def _summary(report: ImportReport) -> None:
    for f in report.files:
        click.echo(
            f"{f.file}: {f.rows:,} rows, {f.places:,} places, {f.names:,} names"
            + (f", {f.skipped:,} skipped" if f.skipped else "")
        )
    click.echo(
        f"imported layer: {report.places:,} places, {report.names:,} names "
        f"in {report.path} ({report.seconds:.1f} s). Data: GeoNames (geonames.org), CC BY 4.0"
    )


_CLASSES_HELP = (
    "Only rows of these GeoNames feature classes, e.g. PA (populated places and "
    "administrative areas). Default: every class."
)


@gazetteer.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--classes", metavar="LETTERS", help=_CLASSES_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@pass_state
def import_command(state: State, files: tuple[Path, ...], classes: str | None, quiet: bool) -> None:
    """Import GeoNames dumps into the imported layer (village-level coverage).

    FILES are GeoNames tables: allCountries.zip/.txt, country files (ML.txt,
    ML.zip), cities500.zip and the other cities files, alternateNamesV2.zip,
    admin1CodesASCII.txt, admin2Codes.txt. Each place becomes geonames:<id> and
    replaces the bundled entry with the same id. All files go in one transaction:
    a bad row, Ctrl-C or a crash leaves the previous imported layer untouched.
    Importing the same file again changes nothing.

    \b
    Examples:
      conflictmap gazetteer import ML.txt
      conflictmap gazetteer import allCountries.zip alternateNamesV2.zip --classes PA
      conflictmap gazetteer import admin1CodesASCII.txt admin2Codes.txt
    """
    if classes is not None and not classes.isalpha():
        raise click.BadParameter("give feature class letters, e.g. PA", param_hint="--classes")
    home = _home_with_base(state, quiet=quiet)
    bar = None if quiet else ProgressBar("importing")
    try:
        report = import_files(files, home=home, classes=classes, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    _summary(report)


@gazetteer.command()
@click.argument("countries", nargs=-1, required=True, metavar="CC...")
@click.option(
    "--base-url",
    default=DEFAULT_BASE_URL,
    show_default=True,
    help="GeoNames' export dump folder, or a mirror of it.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=60.0,
    show_default=True,
    help="Seconds to wait for the server; a transfer slower than 1 KiB/s over this long "
    "is given up.",
)
@click.option(
    "--deadline",
    type=click.FloatRange(1, 86400),
    default=DOWNLOAD.deadline_s,
    show_default=True,
    help="Seconds one file may take in all.",
)
@click.option(
    "--save-to",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the downloaded files in this folder (default: delete them after importing).",
)
@click.option("--classes", metavar="LETTERS", help=_CLASSES_HELP)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@pass_state
def download(
    state: State,
    countries: tuple[str, ...],
    base_url: str,
    timeout: float,
    deadline: float,
    save_to: Path | None,
    classes: str | None,
    quiet: bool,
) -> None:
    """Download GeoNames country files (CC.zip) and import them.

    CC is an ISO country code (ML, SN, BF...); the names of GeoNames' other dumps
    (allCountries, cities500, alternateNamesV2, admin1CodesASCII, admin2Codes)
    work too. Needs a network connection; everything else in conflictmap is offline.

    \b
    Examples:
      conflictmap gazetteer download ML NE BF
      conflictmap gazetteer download ML --save-to ~/geonames
      conflictmap gazetteer download SN --base-url http://mirror.example/geonames/
    """
    if classes is not None and not classes.isalpha():
        raise click.BadParameter("give feature class letters, e.g. PA", param_hint="--classes")
    home = _home_with_base(state, quiet=quiet)
    bar = None if quiet else ProgressBar("downloading")
    import_bar = None if quiet else ProgressBar("importing")
    downloader = Downloader(base_url=base_url, timeout=timeout, deadline=deadline, progress=bar)
    try:
        report = download_and_import(
            countries,
            home=home,
            downloader=downloader,
            save_to=save_to,
            classes=classes,
            progress=import_bar,
        )
    finally:
        for b in (bar, import_bar):
            if b is not None:
                b.close()
    _summary(report)
