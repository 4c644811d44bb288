"""Exports of every table to Parquet, SQLite, DuckDB, Excel, JSON and Stata, with types that survive the trip.

SQLite has no date or enumeration types: dates are ISO text (declared DATE), enumerations text with a
CHECK constraint. Every database carries the field descriptions in ``_crrd_fields`` (DuckDB also as
column comments) and declares primary and foreign keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from crrd.loading import load, tables
from crrd.metadata import Table, installed_package

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("parquet", "sqlite", "duckdb", "xlsx", "json", "stata")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


SQL_TYPES = {
    "sqlite": {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "DATE"},
    "duckdb": {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN", "date": "DATE"},
}


def create_table_sql(table: Table, dialect: str) -> str:
    """CREATE TABLE with types, NOT NULL, allowed values, primary and foreign keys, from the schema."""
    cols = []
    for f in table.fields:
        parts = [_quote(f.name), SQL_TYPES[dialect][f.type]]
        if f.required:
            parts.append("NOT NULL")
        if f.enum:
            parts.append(f"CHECK ({_quote(f.name)} IN ({', '.join(_literal(v) for v in f.enum)}))")
        if dialect == "sqlite" and f.type == "boolean":
            parts.append(f"CHECK ({_quote(f.name)} IN (0, 1))")
        cols.append(" ".join(parts))
    cols.append(f"PRIMARY KEY ({_quote(table.primary_key)})")
    for fk in table.foreign_keys:
        cols.append(f"FOREIGN KEY ({_quote(fk.field)}) REFERENCES {_quote(fk.resource)} ({_quote(fk.target)})")
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(cols) + "\n)"


def _fields_frame() -> pd.DataFrame:
    import pandas as pd

    rows = [
        {
            "table_name": t.name,
            "field": f.name,
            "type": f.type,
            "unit": f.unit,
            "required": f.required,
            "allowed_values": ";".join(f.enum) if f.enum else None,
            "description": f.description,
        }
        for t in installed_package().tables.values()
        for f in t.fields
    ]
    return pd.DataFrame(rows)


def _sql_rows(df: pd.DataFrame, table: Table, dialect: str) -> list[tuple[object, ...]]:
    """Rows as Python values a DB-API driver accepts: None for missing, ISO text or date for dates."""
    import pandas as pd

    out = []
    for f in table.fields:
        col = df[f.name]
        if f.type == "date":
            values = [None if pd.isna(v) else (v.date().isoformat() if dialect == "sqlite" else v.date()) for v in col]
        elif f.type == "boolean":
            values = [None if pd.isna(v) else (int(v) if dialect == "sqlite" else bool(v)) for v in col]
        elif f.type == "integer":
            values = [None if pd.isna(v) else int(v) for v in col]
        elif f.type == "number":
            values = [None if pd.isna(v) else float(v) for v in col]
        else:
            values = [None if pd.isna(v) else str(v) for v in col]
        out.append(values)
    return list(zip(*out, strict=True))


def _export_sql(frames: dict[str, pd.DataFrame], path: Path, dialect: str) -> None:
    pkg = installed_package()
    ordered = ["sources"] + [n for n in frames if n != "sources"]  # referenced table first
    if dialect == "sqlite":
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys = ON")
    else:
        import duckdb

        con = duckdb.connect(str(path))
    try:
        for name in ordered:
            table = pkg.tables[name]
            con.execute(create_table_sql(table, dialect))
            marks = ", ".join("?" for _ in table.fields)
            rows = _sql_rows(frames[name], table, dialect)
            if rows:
                con.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", rows)
            if dialect == "duckdb":
                con.execute(f"COMMENT ON TABLE {_quote(name)} IS {_literal(table.title + ': ' + table.description)}")
                for f in table.fields:
                    con.execute(f"COMMENT ON COLUMN {_quote(name)}.{_quote(f.name)} IS {_literal(f.description)}")
        fields = _fields_frame()
        con.execute(
            "CREATE TABLE _crrd_fields (table_name TEXT NOT NULL, field TEXT NOT NULL, type TEXT NOT NULL, unit TEXT, "
            "required BOOLEAN NOT NULL, allowed_values TEXT, description TEXT, PRIMARY KEY (table_name, field))"
        )
        con.executemany(
            "INSERT INTO _crrd_fields VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tuple(None if v is None or v != v else v for v in r) for r in fields.itertuples(index=False)],
        )
        con.execute("CREATE TABLE _crrd_version (version TEXT NOT NULL)")
        con.execute("INSERT INTO _crrd_version VALUES (?)", [pkg.version])
        if dialect == "sqlite":
            con.commit()
    finally:
        con.close()


def export(format: str, outdir: str | Path) -> list[Path]:
    """Write every table to ``outdir`` in ``format`` (parquet, sqlite, duckdb, xlsx, json, stata); the paths written."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; use one of: {', '.join(FORMATS)}")
    needs = {"parquet": ("pyarrow", "parquet"), "duckdb": ("duckdb", "duckdb"), "xlsx": ("openpyxl", "xlsx")}
    if format in needs:
        from crrd.extras import need

        need(*needs[format], f"export to {format}")
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    frames = {name: load(name) for name in tables()}
    if format == "parquet":
        paths = []
        for name, df in frames.items():
            path = out / f"{name}.parquet"
            df.attrs = {}
            df.to_parquet(path, index=False)
            paths.append(path)
        return paths
    if format in ("sqlite", "duckdb"):
        path = out / f"crrd.{format}"
        if path.exists():
            path.unlink()  # a fresh database each time: CREATE TABLE would fail on an old one
        _export_sql(frames, path, format)
        return [path]
    if format == "xlsx":
        import pandas as pd

        path = out / "crrd.xlsx"
        with pd.ExcelWriter(path, engine="openpyxl") as xl:
            for name, df in frames.items():
                df.to_excel(xl, sheet_name=name, index=False)
            _fields_frame().to_excel(xl, sheet_name="_crrd_fields", index=False)
        return [path]
    if format == "stata":
        from crrd.stata import export_stata

        return export_stata(frames, installed_package(), out)
    paths = []
    for name, df in frames.items():
        path = out / f"{name}.json"
        records = json.loads(df.to_json(orient="records", date_format="iso", date_unit="s"))
        for r in records:  # dates as plain YYYY-MM-DD, as in the CSV files
            for f in installed_package().tables[name].fields:
                if f.type == "date" and r[f.name]:
                    r[f.name] = r[f.name][:10]
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def coerce(df: pd.DataFrame, table: Table) -> pd.DataFrame:
    """A frame read back from an export, given the loader's dtypes (for formats that lose them)."""
    import pandas as pd

    from crrd.dtypes import pandas_dtype

    out = {}
    for f in table.fields:
        col = df[f.name]
        if f.type == "date":
            out[f.name] = pd.to_datetime(col).astype("datetime64[us]")
        elif f.type == "boolean":
            out[f.name] = col.map(lambda v: None if pd.isna(v) else bool(v)).astype("boolean")
        elif f.type == "integer":
            out[f.name] = pd.array([None if pd.isna(v) else int(v) for v in col], dtype="Int64")
        elif f.type == "number":
            out[f.name] = col.astype("float64")
        else:
            out[f.name] = pd.Series([None if pd.isna(v) else str(v) for v in col], dtype=pandas_dtype(f))
    return pd.DataFrame(out)


__all__ = ["FORMATS", "coerce", "create_table_sql", "export"]
