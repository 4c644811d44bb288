"""Typed, offline loaders for the CRRD tables.

A file is split into columns of text (empty cell = missing) by Python's csv module or, for files of
``SPLIT_WITH_ARROW`` bytes and more when pyarrow is installed, by pyarrow's reader, which is faster there;
one set of conversions then gives each column its schema type and names the column and value of a cell
that does not convert. A test proves that both splitters give the same frames.
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
    ``backend="polars"`` (extra ``polars``) gives a polars DataFrame with the same types
    (``Datetime("us")``, ``Enum``, ``Int64``, ``Float64``, ``Boolean``, ``String``);
    ``backend="pyarrow"`` (extra ``parquet``) a pyarrow Table (dictionary-encoded enumerations).
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


# Below this size Python's csv module splits faster than pyarrow, whose fixed costs dominate (bench/bench.py).
SPLIT_WITH_ARROW = 100_000


def _frame_from_text(data: bytes, table: Table) -> pd.DataFrame:
    if len(data) >= SPLIT_WITH_ARROW and _has_pyarrow():
        return _frame_from_lists(_arrow_columns(data, table), table)
    return _frame_from_lists(_text_columns(data, table), table)


def _has_pyarrow() -> bool:
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def _arrow_columns(data: bytes, table: Table) -> dict[str, Any]:
    """Every column as a pyarrow string array (empty cell = null)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = table.field_names
    try:
        t = pacsv.read_csv(
            io.BytesIO(data),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=True, include_columns=names,
            ),
        )  # fmt: skip
    except (pa.ArrowInvalid, pa.ArrowKeyError):  # the csv module's reader names what is wrong
        return _text_columns(data, table)
    return {n: t.column(n).combine_chunks() for n in names}


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


def _frame_from_lists(columns: dict[str, Any], table: Table) -> pd.DataFrame:
    """The typed frame from columns of text: lists of str or None, or pyarrow string arrays."""
    import numpy as np
    import pandas as pd

    out: dict[str, Any] = {}
    for f in table.fields:
        values = columns[f.name]
        if f.type == "string" and f.enum is None:
            out[f.name] = _text_array(values)
            continue
        if not isinstance(values, list):
            values = values.to_pylist()
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
        except (ValueError, KeyError) as e:
            raise ValueError(f"{table.path}: column {f.name!r} has {e}; run `crrd validate`") from None
    return pd.DataFrame(out, copy=False)


def _text_array(values: Any) -> Any:
    """A text column in the loader's text dtype; a pyarrow array is wrapped without a copy where it can be."""
    import pandas as pd

    dtype = text_dtype()
    if isinstance(values, list):
        return pd.array(values, dtype=dtype)
    if getattr(dtype, "storage", None) == "pyarrow" and getattr(dtype, "na_value", None) is not pd.NA:
        return pd.arrays.ArrowStringArray(values, dtype=dtype)  # pandas 3 with pyarrow: the same buffers
    return pd.array(values.to_pylist(), dtype=dtype)


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
