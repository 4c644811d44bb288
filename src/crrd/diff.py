"""``crrd diff OLD NEW``: the rows added, removed and changed between two versions of the package.

The CSV files are read as text with the csv module (no types, no hash check), so that any two versions
compare, even when their schemas differ or a newer loader would refuse an older file. Rows are matched by
the primary key their schema declares (``id`` where none is declared); a removed id is shown with the id
that replaces it where NEW's ``retired_ids.csv`` names one.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crrd._paths import DESCRIPTOR
from crrd.metadata import inside

FORMATS = ("markdown", "json", "csv")


class DiffError(ValueError):
    """A package that cannot be compared: unreadable descriptor or file, or a file without its key column."""


@dataclass(frozen=True)
class Change:
    id: str
    field: str
    old: str
    new: str


@dataclass
class TableDiff:
    name: str
    status: str = "unchanged"  # or "changed", "added" (only in NEW), "removed" (only in OLD)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)  # (id, replaced_by or "")
    changed: list[Change] = field(default_factory=list)

    @property
    def rows_changed(self) -> int:
        return len({c.id for c in self.changed})


@dataclass
class PackageDiff:
    old_version: str
    new_version: str
    tables: list[TableDiff]


@dataclass
class _Table:
    columns: list[str]
    rows: dict[str, dict[str, str]]  # by key, in file order


def _read_package(root: Path) -> tuple[str, dict[str, _Table]]:
    try:
        descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
        tables = {}
        for res in descriptor["resources"]:
            name = res["name"]
            key = "id"
            if isinstance(res.get("schema"), str):
                schema = json.loads(inside(root, res["schema"], f"the schema of {name!r}").read_text(encoding="utf-8"))
                pk = schema.get("primaryKey", "id")
                key = pk if isinstance(pk, str) else pk[0]
            tables[name] = _read_table(inside(root, res["path"], f"the path of {name!r}"), res["path"], key)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise DiffError(f"{root}: {e}") from None
    return str(descriptor.get("version", "")), tables


def _read_table(path: Path, name: str, key: str) -> _Table:
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    columns = records[0] if records else []
    if key not in columns:
        raise DiffError(f"{name}: no key column {key!r}")
    rows: dict[str, dict[str, str]] = {}
    for line, record in enumerate(records[1:], start=2):
        if len(record) != len(columns):
            raise DiffError(f"{name}:{line}: {len(record)} cells, not {len(columns)}; run `crrd validate`")
        row = dict(zip(columns, record, strict=True))
        if row[key] in rows:
            raise DiffError(f"{name}:{line}: {key} {row[key]!r} appears twice; run `crrd validate`")
        rows[row[key]] = row
    return _Table(columns, rows)


def _replacements(root: Path) -> dict[tuple[str, str], str]:
    """(table, id) -> replacing id, from the package's retired_ids.csv (absent in old versions)."""
    path = root / "retired_ids.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["table"], r["id"]): r.get("replaced_by") or "" for r in csv.DictReader(fh)}


def _compare(name: str, old: _Table | None, new: _Table | None, replaced: dict[tuple[str, str], str]) -> TableDiff:
    d = TableDiff(name)
    if new is None:
        d.status = "removed"
    elif old is None:
        d.status = "added"
    old_rows = old.rows if old else {}
    new_rows = new.rows if new else {}
    if old and new:
        d.columns_added = [c for c in new.columns if c not in old.columns]
        d.columns_removed = [c for c in old.columns if c not in new.columns]
    d.added = [i for i in new_rows if i not in old_rows]
    d.removed = [(i, replaced.get((name, i), "")) for i in old_rows if i not in new_rows]
    shared = [c for c in new.columns if c in old.columns] if old and new else []
    for i, row in new_rows.items():
        if i in old_rows:
            d.changed += [Change(i, c, old_rows[i][c], row[c]) for c in shared if old_rows[i][c] != row[c]]
    if d.status == "unchanged" and (d.added or d.removed or d.changed or d.columns_added or d.columns_removed):
        d.status = "changed"
    return d


