"""Country codes for merging with other data sets: Correlates of War (COW) and Gleditsch–Ward (GW) state numbers.

They come from a maintained converter, the ``countrycode`` package (a port of the R package of the same
name; extra ``codes``), never from a table typed here. The dataset itself speaks ISO 3166-1 alpha-3.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from crrd.dtypes import text_dtype
from crrd.extras import install_hint, need

if TYPE_CHECKING:
    import pandas as pd

ISO3 = re.compile(r"[A-Z]{3}")

# The dyad of the dataset, in the order of COW's dyadic data (ccode1, ccode2); the USSR before 1992 has
# Russia's COW and GW number.
DYAD = ("CHN", "RUS")
DYAD_COLUMNS = (
    ("iso3_1", "ISO 3166-1 alpha-3 code of the first state of the dyad: CHN."),
    ("iso3_2", "ISO 3166-1 alpha-3 code of the second state of the dyad: RUS (the USSR before 1992)."),
    ("ccode1", "Correlates of War state number of the first state (China: 710), from the `countrycode` converter "
               "(extra `codes`); missing without it."),
    ("ccode2", "Correlates of War state number of the second state (Russia, and the USSR before it: 365), from the "
               "`countrycode` converter (extra `codes`); missing without it."),
)  # fmt: skip


@lru_cache(maxsize=64)
def _convert(codes: tuple[str, ...]) -> tuple[tuple[int | None, ...], tuple[int | None, ...]]:
    countrycode = need("countrycode", "codes", "crrd.country_codes").countrycode
    # The converter reads its code list on every call: two calls, cached, for all the codes at once.
    return tuple(countrycode(list(codes), "iso3c", "cown")), tuple(countrycode(list(codes), "iso3c", "gwn"))


def country_codes(iso3_list: Iterable[str]) -> pd.DataFrame:
    """COW and GW state numbers of ISO 3166-1 alpha-3 codes (extra ``codes``).

    One row per distinct code, in the order of first appearance: ``iso3``, ``cown`` (Correlates of War) and
    ``gwcode`` (Gleditsch–Ward), both nullable ``Int64`` and missing where the converter has no number (a
    territory, or a state that the list does not count in its present form). Split a list column first:
    ``crrd.country_codes(df["participants"].str.split(";").explode().unique())``.
    """
    import pandas as pd

    codes = tuple(dict.fromkeys(iso3_list))
    for c in codes:  # a missing value too: drop those first (`.dropna()`)
        if not isinstance(c, str) or not ISO3.fullmatch(c):
            raise ValueError(f"{c!r} is not an ISO 3166-1 alpha-3 code (three capital letters)")
    cown, gwn = _convert(codes)
    return pd.DataFrame(
        {
            "iso3": pd.array(list(codes), dtype=text_dtype()),
            "cown": pd.array(list(cown), dtype="Int64"),
            "gwcode": pd.array(list(gwn), dtype="Int64"),
        }
    )


def add_dyad_codes(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with the dyad's ISO codes and COW numbers as its last columns (``DYAD_COLUMNS``)."""
    import pandas as pd

    out = panel.copy()
    for column, code in zip(("iso3_1", "iso3_2"), DYAD, strict=True):
        out[column] = pd.array([code] * len(out), dtype=text_dtype())
    try:
        cown = country_codes(DYAD)["cown"].tolist()
    except ImportError:
        warnings.warn(f"crrd.yearly(): ccode1 and ccode2 are missing: {install_hint('codes')}", stacklevel=3)
        cown = [pd.NA, pd.NA]
    out["ccode1"] = pd.array([cown[0]] * len(out), dtype="Int64")
    out["ccode2"] = pd.array([cown[1]] * len(out), dtype="Int64")
    return out
