"""`crrd site`: the static website, built once per session from the shipped package (fixture `site`)."""

from __future__ import annotations

import csv
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

pytest.importorskip("jinja2")

from crrd.site import NotASite, build_site
from crrd.site.rows import date_text, http_url


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """The page as a reader sees it: tags dropped, entities resolved, white space collapsed."""

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    p = Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split())


def test_a_page_per_table_row_source_and_claim(site: Path) -> None:
    import crrd

    retired = list(csv.DictReader((ROOT / "retired_ids.csv").open(encoding="utf-8")))
    for name in crrd.tables():
        ids = list(crrd.load(name)["id"]) + [r["id"] for r in retired if r["table"] == name]  # old addresses too
        assert (site / name / "index.html").is_file()
        assert sorted(p.stem for p in (site / name).glob("*.html") if p.stem != "index") == sorted(ids)
    for rel in ("index.html", "timeline.html", "search.html", "pagefind/pagefind-ui.js", "assets/style.css"):
        assert (site / rel).is_file(), rel


def test_row_page_shows_fields_sources_and_citation(site: Path) -> None:
    html = page(site, "events/evt-0002.html")
    assert '<html lang="en">' in html
    assert "<h1>Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance signed</h1>" in html
    assert '<time datetime="1950-02-14">14 February 1950</time>' in html
    # its one source, with title, publisher, the URL as read as a link, and a link to the source's page
    assert '<a href="../sources/src-0779.html">Treaty of Friendship, Alliance, and Mutual Assistance</a>' in html
    assert "Encyclopaedia Britannica" in html
    assert '<a href="http://www.britannica.com/print/topic/220296" rel="noopener noreferrer">' in html
    from markupsafe import escape

    import crrd

    assert f'<pre class="citation" id="cite-text">{escape(crrd.cite("text", row="evt-0002"))}</pre>' in html
    assert f'<pre class="citation" id="cite-bibtex">{escape(crrd.cite("bibtex", row="evt-0002"))}</pre>' in html
    assert "[Data set], table events, row evt-0002.\nSources of the row:" in html
    assert f"version {crrd.__version__}" in text_of(html)


def test_dates_at_their_precision(site: Path) -> None:
    html = page(site, "events/evt-0004.html")  # month precision, March to September 1969
    assert '<time datetime="1969-03">March 1969</time>' in html
    assert '<time datetime="1969-09">September 1969</time>' in html
    assert "1 March 1969" not in html and "1969-03-01" not in html
    html = page(site, "events/evt-0003.html")  # year precision
    assert '<time datetime="1960">1960</time>' in html
    assert "January 1960" not in html
    assert date_text(__import__("datetime").date(2024, 7, 1), "month") == ("July 2024", "2024-07")


def test_copies_are_marked_and_sources_list_the_rows_citing_them(site: Path) -> None:
    text = text_of(page(site, "unsc_vetoes/vet-0001.html"))
    assert (
        "Draft Resolution Vetoed by Russia Global Policy Forum, 11 May 1993 · copy of a page by United Nations" in text
    )
    src = page(site, "sources/src-0002.html")
    assert "A copy of a page by United Nations" in text_of(src)
    assert '<a href="../unsc_vetoes/vet-0001.html">vet-0001</a>' in src


def test_links_both_ways(site: Path) -> None:
    evt = page(site, "events/evt-0042.html")
    assert (
        '<a href="../leader_meetings/mtg-0022.html">mtg-0022</a>: Vladimir Putin and Xi Jinping: Xi&#39;s official'
        in evt
    )
    mtg = page(site, "leader_meetings/mtg-0022.html")
    assert "Rows that link to it" in mtg
    assert '<a href="../events/evt-0042.html">evt-0042</a>' in mtg


