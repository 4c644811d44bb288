"""Builds the static site: home, a page per table, row, source and claim, a timeline, search and downloads.

Everything shown is derived from the installed package (the schemas for the codebook and coverage, the
tables for the rows), so the site never says more or less than the data. Links between pages are
relative, so the folder works from any static host, under any path, or opened from disk.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crrd.coverage import series_of
from crrd.extras import install_hint, need
from crrd.loading import constraint_text
from crrd.metadata import Field, Package, Table, installed_package
from crrd.site.rows import Link, Row, collect, date_text, link_to, records
from crrd.summary import rows_and_years

# A folder holding this file was written by `crrd site`: it may be emptied and rebuilt.
MARKER = ".crrd-site"
# Long text is on each row's own page; in a table of all rows it would bury the other columns.
ROW_PAGE_ONLY = ("notes", "description", "explanation")


class NotASite(ValueError):
    """The output folder holds files that `crrd site` did not write: it is left untouched."""


@dataclass(frozen=True)
class Built:
    outdir: Path
    pages: int
    files: int
    bytes: int
    seconds: float


# -- pages ---------------------------------------------------------------------------------------------


def _environment() -> Any:
    jinja2 = need("jinja2", "site", "building the website")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("crrd.site", "templates"),
        autoescape=True,  # every cell is data from a contribution: escape all of it
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["size"] = _size
    env.filters["ticks"] = _ticks
    return env


def _ticks(text: str) -> Any:
    """The schemas' `code` spans as <code>: the text is escaped first, so only these tags are made."""
    from markupsafe import Markup, escape

    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))


def _size(n: int) -> str:
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


@dataclass(frozen=True)
class CodebookField:
    field: Field
    allowed: str
    constraints: str


def codebook(table: Table) -> list[CodebookField]:
    """The schema's fields with their allowed values apart from the other constraints (the loader's text)."""
    out = []
    for f in table.fields:
        allowed = ", ".join(f.enum or f.item_enum or ())
        out.append(CodebookField(f, allowed, constraint_text(replace(f, enum=None, item_enum=None))))
    return out


def _timeline(rows: dict[str, list[Row]]) -> list[dict[str, Any]]:
    """Rows of the timeline page: every dated row of every table (crrd.timeline()), dates at their precision."""
    import crrd

    index = {r.id: r for rs in rows.values() for r in rs}
    items = []
    for r in records(crrd.timeline()):
        start = date_text(r["start_date"].date(), r.get("date_precision") or "day")
        end = date_text(r["end_date"].date(), r.get("date_precision") or "day") if r.get("end_date") else None
        items.append(
            {"row": index.get(r["id"]), "id": r["id"], "table": r["table"], "start": start,
             "sort": r["start_date"].date().isoformat(), "end": end if end != start else None,
             "category": r.get("category") or "", "title": r.get("title") or r["id"]}
        )  # fmt: skip
    return items


@dataclass(frozen=True)
class Download:
    group: str
    href: str
    bytes: int
    sha256: str


