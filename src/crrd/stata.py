"""Stata export: one ``.dta`` file per table (format 118, read by Stata 14 and newer), written by pandas.

Variable labels are the field descriptions cut to Stata's 80 characters (the full text is in
``_crrd_fields.dta`` and the codebook); enumerations are labelled integers whose value labels are the
schema's values in the schema's order; dates are Stata dates (``%td``); text longer than a ``str`` variable
holds is ``strL``. Files carry the package's creation time, not the time of export, so that an export of
the same data gives the same files.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING

from crrd.metadata import Package, Table

if TYPE_CHECKING:
    import pandas as pd

DTA_VERSION = 118
LABEL_MAX = 80  # characters, for variable and data labels
STR_MAX = 2045  # bytes a str variable holds in format 118; longer text is strL
FIELDS_FILE = "_crrd_fields.dta"


def stata_label(text: str, limit: int = LABEL_MAX) -> str:
    """``text`` as a Stata label of at most ``limit`` characters: the whole text when it fits, else its
    first sentence when that fits, else cut at a word boundary and marked with an ellipsis."""
    text = " ".join(text.replace("`", "").split())  # backticks are markdown, not part of the label
    if len(text) <= limit:
        return text
    first = re.match(r"(.+?\.)\s", text)
    if first and len(first.group(1)) <= limit:
        return first.group(1)
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:(") + "…"


def _created(pkg: Package) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(pkg.descriptor["created"]).replace("Z", "+00:00"))
    except (KeyError, ValueError):
        return None


def _long_text(df: pd.DataFrame, table: Table) -> list[str]:
    """Text columns with a value longer than a str variable holds."""
    out = []
    for f in table.fields:
        if f.type == "string" and f.enum is None:
            values = df[f.name].dropna()
            if len(values) and values.map(lambda v: len(v.encode("utf-8"))).max() > STR_MAX:
                out.append(f.name)
    return out


def write_dta(df: pd.DataFrame, table: Table, path: Path, time_stamp: dt.datetime | None = None) -> Path:
    """Write one loaded table as a .dta file."""
    frame = df.copy()
    frame.attrs = {}
    for f in table.fields:
        if f.type == "string" and f.enum is None:
            frame[f.name] = frame[f.name].fillna("")  # Stata's missing text; pandas refuses a column of only None
    frame.to_stata(
        path,
        write_index=False,
        version=DTA_VERSION,
        convert_dates={f.name: "td" for f in table.fields if f.type == "date"},
        convert_strl=_long_text(frame, table),
        variable_labels={f.name: stata_label(f.description) for f in table.fields},
        data_label=stata_label(table.title),
        time_stamp=time_stamp,
    )  # categoricals become labelled integers: codes 0, 1, ... in the schema's order, missing as .
    return path


def _fields_frame(pkg: Package) -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "table_name": t.name,
            "field": f.name,
            "type": f.type,
            "unit": f.unit or "",
            "required": int(f.required),
            "allowed_values": ";".join(f.enum) if f.enum else "",
            "description": f.description,
        }
        for t in pkg.tables.values()
        for f in t.fields
    ]
    return pd.DataFrame(rows)


def export_stata(frames: dict[str, pd.DataFrame], pkg: Package, out: Path) -> list[Path]:
    """One .dta per table, and ``_crrd_fields.dta`` with every field's full description."""
    stamp = _created(pkg)
    paths = [write_dta(df, pkg.tables[name], out / f"{name}.dta", stamp) for name, df in frames.items()]
    fields = _fields_frame(pkg)
    long = [c for c in fields.columns if fields[c].map(lambda v: len(str(v).encode("utf-8"))).max() > STR_MAX]
    path = out / FIELDS_FILE
    fields.to_stata(
        path, write_index=False, version=DTA_VERSION, convert_strl=long, time_stamp=stamp,
        data_label="CRRD fields: type, unit, allowed values and full description",
    )  # fmt: skip
    paths.append(path)
    return paths
