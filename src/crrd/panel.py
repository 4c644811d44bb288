"""``crrd.yearly()``: one row per year with the counts an analyst of the relationship wants first.

Derived from the base tables at call time, never stored. ``PANEL_COLUMNS`` is the one definition of
the panel's columns: it computes them and documents them in the codebook. Each column rests on one series
that a schema declares (``crrd.coverage``): outside the years that series covers completely, and in its
years with known missing rows, the value is missing, never 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crrd.loading import load

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class PanelColumn:
    name: str
    description: str
    compute: Callable[[dict[str, pd.DataFrame]], pd.Series]  # values indexed by year
    series: tuple[str, str]  # (table, series) whose declared coverage says which years are known


def _count(table: str, date: str, where: Callable[[pd.DataFrame], pd.Series] | None = None):
    def compute(frames: dict[str, pd.DataFrame]) -> pd.Series:
        df = frames[table]
        if where is not None:
            df = df[where(df).fillna(False).astype(bool)]
        return df.groupby(df[date].dt.year).size()

    return compute


def _is(column: str, *values: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].isin(values)


def _all(*conditions: Callable[[pd.DataFrame], pd.Series]) -> Callable[[pd.DataFrame], pd.Series]:
    def where(df: pd.DataFrame) -> pd.Series:
        out = conditions[0](df)
        for c in conditions[1:]:
            out = out & c(df)
        return out

    return where


def _vetoed_by(china: bool, russia: bool) -> Callable[[pd.DataFrame], pd.Series]:
    def where(df: pd.DataFrame) -> pd.Series:
        items = df["vetoed_by"].str.split(";")
        has_c = items.map(lambda xs: "CHN" in xs)
        has_r = items.map(lambda xs: "RUS" in xs)
        if china and russia:
            return has_c & has_r
        return has_c if china else has_r

    return where


def _value(table: str, column: str, where: Callable[[pd.DataFrame], pd.Series]):
    def compute(frames: dict[str, pd.DataFrame]) -> pd.Series:
        df = frames[table]
        df = df[where(df).fillna(False).astype(bool)]
        return df.set_index("year")[column]

    return compute


IN_PERSON = ("state_visit", "official_visit", "working_visit", "summit_sidelines", "other")

MIL, HOS, CALLS = (
    ("military_activities", "all"),
    ("leader_meetings", "heads_of_state"),
    ("leader_meetings", "phone_calls"),
)
HOG = ("leader_meetings", "heads_of_government")
AGR, VET = ("agreements", "all"), ("unsc_vetoes", "all")
TRADE, CRUDE = ("trade_annual", "china_customs"), ("energy_trade", "crude_oil_china_customs")

PANEL_COLUMNS: tuple[PanelColumn, ...] = (
    PanelColumn("military_activities", "Joint military activities starting in the year (all types but competitions).",
                _count("military_activities", "start_date", lambda d: d["activity_type"] != "competition"), MIL),
    PanelColumn("exercises", "Joint exercises starting in the year.", _count("military_activities", "start_date", _is("activity_type", "exercise")), MIL),
    PanelColumn("air_patrols", "Joint strategic air patrols.", _count("military_activities", "start_date", _is("activity_type", "air_patrol")), MIL),
    PanelColumn("naval_patrols", "Joint naval patrols.", _count("military_activities", "start_date", _is("activity_type", "naval_patrol")), MIL),
    PanelColumn("coast_guard_patrols", "Joint coast guard patrols.", _count("military_activities", "start_date", _is("activity_type", "coast_guard_patrol")), MIL),
    PanelColumn("leader_meetings_in_person", "Meetings of the heads of state in person (visits, summit sidelines, other).",
                _count("leader_meetings", "start_date", _all(_is("level", "head_of_state"), _is("format", *IN_PERSON))), HOS),
    PanelColumn("state_visits", "State visits.", _count("leader_meetings", "start_date", _all(_is("level", "head_of_state"), _is("format", "state_visit"))), HOS),
    PanelColumn("summit_sideline_meetings", "Meetings on the sidelines of summits.", _count("leader_meetings", "start_date", _all(_is("level", "head_of_state"), _is("format", "summit_sidelines"))), HOS),
    PanelColumn("video_calls", "Video calls of the heads of state.", _count("leader_meetings", "start_date", _all(_is("level", "head_of_state"), _is("format", "video_call"))), HOS),
    PanelColumn("phone_calls", "Phone calls of the heads of state; a lower bound (calls are thinly sourced), missing where none is recorded.", _count("leader_meetings", "start_date", _all(_is("level", "head_of_state"), _is("format", "phone_call"))), CALLS),
    PanelColumn("government_regular_meetings", "Numbered regular meetings of the heads of government (premier and prime minister).",
                _count("leader_meetings", "start_date", _is("level", "head_of_government")), HOG),
    PanelColumn("agreements_signed", "Agreements signed in the year (all types); a lower bound (the table is a growing selection), missing where none is recorded.", _count("agreements", "signed_date"), AGR),
    PanelColumn("vetoes_by_china", "UN Security Council drafts vetoed by China (alone or with others).", _count("unsc_vetoes", "vote_date", _vetoed_by(True, False)), VET),
    PanelColumn("vetoes_by_russia", "UN Security Council drafts vetoed by Russia (alone or with others).", _count("unsc_vetoes", "vote_date", _vetoed_by(False, True)), VET),
    PanelColumn("joint_vetoes", "UN Security Council drafts vetoed by both China and Russia.", _count("unsc_vetoes", "vote_date", _vetoed_by(True, True)), VET),
    PanelColumn("trade_total_usd_bn", "Total goods trade in US$ billion, China's customs (trade_annual, reporter CHN).",
                _value("trade_annual", "total_usd_bn", _is("reporter", "CHN")), TRADE),
    PanelColumn("crude_oil_imports_mt", "China's crude oil imports from Russia in million tonnes, China's customs (energy_trade; a year given in another unit is missing).",
                _value("energy_trade", "quantity", lambda d: d["commodity"].eq("crude_oil") & d["reporter"].eq("CHN") & d["unit"].eq("million_tonnes")), CRUDE),
)  # fmt: skip

COUNTS = {c.name for c in PANEL_COLUMNS if not c.name.endswith(("_usd_bn", "_mt"))}


def known_years(column: PanelColumn) -> set[int]:
    """Years in which the column's value is known: counts need complete rows, values the declared period."""
    from crrd.coverage import series

    s = series(*column.series)
    if column.name in COUNTS and s.complete:
        return s.covered_years()
    return set(range(s.start.year, s.end.year + 1))