def diff_packages(old: Path, new: Path) -> PackageDiff:
    """Compare the packages at ``old`` and ``new`` (each a directory holding datapackage.json)."""
    old_version, old_tables = _read_package(old)
    new_version, new_tables = _read_package(new)
    replaced = _replacements(new)
    names = list(new_tables) + [n for n in old_tables if n not in new_tables]
    tables = [_compare(n, old_tables.get(n), new_tables.get(n), replaced) for n in names]
    return PackageDiff(old_version, new_version, tables)


def render(d: PackageDiff, format: str = "markdown") -> str:
    """The diff as markdown (for a changelog or a pull request), JSON or CSV (one line per change)."""
    if format == "json":
        return json.dumps(_as_json(d), ensure_ascii=False, indent=1)
    if format == "csv":
        return _as_csv(d)
    if format == "markdown":
        return _as_markdown(d)
    raise ValueError(f"unknown diff format {format!r}; use one of: {', '.join(FORMATS)}")


def _missing(v: str) -> str | None:
    return v if v != "" else None  # an empty cell is missing, as in the CSV files


def _as_json(d: PackageDiff) -> dict[str, Any]:
    return {
        "old_version": d.old_version,
        "new_version": d.new_version,
        "tables": [
            {
                "table": t.name,
                "status": t.status,
                "columns_added": t.columns_added,
                "columns_removed": t.columns_removed,
                "added": t.added,
                "removed": [{"id": i, "replaced_by": _missing(r)} for i, r in t.removed],
                "changed": [
                    {"id": c.id, "field": c.field, "old": _missing(c.old), "new": _missing(c.new)} for c in t.changed
                ],
            }
            for t in d.tables
        ],
    }


def _as_csv(d: PackageDiff) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["table", "change", "id", "field", "old", "new", "replaced_by"])
    for t in d.tables:
        w.writerows([t.name, "column_added", "", c, "", "", ""] for c in t.columns_added)
        w.writerows([t.name, "column_removed", "", c, "", "", ""] for c in t.columns_removed)
        w.writerows([t.name, "added", i, "", "", "", ""] for i in t.added)
        w.writerows([t.name, "removed", i, "", "", "", r] for i, r in t.removed)
        w.writerows([t.name, "changed", c.id, c.field, c.old, c.new, ""] for c in t.changed)
    return buf.getvalue()


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")


def _as_markdown(d: PackageDiff) -> str:
    out = [f"# CRRD {d.old_version} → {d.new_version}", ""]
    out += [
        "| table | status | rows added | rows removed | rows changed | values changed |",
        "|---|---|--:|--:|--:|--:|",
    ]
    for t in d.tables:
        out.append(
            f"| {t.name} | {t.status} | {len(t.added)} | {len(t.removed)} | {t.rows_changed} | {len(t.changed)} |"
        )
    for t in d.tables:
        if t.status == "unchanged":
            continue
        out += ["", f"## {t.name}"]
        lines = []
        if t.status in ("added", "removed"):
            lines.append(f"- Table {t.status}.")
        if t.columns_added:
            lines.append("- Columns added: " + ", ".join(f"`{c}`" for c in t.columns_added))
        if t.columns_removed:
            lines.append("- Columns removed: " + ", ".join(f"`{c}`" for c in t.columns_removed))
        if t.added:
            lines.append("- Added: " + ", ".join(f"`{i}`" for i in t.added))
        if t.removed:
            lines.append(
                "- Removed: " + ", ".join(f"`{i}`" + (f" (replaced by `{r}`)" if r else "") for i, r in t.removed)
            )
        out += ["", *lines] if lines else []
        if t.changed:
            out += ["", "| id | field | old | new |", "|---|---|---|---|"]
            out += [f"| `{c.id}` | `{c.field}` | {_cell(c.old)} | {_cell(c.new)} |" for c in t.changed]
    return "\n".join(out) + "\n"
