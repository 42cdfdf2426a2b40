"""Stated geography on the map: the measured line, the stated ghost, the estimated spot.

A statement such as "some 400 km north of Bamako" becomes a line from the anchor
to the subject coloured by verdict, a dotted line to where the stated distance and
direction would put the subject, and for an estimate ("near Niono") a spot with
its uncertainty circle; a spot somewhere on a long road between two places is a
dashed line between them.

Examples
--------
>>> from conflictmap.mapping.article import ArticleView
>>> from conflictmap.model import Estimate, Place, Result, Statement
>>> niono = Place(id="g:2", name="Niono", lat=14.25, lon=-5.99, country="ML", kind="town")
>>> s = Statement(kind="near", text="near Niono", start=0, end=10, anchor="g:2",
...               estimate=Estimate(lat=14.25, lon=-5.99, radius_km=15.0))
>>> result = Result(id="a", text="near Niono", places=(niono,), statements=(s,))
>>> canvas = Canvas(gazetteer=None, multi=False, low_confidence=0.5)
>>> add_statement(canvas, 0, 0, ArticleView(result), s)
>>> [(item.TYPE, item.kind) for item in canvas.items]
[('circle', 'estimate-area')]
"""

from __future__ import annotations

from conflictmap.geo.antimeridian import cut_path
from conflictmap.geo.geodesy import distance_km
from conflictmap.geo.shapes import nearest_boundary_latlon
from conflictmap.mapping.article import ArticleView
from conflictmap.mapping.between import zone
from conflictmap.mapping.canvas import Canvas
from conflictmap.mapping.focus import FocusPoint
from conflictmap.mapping.items import Area, Circle, LatLngParts, Line, Pin, Style
from conflictmap.mapping.markers import ESTIMATE
from conflictmap.mapping.popups import statement_popup
from conflictmap.mapping.stated import label as statement_label
from conflictmap.mapping.stated import stated_point, verdict_colour
from conflictmap.model import Estimate, LatLon, Place, PlaceKind, Statement, StatementKind
from conflictmap.tuning.statements import DEFAULT as STATEMENTS

__all__ = ["add_statement"]

GHOST_LINE = Style(color="#555", weight=2, opacity=0.8, dash="2 6")
GHOST_SPOT = Style(radius=5, color="#555", weight=1.5, fill="#fff", fill_opacity=0.9)
#: An estimate this close to its anchor (km) is the anchor's own circle: no second pin.
AT_ANCHOR_KM = 2
#: Estimate circles at least this wide (km) are drawn fainter: big circles say little.
WIDE_KM = 50


def line_parts(start: LatLon, end: LatLon) -> LatLngParts:
    """The segment from ``start`` to ``end`` as Leaflet parts, cut where it crosses 180°
    (it goes the short way: Apia to Suva is 10° of longitude, not 350°)."""
    return [[[p.lat, p.lon] for p in part] for part in cut_path([start, end])]


def point_place(canvas: Canvas, view: ArticleView, pid: str | None) -> Place | None:
    """The place ``pid`` when it is a point (a line may start or end there)."""
    if pid is None:
        return None
    place = view.result.place_by_id.get(pid) or canvas.names.place(pid)
    if place is None or not place.kind.is_point:
        return None
    return place


def anchor_point(
    canvas: Canvas, view: ArticleView, s: Statement, subject: Place | None
) -> LatLon | None:
    """Where a statement's line starts: the anchor place, or for a country anchor
    ("near Algeria") the point of its outline nearest the subject."""
    point = point_place(canvas, view, s.anchor)
    if point is not None:
        return LatLon(point.lat, point.lon)
    if subject is None or s.anchor is None or canvas.gazetteer is None:
        return None
    anchor = view.result.place_by_id.get(s.anchor) or canvas.names.place(s.anchor)
    if anchor is None or anchor.kind is not PlaceKind.COUNTRY or not anchor.country:
        return None
    shape = canvas.gazetteer.shape(anchor.country, simple=True)
    if shape is None or shape.is_empty:
        return None
    nearest = nearest_boundary_latlon(shape, LatLon(subject.lat, subject.lon))
    if nearest is None:
        return None
    return LatLon(round(nearest.lat, 4), round(nearest.lon, 4))


def add_statement(canvas: Canvas, index: int, number: int, view: ArticleView, s: Statement) -> None:
    """Draw statement ``number`` of article ``index`` (see the module docstring)."""
    group = canvas.group(index, "statements")
    item_id = f"a{index}:statement:{number}"
    popup = statement_popup(s, view, canvas.names, show_article=canvas.multi)
    subject = point_place(canvas, view, s.subject)
    start = anchor_point(canvas, view, s, subject)
    anchor = point_place(canvas, view, s.anchor)
    drawn = False
    if start is not None and subject is not None:
        text = statement_label(s)
        canvas.add(
            Line(
                group=group,
                id=item_id,
                kind="statement",
                parts=line_parts(start, LatLon(subject.lat, subject.lon)),
                style=Style(color=verdict_colour(s.verdict), weight=3.5, opacity=0.9),
                label=text,
                tip=text,
                popup=popup,
            )
        )
        canvas.counts.verdicts.add(s.verdict or "unchecked")
        drawn = True
    if anchor is not None and s.estimate is None and subject is not None:
        _add_ghost(canvas, group, item_id, anchor, s, popup)
    if s.estimate is not None:
        drawn = _add_estimate(canvas, group, item_id, view, s, s.estimate, popup, drawn) or drawn
    elif subject is None and s.kind is StatementKind.ROAD_BETWEEN:
        drawn = _add_road(canvas, group, item_id, view, s, popup) or drawn
    if drawn:
        canvas.counts.statements += 1


