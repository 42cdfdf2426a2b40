"""``conflictmap map``: articles in, an HTML map (and exports, a fragment, a PNG) out."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import click

from conflictmap.cli.app import State, cli, pass_state
from conflictmap.cli.options import (
    correction_options,
    max_size_option,
    min_confidence_option,
    overrides_from,
)
from conflictmap.errors import InputError, OutputError
from conflictmap.files import atomic_write_all
from conflictmap.model import Result
from conflictmap.output import to_csv, to_geojson
from conflictmap.pipeline import geoparse
from conflictmap.store import sealmemo
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.store.overrides import Overrides
from conflictmap.text import memos
from conflictmap.text.load import read_article


def _parse_png_size(ctx: click.Context, param: click.Parameter, value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d{3,5})\s*[xX×]\s*(\d{3,5})\s*", value)
    if not match:
        raise click.BadParameter(f"{value!r} is not a size like 1280x800")
    width, height = int(match.group(1)), int(match.group(2))
    if not (100 <= width <= 10000 and 100 <= height <= 10000):
        raise click.BadParameter("width and height must be 100 to 10000 pixels")
    return width, height


#: Longest --title, --subtitle, --source or --date accepted (characters).
HEADING_MAX = 200
_F = TypeVar("_F", bound=Callable[..., Any])


def _heading_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A line of text for the title panel: at most HEADING_MAX characters, no controls."""
    if value is None:
        return None
    value = " ".join(value.split())
    if len(value) > HEADING_MAX:
        raise click.BadParameter(f"longer than {HEADING_MAX} characters")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 or c in "\u202a\u202b\u202d\u202e" for c in value):
        raise click.BadParameter("holds control characters")
    return value or None


def heading_options(func: _F) -> _F:
    """--title, --subtitle, --source and --date: the map's title panel (issue 18)."""
    for name, dest, help_text in reversed((
        ("--title", "title", "Title of the map, instead of the article's headline (also "
         "the page title)."),
        ("--subtitle", "subtitle", "A line under the title."),
        ("--source", "source", "Who reported it, shown as 'Source: ...' under the title."),
        ("--date", "date", "The date the map is about, shown as written (e.g. '14 January "
         "2013'); a full date also dates the article's events ('on Monday' resolves "
         "against it)."),
    )):  # fmt: skip
        func = click.option(name, dest, metavar="TEXT", callback=_heading_text, help=help_text)(
            func
        )
    return func


#: Full dates ``--date`` may be written in to date the events as well as the title panel.
_DAY_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%B %d %Y")


def heading_day(text: str | None) -> dt.date | None:
    """The day ``--date`` names, when it is a full date; else None (a month, a range...).

    Examples
    --------
    >>> heading_day("14 January 2013"), heading_day("2013-01-14")
    (datetime.date(2013, 1, 14), datetime.date(2013, 1, 14))
    >>> heading_day("January 2013") is None and heading_day(None) is None
    True
    """
    if not text:
        return None
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


