"""What `crrd info` prints: version, each table's size and coverage, how to cite."""

from __future__ import annotations

import csv
from pathlib import Path

from crrd.citation import cite
from crrd.metadata import Table, installed_package


def rows_and_years(root: Path, table: Table) -> tuple[int, tuple[int, int] | None]:
    """Row count and (first year, last year) of the table's coverage columns; read as text, no pandas."""
    with (root / table.path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    years = [int(r[c][:4]) for r in rows for c in table.extra.get("coverage", []) if r.get(c)]
    return len(rows), ((min(years), max(years)) if years else None)


def coverage() -> list[tuple[str, int, tuple[int, int] | None]]:
    """(table, rows, (first year, last year) or None) for every table."""
    pkg = installed_package()
    return [(name, *rows_and_years(pkg.root, table)) for name, table in pkg.tables.items()]


def info_text() -> str:
    pkg = installed_package()
    lines = [f"CRRD {pkg.version}: {pkg.descriptor.get('title', '')}", f"data: {pkg.root}", ""]
    lines.append(f"{'table':<22}{'rows':>6}  years")
    for name, rows, span in coverage():
        years = f"{span[0]}-{span[1]}" if span else "-"
        lines.append(f"{name:<22}{rows:>6}  {years}")
    lines += ["", "Coverage (declared in each schema; outside it, and in gap years, counts are missing, not 0):"]
    from crrd.coverage import describe_series, series_of

    for name, table in pkg.tables.items():
        for s in series_of(table):
            first, *gaps = describe_series(s)
            lines.append(f"  {name}: {first}")
            lines += [f"      {g}" for g in gaps]
    from crrd.provenance import strength_lines

    lines += ["", "Sourcing strength (share of fact rows; copies and mirrors count only under 'copies only'):"]
    lines += ["  " + x for x in strength_lines(pkg)]
    lines += [
        "",
        "Cite as:",
        "  " + cite("text"),
        "  (BibTeX: crrd.cite('bibtex'); each row's sources: its source_id in the sources table)",
    ]
    return "\n".join(lines)
