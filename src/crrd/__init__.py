"""CRRD, the China–Russia Relations Dataset: curated, sourced tables as typed pandas DataFrames.

>>> import crrd
>>> crrd.tables()            # names of the tables
>>> crrd.load("events")      # one table, typed
>>> crrd.describe("events")  # its codebook

Nothing here touches the network; pandas is imported on first load, pandera and
frictionless only by the validator and ``crrd.models``.
"""

from __future__ import annotations

from typing import Any

from crrd.citation import cite
from crrd.integrity import IntegrityError
from crrd.loading import UnknownTableError, describe, load, load_all, tables


def export(format: str, outdir: str) -> list:
    """Write every table to ``outdir`` as parquet, sqlite, duckdb, xlsx, json or stata; the paths written."""
    from crrd.exporting import export as _export

    return _export(format, outdir)


def yearly(start: int = 1992, end: int | None = None) -> Any:
    """One row per year: joint military activities by type, leader meetings by format, agreements,
    vetoes, trade and crude oil imports. Derived from the tables at call time (see the codebook)."""
    from crrd.panel import yearly as _yearly

    return _yearly(start, end)


def evidence(claim_id: str) -> Any:
    """The evidence rows of one claim of the seed essay, with each of their sources (title, publisher, date, URL)."""
    from crrd.claims_evidence import evidence as _evidence

    return _evidence(claim_id)


def timeline() -> Any:
    """Every dated row of every table in one chronological frame (id, table, start_date, end_date,
    date_precision, category, title), derived at call time; each row appears once."""
    from crrd.timeline_rows import timeline as _timeline

    return _timeline()


__all__ = [
    "IntegrityError", "UnknownTableError", "__version__", "cite", "describe", "evidence", "export", "load", "load_all", "tables",
    "timeline", "yearly",
]  # fmt: skip


def __getattr__(name: str) -> Any:
    # The version is written once, in datapackage.json; read it only when asked for.
    if name == "__version__":
        from crrd.metadata import installed_package

        return installed_package().version
    raise AttributeError(f"module 'crrd' has no attribute {name!r}")


# Needs the extra `codes` (see crrd.codes).
def country_codes(iso3_list: Any) -> Any:
    """Correlates of War and Gleditsch–Ward state numbers of ISO alpha-3 codes: a DataFrame with columns iso3,
    cown and gwcode (extra ``codes``)."""
    from crrd.codes import country_codes as _country_codes

    return _country_codes(iso3_list)


__all__ += ["country_codes"]