@cli.command("map")
@click.argument("articles", nargs=-1, metavar="ARTICLE...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=False),
    help="Where to write the HTML map (default: output/<article-stem>.html, "
    "or output/<stem>.embed.html with --embed).",
)
@click.option(
    "--jsonl",
    "jsonl",
    type=click.Path(dir_okay=False, allow_dash=True),
    help='Also map the articles of a JSON Lines file, one {"id", "text"} per line '
    '(- for stdin); each gets its own layer; a line\'s "date" (YYYY-MM-DD) dates its '
    "events. Bad lines are reported and skipped.",
)
@click.option(
    "--tiles/--offline",
    default=False,
    show_default=True,
    help="Add OpenStreetMap tiles as the base layer (needs a network); the default map "
    "works offline on a Natural Earth basemap.",
)
@click.option(
    "--embed",
    is_flag=True,
    help="Write an HTML fragment (a <div> with its styles and scripts) to paste into "
    "another page, instead of a whole page. Several fragments can share one page.",
)
@click.option(
    "--embed-height",
    default="600px",
    show_default=True,
    metavar="CSS",
    help="Height of the embedded map's box (a CSS length: 600px, 70vh...).",
)
@click.option(
    "--png",
    "png_path",
    type=click.Path(dir_okay=False),
    help="Also render the map to a PNG image with headless Chromium (needs Playwright "
    "and a Chromium; set CONFLICTMAP_CHROMIUM to choose one).",
)
@click.option(
    "--pdf",
    "pdf_path",
    type=click.Path(dir_okay=False),
    help="Also render the map to a one-page PDF for print (lines and text stay vector), "
    "the size of --png-size.",
)
@click.option(
    "--svg",
    "svg_path",
    type=click.Path(dir_okay=False),
    help="Also write the map as an SVG drawing (vector shapes and text, as laid out in "
    "the page), the size of --png-size.",
)
@click.option(
    "--png-size",
    default="1280x800",
    show_default=True,
    callback=_parse_png_size,
    metavar="WxH",
    help="Size of the PNG in pixels (and of the PDF page and the SVG, in CSS pixels).",
)
@click.option(
    "--png-scale",
    type=click.FloatRange(0.5, 4),
    default=1.0,
    show_default=True,
    metavar="X",
    help="Pixels per CSS pixel in the PNG (2 for print: twice as sharp, same layout).",
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
@heading_options
@correction_options
@max_size_option
@min_confidence_option
@pass_state
def map_command(
    state: State,
    articles: tuple[str, ...],
    output: str | None,
    jsonl: str | None,
    tiles: bool,
    embed: bool,
    embed_height: str,
    png_path: str | None,
    pdf_path: str | None,
    svg_path: str | None,
    png_size: tuple[int, int],
    png_scale: float,
    geojson_path: str | None,
    csv_path: str | None,
    json_path: str | None,
    fixes: tuple[str, ...],
    no_place: tuple[str, ...],
    max_bytes: int,
    title: str | None,
    subtitle: str | None,
    source: str | None,
    date: str | None,
    min_confidence: float,
) -> None:
    """Write an interactive map of the places in ARTICLE... and print its path.

    Each ARTICLE is a .txt or .html file, or - for stdin. Several articles (or a
    --jsonl file) give one map with a layer per article. The map is one HTML file
    that works offline: open it, attach it to an email, or embed it with --embed.
    Everything is written at the end, all or nothing.

    \b
    Examples:
      conflictmap map examples/sahel-convoy.txt
      conflictmap map a.txt b.txt -o output/both.html
      conflictmap map --jsonl feed.jsonl -o output/feed.html
      conflictmap map article.txt --png report/map.png --png-size 1600x1000 --png-scale 2
      conflictmap map article.txt --pdf report/map.pdf --title "Attacks near Gao"
      conflictmap map article.txt --svg report/map.svg --png-size 1200x800
      conflictmap map article.txt --embed -o fragment.html
      conflictmap map article.txt --geojson places.geojson --csv places.csv
      conflictmap map article.txt --title "Attacks near Gao" --source AFP --date "14 May"
      curl -s https://example.org/story | conflictmap map - -o story.html
    """
    if not articles and jsonl is None:
        raise click.UsageError("give at least one ARTICLE (or - for stdin), or --jsonl FILE")
    from conflictmap.mapping import fragment_html, make_map, page_html
    from conflictmap.mapping.embed import is_css_length

    if embed and not is_css_length(embed_height):
        raise click.BadParameter(
            f"{embed_height!r} is not a CSS length such as 600px", param_hint="--embed-height"
        )

    overrides = overrides_from(fixes, no_place)
    gaz = state.gazetteer()
    memos.load(Path(gaz.home))  # gates read, patterns compiled last time (issue 19)
    sealmemo.use()  # the indexes' checks, kept until their files change (issue 19)
    results = _results(articles, jsonl, gaz, overrides, max_bytes, min_confidence,
                       day=heading_day(date))  # fmt: skip
    memos.save()
    if not results:
        raise InputError(f"{jsonl}: no usable article (every line was empty or invalid)")

    stem = results[0].id if articles else Path(jsonl or "map").stem
    default_name = f"{stem or 'map'}{'.embed' if embed else ''}.html"
    target = Path(output) if output else Path("output") / default_name
    if output is None:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OutputError(
                f"{target.parent}: cannot create the folder ({error.strerror})"
            ) from None
    fmap = make_map(results if len(results) > 1 else results[0], gazetteer=gaz, tiles=tiles,
                    title=title, subtitle=subtitle, source=source, date=date)  # fmt: skip
    page = page_html(fmap, title=title or _title(results))
    # Everything is rendered first and written all or none: a failed run leaves
    # any earlier map and exports as they were.
    # A list, not a dict: two options naming one path must reach the writer, which
    # refuses them, instead of one silently replacing the other.
    files: list[tuple[str | os.PathLike[str], str | bytes]] = [
        (target, fragment_html(fmap, height=embed_height) if embed else page)
    ]
    files += _images(page, (png_path, pdf_path, svg_path), size=png_size, scale=png_scale,
                     network=tiles)  # fmt: skip
    if geojson_path:
        geojson = json.dumps(to_geojson(results, gazetteer=gaz), ensure_ascii=False, indent=2)
        files.append((geojson_path, geojson))
    if csv_path:
        files.append((csv_path, to_csv(results)))
    if json_path:
        payload = [r.to_dict() for r in results] if len(results) > 1 else results[0].to_dict()
        files.append((json_path, json.dumps(payload, ensure_ascii=False, indent=2)))
    atomic_write_all(files)
    click.echo(str(target))
    if len(results) == 1:
        from conflictmap.cli.extract import echo_hint

        echo_hint(results[0], gaz)


def _results(
    articles: tuple[str, ...],
    jsonl: str | None,
    gaz: Gazetteer,
    overrides: Overrides | None,
    max_bytes: int,
    min_confidence: float,
    *,
    day: dt.date | None = None,
) -> list[Result]:
    """Geoparse each ARTICLE, then each line of ``jsonl`` (``day`` dates what has no date)."""
    out = []
    for path in articles:
        article = read_article(path, max_bytes=max_bytes)
        out.append(
            geoparse(
                article.text,
                id=article.stem,
                date=day,
                gazetteer=gaz,
                overrides=overrides,
                min_confidence=min_confidence,
            )
        )
    if jsonl is not None:
        for ident, text, line_day in _jsonl_articles(jsonl, max_bytes):
            out.append(
                geoparse(
                    text,
                    id=ident,
                    date=line_day or day,
                    gazetteer=gaz,
                    overrides=overrides,
                    min_confidence=min_confidence,
                )
            )
    return out


def _images(
    page: str,
    paths: tuple[str | None, str | None, str | None],
    *,
    size: tuple[int, int],
    scale: float,
    network: bool,
) -> list[tuple[str | os.PathLike[str], str | bytes]]:
    """The PNG, PDF and SVG renderings asked for (``paths``), as ``(path, content)``."""
    out: list[tuple[str | os.PathLike[str], str | bytes]] = []
    png_path, pdf_path, svg_path = paths
    width, height = size
    if png_path:
        from conflictmap.output.render import png_bytes

        out.append((png_path, png_bytes(page, width=width, height=height, scale=scale,
                                        network=network)))  # fmt: skip
    if pdf_path:
        from conflictmap.output.render import pdf_bytes

        out.append((pdf_path, pdf_bytes(page, width=width, height=height, network=network)))
    if svg_path:
        from conflictmap.output.render import svg_text

        out.append((svg_path, svg_text(page, width=width, height=height, network=network)))
    return out


def _title(results: list[Result]) -> str:
    if len(results) == 1:
        return f"conflictmap: {results[0].id or 'article'}"
    return f"conflictmap: {len(results)} articles"


def _jsonl_articles(path: str, max_bytes: int) -> Iterator[tuple[str, str, str | None]]:
    """``(id, text, date)`` per usable line (the line's ``"date"`` dates its events: the
    map's timeline); each bad line is reported on stderr and skipped."""
    from conflictmap.batch.records import SURROGATES, read_records

    for record in read_records(path, max_bytes=max_bytes):
        if record.error is not None or record.text is None:
            click.echo(f"conflictmap: warning: {path}: {record.error}; skipped", err=True)
            continue
        # The page is UTF-8: an id with a lone surrogate is shown with U+FFFD.
        yield SURROGATES.sub("\ufffd", str(record.id)), record.text, record.date
