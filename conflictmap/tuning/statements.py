"""Every number the statements stage uses (``conflictmap/statements/``), with where it comes from.

Provenance, in the words the fields use:

- *hand-set in 6ae915c*: chosen when stated geography was built (issue 6) by reading
  what reporters write and what the gazetteer measures for the Mali article and the
  test sentences of ``tests/test_statements_*.py``; not fitted by any script. The
  README's "Stated geography" section states the ones a user sees (15% / 5%, the
  rounding rule, ±22.5°, the road factor, "near", "along the border", 250 km).
- *fcb57cd*: set in the commit that landed issues 2-9, with the test named.
- *assumption*: a value chosen for what it must do, never measured against errors.

No field is fitted. Distances are in km, angles in degrees, shares between 0 and 1.
Grammar (which words a pattern accepts, how far a keyword hint reaches) stays with
the patterns in :mod:`conflictmap.statements.parse`: it is not a tuning knob.

Examples
--------
>>> from dataclasses import replace
>>> tuning = StatementsTuning()
>>> tuning.road_factor, replace(tuning, road_factor=2.0).road_factor
(1.5, 2.0)
>>> tuning.extents.floor_km(PlaceKind.CAPITAL), tuning.vague_range("a few")
(5.0, (2.0, 5.0))
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conflictmap.model.kinds import PlaceKind

__all__ = ["DEFAULT", "ExtentTuning", "StatementsTuning"]


@dataclass(frozen=True, kw_only=True, slots=True)
class ExtentTuning:
    """How wide a place is when a reporter measures "from" it (km), by kind.

    A settlement's extent is the larger of its kind's floor here and
    :attr:`km_per_sqrt_thousand` times the square root of its population in
    thousands (about 11 km for Bamako's 1.3 million). All floors hand-set in 6ae915c:
    rough radii of a built-up area (a capital's outskirts, a village's houses) and of
    the region a reporter would still call "from X"; areas with an outline are
    measured to that outline instead.
    """

    #: a national capital; hand-set in 6ae915c
    capital: float = 5.0
    #: a city; hand-set in 6ae915c
    city: float = 3.0
    #: a town; hand-set in 6ae915c
    town: float = 1.5
    #: a village; hand-set in 6ae915c
    village: float = 1.0
    #: a named spot inside a settlement; hand-set in 6ae915c
    spot: float = 0.5
    #: a natural or man-made feature; hand-set in 6ae915c
    feature: float = 2.0
    #: a second-level district without an outline; hand-set in 6ae915c
    district: float = 20.0
    #: a first-level region without an outline; hand-set in 6ae915c
    region: float = 40.0
    #: a country without an outline; hand-set in 6ae915c
    country: float = 100.0
    #: a continent (never measured from: statements anchored on one are dropped); 6ae915c
    continent: float = 500.0
    #: a border is a line: distances go to the line itself; assumption
    border: float = 0.0
    #: km of extent per square root of a thousand inhabitants; hand-set in 6ae915c so
    #: that Bamako (1.3 million) reaches about 11 km, a town of 20,000 about 1.3 km
    km_per_sqrt_thousand: float = 0.3

    def floor_km(self, kind: PlaceKind) -> float:
        """The extent of a place of ``kind`` before its population widens it.

        Examples
        --------
        >>> ExtentTuning().floor_km(PlaceKind.REGION)
        40.0
        """
        value: float = getattr(self, PlaceKind(kind).value)
        return value


@dataclass(frozen=True, kw_only=True, slots=True)
class StatementsTuning:
    """The statements stage's numbers: pass ``tuning=`` to ``find_statements``/``judge``."""

    # -- distances ----------------------------------------------------------------------
    #: relative margin either side of a number with no hedge ("37 km": ±5%); hand-set in
    #: 6ae915c, stated in the README
    exact_margin: float = 0.05
    #: relative margin either side of an "about" hedge ("some", "about", "roughly": ±15%);
    #: hand-set in 6ae915c, stated in the README
    about_margin: float = 0.15
    #: share of a number's rounding step allowed either side ("400" is rounded to the
    #: hundred, so ±50); half a step is what rounding can hide; assumption, 6ae915c
    rounding_tolerance: float = 0.5
    #: "more than N": consistent up to this many times N, then approximate ("far more
    #: than stated, though not wrong"); also bounds the estimate of an unnamed spot;
    #: assumption, 6ae915c
    more_than_factor: float = 1.5
    #: "approximate" reaches this many times the consistent margin and the places'
    #: extents ("off by up to the same margin again"); hand-set in 6ae915c
    approximate_widening: float = 2.0
    #: how much longer than the straight line a road distance may be: a distance too
    #: long for the geodesic but within this factor of it is approximate, with a note;
    #: assumption (README), 6ae915c; the Mali article's Diabaly is 1.28 times
    road_factor: float = 1.5

    # -- directions -----------------------------------------------------------------------
    #: arc beyond a compass word's own sector (±22.5° for "north", ±11.25° for
    #: "north-northeast") that is still approximate: one more half-sector of the
    #: 8-point compass; hand-set in 6ae915c
    approximate_arc_deg: float = 22.5

    # -- near, outskirts, along the border ------------------------------------------------
    #: "near X" reaches this far beyond twice X's extent; hand-set in 6ae915c (README:
    #: "within 15 km plus twice its extent")
    near_base_km: float = 15.0
    #: "near X" reaches this many times X's extent, plus :attr:`near_base_km`; 6ae915c
    near_extent_factor: float = 2.0
    #: "near" a country with an outline: this share of the square root of its area
    #: (README: "15% of the square root of its area"); hand-set in 6ae915c
    near_area_share: float = 0.15
    #: ... and never less than this; hand-set in 6ae915c
    near_area_min_km: float = 50.0
    #: "the outskirts of X" reach this far beyond X's extent; hand-set in 6ae915c
    outskirts_km: float = 10.0
    #: a place up to this many times the near / outskirts / border radius away is
    #: approximate, farther contradicts; hand-set in 6ae915c
    near_approximate_factor: float = 2.0
    #: "along the border": within this many km of the border line; also how far "near"
    #: a border line reaches; hand-set in 6ae915c (README)
    along_border_km: float = 50.0

    # -- between ----------------------------------------------------------------------------
    #: "between X and Y" places an unnamed spot only when X and Y are at most this far
    #: apart ("flights between London and Amsterdam" are no place); fcb57cd,
    #: tests/test_statements_judge.py::test_far_apart_places_give_no_spot_between_them
    between_spot_max_km: float = 250.0
    #: an unnamed spot "on the road between X and Y" is placed (a circle) only when the
    #: circle's radius is at most this; a longer road is a stretch of road, drawn as a
    #: line between X and Y (issue 18: "on the main Aleppo-Damascus highway", 309 km,
    #: gave a 215 km circle that filled the map); hand-set: a road of about 150 km; the
    #: dev set's six road spots (towns 74-106 km apart, radii 58-71 km) stay circles
    road_spot_max_radius_km: float = 100.0
    #: going through a subject "between X and Y" may be this many times the straight
    #: line X-Y and stay consistent; the spot's radius is half of it times X-Y;
    #: hand-set in 6ae915c
    between_consistent_detour: float = 1.15
    #: ... and approximate up to this many times; hand-set in 6ae915c
    between_approximate_detour: float = 1.5
    #: the same for "on the road between X and Y" (roads wind); hand-set in 6ae915c
    road_between_consistent_detour: float = 1.3
    #: ... approximate up to this; hand-set in 6ae915c
    road_between_approximate_detour: float = 1.7
    #: "halfway between": the spot's radius is this share of X-Y, and a subject this
    #: share of X-Y off the midpoint (|d1 - d2| / X-Y) is still consistent; 6ae915c
    halfway_share: float = 0.2
    #: ... approximate up to this share off the midpoint; hand-set in 6ae915c
    halfway_approximate_share: float = 0.4

    # -- parts ("northern Mali", "central Mali") -------------------------------------------
    #: a side ("northern X"): consistent when at least this share of X's area lies
    #: behind the subject on each named axis; hand-set in 6ae915c
    side_share: float = 0.4
    #: ... approximate down to this share; hand-set in 6ae915c
    side_approximate_share: float = 0.25
    #: "central X": consistent when the area shares south and west of the subject are
    #: both within this of one half (20-80%); hand-set in 6ae915c
    centre_offset: float = 0.3
    #: ... approximate within this of one half (10-90%); hand-set in 6ae915c
    centre_approximate_offset: float = 0.4
    #: a region with no outline is judged by bearing from its centre point: consistent
    #: within this angle of the named side (three points of the 8-point compass); 6ae915c
    region_bearing_deg: float = 67.5
    #: ... approximate within this angle; hand-set in 6ae915c
    region_approximate_bearing_deg: float = 90.0
    #: a subject within this share of a region's extent of its centre point is
    #: consistent with any side; hand-set in 6ae915c
    region_centre_share: float = 0.5

    # -- places ----------------------------------------------------------------------------
    #: how wide places are, by kind
    extents: ExtentTuning = field(default_factory=ExtentTuning)

    # -- reading -----------------------------------------------------------------------------
    #: "a few km": the range it stands for (in the unit written); assumption, 50ec530
    a_few: tuple[float, float] = (2.0, 5.0)
    #: "several km"; assumption, 50ec530
    several: tuple[float, float] = (3.0, 9.0)
    #: "a couple of km"; assumption, 50ec530
    a_couple_of: tuple[float, float] = (2.0, 3.0)
    #: a subject ends at most this many characters before its statement ("Diabali,
    #: a town in the Segou region some 400 km north ..."); hand-set in 6ae915c
    subject_gap_chars: int = 60
    #: an anchor may follow at most this many descriptor words ("the capital Bamako",
    #: "the garrison town of Gao"); hand-set in 6ae915c
    descriptor_words: int = 5
    #: "Mali's capital, Bamako": at most this many words between the possessive and the
    #: later mention that becomes the anchor; hand-set in 6ae915c
    possessive_words: int = 4
    #: a long article is parsed a stretch of at least this many characters at a time,
    #: each distinct stretch once (statements/parse/pieces.py; the statements are the
    #: same whatever the value, only the time changes). Measured 2026-12-03 (CPU, one
    #: process, 1000 to 16000 alternated): the cheapest on the repeated prose of
    #: bench/linearity.py, no slower than one stretch on the LGL articles
    piece_chars: int = 2000

    # -- memory --------------------------------------------------------------------------
    #: areas and lengths of shapes kept per process before the cache is emptied; 50ec530,
    #: assumption (a few thousand countries and borders at most); also the measurements
    #: (anchor, subject) statements/judge/measure.py keeps (issue 20: repeated prose)
    size_cache_entries: int = 4096

    def vague_range(self, words: str) -> tuple[float, float]:
        """The range a vague count ("a few", "several", "a couple of") stands for.

        Examples
        --------
        >>> StatementsTuning().vague_range("several")
        (3.0, 9.0)
        """
        ranges = {"a few": self.a_few, "several": self.several, "a couple of": self.a_couple_of}
        return ranges[words]


#: the defaults, shared (the dataclass is frozen)
DEFAULT = StatementsTuning()
