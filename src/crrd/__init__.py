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

__all__ = ["IntegrityError", "UnknownTableError", "__version__", "cite", "describe", "load", "load_all", "tables"]


def __getattr__(name: str) -> Any:
    # The version is written once, in datapackage.json; read it only when asked for.
    if name == "__version__":
        from crrd.metadata import installed_package

        return installed_package().version
    raise AttributeError(f"module 'crrd' has no attribute {name!r}")
