"""``conflictmap extract``: places, statements and mentions as JSON, CSV or GeoJSON."""

from __future__ import annotations

import json
import sys

import click

from conflictmap.cli import State, cli, pass_state
from conflictmap.cli.options import correction_options, max_size_option, overrides_from
from conflictmap.output.export import to_csv, to_geojson, to_json
from conflictmap.pipeline import geoparse
from conflictmap.text.load import read_article


@cli.command()
@click.argument("article", required=False, metavar="ARTICLE")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "geojson"]),
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
@correction_options
@max_size_option
@pass_state
def extract(
    state: State,
    article: str | None,
    fmt: str,
    jsonl: str | None,
    workers: int | None,
    fixes: tuple[str, ...],
    no_place: tuple[str, ...],
    max_bytes: int,
) -> None:
    """Find and resolve the places in ARTICLE (a .txt or .html file, or - for stdin).

    Prints the JSON contract (see README), one row per place as CSV, or a GeoJSON
    FeatureCollection.

    \b
    Examples:
      conflictmap extract article.txt
      conflictmap extract article.html --format csv > places.csv
      conflictmap extract --jsonl feed.jsonl --workers 4 > results.jsonl
      conflictmap extract article.txt --fix "Gao=geonames:2457163" --no-place Hagel
    """
    overrides = overrides_from(fixes, no_place)
    if jsonl is not None:
        if article is not None:
            raise click.UsageError("give either ARTICLE or --jsonl, not both")
        if fmt != "json":
            raise click.UsageError("--jsonl writes JSON Lines; --format applies to one ARTICLE")
        from conflictmap.batch.jsonl import extract_jsonl

        sys.stdout.flush()
        stats = extract_jsonl(
            jsonl,
            sys.stdout.buffer,
            home=state.home,
            overrides=overrides,
            workers=workers,
            max_bytes=max_bytes,
        )
        if stats.errors:
            click.echo(
                f"conflictmap: {stats.errors} of {stats.lines} lines could not be geoparsed "
                '(see their "error" field)',
                err=True,
            )
        return
    if article is None:
        raise click.UsageError("missing ARTICLE (or --jsonl FILE)")
    loaded = read_article(article, max_bytes=max_bytes)
    result = geoparse(loaded.text, id=loaded.stem, gazetteer=state.gazetteer(), overrides=overrides)
    if fmt == "json":
        click.echo(to_json(result))
    elif fmt == "csv":
        click.echo(to_csv(result), nl=False)
    else:
        click.echo(json.dumps(to_geojson(result), ensure_ascii=False, indent=2))
