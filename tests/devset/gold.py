"""Load the conflict dev set (``articles/*.txt`` + ``*.gold.json``) as typed objects.

Examples
--------
>>> articles = load_articles()
>>> len(articles) >= 20
True
>>> a = articles[0]
>>> all(a.text[m.start:m.end] == m.text for m in a.mentions)
True
>>> {x.split for x in load_articles(split=Split.TEST)} == {Split.TEST}
True
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .model import (
    Article,
    GoldMention,
    GoldPlace,
    Kind,
    NotPlace,
    OptionalSpan,
    Split,
)
from .scoring import Report, score

__all__ = ["ARTICLES", "Article", "Report", "Split", "load_article", "load_articles", "score"]

ARTICLES = Path(__file__).resolve().parent / "articles"


def _place(raw: dict[str, Any]) -> GoldPlace:
    return GoldPlace(
        id=raw["place"],
        name=raw["name"],
        kind=Kind(raw["kind"]),
        feature=raw["feature"],
        country=raw["country"],
        lat=raw["lat"],
        lon=raw["lon"],
        tolerance_km=raw["tolerance_km"],
        tolerance_note=raw["tolerance_note"],
        iso3166_2=raw["iso3166_2"],
        admin1=raw["admin1"],
        admin2=raw["admin2"],
        source=raw["source"],
        needs_dump=raw["needs_dump"],
    )


def _mention(raw: dict[str, Any]) -> GoldMention:
    return GoldMention(
        start=raw["start"],
        end=raw["end"],
        text=raw["text"],
        place=_place(raw),
        required=raw["required"],
        also_ok=tuple(raw["also_ok"]),
        note=raw["note"],
    )


def load_article(slug: str, folder: Path = ARTICLES) -> Article:
    """One article by its slug (the file name without ``.txt``)."""
    text = (folder / f"{slug}.txt").read_text(encoding="utf-8")
    raw = json.loads((folder / f"{slug}.gold.json").read_text(encoding="utf-8"))
    return Article(
        id=raw["id"],
        title=raw["title"],
        date=raw["date"],
        split=Split(raw["split"]),
        countries=tuple(raw["countries"]),
        needs_dumps=tuple(raw["needs_dumps"]),
        style=raw["style"],
        text=text,
        mentions=tuple(_mention(m) for m in raw["mentions"]),
        not_places=tuple(
            NotPlace(start=n["start"], end=n["end"], text=n["text"], reason=n["reason"])
            for n in raw["not_places"]
        ),
        optional=tuple(
            OptionalSpan(
                start=o["start"],
                end=o["end"],
                text=o["text"],
                reason=o["reason"],
                country=o["country"],
            )
            for o in raw["optional"]
        ),
    )


def load_articles(
    folder: Path = ARTICLES,
    *,
    split: Split | str | None = None,
    countries: Iterable[str] | None = None,
) -> list[Article]:
    """Every article in ``folder`` (sorted by id), optionally one split or some countries."""
    wanted_split = Split(split) if split is not None else None
    wanted = set(countries) if countries is not None else None
    out = []
    for gold in sorted(folder.glob("*.gold.json")):
        article = load_article(gold.name.removesuffix(".gold.json"), folder)
        if wanted_split is not None and article.split is not wanted_split:
            continue
        if wanted is not None and article.country not in wanted:
            continue
        out.append(article)
    return out
