"""The fact-check layer: a claim of the seed essay, its verdict, and the rows of evidence with their sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crrd.citation import find_row, row_sources, rows_by_id
from crrd.timeline_rows import row_title

if TYPE_CHECKING:
    import pandas as pd

EVIDENCE_COLUMNS = (
    "claim_id", "evidence_id", "table", "title", "source_id", "source_title", "title_supplied", "publisher",
    "original_publisher", "published_date", "url",
)  # fmt: skip


class UnknownClaimError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


def claim(claim_id: str) -> dict[str, str]:
    claims = rows_by_id("claims")
    if claim_id not in claims:
        raise UnknownClaimError(f"no claim {claim_id!r}; `crrd claims` lists them (clm-0001 to {max(claims)})")
    return claims[claim_id]


def evidence(claim_id: str) -> pd.DataFrame:
    """One row per (evidence row, source) of the claim: the evidence row's id, table and title, and each of its
    sources (id, title, whether the title was supplied, publisher, original publisher of a copy, date, URL)."""
    import pandas as pd

    from crrd.dtypes import text_dtype

    c = claim(claim_id)
    out = []
    for eid in filter(None, (c.get("evidence_ids") or "").split(";")):
        table, record = find_row(eid)
        for s in row_sources(table, record):
            out.append({
                "claim_id": claim_id, "evidence_id": eid, "table": table, "title": row_title(table, record),
                "source_id": s["id"], "source_title": s["title"], "title_supplied": s["title_supplied"] == "true",
                "publisher": s["publisher"], "original_publisher": s["original_publisher"] or None,
                "published_date": s["published_date"] or None, "url": s["url"],
            })  # fmt: skip
    df = pd.DataFrame(out, columns=list(EVIDENCE_COLUMNS))
    for col in EVIDENCE_COLUMNS:
        df[col] = df[col].astype("boolean") if col == "title_supplied" else df[col].astype(text_dtype())
    return df


def claims_text() -> str:
    lines = [f"{'id':<10}{'verdict':<18}claim"]
    for cid, c in sorted(rows_by_id("claims").items()):
        lines.append(f"{cid:<10}{c['verdict']:<18}{c['claim']}")
    return "\n".join(lines)


def claim_text(claim_id: str) -> str:
    c = claim(claim_id)
    lines = [
        f"{claim_id}: {c['claim']}",
        f"verdict: {c['verdict']} (judged on {c['judged_on']} against CRRD {c['data_version']})",
    ]
    if c["correct_value"]:
        lines.append(f"correct value: {c['correct_value']}")
    if c["explanation"]:
        lines.append(f"explanation: {c['explanation']}")
    lines.append("evidence:")
    ev = evidence(claim_id)
    if ev.empty:
        lines.append("  (none: an opinion or a claim the data cannot decide)")
    for eid, rows in ev.groupby("evidence_id", sort=False):
        lines.append(f"  {eid} ({rows['table'].iloc[0]}): {rows['title'].iloc[0]}")
        for r in rows.itertuples():
            title = f"[{r.source_title}]" if r.title_supplied else r.source_title
            copy = f"; copy of a page by {r.original_publisher}" if isinstance(r.original_publisher, str) else ""
            date = f", {r.published_date}" if isinstance(r.published_date, str) else ""
            lines.append(f"      {r.source_id}: {title}. {r.publisher}{date}{copy}. {r.url}")
    return "\n".join(lines)
