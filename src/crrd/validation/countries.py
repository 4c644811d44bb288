"""ISO 3166 alpha-3 codes from pycountry's maintained list (current and historic, e.g. SUN for the USSR)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    import pycountry

    codes = {c.alpha_3 for c in pycountry.countries}
    codes |= {c.alpha_3 for c in pycountry.historic_countries}
    return frozenset(codes)
