"""``conflictmap gazetteer add|alias|prefer|reject|history|undo|export|import-corrections|check-corrections``.

A thin shell over :class:`~conflictmap.store.corrections.CorrectionStore`: the
user's fixes, kept in ``$CONFLICTMAP_HOME/corrections.sqlite`` and applied to every
later article.
"""

from __future__ import annotations

import json
import sys

import click

from conflictmap.cli.app import State, pass_state
from conflictmap.cli.gazetteer import gazetteer
from conflictmap.cli.output import RowFormat, emit_rows, format_option
from conflictmap.paths import CORRECTIONS_DB, resolve_home
from conflictmap.store.corrections import USER_KINDS, CorrectionStore
from conflictmap.store.scopes import article_hash
from conflictmap.text.load import read_article


def _store(state: State, *, checked: bool = False) -> CorrectionStore:
    """The home's correction store; ``checked`` opens the gazetteer to check place ids."""
    path = resolve_home(state.home) / CORRECTIONS_DB
    return CorrectionStore(path, gazetteer=state.gazetteer() if checked else None)


scope_option = click.option(
    "--scope",
    metavar="SCOPE",
    help="Where it holds: article:ID (an article's id, or its content hash as "
    "'conflictmap gazetteer scope FILE' prints it), region:CC.ADMIN1 or region:NAME "
    "(articles whose focus region that is: region:MZ.01, region:'Cabo Delgado', "
    "region:'Punjab, PK'), country:CC (articles whose main focus is that country) or "
    "everywhere (the default). The narrowest matching scope wins: article, region, "
    "country, everywhere.",
)


@gazetteer.command()
@click.argument("name")
@click.option("--lat", type=float, required=True, help="Latitude in degrees, -90 to 90.")
@click.option("--lon", type=float, required=True, help="Longitude in degrees, -180 to 180.")
@click.option(
    "--country",
    metavar="CC",
    help="ISO 3166 two-letter country code (default: the country at the point).",
)
@click.option(
    "--kind",
    type=click.Choice(USER_KINDS),
    default="village",
    show_default=True,
    help="What kind of place it is (sets its pin and its weight against namesakes).",
)
@click.option(
    "--alias",
    "aliases",
    multiple=True,
    metavar="ALIAS",
    help="Another spelling that should resolve to this place (repeatable).",
)
@scope_option
@pass_state
def add(
    state: State,
    name: str,
    lat: float,
    lon: float,
    country: str | None,
    kind: str,
    aliases: tuple[str, ...],
    scope: str | None,
) -> None:
    """Add a place the gazetteer lacks; prints its new id (user:N) as the last word.

    From then on NAME (and each --alias) resolves to this place in every article,
    ahead of any namesake. Adding the same name at the same point again prints
    the existing id.

    \b
    Examples:
      conflictmap gazetteer add Ndjolbaye --lat 14.12 --lon -4.21 --country ML
      conflictmap gazetteer add "Camp Tinzaouaten" --lat 19.96 --lon 2.96 --kind spot \\
          --alias Tinzawatene --alias Tin-Zaouatene
      conflictmap gazetteer add Juba --lat 13.6 --lon 45.2 --country YE --scope country:YE
    """
    done = _store(state, checked=True).add(
        name, lat=lat, lon=lon, country=country, kind=kind, aliases=aliases, scope=scope
    )
    click.echo(done.message)


@gazetteer.command()
@click.argument("alias")
@click.argument("place_id")
@scope_option
@pass_state
def alias(state: State, alias: str, place_id: str, scope: str | None) -> None:
    """Make ALIAS resolve to PLACE_ID (a misspelling, an old name): in every article,
    or in SCOPE only.

    \b
    Examples:
      conflictmap gazetteer alias Diabili geonames:2458187
      conflictmap gazetteer alias "Konna village" user:3
      conflictmap gazetteer alias Mossimboa geonames:1024699 --scope "region:Cabo Delgado"
    """
    click.echo(_store(state, checked=True).alias(alias, place_id, scope=scope).message)


@gazetteer.command()
@click.argument("name")
@click.argument("place_id")
@scope_option
@pass_state
def prefer(state: State, name: str, place_id: str, scope: str | None) -> None:
    """When NAME is ambiguous, always choose PLACE_ID (over every heuristic).

    Find the ids of the namesakes with 'conflictmap gazetteer search NAME'.

    \b
    Examples:
      conflictmap gazetteer search Gao --format table
      conflictmap gazetteer prefer Gao geonames:2457163
      conflictmap gazetteer prefer Palma geonames:1036286 --scope country:MZ
    """
    click.echo(_store(state, checked=True).prefer(name, place_id, scope=scope).message)


