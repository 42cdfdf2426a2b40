"""The name keys of a batch of dump rows are those of each row on its own."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.store.geonames.dumps import keys_of_row
from conflictmap.store.geonames.rowkeys import keys_of_rows

#: rows that take every path: abbreviations (ASCII words only, with dots, hyphens and
#: other spaces), letters NFKD keeps whole, marks, underscores, non-Latin and digit-only
#: names, IATA-like codes, repeated and empty alternate names
ROWS = [
    ("Kona", "Kona", "Konna,Kɔnna,KNA,Kona, KNA ,,  ,kona"),
    ("St. Louis", "St. Louis", "Saint-Louis,St Louis,ST. LOUIS,Ste. Marie, Mt. Kenya"),
    ("Saint Louis", "Saint Louis", "St.,Saint,St. ,St.-,St. -x,Mount\u00a0Kenya,Port\u3000Sudan"),
    ("Sainte-Anne", "Sainte-Anne", "Saints Peter,Sté Louis,Ste\u0301 Louis,ſt. Louis,Ft.Worth"),
    ("Łódź", "Lodz", "Ærø,Straße,Œuvre,Þingvellir,ħal,ı"),
    ("Москва", "Moskva", "Мoсква,中国,سگو,123,4 5,Ville-中"),
    ("a_b", "", "_,__x__,﹍y,ⓐⓑ,Ｋｏｎａ"),
    ("123", "123", "456,7a"),
    ("Mt. 中", "Mt. Zhong", "Mt. 中国,MT. 1,Mt. 1a,Fort 2,pt. x"),
    ("Ségou", "Segou", "Segou,SÉGOU,ΣΕΓΟΥ,Σ"),
    ("ABCD", "ABCD", "ABCD,ABCDE,AbCd,ÉTÉ"),
]


def _as_sets(keys: tuple[list[str], list[str]]) -> tuple[list[str], list[str]]:
    own, alt = keys
    assert len(set(own)) == len(own) and len(set(alt)) == len(alt)
    return sorted(own), sorted(alt)


def _check(rows: list[tuple[str, str, str]]) -> None:
    expected = [_as_sets(keys_of_row(*row)) for row in rows]
    assert [_as_sets(keys) for keys in keys_of_rows(rows)] == expected


def test_a_batch_gives_each_row_its_own_keys() -> None:
    _check(ROWS)
    _check(ROWS[::-1])
    assert keys_of_rows([]) == []
    assert keys_of_rows([("St. Louis", "", "")]) == [(["stlouis", "saintlouis"], [])]


_LETTERS = "aAsStTeEiInNfFmMpPoOrRuU.,- \u00a0\t\u3000_'0129éÉłŁøßσΣЖ中\u0301ſİ"
_NAMES = st.text(alphabet=_LETTERS, max_size=12).map(str.strip)
_ALTERNATES = st.lists(st.text(alphabet=_LETTERS, max_size=10), max_size=4).map(",".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NAMES, _NAMES, _ALTERNATES), min_size=1, max_size=8))
def test_any_rows_get_the_keys_of_each_row(rows: list[tuple[str, str, str]]) -> None:
    _check([(name or "x", ascii_name, alternates) for name, ascii_name, alternates in rows])
