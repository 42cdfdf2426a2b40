"""Popup HTML for places and statements. Every value from an article is escaped here.

Popups are the one place where the map shows HTML (Leaflet inserts popup content
with ``innerHTML``), so every string that is not a constant of this module goes
through :func:`~conflictmap.mapping.escape.html_text` or
:func:`~conflictmap.mapping.escape.highlight`.

Examples
--------
>>> from conflictmap.model import Mention, Place, Result
>>> gao = Place(id="geonames:2457163", name="Gao", lat=16.27167, lon=-0.04472,
...             country="ML", feature="PPL", kind="city", admin1_name="Gao")
>>> text = 'Rebels took <b onmouseover="x()">Gao</b>.'
>>> result = Result(id="a", text=text, places=(gao,),
...                 mentions=(Mention(start=33, end=36, text="Gao", place=gao.id, confidence=0.84),))
>>> html = place_popup(gao, ArticleView(result), Names(None))
>>> "<mark>Gao</mark>" in html and "&lt;b onmouseover=&quot;x()&quot;&gt;" in html
True
>>> "GeoNames 2457163" in html and "16.27167° N, 0.04472° W" in html
True
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from conflictmap.errors import ConflictmapError
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.escape import html_text
from conflictmap.mapping.stated import VERDICT_COLOURS, measured_text, stated_text
from conflictmap.model import Place, Statement

if TYPE_CHECKING:
    from conflictmap.store.gazetteer import Gazetteer

__all__ = ["Names", "coordinates", "place_popup", "statement_popup"]

PRECISION = {
    1: "1 · the named place itself",
    2: "2 · near a place, or part of one",
    3: "3 · a whole region or country",
}


class Names:
    """Names of places and countries from a gazetteer, if there is one (cached)."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self.gazetteer = gazetteer
        self.place = lru_cache(maxsize=4096)(self._place)
        self.country = lru_cache(maxsize=512)(self._country)

    def _place(self, pid: str) -> Place | None:
        if self.gazetteer is None:
            return None
        try:
            return self.gazetteer.get(pid)
        except (ConflictmapError, LookupError, ValueError):
            return None

    def _country(self, code: str) -> str:
        if self.gazetteer is not None:
            try:
                country = self.gazetteer.country(code)
            except (ConflictmapError, LookupError, ValueError):
                country = None
            if country is not None:
                return country.name
        return code

    def describe(self, pid: str) -> str:
        """``"Diabali, Ségou, ML (geonames:6687536)"``, or just the id when unknown."""
        place = self.place(pid)
        if place is None:
            return pid
        where = ", ".join(x for x in (place.admin1_name, place.country) if x)
        return f"{place.name}{', ' + where if where else ''} ({place.kind}; {pid})"


def coordinates(lat: float, lon: float) -> str:
    """Degrees with hemispheres, five decimals (about a metre).

    Examples
    --------
    >>> coordinates(14.6937, -6.0197)
    '14.69370° N, 6.01970° W'
    """
    return f"{abs(lat):.5f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.5f}° {'E' if lon >= 0 else 'W'}"


def _source(place: Place) -> str:
    if place.geonames_id is not None:
        return f"GeoNames {place.geonames_id}"
    prefix = place.id.partition(":")[0]
    return {
        "user": "your corrections",
        "curated": "conflictmap curated table",
        "ne": "Natural Earth",
        "border": "Natural Earth (shared border)",
        "admin1": "GeoNames first-level region",
    }.get(prefix, prefix)


def _row(label: str, value_html: str) -> str:
    return f"<tr><th>{html_text(label)}</th><td>{value_html}</td></tr>"


