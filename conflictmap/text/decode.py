"""Loading articles: files, stdin, HTML, and bytes in any common encoding.

Offsets in a :class:`~conflictmap.model.Result` index into the text returned
here (for HTML, into the extracted text).

Article bytes are untrusted. :func:`read_article` never holds more than the size
limit in memory (a larger file is refused from its size alone, a larger stream
after reading one chunk past the limit), refuses binary data after the first
chunk, and turns every problem into one :class:`~conflictmap.errors.InputError`
or :class:`~conflictmap.errors.ArticleFileError` with a one-line message.

Encodings, in order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without a
mark (recognised by its zero bytes); UTF-8; the charset an HTML page declares;
Windows-1252 (a superset of Latin-1) when the text reads as a Latin-script
language, with Windows-1250 (Central European) and Windows-1254 (Turkish) when
the 1252 reading shows their tell-tale signs; then a detected encoding for other
scripts (Cyrillic, Arabic, Greek, Chinese...). Bytes none of these read with
confidence are refused with a message asking for UTF-8, so a map never shows
mojibake. UTF-8 that was wrongly decoded and re-encoded once ("SÃ©gou") is
repaired when the whole text reverses cleanly.

Line endings (``\\r\\n``, ``\\r``, U+2028, U+2029) become ``\\n``, the text is put in
NFC form, other control characters become spaces and bidirectional overrides and
isolates (which can make a label read backwards) are dropped: :func:`scrub_controls`,
which HTML extraction applies again after decoding entities. A few stray control
bytes (a NUL pasted from a PDF) do not make a text binary.

Examples
--------
>>> decode_bytes("Ségou".encode("utf-16")).text
'Ségou'
>>> decode_bytes(b"\\xef\\xbb\\xbfGao").text
'Gao'
>>> decode_bytes("Fighting in Ségou and Ménaka.".encode("cp1252")).encoding
'cp1252'
>>> decode_bytes("SÃ©gou".encode("utf-8")).text
'Ségou'
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from conflictmap.errors import (
    BinaryInputError,
    EncodingError,
)
from conflictmap.text.article import Article

__all__ = ["SNIFF_BYTES", "check_not_binary", "decode_bytes", "looks_like_page", "scrub_controls"]

#: Bytes sniffed for binary data at the start of an input.
SNIFF_BYTES = 8192
_SNIFF = SNIFF_BYTES

_HTML_HINT = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|p|div|article|br|meta|title|span|a\s)\b", re.I
)
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9._:-]{2,40})""",
    re.I,
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Line breaks other than ``\n``; control characters other than tab and newline.
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
#: Control bytes a text may hold and still be text (a NUL pasted from a PDF or a
#: terminal): read off hand-made articles with one to three stray bytes; binary
#: files hold thousands in their first 8 KB.
_STRAY_CONTROLS = 4
#: A text file that starts as a web page (a saved page renamed ``.txt``).
_PAGE_START = re.compile(
    r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|\?xml|meta\b)", re.I | re.S
)
#: Signs that a UTF-8 text was decoded as Windows-1252 or Latin-1 and re-encoded.
_MOJIBAKE = re.compile(
    r"[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]"
)

# -- decoding -------------------------------------------------------------------------


