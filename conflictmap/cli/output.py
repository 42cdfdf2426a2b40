"""Printing rows as JSON (default), a table, CSV or newline-delimited JSON.

Examples
--------
>>> emit_rows([{"id": 1, "name": "Gao"}], RowFormat.CSV)
id,name
1,Gao
>>> emit_rows([{"id": 2, "name": "=HYPERLINK(1)"}], RowFormat.CSV)
id,name
2,'=HYPERLINK(1)
>>> emit_rows([{"id": 1, "name": "Gao"}, {"id": 22, "name": "Mopti"}], RowFormat.NL)
{"id": 1, "name": "Gao"}
{"id": 22, "name": "Mopti"}
>>> emit_rows([{"id": 1, "name": "Gao"}, {"id": 22, "name": "Kita"}], RowFormat.TABLE)
id  name
--  ----
1   Gao
22  Kita
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

import click

from conflictmap.model.kinds import WordEnum
from conflictmap.output.csv import safe_row
from conflictmap.text.decode import scrub_controls

__all__ = ["RowFormat", "emit_rows", "format_option"]


class RowFormat(WordEnum):
    """How a command prints its rows (``--format``)."""

    #: an array of objects
    JSON = "json"
    #: aligned columns for a person
    TABLE = "table"
    CSV = "csv"
    #: one JSON object per line
    NL = "nl"


def _row_format(ctx: click.Context, param: click.Parameter, value: str) -> RowFormat:
    return RowFormat(value)


def format_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--format`` option: a :class:`RowFormat` (default ``json``)."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice([f.value for f in RowFormat]),
        callback=_row_format,
        default="json",
        show_default=True,
        help="json (an array), table, csv, or nl (one JSON object per line).",
    )(func)


def emit_rows(
    rows: Sequence[dict[str, Any]], fmt: RowFormat, columns: Sequence[str] | None = None
) -> None:
    """Print ``rows`` on stdout in ``fmt``; ``columns`` orders CSV and table columns
    (default: the first row's keys)."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is RowFormat.JSON:
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt is RowFormat.NL:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt is RowFormat.CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(safe_row(columns))
        for row in rows:
            writer.writerow(safe_row(_csv_cell(row.get(column)) for column in columns))
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_table(rows, columns))


def _csv_cell(value: Any) -> object:
    """A CSV cell: nested values as JSON, text as it is (``safe_row`` guards it)."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def _cell(value: Any) -> str:
    """A table cell on one line, with no control character to drive the terminal."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return " ".join(scrub_controls(str(value)).split())


def _table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    if not rows:
        return "(no rows)"
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(40, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=False))]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        lines.append("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=False)).rstrip())
    return "\n".join(lines)
