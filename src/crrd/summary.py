"""What `crrd info` prints: version, each table's size and coverage, how to cite."""

from __future__ import annotations

from typing import Any

from crrd.citation import cite
from crrd.loading import load
from crrd.metadata import installed_package


def _years(df: Any, columns: list[str]) -> tuple[int, int] | None:
    years: list[int] = []
    for col in columns:
        s = df[col].dropna()
        if s.empty:
            continue
        if str(s.dtype).startswith("datetime64"):
            years += [int(s.dt.year.min()), int(s.dt.year.max())]
        else:
            years += [int(s.min()), int(s.max())]
    return (min(years), max(years)) if years else None


def coverage() -> list[tuple[str, int, tuple[int, int] | None]]:
    """(table, rows, (first year, last year) or None) for every table."""
    pkg = installed_package()
    out = []
    for name, table in pkg.tables.items():
        df = load(name)
        out.append((name, len(df), _years(df, list(table.extra.get("coverage", [])))))
    return out


def info_text() -> str:
    pkg = installed_package()
    lines = [f"CRRD {pkg.version}: {pkg.descriptor.get('title', '')}", f"data: {pkg.root}", ""]
    lines.append(f"{'table':<22}{'rows':>6}  years")
    for name, rows, span in coverage():
        years = f"{span[0]}-{span[1]}" if span else "-"
        lines.append(f"{name:<22}{rows:>6}  {years}")
    lines += [
        "",
        "Cite as:",
        "  " + cite("text"),
        "  (BibTeX: crrd.cite('bibtex'); each row's sources: its source_id in the sources table)",
    ]
    return "\n".join(lines)
