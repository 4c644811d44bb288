"""``crrd.timeline()``: every dated row of every table in one chronological frame, derived at call time.

Each table's schema says how its rows enter the timeline (``crrd.timeline``: the date columns, the precision
and the category; the title comes from its ``crrd.rowTitle``), so a row appears once, in the table that records it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crrd.loading import load
from crrd.metadata import installed_package

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ("id", "table", "start_date", "end_date", "date_precision", "category", "title")


def row_title(table: str, row: dict[str, Any]) -> str:
    """A row's title for people, from the template its schema declares (``crrd.rowTitle``)."""
    t = installed_package().tables[table]
    coded = {f.name for f in t.fields if f.enum}  # codes such as crude_oil read as words; free text stays as is

    def text(k: str, v: Any) -> str:
        if v is None or v != v:
            return ""
        v = "; ".join(x.strip() for x in str(v).split(";"))
        return v.replace("_", " ") if k in coded else v

    return t.extra.get("rowTitle", "{id}").format_map({k: text(k, v) for k, v in row.items()}).strip(" :")


def timeline() -> pd.DataFrame:
    """One row per dated row of every table: id, table, start_date, end_date, date_precision, category, title;
    sorted by start date, then id. Categories follow ``events.category`` (agreements by their domain)."""
    import pandas as pd

    parts = []
    for name, table in installed_package().tables.items():
        spec = table.extra.get("timeline")
        if not spec:
            continue
        df = load(name)
        if "startYear" in spec:
            years = df[spec["startYear"]]
            df = df[years.notna()]
            start = pd.to_datetime(df[spec["startYear"]].astype(int).astype(str) + "-01-01", format="%Y-%m-%d")
        else:
            start = df[spec["start"]]
        end = df[spec["end"]] if "end" in spec else start
        precision = df[spec["precision"]].astype(str) if spec["precision"] in df.columns else spec["precision"]
        cat = spec["category"]
        category = df[cat["column"]].astype(str).map(cat.get("map", {}).get) if "map" in cat else (
            df[cat["column"]].astype(str) if "column" in cat else cat["value"])  # fmt: skip
        titles = [row_title(name, r) for r in df.to_dict("records")]
        parts.append(pd.DataFrame({
            "id": df["id"].astype(str).to_numpy(), "table": name, "start_date": start.to_numpy(),
            "end_date": end.to_numpy(), "date_precision": precision, "category": category, "title": titles,
        }))  # fmt: skip
    out = pd.concat(parts, ignore_index=True)
    out["start_date"] = out["start_date"].astype("datetime64[us]")
    out["end_date"] = out["end_date"].astype("datetime64[us]")
    out = out.sort_values(["start_date", "id"], kind="stable").reset_index(drop=True)
    from crrd.dtypes import text_dtype

    for c in ("id", "table", "date_precision", "category", "title"):
        out[c] = out[c].astype(text_dtype())
    return out
