"""Citable releases: one version everywhere, the citation, the generated codebook, integrity hashes, retired ids."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, Pkg

import crrd
from crrd.cli import main
from crrd.codebook import CODEBOOK, codebook_text


def test_one_version_everywhere() -> None:
    version = json.loads((ROOT / "datapackage.json").read_text())["version"]
    cff = (ROOT / "CITATION.cff").read_text()
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(r"^version: (\S+)$", cff, re.M).group(1) == version
    top = re.search(r"^## \[([^\]]+)\] - (\d{4}-\d{2}-\d{2})$", changelog, re.M)
    assert top.group(1) == version
    assert re.search(r"^date-released: (\S+)$", cff, re.M).group(1) == top.group(2)
    assert crrd.__version__ == version
    from importlib.metadata import version as installed

    assert installed("crrd-dataset") == version


def test_licences_stated_everywhere() -> None:
    assert "license: CC-BY-4.0" in (ROOT / "CITATION.cff").read_text()
    assert json.loads((ROOT / "datapackage.json").read_text())["licenses"][0]["name"] == "CC-BY-4.0"
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    readme = (ROOT / "README.md").read_text()
    assert "MIT" in readme and "CC BY 4.0" in readme


def test_cite(capsys: pytest.CaptureFixture[str]) -> None:
    v = crrd.__version__
    assert crrd.cite() == f"CRRD contributors (2026). CRRD: China–Russia Relations Dataset (Version {v}) [Data set]."
    assert main(["cite", "--format", "bibtex"]) == 0
    bib = capsys.readouterr().out
    assert bib.startswith(f"@misc{{crrd_{v.replace('.', '_')},\n")
    assert f"  version = {{{v}}},\n" in bib and "  year = {2026},\n" in bib
    assert bib.count("{") == bib.count("}")
    with pytest.raises(ValueError, match="unknown citation format 'apa'; use one of: text, bibtex"):
        crrd.cite("apa")


def test_codebook_is_up_to_date() -> None:
    assert (ROOT / CODEBOOK).read_text(encoding="utf-8") == codebook_text(ROOT), "run `crrd refresh`"


def test_codebook_states_inclusion_rules() -> None:
    text = (ROOT / CODEBOOK).read_text(encoding="utf-8")
    assert (
        "- Inclusion: A row is an exercise, joint patrol or command-post exercise in which units or staff of both sides"
        in text
    )
    assert "| `activity_type` | string |  | yes | one of exercise, air_patrol, naval_patrol" in text


def test_hand_edited_csv_is_caught(pkg: Pkg, capsys) -> None:
    data = pkg.bytes("events")
    lines = data.decode().splitlines(keepends=True)
    lines[1] = lines[1].replace("2", "3", 1)
    pkg.write_bytes("events", "".join(lines).encode(), refresh=False)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        "data/events.csv:1:: file does not match its hash in datapackage.json (the file changed after the hash "
        "was recorded); if the change is intended, run `crrd refresh`"
    )
    code = f"import crrd, crrd.metadata as m; m.installed_package = lambda: m.read_package(__import__('pathlib').Path({str(pkg.root)!r}))\n"
    code += "import crrd.loading as l; l.installed_package = m.installed_package\ntry:\n    crrd.load('events')\nexcept crrd.IntegrityError as e:\n    print('refused', e)"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.startswith("refused ") and "does not match its hash" in r.stdout


def test_retired_id_cannot_come_back(pkg: Pkg, capsys) -> None:
    first = pkg.get("events", 2, "id")
    second = pkg.get("events", 3, "id")
    (pkg.root / "retired_ids.csv").write_text(
        f"id,table,retired_in,replaced_by,reason\n{first},events,0.1.0,{second},merged into {second}\n"
    )
    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [
        f"data/events.csv:2:id: id '{first}' was retired (see retired_ids.csv line 2); never reuse an id, take a new one"
    ]


def test_refresh_then_valid(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("events")
    rows[1][rows[0].index("notes")] = "edited note"
    pkg.write_rows("events", rows, refresh=False)
    assert main(["validate"]) == 1
    assert main(["refresh", str(pkg.root)]) == 0
    capsys.readouterr()
    assert main(["validate"]) == 0


def test_readme_known_gaps_are_generated_from_the_schemas() -> None:
    from crrd.descriptor import with_generated_blocks

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "<!-- known-gaps:" in readme
    assert readme == with_generated_blocks(readme, ROOT), "run `crrd refresh`"
    assert (
        "- `trade_annual`, China's customs (GACC), yearly totals (1992–1995): No China-customs total found." in readme
    )


def test_cite_one_row_with_its_sources() -> None:
    text = crrd.cite(row="mtg-0001")
    v = crrd.__version__
    lines = text.splitlines()
    assert (
        lines[0]
        == f"CRRD contributors (2026). CRRD: China–Russia Relations Dataset (Version {v}) [Data set], table leader_meetings, row mtg-0001."
    )
    assert lines[1] == "Sources of the row:"
    assert lines[3] == (
        "  [2] China's new leader welcomes Russia's Putin as a friend. Reuters, 2013-03-22. "
        "https://www.reuters.com/article/us-china-russia-idUSBRE92L0KE20130322 (retrieved 2026-11-28; src-0123)"
    )
    assert "Copy of a page by Xinhua." in lines[2]


def test_cite_a_row_of_every_table_in_both_formats() -> None:
    for table in crrd.tables():
        first = crrd.load(table)["id"].iloc[0]
        assert f"table {table}, row {first}." in crrd.cite(row=first)
        bib = crrd.cite("bibtex", row=first)
        assert bib.startswith(f"@misc{{crrd_{crrd.__version__.replace('.', '_')}_{first.replace('-', '_')},")
        assert bib.count("{") == bib.count("}")


def test_a_supplied_title_is_cited_in_square_brackets() -> None:
    sources = crrd.load("sources")
    s = sources[sources["title_supplied"]].iloc[0]
    assert f"  [1] [{s['title']}]." in crrd.cite(row=s["id"])
    assert f"title = {{[{s['title']}"[:20] in crrd.cite("bibtex", row=s["id"])


def test_cite_an_unknown_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cite", "mtg-9999"]) == 2
    assert (
        capsys.readouterr().err
        == "crrd cite: no row 'mtg-9999' in any table; ids look like mtg-0001 or evt-0042 (see `crrd tables`)\n"
    )


def test_changelog_counts_are_those_of_crrd_diff(tmp_path) -> None:
    """The 0.3.0 entry's table of counts is what `crrd diff` gives between the 0.2.0 release commit and now."""
    import tarfile

    from crrd.diff import diff_packages, render

    def git(*args: str) -> str:
        r = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""

    ref = git("log", "--format=%H", "--grep=^Release 0.2.0", "-n", "1")
    if not ref:
        pytest.skip("no git history with release 0.2.0 (an sdist, or a shallow clone)")
    archive = tmp_path / "old.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "-o", str(archive), ref], check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "old", filter="data")
    lines = render(diff_packages(tmp_path / "old", ROOT)).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| table |"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    table = lines[start:end]  # the summary table: one line per table of the package
    assert len(table) == 2 + len(crrd.tables())
    entry = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").split("## [0.2.0]")[0]
    for line in table:
        assert line in entry, line