def decode_bytes(data: bytes, *, name: str = "<input>") -> Article:
    """Decode article bytes: BOMs, UTF-16, UTF-8, then a detected legacy encoding.

    Parameters
    ----------
    data : bytes
        The raw article.
    name : str
        Shown in error messages (a file name, ``<stdin>``).

    Returns
    -------
    Article
        ``text`` with line endings made ``\\n`` and in NFC form; ``is_html`` tells
        whether the bytes look like an HTML page (the text is not reduced yet).

    Raises
    ------
    BinaryInputError
        For data that is not text (NUL bytes without a UTF-16 layout, control bytes).
    EncodingError
        When no encoding decodes the bytes with confidence.

    Examples
    --------
    >>> decode_bytes("Léré".encode("utf-16-be")).encoding
    'utf-16-be'
    >>> decode_bytes(b"Gao\\r\\nKidal\\rMopti").text
    'Gao\\nKidal\\nMopti'
    """
    encoding = _bom_encoding(data) or _utf16_layout(data)
    if encoding is None:
        _refuse_binary(data, name)
        try:
            text = data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            text, encoding = _detect(data, name)
        else:
            text = _repair_double_encoding(text)
    else:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as error:
            raise EncodingError(f"{name}: not valid {encoding} ({error.reason})") from None
    text = text.removeprefix("\ufeff")
    text = _NEWLINES.sub("\n", text)
    if _binary_controls(text[:_SNIFF]):
        raise BinaryInputError(f"{name}: binary data, not text")
    text = unicodedata.normalize("NFC", scrub_controls(text))
    head = data[:4096] if encoding.startswith("utf-8") else text[:4096].encode("utf-8", "replace")
    return Article(text=text, name=name, encoding=encoding, is_html=bool(_HTML_HINT.search(head)))


def scrub_controls(text: str) -> str:
    """``text`` with control characters made spaces and bidi overrides dropped.

    Tab and newline stay. Offsets stay aligned except where an override is dropped,
    so it is applied before any offset is taken.

    Examples
    --------
    >>> scrub_controls("Gao\\x1b]0;HACKED\\x07 \\u202eabc")
    'Gao ]0;HACKED  abc'
    """
    return _BIDI.sub("", _CONTROLS.sub(" ", text))


def looks_like_page(text: str) -> bool:
    """True when ``text`` starts as a web page does (a doctype, ``<html>``, ``<head>``...).

    A plain-text article that quotes ``<p>`` or ``<a href>`` is not a page.

    Examples
    --------
    >>> looks_like_page("<!DOCTYPE html><p>Gao</p>"), looks_like_page("Use <p> and <div>.")
    (True, False)
    """
    return _PAGE_START.match(text[:4096]) is not None


