"""The rows of every table as the site shows them: display cells, sources, and links both ways.

Values are formatted from their schema types: dates at the row's precision (never the 1st of a month for
a month), numbers as given, ids as links to their rows' pages, and only http(s) addresses as links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from crrd.metadata import Field, Package, Table
from crrd.timeline_rows import row_title

MONTHS = tuple("January February March April May June July August September October November December".split())


@dataclass
class Link:
    id: str
    href: str | None  # from the site root; None for an id that is in no table
    label: str
    table: str = ""
    via: str = ""  # the field that holds the link


@dataclass
class Cell:
    text: str  # what a reader sees; '' for missing
    sort: str  # the value the table script sorts by (ISO date, number or text)
    datetime: str | None = None  # for <time datetime=...>
    links: list[Link] | None = None
    url: str | None = None  # only ever an http(s) address


@dataclass
class Row:
    table: str
    id: str
    label: str
    values: dict[str, Any]
    cells: dict[str, Cell] = field(default_factory=dict)
    sources: list[Row] = field(default_factory=list)
    links_to: list[Link] = field(default_factory=list)
    linked_from: list[Link] = field(default_factory=list)
    cited_by: list[Link] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"{self.table}/{self.id}.html"


def http_url(value: object) -> str | None:
    """The value if it is an http(s) URL with a host, else None: nothing else may become a link."""
    if not isinstance(value, str):
        return None
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc and value == value.strip():
        return value
    return None


def date_text(day: dt.date, precision: str | None) -> tuple[str, str]:
    """(what a reader sees, the HTML datetime value), at the date's precision: never the 1st of a month."""
    if precision == "year":
        return str(day.year), f"{day.year:04d}"
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}", f"{day.year:04d}-{day.month:02d}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}", day.isoformat()


def _number(v: float) -> str:
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _precisions(table: Table) -> dict[str, str]:
    """Date field -> the field holding its precision, from the schema's date ranges."""
    out = {}
    for r in table.extra.get("dateRanges", []):
        if "precision" in r:
            for key in ("start", "end"):
                if key in r:
                    out[r[key]] = r["precision"]
    return out


def _is_row_link(f: Field) -> bool:
    """A list of ids of other rows (related_ids, evidence_ids); links to sources are shown as sources."""
    return f.is_list and bool(f.references) and f.references != ("sources",)


def _split(value: Any) -> list[str]:
    return [v for v in str(value).split(";") if v] if isinstance(value, str) else []


def records(df: Any) -> list[dict[str, Any]]:
    import pandas as pd

    return [
        {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in r.items()}
        for r in df.to_dict("records")
    ]


def _cell(
    f: Field, value: Any, row: dict[str, Any], precision_field: str | None, index: dict[str, Row], ids: bool
) -> Cell:
    if value is None:
        return Cell("", "")
    if f.type == "date":
        text, when = date_text(value.date(), row.get(precision_field) if precision_field else "day")
        return Cell(text, value.date().isoformat(), datetime=when)
    if f.type == "integer":
        return Cell(str(int(value)), str(int(value)))
    if f.type == "number":
        return Cell(_number(float(value)), repr(float(value)))
    if f.type == "boolean":
        return Cell("yes" if value else "no", "1" if value else "0")
    text = str(value)
    if ids:  # ids of rows (a foreign key or a list of references): each one links to its row's page
        links = [link_to(i, index, f.name) for i in _split(text)]
        return Cell("; ".join(text.split(";")), text.lower(), links=links)
    if f.is_list:
        return Cell("; ".join(text.split(";")), text.lower())
    return Cell(text, text.lower(), url=http_url(text) if f.format == "uri" or f.name == "url" else None)


def link_to(row_id: str, index: dict[str, Row], via: str = "") -> Link:
    target = index.get(row_id)
    if target is None:
        return Link(row_id, None, row_id, via=via)
    return Link(row_id, target.href, target.label, target.table, via)


def collect(pkg: Package, frames: dict[str, Any]) -> dict[str, list[Row]]:
    """Every row of every table with its display cells, its sources and its links both ways."""
    rows: dict[str, list[Row]] = {}
    index: dict[str, Row] = {}
    for name, table in pkg.tables.items():
        # a row's name for people comes from its schema's template (crrd.rowTitle), as in crrd.timeline()
        rows[name] = [Row(name, str(r[table.primary_key]), row_title(name, r), r) for r in records(frames[name])]
        index.update((r.id, r) for r in rows[name])
    for name, table in pkg.tables.items():
        precision = _precisions(table)
        ids = {fk.field for fk in table.foreign_keys} | {f.name for f in table.fields if f.references}
        for row in rows[name]:
            row.cells = {
                f.name: _cell(f, row.values[f.name], row.values, precision.get(f.name), index, f.name in ids)
                for f in table.fields
            }
            cited = [row.values.get("source_id"), *_split(row.values.get("other_source_ids"))]
            for sid in dict.fromkeys(s for s in cited if s):
                source = index.get(sid)
                if source is not None and source.table == "sources":
                    row.sources.append(source)
                    source.cited_by.append(
                        link_to(row.id, index, "source_id" if sid == cited[0] else "other_source_ids")
                    )
            for f in table.fields:
                if _is_row_link(f):
                    for link in row.cells[f.name].links or []:
                        row.links_to.append(link)
                        if link.href is not None:
                            index[link.id].linked_from.append(link_to(row.id, index, f.name))
    return rows


__all__ = ["Cell", "Link", "Row", "collect", "date_text", "http_url", "link_to", "records"]