def is_lower_bound(column: PanelColumn) -> bool:
    """A count from a series that is not complete: the rows found, so 0 means none recorded, not none."""
    from crrd.coverage import series

    return column.name in COUNTS and not series(*column.series).complete


def yearly(start: int = 1992, end: int | None = None) -> pd.DataFrame:
    """One row per year from ``start`` to ``end`` (default: the last year of any declared coverage).

    A count is missing (``<NA>``) in a year its series does not cover completely (before the series starts,
    after it ends, or in a year with known missing rows); a value is missing where no row gives it."""
    import pandas as pd

    frames = {name: load(name) for name in ("military_activities", "leader_meetings", "agreements", "unsc_vetoes",
                                             "trade_annual", "energy_trade")}  # fmt: skip
    known = {c.name: known_years(c) for c in PANEL_COLUMNS}
    last = max(max(k) for k in known.values() if k)
    years = pd.RangeIndex(start, (end if end is not None else last) + 1, name="year")
    out = pd.DataFrame(index=years)
    for c in PANEL_COLUMNS:
        s = c.compute(frames).reindex(years)
        inside = years.isin(sorted(known[c.name]))
        if c.name in COUNTS:
            counts = s.fillna(0).astype("Int64").where(inside, pd.NA)
            # from a series that is not complete, 0 would read as "none": only the rows found are shown
            out[c.name] = counts.where(counts > 0, pd.NA) if is_lower_bound(c) else counts
        else:
            out[c.name] = s.astype("float64").where(inside)
    out = out.reset_index().astype({"year": "Int64"})

    # --- The dyad's country codes (iso3_1, iso3_2, ccode1, ccode2) for merging: crrd.codes, extra `codes` ---
    from crrd.codes import add_dyad_codes

    return add_dyad_codes(out)
