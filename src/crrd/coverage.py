"""What each table aims to cover completely, and what it is known to lack: declared once, in the schemas.

A table's schema lists its series under ``crrd.completeness``: the rows of a series (``rows``: column ->
allowed values), the period over which the series aims to be complete (``from``, ``to``), whether that aim
is a claim of completeness (``complete``), and its known gaps (``gaps``: the years they touch, what is
missing, and whether rows or only some fields are missing). The yearly panel, the figures, ``crrd info``,
``crrd describe``, the codebook and the README's list of known gaps are all derived from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from crrd.metadata import Table


@dataclass(frozen=True)
class Gap:
    note: str
    years: tuple[int, ...] = ()
    fields: tuple[str, ...] = ()  # empty: whole rows are missing (counts are undercounts in those years)

    @property
    def rows_missing(self) -> bool:
        return not self.fields


@dataclass(frozen=True)
class Series:
    table: str
    name: str
    label: str
    rows: dict[str, tuple[str, ...]]
    start: dt.date
    end: dt.date
    complete: bool
    gaps: tuple[Gap, ...]
    note: str = ""

    def covered_years(self) -> set[int]:
        """Years whose rows are complete: inside the period, with no known missing rows."""
        missing = {y for g in self.gaps if g.rows_missing for y in g.years}
        if not self.complete:
            return set()
        return set(range(self.start.year, self.end.year + 1)) - missing

    def period(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


def _gap(d: dict[str, Any]) -> Gap:
    return Gap(note=d["note"], years=tuple(d.get("years", ())), fields=tuple(d.get("fields", ())))


def series_of(table: Table) -> list[Series]:
    out = []
    for d in table.extra.get("completeness", []):
        out.append(
            Series(
                table=table.name,
                name=d["series"],
                label=d["label"],
                rows={k: tuple(v) for k, v in d.get("rows", {}).items()},
                start=dt.date.fromisoformat(d["from"]),
                end=dt.date.fromisoformat(d["to"]),
                complete=bool(d.get("complete", True)),
                gaps=tuple(_gap(g) for g in d.get("gaps", [])),
                note=d.get("note", ""),
            )
        )
    return out


def series(table: str, name: str) -> Series:
    from crrd.metadata import installed_package

    for s in series_of(installed_package().tables[table]):
        if s.name == name:
            return s
    raise KeyError(f"table {table!r} declares no series {name!r}")


def describe_series(s: Series) -> list[str]:
    """Lines of text for people: the period, the claim, the gaps."""
    claim = "complete" if s.complete else "not complete: rows as found"
    lines = [f"{s.label} ({s.period()}; {claim})" + (f". {s.note}" if s.note else "")]
    for g in s.gaps:
        where = f" [{_years(g.years)}]" if g.years else ""
        what = f" (fields: {', '.join(g.fields)})" if g.fields else ""
        lines.append(f"gap{where}{what}: {g.note}")
    return lines


def _years(years: tuple[int, ...]) -> str:
    """1992, 1993, 1994, 1996 -> '1992–1994, 1996'."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def known_gaps_markdown(tables: dict[str, Table]) -> str:
    """The README's list of known gaps, generated from the schemas."""
    out = []
    for name, table in tables.items():
        for s in series_of(table):
            for g in s.gaps:
                where = f" ({_years(g.years)})" if g.years else ""
                what = f", fields {', '.join(f'`{f}`' for f in g.fields)}" if g.fields else ""
                out.append(f"- `{name}`, {s.label}{where}{what}: {g.note}")
    return "\n".join(out) + "\n"
