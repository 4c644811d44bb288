"""Typed, offline loaders for the CRRD tables."""

from __future__ import annotations

import difflib
import io
from typing import TYPE_CHECKING

from crrd.dtypes import pandas_dtype, read_dtype
from crrd.integrity import IntegrityError, mismatch
from crrd.metadata import Field, Table, installed_package

if TYPE_CHECKING:
    import pandas as pd


class UnknownTableError(KeyError):
    """Raised for a table name that is not in the dataset."""

    def __str__(self) -> str:  # KeyError would print the message in quotes
        return str(self.args[0])


def tables() -> list[str]:
    """Names of the dataset's tables, in the order of ``datapackage.json``."""
    return list(installed_package().tables)


def _table(name: str) -> Table:
    pkg = installed_package()
    try:
        return pkg.tables[name]
    except (KeyError, TypeError):
        names = list(pkg.tables)
        close = difflib.get_close_matches(str(name), names, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise UnknownTableError(f"unknown table {name!r}.{hint} Valid names: {', '.join(names)}") from None


def load(name: str) -> pd.DataFrame:
    """Load one table as a pandas DataFrame with the dtypes its schema defines.

    Dates are ``datetime64[us]``, enumerations categoricals with the schema's categories,
    integers nullable ``Int64``, numbers ``float64``, booleans ``boolean``, text ``str``.
    """
    import pandas as pd

    table = _table(name)
    pkg = installed_package()
    data = (pkg.root / table.path).read_bytes()
    resource = next(r for r in pkg.descriptor["resources"] if r["name"] == name)
    problem = mismatch(data, resource)
    if problem:  # never serve a changed file silently
        raise IntegrityError(f"{pkg.root / table.path} {problem}")
    df = pd.read_csv(
        io.BytesIO(data),
        dtype={f.name: read_dtype(f) for f in table.fields},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for f in table.fields:
        if f.type == "date":
            df[f.name] = pd.to_datetime(df[f.name], format="%Y-%m-%d", errors="raise").astype("datetime64[us]")
        elif f.enum is not None:
            col = df[f.name]
            unknown = col.notna() & ~col.isin(f.enum)
            if unknown.any():  # never turn an unknown value into a silent NaN
                raise ValueError(
                    f"{table.path}: column {f.name!r} has {col[unknown].iloc[0]!r}, not one of {list(f.enum)}; "
                    "run `crrd validate`"
                )
            df[f.name] = col.astype(pandas_dtype(f))
    df.attrs["crrd_table"] = name
    return df


def load_all() -> dict[str, pd.DataFrame]:
    """All tables, keyed by name."""
    return {name: load(name) for name in tables()}


def describe(name: str) -> pd.DataFrame:
    """The codebook of one table: one row per field with type, unit, constraints and description."""
    import pandas as pd

    table = _table(name)
    rows = []
    for f in table.fields:
        rows.append(
            {
                "field": f.name,
                "type": f.type,
                "dtype": str(pandas_dtype(f)) if f.enum is None else "category",
                "unit": f.unit,
                "required": f.required,
                "constraints": constraint_text(f),
                "description": f.description,
            }
        )
    return pd.DataFrame(rows).astype({"required": "boolean"})


def constraint_text(f: Field) -> str:
    parts = []
    if f.name == "id" or f.unique:
        parts.append("unique")
    if f.enum:
        parts.append("one of " + ", ".join(f.enum))
    if f.is_list:
        parts.append("`;`-separated list")
    if f.item_enum:
        parts.append("items one of " + ", ".join(f.item_enum))
    if f.codelist:
        parts.append("ISO 3166-1 alpha-3 codes")
    if f.references:
        parts.append("ids in " + ", ".join("any table" if r == "*" else r for r in f.references))
    if f.pattern:
        parts.append(f"matches {f.pattern}")
    if f.minimum is not None:
        parts.append(f">= {f.minimum}")
    if f.maximum is not None:
        parts.append(f"<= {f.maximum}")
    if f.format == "uri":
        parts.append("http(s) URL")
    return "; ".join(parts)
