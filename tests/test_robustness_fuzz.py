"""Property-based fuzzing of every stage that reads article text (issue 9).

Random and adversarial text (control characters, combining marks, right-to-left
text, emoji, lone surrogates, thousands of commas, nested quotes) goes through
the spotter, the resolver, the whole pipeline with the statement parser, the
exports and the map writer. None may crash; every offset must lie inside the
text and slice out exactly the reported words; every output must be writable
as UTF-8; no injected markup may reach the map unescaped. Lone surrogates may
also be refused with an :class:`~conflictmap.errors.InputError`.

The tiny fixture gazetteer keeps most examples fast; the real base gazetteer
gets fewer. ``bench/fuzz_campaign.py`` runs the same properties for tens of
thousands of cases.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conflictmap import geoparse, make_map
from conflictmap.errors import InputError
from conflictmap.model import Result
from conflictmap.output import to_csv, to_geojson, to_json
from conflictmap.recognize.spotter import Spotter
from conflictmap.resolve import GazetteerResolver
from conflictmap.store.gazetteer import Gazetteer
from conflictmap.text import decode_bytes, html_to_text
from conflictmap.text.folding import fold

from .conftest import tiny_places

PLACES = [
    "Mali", "Mauritania", "France", "Bamako", "Gao", "Kidal", "Diabali", "Diabaly", "Ségou",
    "Segou", "SÉGOU", "Timbuktu", "Paris", "Douentza", "Ménaka", "Tombouctou", "Mopti", "Konna",
    "Niger", "Algeria", "Libya", "Texas", "Washington", "Sahel", "Azawad",
]  # fmt: skip
WORDS = [
    "the", "of", "de", "el", "al-", "in", "near", "town of", "village of", "north of",
    "north-east of", "south-west of", "outside", "border", "border with", "km", "kilometres",
    "miles", "some", "about", "roughly", "between", "and", "from", "to", "the capital",
    "Malian", "Mauritanian", "French", "President", "Gen.", "Mr", "Dr.", "U.S.", "St.", "Mt.",
    "said", "Monday", "January", "Army", "Journal", "Texas-size", "-based", "'s", "’s",
    "300", "1,200", "12.5", "400 km", "(250 miles)", "50km", "2,000-mile", "half", "dozen",
]  # fmt: skip
WEIRD = [
    "\u0301", "\u0308", "\u0338", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e",
    "\u202c", "\u2066", "\u2069", "\ufeff", "\ufffd", "\x00", "\x07", "\x1b", "\x0c", "\x0b",
    "\x85", "\r", "\r\n", "\n\n", "\t", "\u2028", "\u2029", "\u00a0", "\u3000", "👍",
    "👨\u200d👩\u200d👧", "🇲🇱", "\U0001f1f2", "\ud800", "\udfff", "\udc80\ud83d", "ﷺ", "مالي",
    "غاو", "גאו", "Ἀθῆναι", "İ", "ı", "ß", "ẞ", "ﬁ", "Ǆ", "ǅ", "ŉ", "Ⅻ", "²", "½", "٣٠٠",
    "“", "”", "‘", "’", "«", "»", '"', "'", "(", ")", "[", "]", "{", "}", "<", ">", "&", "—",
    "–", "-", "‐", ".", "...", "…", "!", "?", ";", ":", ",", "/", "\\", "*", "•", "#", "`",
    "<script>", "</script>", "&amp;", "&#0;", "%s", "{0}", "\\u0000", "${x}",
]  # fmt: skip
SEPARATORS = [" ", " ", " ", "", "  ", "\n", ", ", ". ", "-", "\u00a0", "\t"]

piece = st.one_of(
    st.sampled_from(PLACES),
    st.sampled_from(WORDS),
    st.sampled_from(WEIRD),
    st.text(max_size=6),
    st.text(st.characters(codec="utf-8"), max_size=6),
    st.characters(categories=["Cs", "Co", "Cn", "Cc", "Cf", "Mn", "Zs"]).map(str),
    st.integers(0, 10**7).map(str),
)
article = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=50).map(
    lambda parts: "".join(p + s for p, s in parts)
)
#: Texts that once stressed a tokenizer or a regular expression.
PATHOLOGICAL = [
    "Gao" + "," * 10_000 + "Kidal",
    ", " * 10_000,
    "“" * 300 + "‘" * 300 + '"' * 300 + "Gao" + '"' * 300 + "’" * 300 + "”" * 300,
    "«" * 2000 + "Gao said " * 50 + "»" * 2000,
    "(" * 5000 + "Gao" + ")" * 5000,
    "Gao " * 5000,
    "Gao-" * 3000 + "Kidal",
    "A" * 100_000,
    "St. " * 3000 + "Gao",
    "U.S." * 2000,
    "300 km north of " * 400 + "Gao",
    "of " * 5000 + "Gao",
    "The Town Of " * 2000 + "Kidal",
    "G" + "\u0301" * 3000 + "ao Kidal",
    "\u202e" + "Gao ،Kidal ،مالي " * 500,
    "👨\u200d👩\u200d👧 Gao " * 1000,
    "Gao \ud800 Kidal \udfff Ménaka",
    "\ud83d\ude00" * 100 + " Bamako",
    "\x00" * 1000 + "Gao",
    "Gao\r\nKidal\rMopti\u2028Ménaka",
    "President Gao Kidal of Mali said Gao, Kidal and Ménaka, 300 km north-east of Bamako, fell.",
    'He said "Gao is \'near "Kidal" (about 50 km)\' north" of Bamako.' * 200,
    "<img src=x onerror=alert(1)> in Gao </script><script>alert(2)</script> near Kidal",
]

MARKUP = [
    "<p>", "</p>", "<div>", "</div>", "<br>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<nav>", "</nav>", "<td>", "<table>", "<title>", "<![CDATA[", "&amp;", "&#0;", "&#xD800;",
    "&#1114112;", "&", "<", ">", "<a href='", "'>", "<header>", "<article>", "<template>",
    "<svg><desc>", "<math>", "<pre>", "\x00",
]  # fmt: skip

#: Markup that must never reach the map HTML as it was written.
PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    '"><svg onload=alert(3)>',
    "javascript:alert(4)//<b>",
]

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
REAL = settings(FAST, max_examples=15)
MAPS = settings(FAST, max_examples=12)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    places, aliases = tiny_places()
    return Gazetteer.from_places(
        places, aliases=aliases, demonyms=[("Malian", "ML"), ("Mauritanian", "MR")]
    )


# -- the checks ------------------------------------------------------------------------


def check_span(text: str, start: int, end: int, surface: str) -> None:
    assert 0 <= start < end <= len(text), (start, end, len(text))
    assert text[start:end] == surface, (text[start:end], surface)


def check_spotter(gazetteer: Gazetteer, text: str) -> None:
    found = Spotter(gazetteer).spot(text)
    for spot in found.spots:
        check_span(text, spot.start, spot.end, spot.text)
    for start, end, surface, _why in found.rejected:
        check_span(text, start, end, surface)
    resolution = GazetteerResolver(gazetteer).resolve(text, found)
    ids = {p.id for p in resolution.places}
    for mention in resolution.mentions:
        check_span(text, mention.start, mention.end, mention.text)
        assert mention.place is None or mention.place in ids
        assert 0.0 <= mention.confidence <= 1.0


def pipeline(gazetteer: Gazetteer, text: str) -> Result | None:
    """The whole pipeline (statements included), or ``None`` when the text is refused."""
    try:
        result = geoparse(text, gazetteer=gazetteer)
    except InputError:
        # Only empty text, or text with lone surrogates, may be refused.
        assert not text.strip() or any("\ud800" <= c <= "\udfff" for c in text)
        return None
    assert result.text == text
    ids = {p.id for p in result.places}
    for mention in result.mentions:
        check_span(text, mention.start, mention.end, mention.text)
        assert mention.place is None or mention.place in ids
    for statement in result.statements:
        check_span(text, statement.start, statement.end, statement.text)
        for ref in (statement.anchor, statement.subject, statement.anchor2):
            assert ref is None or ref in ids, (ref, ids)
    for place in result.places:
        assert -90 <= place.lat <= 90 and -180 <= place.lon <= 180, place
    # Every export must be writable as UTF-8 (no surrogate may leak into it).
    to_json(result).encode("utf-8")
    to_csv(result).encode("utf-8")
    json.dumps(to_geojson(result), ensure_ascii=False, allow_nan=False).encode("utf-8")
    return result


def check_map(result: Result) -> None:
    html = make_map(result).get_root().render()
    html.encode("utf-8")
    for payload in PAYLOADS:
        assert payload not in html, payload


# -- the properties ----------------------------------------------------------------------


@FAST
@given(text=article)
def test_spotter_and_resolver_keep_offsets(gaz: Gazetteer, text: str) -> None:
    check_spotter(gaz, text)


@FAST
@given(text=st.text(max_size=300))
def test_spotter_on_any_unicode(gaz: Gazetteer, text: str) -> None:
    check_spotter(gaz, text)


@pytest.mark.parametrize("index", range(len(PATHOLOGICAL)))
def test_pathological_texts(gaz: Gazetteer, index: int) -> None:
    text = PATHOLOGICAL[index]
    check_spotter(gaz, text)
    result = pipeline(gaz, text)
    if result is not None:
        check_map(result)


@FAST
@given(text=article)
def test_pipeline_and_statements(gaz: Gazetteer, text: str) -> None:
    pipeline(gaz, text)


@MAPS
@given(text=article, payload=st.sampled_from(PAYLOADS))
@example(text="Gao and Kidal", payload=PAYLOADS[0])
def test_map_writer(gaz: Gazetteer, text: str, payload: str) -> None:
    result = pipeline(gaz, f"{payload} {text} Gao {payload} Kidal, near Bamako. {payload}")
    if result is not None:
        check_map(result)


@REAL
@given(text=article)
def test_real_gazetteer_pipeline(base_gazetteer: Gazetteer, text: str) -> None:
    check_spotter(base_gazetteer, text)
    pipeline(base_gazetteer, text)


@settings(REAL, max_examples=5)
@given(text=article, payload=st.sampled_from(PAYLOADS))
def test_real_gazetteer_map(base_gazetteer: Gazetteer, text: str, payload: str) -> None:
    result = pipeline(base_gazetteer, f"Bamako {payload} {text} Gao {payload} Timbuktu")
    if result is not None:
        check_map(result)


# -- the readers ----------------------------------------------------------------------------


@FAST
@given(data=st.binary(max_size=2000))
@example(data=b"\xff\xfe")
@example(data=b"\xfe\xff\x00")
@example(data=b"\x00\x00\xfe\xff" + b"\x00" * 7)
@example(data=b"\xef\xbb\xbf\xed\xa0\x80")
@example(data=b'<meta charset="x-unknown"><p>\xe9</p>')
@example(data=b'<meta charset="utf-7"><p>+AGEAYgBj-</p>')
def test_decode_any_bytes(data: bytes) -> None:
    try:
        article = decode_bytes(data)
    except InputError:
        return
    article.text.encode("utf-8")  # never a lone surrogate
    assert "\r" not in article.text
    html_to_text(article.text).encode("utf-8")


@FAST
@given(
    html=st.lists(
        st.one_of(st.sampled_from(MARKUP), st.sampled_from(PLACES), st.text(max_size=10)),
        max_size=60,
    ).map("".join)
)
def test_html_to_text_any_markup(gaz: Gazetteer, html: str) -> None:
    text = html_to_text(html)
    text.encode("utf-8")
    if text.strip():
        pipeline(gaz, text)


def test_fixture_places_are_in_the_strategy(gaz: Gazetteer) -> None:
    # The strategy must reach the gazetteer, or the properties test nothing.
    names = {c.place.name for name in PLACES for c in gaz.candidates(fold(name))}
    assert {"Gao", "Kidal", "Bamako", "Ménaka"} <= names
    result = geoparse("Gao, 300 km north-east of Bamako, and Kidal.", gazetteer=gaz)
    assert len(result.mentions) >= 3


@FAST
@given(
    value=st.one_of(
        st.text(max_size=12),
        st.sampled_from(["inf", "-inf", "nan", "1e400", "1e-400", "0", "-1M", "1.5K", "9" * 400]),
        st.floats(allow_nan=True).map(lambda f: f"{f}M"),
    )
)
def test_max_size_option_never_crashes(value: str) -> None:
    import click

    from conflictmap.cli.options import _parse_size

    try:
        size = _parse_size(None, None, value)  # type: ignore[arg-type]
    except click.BadParameter:
        return
    assert isinstance(size, int) and size > 0
