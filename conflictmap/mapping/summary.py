"""The title panel's text: headline(s), what was drawn, what lies outside the opening view.

Examples
--------
>>> counts = Counts(pins=3, areas=1, statements_total=2, unresolved=1)
>>> summary_line(counts)
'3 places · 1 country · 2 statements · 1 unresolved'
>>> name_list(["a", "b", "c"], limit=2)
'a, b … and 1 more'
"""

from __future__ import annotations

from collections.abc import Sequence

from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.canvas import Counts, Focus
from conflictmap.mapping.focus import Bounds, contains
from conflictmap.mapping.panels import Heading, title_panel

__all__ = ["elsewhere", "name_list", "summary_line", "title_html"]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(c: Counts) -> str:
    """``N places · N countries · N borders · N statements · N unresolved`` (zeros left out,
    but for places)."""
    bits = [_plural(c.pins, "place", "places")]
    if c.areas:
        bits.append(_plural(c.areas, "country", "countries"))
    if c.borders:
        bits.append(_plural(c.borders, "border", "borders"))
    if c.statements_total:
        bits.append(_plural(c.statements_total, "statement", "statements"))
    if c.unresolved:
        bits.append(f"{c.unresolved} unresolved")
    return " · ".join(bits)


def elsewhere(focus: Sequence[Focus], fit: Bounds | None) -> list[tuple[str, str]]:
    """``(item id, name)`` of the named things outside the opening view, once each."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    if fit is None:
        return out
    for f in focus:
        if not f.name or f.point.follows or f.item_id in seen:
            continue
        if not contains(fit, f.point):
            seen.add(f.item_id)
            out.append((f.item_id, f.name))
    return out


def name_list(names: Sequence[str], limit: int = 8) -> str:
    """``a, b, c`` (and ``… and N more`` past ``limit``)."""
    shown = ", ".join(names[:limit])
    return shown + (f" … and {len(names) - limit} more" if len(names) > limit else "")


def title_html(
    views: Sequence[ArticleView],
    counts: Counts,
    *,
    focus: Sequence[Focus],
    fit: Bounds | None,
    not_drawn: Sequence[str],
    unplaced: Sequence[str],
    heading: Heading | None = None,
) -> str:
    """The title panel: one headline (or one per article, or the maker's ``heading``),
    the summary, notes."""
    if len(views) > 1:
        titles = [f"{len(views)} articles"] + [
            f"{v.label}: {v.title}" if v.title else v.label for v in views
        ]
    else:
        titles = [views[0].title or views[0].label] if views else ["conflictmap"]
    notes = []
    if not_drawn:
        notes.append("Also named, not drawn: " + name_list(not_drawn))
    if unplaced:
        notes.append("Found but not placed: " + name_list([f"“{u}”" for u in unplaced]))
    return title_panel(
        titles,
        summary=summary_line(counts),
        elsewhere=elsewhere(focus, fit),
        notes=notes,
        heading=heading,
    )
