"""Typed, offline loaders for the CRRD tables.

One reader serves every table: Python's csv module splits the file, and one set of conversions gives each
column its schema type (and names the column and value when a cell does not convert). CRRD's tables are
thousands of rows, where this is as fast as pandas' own reader (see ``bench/bench.py``).
"""

from __future__ import annotations

import difflib
import io
from typing import TYPE_CHECKING, Any

from crrd.dtypes import pandas_dtype, text_dtype
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
    table = _table(name)
    pkg = installed_package()
    data = (pkg.root / table.path).read_bytes()
    resource = next(r for r in pkg.descriptor["resources"] if r["name"] == name)
    problem = mismatch(data, resource)
    if problem:  # never serve a changed file silently
        raise IntegrityError(f"{pkg.root / table.path} {problem}")
    df = _frame_from_text(data, table)
    df.attrs["crrd_table"] = name
    return df


def _frame_from_text(data: bytes, table: Table) -> pd.DataFrame:
    return _frame_from_lists(_text_columns(data, table), table)


def _text_columns(data: bytes, table: Table) -> dict[str, list[str | None]]:
    import csv

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header, body = rows[0], rows[1:]
    width = len(header)
    for n, row in enumerate(body, start=2):
        if len(row) != width:
            raise ValueError(f"{table.path}: record {n} has {len(row)} cells, not {width}; run `crrd validate`")
    index = {h: i for i, h in enumerate(header)}
    out = {}
    for f in table.fields:
        if f.name not in index:
            raise ValueError(f"{table.path}: no column {f.name!r}; run `crrd validate`")
        i = index[f.name]
        out[f.name] = [row[i] or None for row in body]
    return out


def _frame_from_lists(columns: dict[str, list[str | None]], table: Table) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    out: dict[str, Any] = {}
    for f in table.fields:
        values = columns[f.name]
        try:
            if f.type == "date":
                # numpy parses ISO dates strictly (2021-02-30 fails) but also takes 2021-02: hence the length test
                text = [v or "NaT" for v in values]
                try:
                    if any(len(v) != 10 for v in values if v is not None):
                        raise ValueError
                    out[f.name] = np.array(text, dtype="datetime64[us]")
                except ValueError:
                    bad = next(v for v in values if v is not None and not _is_date(v))
                    raise ValueError(f"{bad!r}, not a date YYYY-MM-DD") from None
            elif f.enum is not None:
                dtype = pandas_dtype(f)
                code = {c: i for i, c in enumerate(dtype.categories)}
                unknown = next((v for v in values if v is not None and v not in code), None)
                if unknown is not None:
                    raise ValueError(f"{unknown!r}, not one of {list(dtype.categories)}")
                out[f.name] = pd.Categorical.from_codes([-1 if v is None else code[v] for v in values], dtype=dtype)
            elif f.type == "integer":
                out[f.name] = pd.array(_convert(values, int, None, "not an integer"), dtype="Int64")
            elif f.type == "number":
                out[f.name] = np.array(_convert(values, float, np.nan, "not a number"), dtype="float64")
            elif f.type == "boolean":
                flags = {"true": True, "false": False}
                out[f.name] = pd.array(_convert(values, flags.__getitem__, None, "not true or false"), dtype="boolean")
            else:
                out[f.name] = pd.array(values, dtype=text_dtype())
        except (ValueError, KeyError) as e:
            raise ValueError(f"{table.path}: column {f.name!r} has {e}; run `crrd validate`") from None
    return pd.DataFrame(out, copy=False)


def _convert(values: list[str | None], parse: Any, missing: Any, what: str) -> list[Any]:
    try:
        return [missing if v is None else parse(v) for v in values]
    except (ValueError, KeyError):
        for v in values:
            try:
                v is None or parse(v)
            except (ValueError, KeyError):
                raise ValueError(f"{v!r}, {what}") from None
        raise


def _is_date(v: str) -> bool:
    import datetime as dt

    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return False
    return len(v) == 10


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
