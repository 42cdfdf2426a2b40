"""``conflictmap gazetteer``: inspect, build and search the layered gazetteer."""

from __future__ import annotations

import json
from pathlib import Path

import click

from conflictmap.cli.app import LazyCommands, State, cli, pass_state
from conflictmap.cli.output import RowFormat, emit_rows, format_option
from conflictmap.paths import BASE_DB, CORRECTIONS_DB, IMPORTED_DB, resolve_home
from conflictmap.store.build import build_base, print_progress
from conflictmap.store.search import search as search_places

CREDITS = (
    "GeoNames (geonames.org), CC BY 4.0; Natural Earth (public domain); "
    "US Census Bureau (public domain)"
)


#: the modules adding the corrections and import commands to the group
_MORE = ("conflictmap.cli.corrections", "conflictmap.cli.imports")


@cli.group(
    context_settings={"help_option_names": ["-h", "--help"]},
    commands=LazyCommands(modules=_MORE),
)
def gazetteer() -> None:
    """Inspect, build, search and correct the bundled gazetteer.

    \b
    Examples:
      conflictmap gazetteer info
      conflictmap gazetteer search Timbuktu --format table
      conflictmap gazetteer build --force
    """


@gazetteer.command()
@click.option("--force", is_flag=True, help="Rebuild even if the base is up to date.")
@pass_state
def build(state: State, force: bool) -> None:
    """Build the base gazetteer from the installed data (offline, under a minute).

    The build writes a new file and swaps it in at the end: an interrupted build
    leaves the previous base in place. Imported data and corrections are kept.

    \b
    Example:
      conflictmap gazetteer build --force
    """
    from conflictmap.store.build import needs_rebuild

    home = resolve_home(state.home)
    if not force and not needs_rebuild(home / BASE_DB):
        click.echo(f"{home / BASE_DB} is up to date (use --force to rebuild)")
        return
    path = build_base(home, progress=print_progress)
    click.echo(str(path))


def _rebuild_indexes(home: Path) -> list[str]:
    from conflictmap.store.gazetteer import Gazetteer

    with Gazetteer(home, build=False, progress=False) as gaz:
        return [str(path) for path in gaz.rebuild_name_indexes()]


@gazetteer.command()
@click.option("--check", is_flag=True, help="Verify each index whole; rebuild only what fails.")
@pass_state
def index(state: State, check: bool) -> None:
    """Rebuild the precompiled name index of each gazetteer layer from its SQLite file.

    The indexes are derived data, built on first use after a build or an import
    (seconds for the base): this rebuilds them now (a temporary file beside each, then a rename), or with --check verifies
    each one whole and rebuilds only those that are missing, stale or damaged.

    \b
    Examples:
      conflictmap gazetteer index
      conflictmap gazetteer index --check
    """
    from conflictmap.store.gazetteer import Gazetteer

    home = resolve_home(state.home)
    if not check:
        for built in _rebuild_indexes(home):
            click.echo(built)
        return
    with Gazetteer(home, progress=False) as gaz:
        for checked, problem in gaz.check_name_indexes():
            click.echo(f"{checked}\t{'ok' if problem is None else 'rebuilt: ' + problem}")


@gazetteer.command()
@format_option
@pass_state
def info(state: State, fmt: RowFormat) -> None:
    """Show the gazetteer's layers, their sizes, build dates and data credits.

    \b
    Example:
      conflictmap gazetteer info --format table
    """
    gaz = state.gazetteer()
    home = resolve_home(state.home)
    rows = []
    base_meta = gaz.meta("base")
    counts = gaz.counts()
    for layer, filename in (
        ("base", BASE_DB),
        ("imported", IMPORTED_DB),
        ("corrections", CORRECTIONS_DB),
    ):
        path = home / filename
        row = {
            "layer": layer,
            "file": str(path),
            "exists": path.exists(),
            "size_mb": round(path.stat().st_size / 1e6, 1) if path.exists() else 0,
        }
        if layer == "base":
            row.update(
                places=int(base_meta.get("places", 0)),
                names=counts.get("base", {}).get("names", 0),
                built_at=base_meta.get("built_at"),
                curated_places=counts.get("base", {}).get("places_curated", 0),
            )
        elif layer == "imported" and "imported" in counts:
            meta = gaz.meta("imported")
            row.update(
                places=sum(v for k, v in counts["imported"].items() if k.startswith("places_")),
                names=counts["imported"].get("names", 0),
                built_at=meta.get("updated_at"),
                files="; ".join(
                    f"{f['file']} ({f['rows']:,} rows, {f['imported_at'][:10]})"
                    for f in json.loads(meta.get("files") or "[]")
                ),
            )
        elif layer == "corrections":
            ov = gaz.overrides
            row.update(
                places=len(ov.places),
                aliases=sum(len(v) for v in ov.aliases.values()),
                preferences=len(ov.prefer),
                rejections=len(ov.reject),
            )
        row["credits"] = CREDITS
        rows.append(row)
    emit_rows(rows, fmt, list(dict.fromkeys(key for row in rows for key in row)))


@gazetteer.command()
@click.argument("name")
@click.option("--country", metavar="CC", help="Only places in this country (ISO code, e.g. ML).")
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=10,
    show_default=True,
    help="At most this many places.",
)
@click.option("--no-fuzzy", is_flag=True, help="Only exact (folded) name matches.")
@format_option
@pass_state
def search(
    state: State, name: str, country: str | None, limit: int, no_fuzzy: bool, fmt: RowFormat
) -> None:
    """Ranked places named NAME (accents, case, hyphens and spaces ignored).

    Near spellings follow exact matches, marked fuzzy.

    \b
    Examples:
      conflictmap gazetteer search Segou
      conflictmap gazetteer search Gao --country ML --format table
    """
    hits = search_places(state.gazetteer(), name, country=country, limit=limit, fuzzy=not no_fuzzy)
    rows = [h.to_dict() for h in hits]
    emit_rows(
        rows,
        fmt,
        [
            "id",
            "name",
            "kind",
            "feature",
            "country",
            "admin1",
            "population",
            "lat",
            "lon",
            "layer",
            "fuzzy",
        ],
    )
