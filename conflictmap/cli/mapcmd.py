"""``conflictmap map``: articles in, an HTML map (and exports) out."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import OutputError
from ..export import atomic_write, to_csv, to_geojson
from ..pipeline import geoparse
from ..text import read_article
from . import State, cli, pass_state
from .options import correction_options, max_size_option, overrides_from


@cli.command("map")
@click.argument("articles", nargs=-1, metavar="ARTICLE...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=False),
    help="Where to write the HTML map (default: output/<article-stem>.html).",
)
@click.option(
    "--tiles/--offline",
    default=False,
    show_default=True,
    help="Add OpenStreetMap tiles as a layer (needs a network); the default map works offline.",
)
@click.option(
    "--geojson", "geojson_path", type=click.Path(dir_okay=False), help="Also write GeoJSON."
)
@click.option(
    "--csv", "csv_path", type=click.Path(dir_okay=False), help="Also write CSV (one row per place)."
)
@click.option(
    "--json", "json_path", type=click.Path(dir_okay=False), help="Also write the JSON contract."
)
@correction_options
@max_size_option
@pass_state
def map_command(
    state: State,
    articles: tuple[str, ...],
    output: str | None,
    tiles: bool,
    geojson_path: str | None,
    csv_path: str | None,
    json_path: str | None,
    fixes: tuple[str, ...],
    no_place: tuple[str, ...],
    max_bytes: int,
) -> None:
    """Write an interactive map of the places in ARTICLE... and print its path.

    Each ARTICLE is a .txt or .html file, or - for stdin. Several articles give one
    map with a layer per article.

    \b
    Examples:
      conflictmap map examples/sahel-convoy.txt
      conflictmap map a.txt b.txt -o output/both.html
      conflictmap map article.txt --geojson places.geojson --csv places.csv
      curl -s https://example.org/story | conflictmap map - -o story.html
    """
    if not articles:
        raise click.UsageError("give at least one ARTICLE (or - for stdin)")
    from ..mapping import make_map

    overrides = overrides_from(fixes, no_place)
    gaz = state.gazetteer()
    results = []
    for path in articles:
        article = read_article(path, max_bytes=max_bytes)
        results.append(geoparse(article.text, id=article.stem, gazetteer=gaz, overrides=overrides))
    target = Path(output) if output else Path("output") / f"{results[0].id or 'map'}.html"
    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{target.parent}: cannot create the folder ({error.strerror})"
            ) from None
    fmap = make_map(results if len(results) > 1 else results[0], tiles=tiles)
    html = fmap.get_root().render()
    atomic_write(target, html)
    if geojson_path:
        atomic_write(geojson_path, json.dumps(to_geojson(results), ensure_ascii=False, indent=2))
    if csv_path:
        atomic_write(csv_path, to_csv(results))
    if json_path:
        payload = [r.to_dict() for r in results] if len(results) > 1 else results[0].to_dict()
        atomic_write(json_path, json.dumps(payload, ensure_ascii=False, indent=2))
    click.echo(str(target))
