"""How to cite the installed version of the dataset, or one of its rows with the sources that row rests on."""

from __future__ import annotations

import csv
from functools import cache
from typing import Any

from crrd.metadata import Package, installed_package

FORMATS = ("text", "bibtex")
AUTHOR = "CRRD contributors"


class UnknownRowError(KeyError):
    """Raised for a row id that is in no table of the dataset."""

    def __str__(self) -> str:
        return str(self.args[0])


def cite(format: str = "text", row: str | None = None) -> str:
    """The citation of the installed version (``text``, APA-like, or ``bibtex``); with ``row``, of one row:
    the dataset version, the table and row, and each source the row cites (title as published, or in square
    brackets where the dataset supplied it; publisher; date; the URL as read; the original publisher of a copy)."""
    if format not in FORMATS:
        raise ValueError(f"unknown citation format {format!r}; use one of: {', '.join(FORMATS)}")
    pkg = installed_package()
    if row is None:
        return _dataset_text(pkg) if format == "text" else _dataset_bibtex(pkg)
    table, record = find_row(row)
    sources = row_sources(table, record)
    if format == "text":
        lines = [f"{_dataset_text(pkg)[:-1]}, table {table}, row {row}."]
        if sources:
            lines.append("Sources of the row:")
            lines += [f"  [{k}] {_source_text(s)}" for k, s in enumerate(sources, start=1)]
        return "\n".join(lines)
    entries = [_dataset_bibtex(pkg, row=(table, row))]
    entries += [_source_bibtex(s) for s in sources]
    return "\n\n".join(entries)


def _dataset_text(pkg: Package) -> str:
    d = pkg.descriptor
    year = str(d.get("created", ""))[:4]
    return f"{AUTHOR} ({year}). {d.get('title', 'CRRD')} (Version {pkg.version}) [Data set]."


def _bib(value: str) -> str:
    """A BibTeX field value with its specials escaped."""
    for a, b in (
        ("\\", "\\textbackslash{}"),
        ("{", "\\{"),
        ("}", "\\}"),
        ("&", "\\&"),
        ("%", "\\%"),
        ("#", "\\#"),
        ("_", "\\_"),
        ("$", "\\$"),
    ):
        value = value.replace(a, b)
    return value


def _dataset_bibtex(pkg: Package, row: tuple[str, str] | None = None) -> str:
    d = pkg.descriptor
    version, year = pkg.version, str(d.get("created", ""))[:4]
    key = f"crrd_{version.replace('.', '_')}" + (f"_{row[1].replace('-', '_')}" if row else "")
    note = f"Data set, version {version}" + (f", table {row[0]}, row {row[1]}" if row else "")
    return (
        f"@misc{{{key},\n"
        f"  author = {{{{{AUTHOR}}}}},\n"
        f"  title = {{{{{d.get('title', 'CRRD')}}}}},\n"
        f"  year = {{{year}}},\n"
        f"  version = {{{version}}},\n"
        f"  note = {{{_bib(note)}}}\n"
        "}"
    )


def _title(s: dict[str, str]) -> str:
    return f"[{s['title']}]" if s.get("title_supplied") == "true" else s["title"]


def _source_text(s: dict[str, str]) -> str:
    parts = [_title(s) + ".", f"{s['publisher']}" + (f", {s['published_date']}" if s["published_date"] else "") + "."]
    if s["original_publisher"]:
        parts.append(f"Copy of a page by {s['original_publisher']}.")
    parts.append(f"{s['url']} (retrieved {s['retrieved_date']}; {s['id']})")
    return " ".join(parts)


def _source_bibtex(s: dict[str, str]) -> str:
    title = _bib(s["title"])
    title = f"[{title}]" if s.get("title_supplied") == "true" else f"{{{title}}}"
    note = f"CRRD source {s['id']}" + (
        f"; copy of a page by {s['original_publisher']}" if s["original_publisher"] else ""
    )
    fields = [f"  title = {{{title}}}", f"  organization = {{{_bib(s['publisher'])}}}"]
    if s["published_date"]:
        fields += [f"  year = {{{s['published_date'][:4]}}}", f"  date = {{{s['published_date']}}}"]
    fields += [f"  url = {{{s['url']}}}", f"  urldate = {{{s['retrieved_date']}}}", f"  note = {{{_bib(note)}}}"]
    return f"@misc{{{s['id'].replace('-', '_')},\n" + ",\n".join(fields) + "\n}"


@cache
def rows_by_id(table: str) -> dict[str, dict[str, str]]:
    """A table's rows as text, by id (read once: rows are cited and looked up many times)."""
    pkg = installed_package()
    with (pkg.root / pkg.tables[table].path).open(encoding="utf-8", newline="") as fh:
        return {r["id"]: r for r in csv.DictReader(fh)}


def find_row(row_id: str) -> tuple[str, dict[str, str]]:
    """(table, row as text) of the row with this id, in whichever table holds it."""
    for table in installed_package().tables:
        record = rows_by_id(table).get(row_id)
        if record is not None:
            return table, record
    raise UnknownRowError(f"no row {row_id!r} in any table; ids look like mtg-0001 or evt-0042 (see `crrd tables`)")


def row_sources(table: str, record: dict[str, Any]) -> list[dict[str, str]]:
    """The sources a row cites, main source first; a source cites itself; a claim, its evidence rows' sources."""
    sources = rows_by_id("sources")
    if table == "sources":
        return [record]
    ids = [record.get("source_id") or "", *(record.get("other_source_ids") or "").split(";")]
    if table == "claims":
        ids = []
        for e in (record.get("evidence_ids") or "").split(";"):
            if e:
                t, r = find_row(e)
                ids += [s["id"] for s in row_sources(t, r)]
    seen: list[str] = []
    for i in ids:
        if i and i in sources and i not in seen:
            seen.append(i)
    return [sources[i] for i in seen]
