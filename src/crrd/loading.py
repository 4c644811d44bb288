"""Typed, offline loaders for the CRRD tables."""

from __future__ import annotations

import difflib
import io
from typing import TYPE_CHECKING, Any

from crrd.dtypes import pandas_dtype
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


BACKENDS = ("pandas", "polars", "pyarrow")


def load(name: str, backend: str = "pandas") -> Any:
    """Load one table with the types its schema defines.

    pandas (default): dates ``datetime64[us]``, enumerations categoricals with the schema's
    categories, integers nullable ``Int64``, numbers ``float64``, booleans ``boolean``, text ``str``.
    ``backend="polars"`` (extra ``crrd[polars]``) gives a polars DataFrame with the same types
    (``Datetime("us")``, ``Enum``, ``Int64``, ``Float64``, ``Boolean``, ``String``);
    ``backend="pyarrow"`` (extra ``crrd[parquet]``) a pyarrow Table (dictionary-encoded enumerations).
    """
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; use one of: {', '.join(BACKENDS)}")
    df = _load_pandas(name)
    if backend == "pandas":
        return df
    from crrd.backends import to_polars, to_pyarrow

    table = _table(name)
    return to_polars(df, table) if backend == "polars" else to_pyarrow(df, table)


def _load_pandas(name: str) -> pd.DataFrame:
    import pandas as pd

    table = _table(name)
    pkg = installed_package()
    data = (pkg.root / table.path).read_bytes()
    resource = next(r for r in pkg.descriptor["resources"] if r["name"] == name)
    problem = mismatch(data, resource)
    if problem:  # never serve a changed file silently
        raise IntegrityError(f"{pkg.root / table.path} {problem}")
    # Reading everything as text, then converting column by column, is faster than read_csv's own dtypes.
    raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    columns = {}
    for f in table.fields:
        col = raw[f.name]
        if f.type == "date":
            columns[f.name] = _dates(col, table.path, f.name)
        elif f.enum is not None:
            columns[f.name] = _categorical(col, pandas_dtype(f), table.path, f.name)
        elif f.type == "boolean":
            columns[f.name] = col.map({"true": True, "false": False}).astype("boolean")
        elif f.type != "string":
            columns[f.name] = col.astype(pandas_dtype(f))
        else:
            columns[f.name] = col
    df = pd.DataFrame(columns, index=raw.index)
    df.attrs["crrd_table"] = name
    return df


def _dates(col: pd.Series, path: str, name: str) -> pd.Series:
    """ISO dates to datetime64[us]; anything else is an error, never a silent NaT."""
    import pandas as pd

    raw = col.to_numpy(dtype=object, na_value="NaT")
    bad = next((v for v in raw if v != "NaT" and len(v) != 10), None)
    try:
        if bad is None:
            return pd.Series(raw.astype("datetime64[us]"), index=col.index, name=name)
    except ValueError:
        bad = next(v for v in raw if v != "NaT" and not _is_date(v))
    raise ValueError(f"{path}: column {name!r} has {bad!r}, not a date YYYY-MM-DD; run `crrd validate`")


def _is_date(v: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


def _categorical(col: pd.Series, dtype: pd.CategoricalDtype, path: str, name: str) -> pd.Series:
    """Text to the schema's categories; an unknown value is an error, never a silent NaN."""
    import pandas as pd

    code = {c: i for i, c in enumerate(dtype.categories)}
    codes = []
    for v in col.to_numpy(dtype=object, na_value=None):
        if v is None:
            codes.append(-1)
        elif v in code:
            codes.append(code[v])
        else:
            raise ValueError(
                f"{path}: column {name!r} has {v!r}, not one of {list(dtype.categories)}; run `crrd validate`"
            )
    return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=col.index, name=name)


def load_all(backend: str = "pandas") -> dict[str, Any]:
    """All tables, keyed by name."""
    return {name: load(name, backend) for name in tables()}


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