def check_not_binary(head: bytes, name: str) -> None:
    """Refuse the first bytes of an input as binary data, unless they are UTF-16/32 text.

    Raises
    ------
    BinaryInputError
        When ``head`` holds bytes no text file has.
    """
    if _bom_encoding(head) is None and _utf16_layout(head) is None:
        _refuse_binary(head, name)


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _utf16_layout(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when every other byte is mostly zero (ASCII-heavy UTF-16)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _refuse_binary(data: bytes, name: str) -> None:
    head = data[:_SNIFF]
    if head.count(0) > _STRAY_CONTROLS or _binary_controls(head.decode("latin-1")):
        raise BinaryInputError(f"{name}: binary data, not text")
    # Text up front is no proof: a truncated download or a disk image is mostly NULs.
    if data.count(0) > max(_STRAY_CONTROLS, len(data) // 100):
        raise BinaryInputError(f"{name}: binary data (NUL bytes), not text")


def _binary_controls(text: str) -> bool:
    """More than a few control characters, and more than 5% of ``text``."""
    bad = sum(1 for c in text if c < "\t" or "\r" < c < " " or c == "\x7f")
    return bad > _STRAY_CONTROLS and bad > 0.05 * len(text)


def _repair_double_encoding(text: str) -> str:
    """Undo one round of UTF-8 read as Windows-1252/Latin-1, when the whole text reverses."""
    if not _MOJIBAKE.search(text):
        return text
    for legacy in ("cp1252", "latin-1"):
        try:
            return text.encode(legacy).decode("utf-8")
        except UnicodeError:
            continue
    return text


# Latin-script legacy encodings, most likely first, with what rules each reading out.
# A 1252 reading with symbols inside words ("Wroc³aw", "¿ó³w") is Central European;
# one with Icelandic letters (ð, þ) is far more often Turkish (ğ, ş).
_IN_WORD_SYMBOLS = frozenset("¹²³¼½¾¿¤¦¨¸¯˘˙˛˝")
_LATIN_CANDIDATES: tuple[tuple[str, frozenset[str]], ...] = (
    ("cp1252", frozenset("ðþÐÞ")),
    ("cp1254", frozenset()),
    ("cp1250", frozenset()),
)


def _detect(data: bytes, name: str) -> tuple[str, str]:
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the page lies about its charset; look at the bytes instead
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8"
    for encoding, ruled_out in _LATIN_CANDIDATES:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        distinct = set(text)
        if not ruled_out & distinct and _reads_as_latin(text, distinct):
            return text, encoding
    return _detect_other_script(data, name)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with stray Windows-1252 bytes (a pasted quote or paragraph), decoded as such.

    A Windows-1252 text almost never holds a valid multi-byte UTF-8 sequence by
    chance, so one such sequence means UTF-8; the stray bytes are read as 1252 if
    the result reads as a Latin-script text (else ``None``: another legacy encoding).
    """
    if data.decode("utf-8", errors="ignore").isascii():
        return None  # not one valid multi-byte sequence
    text = data.decode("utf-8", errors=_STRAY_BYTES)
    return text if _reads_as_latin(text) else None


def _stray_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


_STRAY_BYTES = "conflictmap.stray-cp1252"
codecs.register_error(_STRAY_BYTES, _stray_as_cp1252)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        encoding = codecs.lookup(label).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): these labels mean Windows-1252; and a page
    # that is not valid UTF-8 cannot be UTF-8 whatever it says.
    if encoding in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    if encoding.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    return encoding


def _reads_as_latin(text: str, distinct: set[str] | None = None) -> bool:
    """True when the non-ASCII letters are Latin, rare, and no symbol sits inside a word."""
    distinct = set(text) if distinct is None else distinct
    foreign = {c for c in distinct if c > "\x7f" and c.isalpha()}
    if any(not unicodedata.name(c, "").startswith("LATIN") for c in foreign):
        return False
    if distinct & _IN_WORD_SYMBOLS and _SYMBOL_IN_WORD.search(text):
        return False
    letters = sum(text.count(c) for c in distinct if c.isalpha())
    return sum(text.count(c) for c in foreign) <= 0.3 * max(letters, 1)


_SYMBOL_IN_WORD = re.compile(
    rf"(?<=[^\W\d_])[{re.escape(''.join(sorted(_IN_WORD_SYMBOLS)))}](?=[^\W\d_])"
)
#: Bytes given to the detector: a sample is enough to tell an encoding, and it
#: keeps detection fast on a large file (the whole file is then decoded with it).
_DETECT_SAMPLE = 256 * 1024


def _detect_other_script(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    sample = data
    if len(data) > _DETECT_SAMPLE:
        cut = data.rfind(b"\n", 0, _DETECT_SAMPLE)
        sample = data[: cut if cut > 0 else _DETECT_SAMPLE]
    best = from_bytes(sample).best()
    refusal = EncodingError(
        f"{name}: cannot tell the text encoding (not UTF-8 or a Windows code page); "
        "save it as UTF-8"
    )
    if best is None or best.encoding is None or best.chaos > 0.1:
        raise refusal
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise refusal from None
    head = text[:_DETECT_SAMPLE]
    # A Latin-script reading here is one the Windows code pages already refused.
    letters = [c for c in head if c.isalpha() and c > "\x7f"]
    latin = sum(1 for c in letters if unicodedata.name(c, "").startswith("LATIN"))
    if letters and latin > 0.5 * len(letters):
        raise refusal
    # Every written language separates its words or sentences now and then; a
    # reading without spaces or punctuation is a guess on noise.
    separators = sum(1 for c in head if c.isspace() or unicodedata.category(c)[0] == "P")
    if separators < max(1, len(head) // 40):
        raise refusal
    return text, best.encoding
