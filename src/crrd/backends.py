"""The same typed tables for pyarrow and polars (optional extras), converted from the pandas loader."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crrd.metadata import Table

if TYPE_CHECKING:
    import pandas as pd


def _need(module: str, extra: str) -> Any:
    from crrd.extras import need

    return need(module, extra, "this backend")


def to_pyarrow(df: pd.DataFrame, table: Table) -> Any:
    pa = _need("pyarrow", "parquet")
    fields = []
    for f in table.fields:
        t = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
             "date": pa.timestamp("us")}[f.type]  # fmt: skip
        if f.enum:
            t = pa.dictionary(pa.int32(), pa.string())
        fields.append(pa.field(f.name, t, nullable=not f.required, metadata={"description": f.description}))
    schema = pa.schema(fields, metadata={"crrd_table": table.name})
    return pa.Table.from_pandas(df, schema=schema, preserve_index=False)


def to_polars(df: pd.DataFrame, table: Table) -> Any:
    pl = _need("polars", "polars")
    frame = pl.from_arrow(to_pyarrow(df, table))
    # Enum keeps the schema's full list of allowed values, as the pandas categoricals do.
    casts = [pl.col(f.name).cast(pl.Enum(list(f.enum))) for f in table.fields if f.enum]
    return frame.with_columns(casts) if casts else frame
