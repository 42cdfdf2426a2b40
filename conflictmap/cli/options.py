"""Options several commands share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from conflictmap.store.overrides import Overrides
from conflictmap.text.article import DEFAULT_MAX_BYTES

__all__ = ["correction_options", "max_size_option", "min_confidence_option", "overrides_from"]

F = Callable[..., Any]


def correction_options(func: F) -> F:
    func = click.option(
        "--no-place",
        "no_place",
        multiple=True,
        metavar="NAME",
        help="For this run only: NAME is never a place (repeatable); NAME=LAT,LON adds a place for this run.",
    )(func)
    func = click.option(
        "--fix",
        "fixes",
        multiple=True,
        metavar="NAME=PLACE_ID|LAT,LON",
        help='For this run only: NAME resolves to PLACE_ID, e.g. --fix "Gao=geonames:2457163" '
        "(repeatable); NAME=LAT,LON adds a place for this run.",
    )(func)
    return func


def overrides_from(fixes: tuple[str, ...], no_place: tuple[str, ...]) -> Overrides | None:
    if not fixes and not no_place:
        return None
    return Overrides.from_cli(fixes=fixes, no_place=no_place)


def _parse_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int:
    if value is None:
        return DEFAULT_MAX_BYTES
    text = value.strip().upper().removesuffix("B")
    factor = 1
    for suffix, mult in (("K", 1024), ("M", 1024**2), ("G", 1024**3)):
        if text.endswith(suffix):
            text, factor = text[:-1], mult
            break
    try:
        size = int(float(text) * factor)
    except (ValueError, OverflowError):  # "abc", "nan"; "inf", "1e400"
        raise click.BadParameter(f"{value!r} is not a size like 50M") from None
    if size <= 0:
        raise click.BadParameter("the size must be positive")
    return size


def max_size_option(func: F) -> F:
    return click.option(
        "--max-size",
        "max_bytes",
        callback=_parse_size,
        metavar="SIZE",
        help=f"Refuse articles larger than SIZE (default {DEFAULT_MAX_BYTES // 1024**2}M; "
        "e.g. 200M).",
    )(func)


def min_confidence_option(func: F) -> F:
    return click.option(
        "--min-confidence",
        "min_confidence",
        type=click.FloatRange(0.0, 1.0),
        default=0.0,
        show_default=True,
        metavar="P",
        help="Leave out places resolved with a confidence below P (0 to 1). By default "
        "every place is kept; doubtful ones have a low confidence (hollow pins on the map).",
    )(func)
