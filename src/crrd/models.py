"""Pandera ``DataFrameModel`` classes for the tables, derived from the Table Schemas.

Use them to validate frames of your own::

    from crrd.models import MilitaryActivities
    MilitaryActivities.validate(df)

or ``crrd.models.model("military_activities")``. Importing this module imports pandera.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pandas as pd

from crrd.extras import install_hint

try:
    import pandera.pandas as pa
    from pandera.engines import pandas_engine
    from pandera.typing import Series
except ImportError:
    raise ImportError(f"crrd.models needs pandera: {install_hint('validate')}") from None

from crrd.dtypes import pandas_dtype
from crrd.metadata import Field, installed_package

__all__ = ["class_name", "model"]

PANDAS_3 = int(pd.__version__.split(".")[0]) >= 3


def class_name(table: str) -> str:
    """``military_activities`` -> ``MilitaryActivities``."""
    return "".join(part.capitalize() for part in table.split("_"))


def _annotation(f: Field) -> tuple[Any, dict[str, Any]]:
    dtype = pandas_dtype(f)
    if isinstance(dtype, pd.CategoricalDtype):
        return Series[pd.CategoricalDtype], {"dtype_kwargs": {"categories": list(dtype.categories), "ordered": False}}
    if dtype == "datetime64[us]":
        return Series[pandas_engine.DateTime], {"dtype_kwargs": {"unit": "us"}}
    if f.type == "string":  # the loader's text dtype (crrd.dtypes.text_dtype): str on pandas 3, string on 2
        return (Series[str] if PANDAS_3 else Series[pd.StringDtype]), {}
    return {
        "Int64": Series[pd.Int64Dtype],
        "float64": Series[float],
        "boolean": Series[pd.BooleanDtype],
    }[dtype], {}


def _list_check(f: Field) -> Callable[[str], bool] | None:
    """A predicate for one cell of a ``;``-list whose items come from a fixed set, or None."""
    allowed: frozenset[str] | None = None
    if f.item_enum:
        allowed = frozenset(f.item_enum)
    elif f.codelist:
        from crrd.validation.countries import iso3_codes

        allowed = iso3_codes()
    if allowed is None:
        return None
    ok = allowed

    def items_allowed(value: str) -> bool:
        return all(item in ok for item in value.split(";"))

    return items_allowed


def _field(f: Field) -> tuple[Any, Any]:
    annotation, kwargs = _annotation(f)
    kwargs["nullable"] = not f.required
    # pandera's unique counts missing values as duplicates: optional unique fields get a check of their own
    kwargs["unique"] = (f.unique or f.name == "id") and f.required
    if f.pattern:
        kwargs["str_matches"] = f.pattern
    if f.minimum is not None:
        kwargs["ge"] = f.minimum
    if f.maximum is not None:
        kwargs["le"] = f.maximum
    return annotation, pa.Field(**kwargs)


@cache
def model(table: str) -> type[pa.DataFrameModel]:
    """The Pandera model of one table, built from its Table Schema."""
    t = installed_package().tables[table]
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__, "__doc__": f"{t.title}: {t.description}"}
    for f in t.fields:
        annotations[f.name], namespace[f.name] = _field(f)
        items_allowed = _list_check(f)
        if items_allowed is not None:
            namespace[f"_check_{f.name}"] = pa.check(f.name, name=f"{f.name}_items", element_wise=True, ignore_na=True)(
                lambda cls, v, _ok=items_allowed: _ok(v)
            )
        if f.unique and not f.required:
            namespace[f"_unique_{f.name}"] = pa.check(f.name, name=f"{f.name}_unique_when_present")(
                lambda cls, s: not s.dropna().duplicated().any()
            )
    namespace["__annotations__"] = annotations

    class Config:
        strict = True
        ordered = True
        name = t.name

    namespace["Config"] = Config
    return type(class_name(table), (pa.DataFrameModel,), namespace)


def __getattr__(name: str) -> Any:
    for table in installed_package().tables:
        if class_name(table) == name:
            return model(table)
    raise AttributeError(f"module 'crrd.models' has no attribute {name!r}")
