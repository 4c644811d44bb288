"""The pandas dtype of each Table Schema field: shared by the loader and the Pandera models."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crrd.metadata import Field

# Table Schema type -> pandas dtype name. Enumerations become categoricals (see pandas_dtype).
_BY_TYPE = {
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "date": "datetime64[us]",
}


@cache
def text_dtype() -> Any:
    """The dtype of text columns: pandas 3's ``str`` (missing is NaN); on pandas 2, whose ``str`` is numpy's
    ``<U0`` and turns missing values into the text "None", the nullable ``string`` dtype (missing is <NA>)."""
    import pandas as pd

    if int(pd.__version__.split(".")[0]) >= 3:
        return pd.api.types.pandas_dtype("str")
    return pd.StringDtype()


@cache  # a CategoricalDtype is costly to build, and fields are immutable
def pandas_dtype(f: Field) -> Any:
    """The dtype a loaded column has: categorical with the schema's categories for enums."""
    if f.enum is not None:
        import pandas as pd

        return pd.CategoricalDtype(categories=list(f.enum), ordered=False)
    if f.type == "string":
        return text_dtype()
    try:
        return _BY_TYPE[f.type]
    except KeyError:
        raise ValueError(f"field {f.name!r}: unsupported Table Schema type {f.type!r}") from None