def test_claim_page(site: Path) -> None:
    html = page(site, "claims/clm-0001.html")
    text = text_of(html)
    assert "Verdict: inaccurate" in text
    assert "Correct value: 1969 (clashes from March 1969 near Zhenbao/Damansky Island)" in text
    assert "Retrieved sources date the armed Sino-Soviet border conflict to 1969" in text
    assert '<a href="../events/evt-0004.html">evt-0004</a>: Sino-Soviet border conflict of 1969' in html
    assert '<a href="../events/evt-0003.html">evt-0003</a>' in html


def test_table_page_codebook_and_rows(site: Path) -> None:
    from crrd.coverage import series_of
    from crrd.metadata import installed_package

    table = installed_package().tables["military_activities"]
    html = page(site, "military_activities/index.html")
    text = text_of(html)
    for f in table.fields:
        assert (
            f'<tr id="field-{f.name}"><th scope="row"><code>{f.name}</code></th><td class="kind">{f.type}</td>' in html
        )
    assert "exercise, air_patrol" in text  # allowed values from the schema
    from crrd.site.build import _ticks

    assert f"<dd>{_ticks(table.extra['inclusion'])}</dd>" in html
    assert "are typed <code>competition</code>.</dd>" in html  # the schema's `code` spans
    (s,) = series_of(table)
    assert s.gaps[0].note in text
    assert html.count('<tr><th scope="row" data-sort="mil-') == 69
    assert '<script src="../assets/table.js"></script>' in html
    energy = page(site, "energy_trade/index.html")
    assert '<th scope="col">value_usd_bn <span class="unit">(USD billion)</span></th>' in energy


def test_home_coverage_figures_citation_downloads(site: Path) -> None:
    import crrd

    html = page(site, "index.html")
    text = text_of(html)
    assert f"Version {crrd.__version__}" in text
    assert crrd.cite("text") in text
    assert "Joint military activities of every type: 2003–2025; 2 known gaps" in text
    figures = sorted(p.name for p in (Path(__file__).parent.parent / "docs" / "figures").glob("*.png"))
    assert sorted(p.name for p in (site / "figures").glob("*.png")) == figures
    rows = re.findall(
        r'<a href="(downloads/[^"]+)" download>.*?data-bytes="(\d+)".*?<code class="hash">(\w+)</code>', html
    )
    files = {href: (int(size), sha) for href, size, sha in rows}
    for href in ("downloads/data/events.csv", "downloads/parquet/events.parquet", "downloads/crrd.sqlite"):
        data = (site / href).read_bytes()
        assert files[href] == (len(data), hashlib.sha256(data).hexdigest())
    assert len(files) == 2 + 12 + 12 + 12 + 1  # datapackage.json and retired_ids.csv, schemas, CSV, Parquet, SQLite


def test_no_request_leaves_the_site(site: Path) -> None:
    """No page, style or script names another host: every src and href is relative or an http(s) source link."""
    for path in [site / "index.html", site / "search.html", *site.glob("*/index.html"), *site.glob("assets/*")]:
        html = path.read_text(encoding="utf-8")
        for ref in re.findall(r'(?:src|srcset)="([^"]*)"', html) + re.findall(r'<link[^>]+href="([^"]*)"', html):
            assert "//" not in ref, (path, ref)
        assert "@import" not in html and "url(http" not in html


def test_version_on_every_page(site: Path) -> None:
    import crrd

    for rel in ("index.html", "timeline.html", "search.html", "events/index.html", "sources/src-0001.html"):
        assert f"version {crrd.__version__}" in page(site, rel)


def test_timeline(site: Path) -> None:
    text = text_of(page(site, "timeline.html"))
    assert "March 1969 September 1969 events border Sino-Soviet border conflict of 1969" in text


def test_only_http_urls_become_links() -> None:
    assert http_url("https://example.org/a") == "https://example.org/a"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html,x",
        "//x.org",
        "http:/x",
    ):
        assert http_url(bad) is None, bad