def place_popup(
    place: Place,
    view: ArticleView,
    names: Names,
    *,
    low_confidence: float = 0.5,
    statements: Sequence[Statement] = (),
    show_article: bool = False,
) -> str:
    """The popup of a place: what it is, where, how sure, and where the article says so."""
    confidence = view.confidence(place.id)
    corrected = view.corrected(place)
    badges = [f'<span class="cm-kind">{html_text(place.kind)}</span>']
    if confidence is not None and confidence < low_confidence:
        badges.append('<span class="cm-badge-low">low confidence</span>')
    if corrected:
        badges.append('<span class="cm-badge-fixed">corrected by user</span>')
    rows = []
    region = ", ".join(
        html_text(x)
        for x in (
            place.admin1_name or place.admin1,
            names.country(place.country) + f" ({place.country})" if place.country else None,
        )
        if x
    )
    if region:
        rows.append(_row("in", region))
    written = [form for form in view.spellings(place) if form != place.name]
    if written:
        rows.append(_row("as written", html_text(", ".join(written))))
    rows.append(_row("coordinates", html_text(coordinates(place.lat, place.lon))))
    rows.append(_row("source", html_text(_source(place)) + _layer_note(place)))
    if place.feature:
        rows.append(_row("feature code", html_text(place.feature)))
    rows.append(_row("precision", html_text(PRECISION.get(place.precision, str(place.precision)))))
    if confidence is not None:
        rows.append(_row("confidence", f"{confidence:.2f}"))
    alternatives = view.alternatives(place.id)
    if alternatives:
        items = "".join(f"<li>{html_text(names.describe(a))}</li>" for a in alternatives[:8])
        more = f"<li>… and {len(alternatives) - 8} more</li>" if len(alternatives) > 8 else ""
        rows.append(_row("also considered", f'<ul class="cm-alts">{items}{more}</ul>'))
    if show_article:
        rows.append(_row("article", html_text(view.label)))
    parts = [
        '<div class="cm-popup">',
        f"<h3>{html_text(place.name)} {' '.join(badges)}</h3>",
        f'<table class="cm-facts">{"".join(rows)}</table>',
    ]
    if statements:
        parts.append('<h4>Stated geography</h4><ul class="cm-stated">')
        for statement in statements:
            parts.append(f"<li>{_statement_line(statement, names)}</li>")
        parts.append("</ul>")
    snippets = view.snippets(place.id)
    mentions = len(view.mentions_of(place.id))
    if snippets:
        noun = "mention" if mentions == 1 else "mentions"
        parts.append(f"<h4>In the article ({mentions} {noun})</h4>")
        parts.append('<ol class="cm-sentences">')
        parts.extend(f"<li>{s.html}</li>" for s in snippets)
        parts.append("</ol>")
    parts.append(f'<p class="cm-credit">{_credit(place)}</p></div>')
    return "".join(parts)


def _layer_note(place: Place) -> str:
    if place.layer in ("base", ""):
        return ""
    return f' <span class="cm-layer">({html_text(place.layer)} layer)</span>'


def _credit(place: Place) -> str:
    if place.geonames_id is not None or place.id.startswith("admin1:"):
        return "Place data: GeoNames, CC BY 4.0"
    if place.id.startswith(("ne:", "border:")):
        return "Shapes: Natural Earth (public domain)"
    return "Place data: conflictmap gazetteer"


def _place_name(pid: str | None, view: ArticleView, names: Names) -> str:
    if pid is None:
        return "?"
    place = view.result.place_by_id.get(pid) or names.place(pid)
    return place.name if place is not None else pid


def _statement_line(statement: Statement, names: Names) -> str:
    verdict = statement.verdict or "unchecked"
    parts = [html_text(statement.text)]
    detail = " · ".join(
        x
        for x in (
            stated_text(statement) and f"stated: {stated_text(statement)}",
            measured_text(statement) and f"measured: {measured_text(statement)}",
        )
        if x
    )
    if detail:
        parts.append(f"<br><small>{html_text(detail)}</small>")
    return (
        f'<span class="cm-verdict cm-v-{_verdict_class(verdict)}">{html_text(verdict)}</span> '
        + "".join(parts)
    )


def _verdict_class(verdict: str) -> str:
    return verdict if verdict in VERDICT_COLOURS else "other"


def statement_popup(
    statement: Statement, view: ArticleView, names: Names, *, show_article: bool = False
) -> str:
    """The popup of a statement: the sentence, stated versus measured, the verdict."""
    verdict = statement.verdict or ("estimate" if statement.estimate else "unchecked")
    rows = []
    anchor = _place_name(statement.anchor, view, names)
    subject = _place_name(statement.subject, view, names) if statement.subject else None
    if statement.anchor2:
        anchor += " and " + _place_name(statement.anchor2, view, names)
    relation = f"{subject} from {anchor}" if subject else f"from {anchor}"
    rows.append(_row("relation", html_text(relation)))
    stated = stated_text(statement)
    if stated:
        rows.append(_row("stated", html_text(stated)))
    measured = measured_text(statement)
    if measured:
        rows.append(_row("measured", html_text(measured)))
    if statement.estimate is not None:
        est = statement.estimate
        rows.append(
            _row(
                "estimated at",
                html_text(f"{coordinates(est.lat, est.lon)} ± {est.radius_km:.0f} km"),
            )
        )
    if statement.note:
        rows.append(_row("note", html_text(statement.note)))
    if show_article:
        rows.append(_row("article", html_text(view.label)))
    snippets = view.snippets_for([(statement.start, statement.end)])
    sentence = (
        "".join(f"<p>{s.html}</p>" for s in snippets) or f"<p>{html_text(statement.text)}</p>"
    )
    title = {
        "consistent": "Stated geography checks out",
        "approximate": "Stated geography is approximate",
        "contradicts": "Stated geography contradicts the gazetteer",
        "estimate": "Estimated location",
    }.get(verdict, "Stated geography")
    return (
        '<div class="cm-popup">'
        f'<h3>{html_text(title)} <span class="cm-verdict cm-v-{_verdict_class(verdict)}">'
        f"{html_text(verdict)}</span></h3>"
        f'<div class="cm-quote">{sentence}</div>'
        f'<table class="cm-facts">{"".join(rows)}</table>'
        '<p class="cm-credit">Measured on the WGS84 ellipsoid between gazetteer coordinates'
        " (GeoNames, CC BY 4.0)</p></div>"
    )