def _add_road(
    canvas: Canvas, group: str, item_id: str, view: ArticleView, s: Statement, popup: str
) -> bool:
    """A spot "on the road between X and Y" too long to be a circle: a dashed line X-Y
    (the straight line: the gazetteer has no roads)."""
    a, b = point_place(canvas, view, s.anchor), point_place(canvas, view, s.anchor2)
    if a is None or b is None:
        return False
    words = " ".join(s.text.split())
    style = Style(color=ESTIMATE.colour, weight=3, opacity=0.7, dash="8 6")
    canvas.counts.roads = True
    canvas.add(Line(group=group, id=item_id, kind="road", style=style,
                    parts=line_parts(LatLon(a.lat, a.lon), LatLon(b.lat, b.lon)),
                    tip=f"{words} (somewhere along it)", popup=popup))  # fmt: skip
    return True


def _add_ghost(
    canvas: Canvas, group: str, item_id: str, anchor: Place, s: Statement, popup: str
) -> None:
    """A dotted line to where the stated distance and direction put the subject."""
    ghost = stated_point(anchor.lat, anchor.lon, s)
    if ghost is None:
        return
    at = LatLon(round(ghost[0], 4), round(ghost[1], 4))
    canvas.counts.ghosts = True
    canvas.add(Line(group=group, kind="stated", style=GHOST_LINE,
                    parts=line_parts(LatLon(anchor.lat, anchor.lon), at)))  # fmt: skip
    words = " ".join(s.text.split())
    canvas.add(Circle(group=group, kind="stated", at=at, radius=0, style=GHOST_SPOT,
                      tip=f"where “{words}” puts it", popup=popup))  # fmt: skip
    canvas.follow(item_id, "", FocusPoint(at.lat, at.lon, None, 0.0, follows=item_id))


def _between_zone(
    canvas: Canvas, view: ArticleView, s: Statement, est: Estimate
) -> list[list[float]] | None:
    """The oval a spot "between X and Y" stands for (:mod:`.between`), else ``None``."""
    if s.kind not in (StatementKind.BETWEEN, StatementKind.ROAD_BETWEEN):
        return None
    a, b = point_place(canvas, view, s.anchor), point_place(canvas, view, s.anchor2)
    if a is None or b is None:
        return None
    tuning = STATEMENTS
    detour = (tuning.road_between_consistent_detour if s.kind is StatementKind.ROAD_BETWEEN
              else tuning.between_consistent_detour)  # fmt: skip
    return zone(a, b, est, detour=detour)


def _add_estimate(
    canvas: Canvas,
    group: str,
    item_id: str,
    view: ArticleView,
    s: Statement,
    est: Estimate,
    popup: str,
    drawn: bool,
) -> bool:
    """An estimated spot: its uncertainty circle (between two places: the oval), the
    offset from its anchor and a pin (once per distinct spot). Returns False when an
    identical estimate was already drawn.
    """
    anchor = point_place(canvas, view, s.anchor)
    key = (round(est.lat, 3), round(est.lon, 3), round(est.radius_km))
    if key in canvas.estimates_seen:
        return False
    canvas.estimates_seen.add(key)
    canvas.counts.estimates = True
    words = " ".join(s.text.split())
    radius_km = max(1.0, est.radius_km)
    at = LatLon(round(est.lat, 5), round(est.lon, 5))
    style = Style(color=ESTIMATE.colour, weight=1.5, dash="4 4", fill=ESTIMATE.colour,
                  fill_opacity=0.16 if radius_km < WIDE_KM else 0.07)  # fmt: skip
    area_id = item_id if not drawn else f"{item_id}:area"
    ring = _between_zone(canvas, view, s, est)
    if ring is not None:
        canvas.add(Area(group=group, id=area_id, kind="estimate-area", name=words,
                        geojson={"type": "Polygon", "coordinates": [ring]}, style=style,
                        tip=f"{words} (the area between them)", popup=popup))  # fmt: skip
    else:
        canvas.add(Circle(group=group, id=area_id, kind="estimate-area", at=at,
                          radius=round(radius_km * 1000), style=style,
                          tip=f"{words} (within {radius_km:.0f} km)", popup=popup))  # fmt: skip
    near = (
        anchor is not None and distance_km(anchor.lat, anchor.lon, est.lat, est.lon) < AT_ANCHOR_KM
    )
    if anchor is not None and not near:
        canvas.counts.offsets = True
        offset = Style(color=verdict_colour(s.verdict), weight=2.5, opacity=0.85, dash="6 5")
        canvas.add(Line(group=group, kind="offset", style=offset,
                        parts=line_parts(LatLon(anchor.lat, anchor.lon), at),
                        tip=statement_label(s) or words, popup=popup))  # fmt: skip
    if not near:
        # "near Niono" is the circle around Niono's own pin; a second pin would hide it.
        canvas.add(Pin(group=group, id=f"{item_id}:estimate", kind="estimate", at=at,
                       icon=canvas.icon(ESTIMATE.kind), name=words,
                       tip=f"estimated spot: {words}", popup=popup, label=0, z=2))  # fmt: skip
    canvas.follow(item_id, words, FocusPoint(est.lat, est.lon, None, 1.0, follows=item_id))
    return True
