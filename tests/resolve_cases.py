"""A tiny real gazetteer and our own sentences, each decided by one resolver weight.

Every place is a real GeoNames entry (CC BY 4.0, geonames.org), with its id, as the
project's base gazetteer holds it (``conflictmap gazetteer show ID``) or, for villages
the base lacks, as the GeoNames dump of Mali has it (one fact looked up per village).
Kinds follow :func:`conflictmap.store.kinds.kind_of`.

``Gazetteer.from_places`` flags every extra name as a curated alias. Where GeoNames
has a plain alternate name instead (Aflao's "Dano"), the alias here is curated; the
cases below are built so that the weight they test still decides.

Each :class:`Case` names the weight that decides it: with the tuned numbers the
resolver ranks ``want`` first; with that weight at 0 it does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from conflictmap.model import Place
from conflictmap.recognize.spotter import Spots, Spotter
from conflictmap.resolve import GazetteerResolver, Resolution
from conflictmap.resolve.evidence.base import Article, Belief, Terms
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.tuning.resolve import ResolveTuning


def _p(pid: str, name: str, lat: float, lon: float, cc: str, kind: str, admin1: str | None,
       population: int = 0) -> Place:  # fmt: skip
    return Place(id=pid, name=name, lat=lat, lon=lon, country=cc, kind=kind, admin1=admin1,
                 population=population)  # fmt: skip


PLACES = [
    _p("geonames:2453866", "Mali", 17.0, -4.0, "ML", "country", None, 12324029),
    _p("geonames:2361809", "Burkina Faso", 13.0, -2.0, "BF", "country", None, 19751535),
    _p("geonames:2460596", "Bamako", 12.60915, -7.97522, "ML", "capital", "01", 1297281),
    _p("geonames:2451478", "Ségou", 13.44032, -6.25947, "ML", "city", "05", 205787),
    _p("geonames:2453348", "Mopti", 14.4843, -4.18296, "ML", "city", "04", 186187),
    _p("geonames:2449067", "Timbuktu", 16.77348, -3.00742, "ML", "town", "08", 84208),
    _p("geonames:2457163", "Gao", 16.27167, -0.04472, "ML", "city", "09", 133110),
    _p("geonames:2360626", "Gao", 11.64967, -2.17777, "BF", "town", "06", 26453),
    _p("admin1:ML.10", "Kidal", 19.11667, 1.40921, "ML", "region", "10", 48110),
    _p("geonames:2455290", "Kidal", 18.44345, 1.40921, "ML", "town", "10", 40030),
    _p("geonames:2454674", "Koro", 14.064, -3.07539, "ML", "town", "04", 24694),
    _p("geonames:2286294", "Koro", 8.55505, -7.46348, "CI", "town", "97", 6219),
    _p("geonames:2361586", "Dano", 11.1464, -3.05784, "BF", "town", "13", 25922),
    _p("geonames:2305677", "Aflao", 6.11982, 1.19012, "GH", "town", "08", 66546),
    _p("geonames:5128581", "New York City", 40.71427, -74.00597, "US", "city", "NY", 8804190),
    _p("geonames:5128638", "New York", 42.93959, -75.50253, "US", "region", "NY"),
    _p("geonames:2454104", "Léré", 15.7118, -4.9118, "ML", "town", "08"),
    _p("geonames:6866964", "Léré", 14.2098, -3.0629, "ML", "village", "04"),
    _p("geonames:2452354", "Oualo", 14.74719, -4.5741, "ML", "village", "04"),
    _p("geonames:2452353", "Oualo", 15.06893, -2.92404, "ML", "village", "04"),
    _p("geonames:6687459", "Niama", 15.514, -4.0953, "ML", "village", "04"),
    _p("geonames:2452805", "Niama", 14.2939, -10.8364, "ML", "village", "03"),
    _p("geonames:2458187", "Diabali", 14.6937, -6.0197, "ML", "town", "05"),
    _p("geonames:6687536", "Diabal", 15.1704, -5.5077, "ML", "village", "05"),
]
ALIASES = [
    ("New York", "geonames:5128581"),  # gazetteer/curated/aliases.tsv: bare "New York" is the city
    ("Dano", "geonames:2305677"),  # GeoNames: an alternate name of Aflao
    ("Diabal", "geonames:2458187"),  # GeoNames: an alternate name of Diabali
]
DEMONYMS = [("Burkinabe", "geonames:2361809"), ("Malian", "geonames:2453866")]


def gazetteer() -> Gazetteer:
    return Gazetteer.from_places(PLACES, aliases=ALIASES, demonyms=DEMONYMS)


_SPOTTED: dict[tuple[int, str], Spots] = {}


def spotted(gaz: Gazetteer, text: str) -> Spots:
    """The spots of ``text``, found once per gazetteer (they do not depend on the resolver)."""
    key = (id(gaz), text)
    if key not in _SPOTTED:
        _SPOTTED[key] = Spotter(gaz).spot(text)
    return _SPOTTED[key]


def resolve(gaz: Gazetteer, text: str, config: ResolveTuning | None = None) -> Resolution:
    return GazetteerResolver(gaz, config=config).resolve(text, spotted(gaz, text))


def article(gaz: Gazetteer, text: str) -> Article:
    """What the evidence units read for ``text``."""
    return GazetteerResolver(gaz).read(spotted(gaz, text))


def believe(gaz: Gazetteer, text: str, config: ResolveTuning | None = None) -> Belief:
    """The resolver's final belief for ``text``."""
    resolver = GazetteerResolver(gaz, config=config)
    return resolver.believe(resolver.read(spotted(gaz, text)))


