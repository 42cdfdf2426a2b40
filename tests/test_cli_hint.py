"""``extract`` says which download would place an article's unresolved villages (issue 14)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from conflictmap.cli.app import cli

#: our own sentence; the two villages are not towns of 500+ people in the bundled default
ARTICLE = (
    "Houthi fighters attacked the village of Dhanaqbeer and the village of Qawzirah "
    "near Marib in Yemen on Monday, officials in Marib said.\n"
)


def test_extract_names_the_download_for_unresolved_villages(
    base_home: Path, tmp_path: Path
) -> None:
    article = tmp_path / "ye.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--home", str(base_home), "extract", str(article)])
    assert result.exit_code == 0, result.output
    assert (
        "conflictmap: 2 names unresolved in Yemen; `conflictmap gazetteer download YE` "
        "adds its villages" in result.stderr
    )
    assert "gazetteer download" not in result.stdout


def test_no_hint_when_everything_is_placed(base_home: Path, tmp_path: Path) -> None:
    article = tmp_path / "ye.txt"
    article.write_text("Fighting went on near Marib in Yemen.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--home", str(base_home), "extract", str(article)])
    assert result.exit_code == 0 and result.stderr == "", result.stderr


def test_map_names_the_download_too(base_home: Path, tmp_path: Path) -> None:
    article = tmp_path / "ye.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "ye.html"
    result = CliRunner().invoke(
        cli, ["--home", str(base_home), "map", str(article), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "`conflictmap gazetteer download YE` adds its villages" in result.stderr
    assert result.stdout.strip() == str(out) and out.exists()
