"""Country codes for merging: COW and GW numbers from the countrycode converter, checked against known values."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

import crrd

pytest.importorskip("countrycode")


def test_the_dyad_in_the_yearly_panel() -> None:
    panel = crrd.yearly(start=2000, end=2002)
    assert list(panel.columns[-4:]) == ["iso3_1", "iso3_2", "ccode1", "ccode2"]
    assert panel[["iso3_1", "iso3_2"]].drop_duplicates().values.tolist() == [["CHN", "RUS"]]
    assert panel["ccode1"].tolist() == [710, 710, 710] and panel["ccode2"].tolist() == [365, 365, 365]
    assert str(panel["ccode1"].dtype) == "Int64"


def test_country_codes_known_values() -> None:
    """Where COW and GW agree and where they differ (Germany: COW 255, GW 260), and where neither has a number."""
    codes = crrd.country_codes(["CHN", "RUS", "KAZ", "DEU", "USA", "PRK", "CHN", "PSE"])
    assert codes["iso3"].tolist() == ["CHN", "RUS", "KAZ", "DEU", "USA", "PRK", "PSE"]  # distinct, in order
    assert codes["cown"].tolist() == [710, 365, 705, 255, 2, 731, pd.NA]
    assert codes["gwcode"].tolist() == [710, 365, 705, 260, 2, 731, pd.NA]
    assert [str(t) for t in codes.dtypes] == [str(crrd.load("events")["title"].dtype), "Int64", "Int64"]


def test_every_participant_of_the_military_activities_has_a_cow_number() -> None:
    """The dataset's country columns are ISO codes of states: each has a COW number (no territory among them)."""
    mil = crrd.load("military_activities")
    states = mil["participants"].str.split(";").explode().unique()
    codes = crrd.country_codes(states)
    assert len(codes) == len(states) and codes["cown"].notna().all(), codes[codes["cown"].isna()]


@pytest.mark.parametrize("bad", ["chn", "CN", "CHINA", None, 710])
def test_country_codes_refuses_what_is_not_an_iso3_code(bad: object) -> None:
    with pytest.raises(ValueError, match=rf"^{bad!r} is not an ISO 3166-1 alpha-3 code \(three capital letters\)$"):
        crrd.country_codes(["CHN", bad])


def test_without_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """country_codes names the extra; the yearly panel still comes, with missing COW numbers and a warning."""
    from crrd.codes import _convert

    _convert.cache_clear()
    monkeypatch.setitem(sys.modules, "countrycode", None)  # `import countrycode` raises ImportError
    with pytest.raises(
        ImportError, match=r"^crrd.country_codes needs countrycode: pip install 'crrd-dataset\[codes\]'"
    ):
        crrd.country_codes(["CHN"])
    with pytest.warns(UserWarning, match=r"crrd.yearly\(\): ccode1 and ccode2 are missing: pip install"):
        panel = crrd.yearly(start=2000, end=2001)
    assert panel["ccode1"].isna().all() and panel["iso3_1"].tolist() == ["CHN", "CHN"]
    _convert.cache_clear()