def _downloads(pkg: Package, out: Path) -> list[Download]:
    """The CSV files with their Frictionless metadata (a valid package in place), Parquet and SQLite."""
    import crrd

    base = out / "downloads"
    written: list[tuple[str, Path]] = []
    retired = ["retired_ids.csv"] if (pkg.root / "retired_ids.csv").is_file() else []  # ids never to be reused
    for rel in [
        "datapackage.json",
        *retired,
        *(t.schema_path for t in pkg.tables.values()),
        *(t.path for t in pkg.tables.values()),
    ]:
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pkg.root / rel, target)
        written.append(("CSV and Frictionless metadata", target))
    written += [("Parquet", p) for p in crrd.export("parquet", base / "parquet")]
    written += [("SQLite", p) for p in crrd.export("sqlite", base)]
    return [
        Download(group, p.relative_to(out).as_posix(), p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for group, p in written
    ]


def _prepare(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise NotASite(f"{out} is not empty and was not written by `crrd site`; give a new or empty folder")
        shutil.rmtree(out)  # a previous build: start afresh, so that no page of a removed row lingers
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by `crrd site`; the folder is rebuilt from scratch each time\n")


def build_site(outdir: str | Path, *, search: bool = True, downloads: bool = True) -> Built:
    """Write the website of the installed package to ``outdir``; ``search`` runs Pagefind over it."""
    import crrd

    started = time.perf_counter()
    env = _environment()
    if search:  # before anything is written: a missing extra names itself
        pagefind = need("pagefind.service", "site", "the website's search")
        if pagefind.get_executable() is None:  # the Python package without its `bin` extra
            raise ImportError(f"the website's search needs Pagefind's binary: {install_hint('site')}")
    out = Path(outdir)
    _prepare(out)
    pkg = installed_package()
    rows = collect(pkg, {name: crrd.load(name) for name in pkg.tables})
    common = {"version": pkg.version, "title": pkg.descriptor.get("title", "CRRD"), "search": search}
    pages = 0

    def write(rel: str, template: str, **context: Any) -> None:
        nonlocal pages
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        root = "../" * rel.count("/")  # every link is relative, so the folder can live under any path
        path.write_text(env.get_template(template).render(root=root, **common, **context), encoding="utf-8")
        pages += 1

    shutil.copytree(Path(__file__).parent / "static", out / "assets")
    for name, table in pkg.tables.items():
        write(f"{name}/index.html", "table.html", **_table_page(table, rows[name]))
        searchable = _searchable(table)
        for row in rows[name]:
            cites = {"cite_text": crrd.cite("text", row=row.id), "cite_bibtex": crrd.cite("bibtex", row=row.id)}
            write(row.href, "row.html", table=table, row=row, searchable=searchable, **cites)
    for retired, replaced in _retired(pkg, rows):  # an old address still answers, and says where the row went
        write(f"{retired['table']}/{retired['id']}.html", "retired.html", retired=retired, replaced=replaced)
    write("timeline.html", "timeline.html", items=_timeline(rows))
    write("search.html", "search.html")
    figures = _figures(pkg, out)
    files = _downloads(pkg, out) if downloads else []
    summary = [(t, len(rows[n]), _years(pkg, t), series_of(t)) for n, t in pkg.tables.items()]
    write(
        "index.html",
        "home.html",
        description=pkg.descriptor.get("description", ""),
        summary=summary,
        figures=figures,
        downloads=files,
        cite_text=crrd.cite("text"),
        cite_bibtex=crrd.cite("bibtex"),
    )
    if search:
        _pagefind(out)
    written = [p for p in out.rglob("*") if p.is_file()]
    return Built(out, pages, len(written), sum(p.stat().st_size for p in written), time.perf_counter() - started)


def _table_page(table: Table, rows: list[Row]) -> dict[str, Any]:
    return {
        "table": table,
        "rows": rows,
        "shown": [f for f in table.fields if f.name not in ROW_PAGE_ONLY and f.name != table.primary_key],
        "page_only": [n for n in ROW_PAGE_ONLY if n in table.field_names],
        "codebook": codebook(table),
        "series": series_of(table),
    }


def _searchable(table: Table) -> set[str]:
    """The fields search indexes: free text. Codes, dates, numbers and ids would only crowd its excerpts,
    and the fields that name the row (its schema's crrd.rowTitle) are the page's heading already."""
    out = {f.name for f in table.fields if f.type == "string" and not (f.enum or f.is_list or f.pattern)}
    return out - set(re.findall(r"{(\w+)}", table.extra.get("rowTitle", "")))


def _retired(pkg: Package, rows: dict[str, list[Row]]) -> list[tuple[dict[str, str], list[Link]]]:
    """The rows of retired_ids.csv whose table is still in the package, with links to what replaced them."""
    import csv

    path = pkg.root / "retired_ids.csv"
    if not path.is_file():
        return []
    index = {r.id: r for rs in rows.values() for r in rs}
    with path.open(encoding="utf-8", newline="") as fh:
        retired = [r for r in csv.DictReader(fh) if r["table"] in pkg.tables and r["id"] not in index]
    return [(r, [link_to(i, index) for i in r["replaced_by"].split(";") if i]) for r in retired]


def _years(pkg: Package, table: Table) -> str:
    span = rows_and_years(pkg.root, table)[1]  # the years `crrd info` and the codebook give
    return f"{span[0]}–{span[1]}" if span else "–"


def _figures(pkg: Package, out: Path) -> list[tuple[str, str]]:
    """The README's figures, when the package root has them (a checkout does; a wheel does not)."""
    from crrd.plotting import FIGURES  # the README's order

    order = {name: i for i, name in enumerate(FIGURES)}
    found = sorted((pkg.root / "docs" / "figures").glob("*.png"), key=lambda p: (order.get(p.stem, len(order)), p.name))
    if found:
        (out / "figures").mkdir()
    for png in found:
        shutil.copyfile(png, out / "figures" / png.name)
    return [(f"figures/{p.name}", p.stem.replace("_", " ").capitalize()) for p in found]


def _pagefind(out: Path) -> None:
    """Pagefind's static index over the pages that mark a data-pagefind-body (the row pages)."""
    done = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out)], capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"pagefind failed to index {out}: {(done.stderr or done.stdout).strip()}")


__all__ = ["Built", "NotASite", "build_site", "codebook"]
