"""How strong each table's sourcing is: the share of fact rows citing an official record, a wire agency or
research institute, and those resting only on copies, mirrors, encyclopedias or other pages."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from crrd.metadata import Package

OFFICIAL = ("official", "intergovernmental")
AGENCY_OR_RESEARCH = ("news_agency", "research")
WEAK = ("encyclopedia", "other")


@dataclass(frozen=True)
class Strength:
    table: str
    rows: int
    official: int  # rows citing at least one official or intergovernmental page
    agency_or_research: int  # rows citing at least one wire-agency or research page (original, not a copy)
    strong: int  # rows citing either
    copies_only: int  # rows whose every source is a copy, a mirror, an encyclopedia or another weak page

    def pct(self, n: int) -> float:
        return round(100 * n / self.rows, 1) if self.rows else 0.0


def _read(root: Path, path: str) -> list[dict[str, str]]:
    with (root / path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def strengths(pkg: Package) -> list[Strength]:
    """Per fact table (every table whose rows cite `sources`), read as text: no pandas needed."""
    sources = {r["id"]: r for r in _read(pkg.root, pkg.tables["sources"].path)}
    out = []
    for name, table in pkg.tables.items():
        if name == "sources" or "source_id" not in table.field_names:
            continue
        counts = dict(official=0, agency_or_research=0, strong=0, copies_only=0)
        rows = _read(pkg.root, table.path)
        for r in rows:
            cited = [
                sources[i]
                for i in [r.get("source_id", ""), *(r.get("other_source_ids") or "").split(";")]
                if i in sources
            ]
            original = [s for s in cited if not s["original_publisher"]]
            off = any(s["source_type"] in OFFICIAL for s in original)
            agency = any(s["source_type"] in AGENCY_OR_RESEARCH for s in original)
            counts["official"] += off
            counts["agency_or_research"] += agency
            counts["strong"] += off or agency
            counts["copies_only"] += all(s["original_publisher"] or s["source_type"] in WEAK for s in cited)
        out.append(Strength(name, len(rows), **counts))
    return out


def total(items: list[Strength]) -> Strength:
    return Strength(
        "all fact tables",
        *(
            sum(getattr(s, k) for s in items)
            for k in ("rows", "official", "agency_or_research", "strong", "copies_only")
        ),
    )


def strength_markdown(pkg: Package) -> list[str]:
    """The shares as a Markdown table (the codebook and the README)."""
    items = strengths(pkg)
    rows = ["| table | rows | official | agency or research | either | copies only |", "|---|---|---|---|---|---|"]
    for s in [*items, total(items)]:
        rows.append(
            f"| {s.table} | {s.rows} | {s.pct(s.official)}% | {s.pct(s.agency_or_research)}% | {s.pct(s.strong)}% | {s.pct(s.copies_only)}% |"
        )
    return rows


def strength_lines(pkg: Package) -> list[str]:
    items = strengths(pkg)
    head = f"{'table':<22}{'rows':>6}{'official':>10}{'agency/research':>17}{'either':>8}{'copies only':>13}"
    lines = [head]
    for s in [*items, total(items)]:
        lines.append(
            f"{s.table:<22}{s.rows:>6}{s.pct(s.official):>9.1f}%{s.pct(s.agency_or_research):>16.1f}%{s.pct(s.strong):>7.1f}%{s.pct(s.copies_only):>12.1f}%"
        )
    return lines