def by_place(article: Article, key: str, terms: Terms) -> dict[str, float]:
    """The terms of the candidates of the name ``key``, by place id."""
    number, group = next((n, g) for n, g in enumerate(article.groups) if g.key == key)
    return {c.place.id: term for c, term in zip(group.candidates, terms[number], strict=True)}


def ranked_first(resolution: Resolution, name: str) -> str | None:
    """The place ranked first for the spot of ``name`` (before any drop by confidence)."""
    for index, spot in enumerate(resolution.spots):
        if spot.text == name:
            ranked = resolution.ranked.get(index, ())
            return ranked[0].place.id if ranked else None
    raise AssertionError(f"{name!r} was not spotted: {[s.text for s in resolution.spots]}")


@dataclass(frozen=True, kw_only=True)
class Case:
    weight: str
    text: str
    name: str
    want: str
    #: what the case shows
    why: str


CASES = (
    Case(weight="population", text="Fighting was reported near Koro.", name="Koro",
         want="geonames:2454674", why="two towns: the bigger one (Mali, not Côte d'Ivoire)"),
    Case(weight="own_name", text="Fighting was reported near Dano.", name="Dano",
         want="geonames:2361586", why="Dano's own name beats Aflao's alternate one"),
    Case(weight="curated", text="Protesters marched in New York.", name="New York",
         want="geonames:5128581", why="the curated alias: bare New York is the city"),
    Case(weight="region_named_like_town", text="Rebels held positions in Kidal.", name="Kidal",
         want="geonames:2455290", why="the town, not the region named like it"),
    Case(weight="container", name="Gao", want="geonames:2360626",
         text="Convoys from Bamako and Ségou reached Gao, Burkina Faso.",
         why="the container beats a focus on Mali"),
    Case(weight="focus_country", text="Burkinabe troops entered Gao.", name="Gao",
         want="geonames:2360626", why="a demonym's country beats a bigger namesake"),
    Case(weight="focus_region", text="Soldiers left Mopti for Léré.", name="Léré",
         want="geonames:6866964", why="the Léré in Mopti's region"),
    Case(weight="near", text="Fighters moved from Mopti to Oualo.", name="Oualo",
         want="geonames:2452354", why="the Oualo 51 km from Mopti, not the one 150 km away"),
    Case(weight="far", text="Troops left Timbuktu for Niama.", name="Niama",
         want="geonames:6687459", why="the Niama 182 km from Timbuktu, not the one 883 km away"),
    Case(weight="named_elsewhere", name="Diabal", want="geonames:2458187",
         text="Islamists took Diabali on Monday; families fled Diabal by night.",
         why="another spelling of a town already placed, not the village 76 km away"),
)  # fmt: skip


def case(weight: str) -> Case:
    """The case that ``weight`` decides."""
    return next(c for c in CASES if c.weight == weight)