@gazetteer.command()
@click.argument("name")
@scope_option
@pass_state
def reject(state: State, name: str, scope: str | None) -> None:
    """NAME is never a place: stop pinning it (in every article, or in SCOPE).

    \b
    Examples:
      conflictmap gazetteer reject Hagel
      conflictmap gazetteer reject Chad --scope article:report-12
      conflictmap gazetteer undo
    """
    click.echo(_store(state, checked=scope is not None).reject(name, scope=scope).message)


@gazetteer.command("scope")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_state
def scope_of(state: State, file: str) -> None:
    """Print the article:<hash> scope naming the article in FILE (its content hash).

    An article is also named by its id (a file's name without extension, a JSONL
    line's id): article:report-12 holds for report-12.txt.

    \b
    Examples:
      conflictmap gazetteer reject Chad --scope "$(conflictmap gazetteer scope a.txt)"
    """
    del state
    click.echo(f"article:{article_hash(read_article(file).text)}")


@gazetteer.command()
@format_option
@pass_state
def history(state: State, fmt: RowFormat) -> None:
    """Every correction, newest last: what, when, before/after, and whether undone.

    JSON rows hold each changed cell's value before and after; the table shows a
    summary.

    \b
    Examples:
      conflictmap gazetteer history --format table
      conflictmap gazetteer history > corrections-log.json
    """
    rows = [c.to_dict() for c in _store(state).history()]
    if fmt is RowFormat.TABLE:
        rows = [{k: v for k, v in r.items() if k not in ("args", "changes")} for r in rows]
    emit_rows(
        rows, fmt, ["id", "at", "action", "scope", "summary", "status", "undoes", "undone_by"]
    )


@gazetteer.command("check-corrections")
@pass_state
def check_corrections(state: State) -> None:
    """Check the corrections file: SQLite's integrity check, the history against the
    state, and every row (a hand-edited row is named). Exit status 1 on a problem.

    \b
    Examples:
      conflictmap gazetteer check-corrections
    """
    check = _store(state).verify()
    for problem in check.problems:
        click.echo(f"problem: {problem}")
    count = len(check.problems)
    verdict = "ok" if check.ok else f"{count} problem{'' if count == 1 else 's'}"
    rows = f"{check.corrections} correction{'' if check.corrections == 1 else 's'}"
    click.echo(f"{verdict}: integrity {check.integrity}, {rows}")
    if not check.ok:
        sys.exit(1)


@gazetteer.command()
@click.option(
    "--id",
    "correction_id",
    type=click.IntRange(min=1),
    metavar="N",
    help="Undo correction N (see history); undoing an undo applies it again. "
    "Default: the latest correction still in effect.",
)
@pass_state
def undo(state: State, correction_id: int | None) -> None:
    """Revert the last correction (or correction N), recorded as a new history row.

    \b
    Examples:
      conflictmap gazetteer undo
      conflictmap gazetteer undo --id 4
    """
    click.echo(_store(state).undo(correction_id).message)


@gazetteer.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_state
def export(state: State, file: str) -> None:
    """Write your corrections to FILE (JSON, written atomically; - for stdout).

    Share it with 'conflictmap gazetteer import-corrections FILE'.

    \b
    Examples:
      conflictmap gazetteer export my-fixes.json
      conflictmap gazetteer export - | jq .aliases
    """
    store = _store(state)
    if file == "-":
        click.echo(json.dumps(store.snapshot(), ensure_ascii=False, indent=2))
        return
    counts = store.export(file)
    parts = [
        f"{counts[key]} {one if counts[key] == 1 else many}"
        for key, one, many in (
            ("places", "place", "places"),
            ("aliases", "alias", "aliases"),
            ("prefer", "preference", "preferences"),
            ("reject", "rejection", "rejections"),
        )
    ]
    click.echo(f"wrote {', '.join(parts)} to {file}")


@gazetteer.command("import-corrections")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@pass_state
def import_corrections(state: State, file: str) -> None:
    """Apply the corrections in FILE (from 'export'); a replay adds nothing new.

    The whole file is checked first: one bad entry (bad coordinates, a place id
    this gazetteer lacks) rejects it and nothing changes. The import is one
    history row, undone as a whole by 'undo'.

    \b
    Examples:
      conflictmap gazetteer import-corrections colleague-fixes.json
      conflictmap gazetteer undo
    """
    store = _store(state, checked=True)
    if file == "-":
        done = store.import_bytes(sys.stdin.buffer.read(), source="<stdin>")
    else:
        done = store.import_file(file)
    click.echo(done.message)