def test_hostile_cells_render_as_inert_text(pkg, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A contribution's cells are escaped everywhere: no tag, attribute or javascript: link gets through."""
    import crrd.metadata as metadata

    pkg.set("events", 3, "title", "<script>alert(1)</script>")
    pkg.set("events", 3, "description", '<img src=x onerror="alert(1)">')
    line = next(i for i, r in enumerate(pkg.rows("sources"), start=1) if r[0] == "src-0779")
    pkg.set("sources", line, "url", "javascript:alert(1)")
    pkg.set("sources", line, "title", '"><svg onload=alert(1)>')
    monkeypatch.setattr(metadata, "data_root", lambda: pkg.root)
    metadata.installed_package.cache_clear()
    try:
        build_site(tmp_path / "site", search=False, downloads=False)
    finally:
        monkeypatch.undo()
        metadata.installed_package.cache_clear()
    html = (tmp_path / "site" / "events" / "evt-0002.html").read_text(encoding="utf-8")
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert "&#34;&gt;&lt;svg onload=alert(1)&gt;" in html
    assert "javascript:alert(1) (not an http(s) address: not linked)" in html
    for site_page in (tmp_path / "site").rglob("*.html"):
        body = site_page.read_text(encoding="utf-8")
        assert "<script>alert" not in body and "<img src=x" not in body and "<svg" not in body
        assert 'href="javascript:' not in body.lower()
    assert "<script>" not in (tmp_path / "site" / "events" / "index.html").read_text(encoding="utf-8")


def test_code_spans_of_the_schemas_make_no_other_tag() -> None:
    from crrd.site.build import _ticks

    assert str(_ticks("a `<b>` and `x`")) == "a <code>&lt;b&gt;</code> and <code>x</code>"


def test_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(NotASite) as e:
        build_site(tmp_path, search=False, downloads=False)
    assert str(e.value) == f"{tmp_path} is not empty and was not written by `crrd site`; give a new or empty folder"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_cli_site(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from crrd.cli import main

    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    assert main(["site", str(tmp_path / "x")]) == 2
    assert capsys.readouterr().err == (
        f"crrd site: {tmp_path / 'x'} is not empty and was not written by `crrd site`; give a new or empty folder; "
        "nothing was written\n"
    )


def test_cli_site_without_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import sys

    from crrd.cli import main

    monkeypatch.setitem(sys.modules, "jinja2", None)  # as if the extra were not installed
    assert main(["site", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (
        "crrd site: building the website needs jinja2: pip install 'crrd-dataset[site]' "
        "(from a clone: pip install '.[site]')\n"
    )
    assert not (tmp_path / "out").exists()


def test_search_without_pagefinds_binary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    with pytest.raises(ImportError) as e:
        build_site(tmp_path / "out")
    assert str(e.value) == (
        "the website's search needs Pagefind's binary: pip install 'crrd-dataset[site]' (from a clone: pip install '.[site]')"
    )
    assert not (tmp_path / "out").exists()


def test_downloaded_csv_files_are_a_valid_package(site: Path) -> None:
    """datapackage.json, the schemas and the CSV files of the downloads validate as they are laid out."""
    from crrd.validation import validate_package

    assert validate_package(site / "downloads", None) == []


def test_a_title_the_dataset_supplied_is_in_square_brackets(site: Path) -> None:
    html = page(site, "energy_projects/prj-0001.html")
    assert (
        '<a href="../sources/src-0014.html">[Construction of second phase of Tianwan nuclear power station begins]</a>'
        in html
    )


def test_a_retired_row_keeps_its_address(site: Path) -> None:
    """retired_ids.csv: evt-0006 became agr-0001 in 0.3.0; its old page says so and links to it."""
    text = text_of(page(site, "events/evt-0006.html"))
    assert "evt-0006 is retired" in text
    assert "removed from the table events in version 0.3.0" in text
    assert (
        '<strong>Replaced by:</strong> <a href="../agreements/agr-0001.html">agr-0001</a>: '
        "Agreement on the eastern section of the Sino-Soviet state border</p>"
    ) in page(site, "events/evt-0006.html")
