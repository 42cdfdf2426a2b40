"""``conflictmap extract``: places, statements and mentions as JSON, CSV or GeoJSON."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from conflictmap.cli.app import State, cli, pass_state
from conflictmap.cli.hints import imported_countries, unresolved_hint
from conflictmap.cli.options import (
    correction_options,
    max_size_option,
    min_confidence_option,
    overrides_from,
)
from conflictmap.model import Result
from conflictmap.model.kinds import WordEnum
from conflictmap.output.json import to_json
from conflictmap.text import memos
from conflictmap.text.load import read_article

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer
    from conflictmap.store.overrides import Overrides


class ExportFormat(WordEnum):
    """What ``extract`` prints for one article (``--format``)."""

    JSON = "json"
    CSV = "csv"
    GEOJSON = "geojson"


def _export_format(ctx: click.Context, param: click.Parameter, value: str) -> ExportFormat:
    return ExportFormat(value)


@cli.command()
@click.argument("article", required=False, metavar="ARTICLE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in ExportFormat]),
    callback=_export_format,
    default="json",
    show_default=True,
    help="Output format for one article.",
)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),
    help='Read one {"id", "text"} object per line (- for stdin); write one result per line.',
)
@click.option(
    "--workers",
    type=click.IntRange(min=0, max=256),
    default=None,
    help="Processes for --jsonl, at most 256 (default: all cores; 1 runs in this process).",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help='The article\'s date, against which "on Monday" or "yesterday" resolve.',
)
@click.option(
    "--events",
    "events",
    is_flag=True,
    help="With --format csv: one row per event in ACLED's columns; with geojson: add "
    "the events as features.",
)
@correction_options
@max_size_option
@min_confidence_option
@pass_state
def extract(
    state: State,
    article: str | None,
    fmt: ExportFormat,
    jsonl: str | None,
    workers: int | None,
    date: dt.datetime | None,
    events: bool,
    fixes: tuple[str, ...],
    no_place: tuple[str, ...],
    max_bytes: int,
    min_confidence: float,
) -> None:
    """Find and resolve the places in ARTICLE (a .txt or .html file, or - for stdin).

    Prints the JSON contract (see README), one row per place as CSV, or a GeoJSON
    FeatureCollection. With --events, the CSV has one row per event in ACLED's
    columns and the GeoJSON also holds the events.

    \b
    Examples:
      conflictmap extract article.txt
      conflictmap extract article.html --format csv > places.csv
      conflictmap extract article.txt --date 2013-01-14 --format csv --events > events.csv
      conflictmap extract --jsonl feed.jsonl --workers 4 > results.jsonl
      conflictmap extract article.txt --fix "Gao=geonames:2457163" --no-place Hagel
      conflictmap extract article.txt --min-confidence 0.1
      conflictmap extract --jsonl feed.jsonl --min-confidence 0.1 > confident.jsonl
    """
    overrides = overrides_from(fixes, no_place)
    if jsonl is not None:
        if article is not None:
            raise click.UsageError("give either ARTICLE or --jsonl, not both")
        if fmt is not ExportFormat.JSON:
            raise click.UsageError("--jsonl writes JSON Lines; --format applies to one ARTICLE")
        if events or date is not None:
            raise click.UsageError(
                '--events and --date apply to one ARTICLE; with --jsonl, give each line a "date"'
            )
        from conflictmap.store import sealmemo, stamps

        sealmemo.use()  # the indexes' checks, kept until their files change (issue 19)
        stamps.use()  # and the tables' hash (as for one ARTICLE: State.gazetteer)
        _extract_jsonl(state, jsonl, overrides, workers, max_bytes, min_confidence)
        return
    if article is None:
        raise click.UsageError("missing ARTICLE (or --jsonl FILE)")
    from conflictmap.pipeline import geoparse  # not for --jsonl: its workers import it
    from conflictmap.store import sealmemo

    loaded = read_article(article, max_bytes=max_bytes)
    day = date.date() if date is not None else None
    gazetteer = state.gazetteer()
    memos.load(Path(gazetteer.home))  # gates read, patterns compiled last time (issue 19)
    sealmemo.use()  # the indexes' checks, kept until their files change (issue 19)
    result = geoparse(
        loaded.text,
        id=loaded.stem,
        gazetteer=gazetteer,
        overrides=overrides,
        date=day,
        min_confidence=min_confidence,
    )
    memos.save()
    _print(result, fmt, state, events=events)
    _hint(result, state)


def _hint(result: Result, state: State) -> None:
    """One line on stderr when the focus country's villages would place more names."""
    echo_hint(result, state.gazetteer())


def echo_hint(result: Result, gazetteer: Gazetteer) -> None:
    """Print :func:`~conflictmap.cli.hints.unresolved_hint` for ``result`` on stderr, if any."""
    files = gazetteer.meta("imported").get("files", "") if "imported" in gazetteer.layers else ""
    hint = unresolved_hint(result, imported=imported_countries(files), country=gazetteer.country)
    if hint is not None:
        click.echo(f"conflictmap: {hint}", err=True)


def _extract_jsonl(
    state: State,
    jsonl: str,
    overrides: Overrides | None,
    workers: int | None,
    max_bytes: int,
    min_confidence: float,
) -> None:
    """Geoparse a JSON Lines file onto stdout; report on stderr how many lines failed."""
    from conflictmap.batch.writer import extract_jsonl
    from conflictmap.paths import resolve_home

    sys.stdout.flush()
    # the memos, as for one ARTICLE (one worker geoparses in this process; forked
    # workers start with what this one loaded)
    home = resolve_home(state.home)
    memos.load(home)
    stats = extract_jsonl(
        jsonl,
        sys.stdout.buffer,
        home=state.home,
        overrides=overrides,
        workers=workers,
        max_bytes=max_bytes,
        min_confidence=min_confidence,
    )
    memos.save()
    if stats.errors:
        click.echo(
            f"conflictmap: {stats.errors} of {stats.lines} lines could not be geoparsed "
            '(see their "error" field)',
            err=True,
        )


def _print(result: Result, fmt: ExportFormat, state: State, *, events: bool = False) -> None:
    if fmt is ExportFormat.JSON:
        click.echo(to_json(result))
        return
    # each other format's module only when it is asked for (issue 19: start-up)
    from conflictmap.output.acled import event_features, to_acled_csv
    from conflictmap.output.csv import to_csv
    from conflictmap.output.geojson import to_geojson

    if fmt is ExportFormat.CSV:
        click.echo(to_acled_csv(result) if events else to_csv(result), nl=False)
    else:
        # with the gazetteer, a border is its line (as in ``map --geojson``), not a point
        geojson = to_geojson(result, gazetteer=state.gazetteer())
        if events:
            geojson["features"] = [*geojson["features"], *event_features(result)]
        click.echo(json.dumps(geojson, ensure_ascii=False, indent=2))
