"""The map's two panels: the title (what the article is, what is off-screen) and the legend.

Both are HTML strings the map's script inserts as they are, so every value from an
article is escaped here. Buttons that fly to a place carry its id in a
``data-cm-goto`` attribute (escaped); the script reads it back as plain text.

Examples
--------
>>> html = title_panel(["Gunmen <b>overran</b> Niono"], summary="7 places",
...                    elsewhere=[("a0:geonames:1", 'Paris"><script>')], notes=[])
>>> "&lt;b&gt;overran&lt;/b&gt;" in html and 'data-cm-goto="a0:geonames:1"' in html
True
>>> "Paris&quot;&gt;&lt;script&gt;" in html
True
>>> print(title_panel(["Gunmen overran Niono"], summary="1 place", elsewhere=[], notes=[],
...                   heading=Heading(title="Niono <b>attack</b>", source="AFP")))
<h1>Niono &lt;b&gt;attack&lt;/b&gt;</h1><p class="cm-byline">Source: AFP</p><p class="cm-summary">1 place</p>
>>> "capital" in legend_panel(kinds=["capital", "town"], verdicts=[], low=False,
...                           corrected=False, areas=False, borders=False, estimates=False)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from conflictmap.mapping.escape import html_text
from conflictmap.mapping.markers import ESTIMATE, KIND_STYLES, icon_svg
from conflictmap.mapping.stated import VERDICT_COLOURS, VERDICT_LABELS

__all__ = ["Heading", "legend_panel", "title_panel"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """What the map's maker says it is (all optional, all plain text).

    Examples
    --------
    >>> Heading(source="Reuters", date="14 January 2013").byline
    'Source: Reuters · 14 January 2013'
    >>> Heading().byline is None
    True
    """

    #: replaces the article's headline (or "N articles") at the top of the title panel
    title: str | None = None
    subtitle: str | None = None
    #: who reported it: a news agency, a monitor
    source: str | None = None
    #: the date the map is about, as the maker writes it
    date: str | None = None

    @property
    def byline(self) -> str | None:
        """``Source: X · date``, or what there is of it."""
        bits = [f"Source: {self.source}" if self.source else "", self.date or ""]
        return " · ".join(b for b in bits if b) or None


def title_panel(
    titles: Sequence[str],
    *,
    summary: str,
    elsewhere: Sequence[tuple[str, str]],
    notes: Sequence[str],
    heading: Heading | None = None,
) -> str:
    """The title panel: headline(s), a one-line summary, off-screen places, notes.

    ``elsewhere`` holds ``(item id, name)`` pairs drawn outside the opening view.
    A ``heading`` title replaces the first of ``titles``; its subtitle and byline
    follow it.
    """
    heading = heading or Heading()
    parts = []
    if heading.title or titles:
        parts.append(f"<h1>{html_text(heading.title or titles[0])}</h1>")
    if heading.subtitle:
        parts.append(f'<p class="cm-subtitle">{html_text(heading.subtitle)}</p>')
    if heading.byline:
        parts.append(f'<p class="cm-byline">{html_text(heading.byline)}</p>')
    for extra in titles[1:]:
        parts.append(f'<p class="cm-note">{html_text(extra)}</p>')
    parts.append(f'<p class="cm-summary">{html_text(summary)}</p>')
    if elsewhere:
        chips = "".join(
            f'<li><button type="button" data-cm-goto="{html_text(item)}">{html_text(name)}</button></li>'
            for item, name in elsewhere
        )
        opened = " open" if len(elsewhere) <= 10 else ""
        parts.append(
            f"<details{opened}><summary>Elsewhere in the article ({len(elsewhere)})</summary>"
            f'<ul class="cm-chips">{chips}</ul></details>'
        )
    for note in notes:
        parts.append(f'<p class="cm-note">{html_text(note)}</p>')
    return "".join(parts)


def _row(symbol: str, label: str) -> str:
    return f'<tr><td class="cm-sym">{symbol}</td><td>{html_text(label)}</td></tr>'


def _section(label: str) -> str:
    return f'<tr class="cm-section"><td colspan="2">{html_text(label)}</td></tr>'


def _line(colour: str, dash: str = "", width: int = 3) -> str:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg width="26" height="10"><line x1="1" y1="5" x2="25" y2="5" stroke="{colour}" '
        f'stroke-width="{width}"{dash_attr} stroke-linecap="round"/></svg>'
    )


def legend_panel(
    *,
    kinds: Sequence[str],
    verdicts: Sequence[str],
    low: bool,
    corrected: bool,
    areas: bool,
    borders: bool,
    estimates: bool,
    offsets: bool = False,
    ghosts: bool = False,
    roads: bool = False,
    basemap: Sequence[str] = (),
) -> str:
    """The legend, listing only what the map shows.

    ``basemap``: the orientation layers drawn (``admin1``, ``river``, ``lake``, ``town``).
    """
    rows = []
    used = [s for s in KIND_STYLES if s.kind in kinds and s.kind != "spot"]
    if used or low or corrected:
        rows.append(_section("Places"))
        rows += [_row(icon_svg(s.kind).svg, s.label) for s in used]
        if low:
            rows.append(_row(icon_svg("town", low_confidence=True).svg, "low confidence"))
        if corrected:
            rows.append(_row(icon_svg("town", corrected=True).svg, "corrected by user"))
    if areas or borders or estimates or roads:
        rows.append(_section("Areas and lines"))
        if areas:
            rows.append(
                _row(
                    '<svg width="26" height="16"><rect x="2" y="2" width="22" height="12" rx="2" '
                    'fill="#f6d58e" fill-opacity=".55" stroke="#8c6d31" stroke-width="1.6"/></svg>',
                    "country mentioned",
                )
            )
        if borders:
            rows.append(_row(_line("#c51b7d", "7 5", 4), "border mentioned"))
        if estimates:
            rows.append(
                _row(icon_svg(ESTIMATE.kind).svg, "estimated spot (shaded: where it may be)")
            )
        if roads:
            rows.append(
                _row(_line(ESTIMATE.colour, "8 6", 3), "a spot on the road between two places")
            )
    rows += _stated_rows(verdicts, offsets=offsets, ghosts=ghosts)
    rows += _basemap_rows(basemap)
    return (
        '<details class="cm-legend-body" open><summary>Legend</summary>'
        f"<table>{''.join(rows)}</table>"
        '<p class="cm-credits">Places: GeoNames (CC BY 4.0). Shapes and borders: '
        "Natural Earth (public domain).</p></details>"
    )


def _stated_rows(verdicts: Sequence[str], *, offsets: bool, ghosts: bool) -> list[str]:
    if not (verdicts or offsets or ghosts):
        return []
    rows = [_section("Stated vs measured")]
    for verdict in ("consistent", "approximate", "contradicts"):
        if verdict in verdicts:
            rows.append(
                _row(_line(VERDICT_COLOURS[verdict]), f"{verdict}: {VERDICT_LABELS[verdict]}")
            )
    if any(v not in VERDICT_COLOURS for v in verdicts):
        rows.append(_row(_line("#6b6b6b"), "not checked"))
    if offsets:
        rows.append(_row(_line("#6b6b6b", "6 5", 2), "from a place to an estimated spot"))
    if ghosts:
        rows.append(_row(_line("#555", "2 4", 2), "where the stated distance puts it"))
    return rows


#: The orientation layers' symbols, as map.js and map.css draw them (small: they share rows).
_BASEMAP_ROWS = (
    ("admin1", _line("#b3a996", "4 3", 2), "first-level boundary"),
    ("river", _line("#7fb0d3", "", 2), "river"),
    (
        "lake",
        '<svg width="26" height="10"><rect x="3" y="1" width="20" height="8" rx="3" '
        'fill="#cfe2ee" stroke="#7fb0d3" stroke-width="1"/></svg>',
        "lake",
    ),
    (
        "town",
        '<svg width="10" height="10"><circle cx="5" cy="5" r="2.2" fill="#8a8275"/></svg>',
        "town not in the article",
    ),
)


def _basemap_rows(drawn: Sequence[str]) -> list[str]:
    """One "Basemap" row: the orientation layers drawn, side by side (the legend stays short)."""
    items = [
        f'<span class="cm-legend-item">{symbol}{html_text(label)}</span>'
        for key, symbol, label in _BASEMAP_ROWS
        if key in drawn
    ]
    if not items:
        return []
    return [
        f'<tr class="cm-legend-base"><td colspan="2">{html_text("Basemap:")} {" ".join(items)}</td></tr>'
    ]
