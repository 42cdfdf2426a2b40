"""Defects found by attack (issue 20), each reproduced as its report gives it.

Numbers in the test names are the defect numbers of issue 20: 1 outputs replacing
special files, 2 CSV formula injection, 4 quadratic HTML extraction, 9 one bad
``--jsonl`` line aborting a map, 11 terminal and display spoofing, 13 non-JSON ids,
16 text handling.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conflictmap.cli.output import RowFormat, emit_rows
from conflictmap.errors import OutputError
from conflictmap.files import atomic_write, atomic_write_all
from conflictmap.model import Mention, Place, Result
from conflictmap.output.csv import spreadsheet_safe, to_csv
from conflictmap.text.html import MAX_DEPTH, bound_markup, html_to_text
from conflictmap.text.load import read_article

ARTICLE = "Fighters attacked Gao on Monday, and the army moved north towards Kidal.\n"


def run(args: list[str], home: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONFLICTMAP_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "conflictmap", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def one_error_line(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 1, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "gao.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


# -- 1: outputs replace special files ------------------------------------------------


def test_1_a_symlink_output_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.html"
    real.write_text("old")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    atomic_write(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new"


def test_1_a_dangling_symlink_output_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.html"
    link.symlink_to(tmp_path / "later.html")
    atomic_write(link, "made")
    assert link.is_symlink() and (tmp_path / "later.html").read_text() == "made"


def test_1_a_fifo_output_is_written_through(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # The reading end is open before the write (no race with a reader thread).
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        atomic_write(fifo, "through the pipe")
        assert os.read(reader, 1024) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_1_a_fifo_nobody_reads_is_one_clear_error(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="no process is reading"):
        atomic_write(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_1_a_character_device_output_is_written_through(tmp_path: Path) -> None:
    node = tmp_path / "mynull"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError) as error:
        pytest.skip(f"cannot make a device node here ({error.strerror}); needs root")
    atomic_write(node, "discarded")
    assert stat.S_ISCHR(node.stat().st_mode)
    assert os.major(node.stat().st_rdev) == 1


def test_1_a_socket_output_is_refused(tmp_path: Path) -> None:
    import socket

    path = tmp_path / "s"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(OutputError, match="is a socket"):
            atomic_write(path, "x")
    finally:
        server.close()


def test_1_two_outputs_on_one_file_are_refused_before_any_write(tmp_path: Path) -> None:
    (tmp_path / "same.html").write_text("old")
    (tmp_path / "alias.html").symlink_to(tmp_path / "same.html")
    for second in ("same.html", "./same.html", "alias.html"):
        with pytest.raises(OutputError, match="the same file"):
            atomic_write_all([(tmp_path / "same.html", "a"), (tmp_path / second, "b")])
    assert (tmp_path / "same.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias.html", "same.html"]


def test_1_cli_refuses_two_outputs_on_one_path(
    article: Path, tmp_path: Path, base_home: Path
) -> None:
    proc = run(["map", str(article), "-o", "same.html", "--csv", "same.html"], base_home, tmp_path)
    assert "the same file" in one_error_line(proc)
    assert not (tmp_path / "same.html").exists()


def test_1_cli_map_through_a_symlink_keeps_the_link(
    article: Path, tmp_path: Path, base_home: Path
) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "latest.html").symlink_to(tmp_path / "maps" / "gao.html")
    proc = run(["map", str(article), "-o", "latest.html"], base_home, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "latest.html").is_symlink()
    assert "Gao" in (tmp_path / "maps" / "gao.html").read_text()


# -- 2: CSV formula injection --------------------------------------------------------


def _gao(name: str = "Gao") -> Place:
    return Place(
        id="geonames:2457163", name=name, lat=16.27167, lon=-0.04472, country="ML", kind="city"
    )


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize(
    "payload",
    ["\r=1+1", "x\r=1+1", "=HYPERLINK(\"http://e.x\")", "\u200b=1+1", " \u00a0=1", "\ufeff@SUM(1)",
     "\uff1d1+1", "\t=1", "+1+2", "-1+2", "@cmd"],
)  # fmt: skip
def test_2_no_cell_or_row_starts_a_formula(payload: str) -> None:
    place = _gao(name=payload)
    mention = Mention(start=0, end=3, text="Gao", place=place.id, confidence=0.9)
    result = Result(id=payload, places=(place,), text="Gao fell.", mentions=(mention,))
    written = to_csv(result)
    rows = list(csv.reader(io.StringIO(written)))
    assert len(rows) == 2, rows  # a header and one row: the CR made no new row
    for cell in _cells(written):
        try:
            float(cell)
            continue  # a number, such as a negative longitude
        except ValueError:
            pass
        visible = cell.lstrip(" \u00a0\u200b\ufeff")
        assert visible[:1] not in ("=", "+", "-", "@", "\t", "\r", "\uff1d"), cell


def test_2_numbers_and_negative_coordinates_are_kept() -> None:
    place = Place(id="geonames:1", name="Lima", lat=-12.04318, lon=-77.02824, country="PE")
    mention = Mention(start=0, end=4, text="Lima", place=place.id, confidence=0.5)
    row = list(csv.reader(io.StringIO(to_csv(Result(id="a", places=(place,), text="Lima.",
                                                     mentions=(mention,))))))[1]  # fmt: skip
    assert row[1:3] == ["-12.04318", "-77.02824"]
    assert spreadsheet_safe("-3.5") == "-3.5" and spreadsheet_safe(-3.5) == -3.5


def test_2_row_commands_protect_their_csv(capsys: pytest.CaptureFixture[str]) -> None:
    emit_rows([{"id": "=HYPERLINK(1)", "name": "a\r=2+2", "n": -4}], RowFormat.CSV)
    out = capsys.readouterr().out
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[1] == ["'=HYPERLINK(1)", "a\n=2+2", "-4"]


# -- 4: quadratic HTML extraction ----------------------------------------------------


def test_4_nesting_is_capped_before_parsing_and_no_text_is_lost() -> None:
    deep = "<div>" * 20_000 + "Gao fell" + "</div>" * 20_000
    bounded = bound_markup(deep)
    assert bounded.count("<div>") == MAX_DEPTH
    assert html_to_text(deep) == "Gao fell"


def test_4_unclosed_elements_and_huge_attribute_lists_are_bounded() -> None:
    spans = "<span>Gao " * 5_000
    assert bound_markup(spans).count("<span>") == MAX_DEPTH
    assert html_to_text(spans).split() == ["Gao"] * 5_000
    attributes = "<p " + " ".join(f"a{i}=1" for i in range(50_000)) + " hidden>Kidal</p><p>Gao</p>"
    assert len(bound_markup(attributes)) < 100
    assert html_to_text(attributes) == "Gao"  # the hidden paragraph stays hidden


def test_4_the_parser_is_given_the_bounded_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    # html_to_text itself must bound the page: the unit tests above pass without it
    import selectolax.lexbor as html_module

    given: list[str] = []
    parser = html_module.LexborHTMLParser

    def recording(markup: str) -> object:
        given.append(markup)
        return parser(markup)

    monkeypatch.setattr(html_module, "LexborHTMLParser", recording)
    assert html_to_text("<div>" * 20_000 + "Gao fell" + "</div>" * 20_000) == "Gao fell"
    assert [markup.count("<div>") for markup in given] == [MAX_DEPTH]


def test_4_paragraphs_without_end_tags_keep_their_breaks() -> None:
    page = "<p>Gao fell." * 2_000
    assert html_to_text(page).count("\n\n") == 1_999


# -- 9 and 13: JSON Lines ------------------------------------------------------------


def test_9_map_jsonl_skips_a_lone_surrogate_line_like_extract(
    tmp_path: Path, base_home: Path
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "a", "text": ARTICLE})
        + "\n"
        + '{"id": "b", "text": "Gao \\ud800 fell"}\n'
        + "{not json\n"
        + '{"id": "c\\ud800", "text": "Kidal fell."}\n',
        encoding="utf-8",
    )
    proc = run(["map", "--jsonl", str(feed), "-o", "m.html"], base_home, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "line 2" in proc.stderr and "line 3" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "m.html").exists()
    proc = run(["extract", "--jsonl", str(feed)], base_home, tmp_path)
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["id"] for line in lines if "error" not in line] == ["a", "c\ud800"]
    assert [line["line"] for line in lines if "error" in line] == [2, 3]


def test_13_ids_json_cannot_hold_stay_strings(tmp_path: Path, base_home: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        '{"id": 1e999, "text": "Gao fell."}\n{"id": NaN, "text": "Kidal fell."}\n'
        '{"id": -Infinity, "text": "Mopti held."}\n',
        encoding="utf-8",
    )
    proc = run(["extract", "--jsonl", str(feed)], base_home, tmp_path)
    assert proc.returncode == 0, proc.stderr

    def refuse(token: str) -> None:
        raise AssertionError(f"not JSON: {token}")

    ids = [json.loads(line, parse_constant=refuse)["id"] for line in proc.stdout.splitlines()]
    assert ids == ["1e999", "NaN", "-Infinity"]


# -- 11: terminal and display spoofing -----------------------------------------------


def test_11_controls_decoded_from_entities_are_scrubbed(tmp_path: Path) -> None:
    page = tmp_path / "a.html"
    page.write_text("<p>Gao &#x1b;]0;HACKED&#x07; fell &#x202e;lanigiro&#x202c;.</p>")
    text = read_article(page).text
    assert not any(c in text for c in "\x1b\x07\u202e\u202c"), repr(text)
    assert "Gao" in text and "HACKED" in text


def test_11_bidi_overrides_in_plain_text_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Fighting in \u202eoaG\u202c and \u2066Kidal\u2069.\n")
    assert read_article(path).text == "Fighting in oaG and Kidal.\n"


def test_11_table_output_never_prints_escape_sequences(capsys: pytest.CaptureFixture[str]) -> None:
    emit_rows([{"id": 1, "name": "Gao\x1b]0;HACKED\x07\u202e"}], RowFormat.TABLE)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "HACKED" in out


# -- 16: text handling ---------------------------------------------------------------


def test_16_a_stray_nul_does_not_refuse_an_article(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Fighters attacked Gao\x00 on Monday.\n")
    assert read_article(path).text == "Fighters attacked Gao  on Monday.\n"


def test_16_binary_data_is_still_refused(tmp_path: Path) -> None:
    from conflictmap.errors import BinaryInputError

    path = tmp_path / "a.txt"
    path.write_bytes(b"GIF89a" + bytes(range(256)) * 20)
    with pytest.raises(BinaryInputError):
        read_article(path)


@pytest.mark.parametrize("quote", ["<p", "<a href='x'>", "<div>", "<span>"])
def test_16_a_text_file_quoting_a_tag_is_not_read_as_html(tmp_path: Path, quote: str) -> None:
    path = tmp_path / "a.txt"
    body = f"Editors wrap paragraphs in {quote} tags.\n\nGao fell on Monday.\n"
    path.write_text(body)
    assert read_article(path).text == body


def test_16_a_saved_page_named_txt_is_still_read_as_html(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("<!DOCTYPE html><html><body><p>Gao &amp; Kidal</p></body></html>")
    assert read_article(path).text == "Gao & Kidal"


def test_16_an_empty_path_is_one_clear_line(tmp_path: Path, base_home: Path) -> None:
    line = one_error_line(run(["map", ""], base_home, tmp_path))
    assert "empty path" in line and "directory" not in line
    line = one_error_line(run(["extract", ""], base_home, tmp_path))
    assert "empty path" in line
