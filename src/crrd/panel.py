"""``crrd.yearly()``: one row per year with the counts an analyst of the relationship wants first.

Derived from the base tables at call time, never stored. ``PANEL_COLUMNS`` is the one definition of
the panel's columns: it computes them and documents them in the codebook.
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


def _count(table: str, date: str, where: Callable[[pd.DataFrame], pd.Series] | None = None):
    def compute(frames: dict[str, pd.DataFrame]) -> pd.Series:
        df = frames[table]
        if where is not None:
            df = df[where(df).fillna(False).astype(bool)]
        return df.groupby(df[date].dt.year).size()

    return compute


def _is(column: str, *values: str) -> Callable[[pd.DataFrame], pd.Series]:
    return lambda df: df[column].isin(values)


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

PANEL_COLUMNS: tuple[PanelColumn, ...] = (
    PanelColumn("military_activities", "Joint military activities starting in the year (all types but competitions).",
                _count("military_activities", "start_date", lambda d: d["activity_type"] != "competition")),
    PanelColumn("exercises", "Joint exercises starting in the year.", _count("military_activities", "start_date", _is("activity_type", "exercise"))),
    PanelColumn("air_patrols", "Joint strategic air patrols.", _count("military_activities", "start_date", _is("activity_type", "air_patrol"))),
    PanelColumn("naval_patrols", "Joint naval patrols.", _count("military_activities", "start_date", _is("activity_type", "naval_patrol"))),
    PanelColumn("coast_guard_patrols", "Joint coast guard patrols.", _count("military_activities", "start_date", _is("activity_type", "coast_guard_patrol"))),
    PanelColumn("leader_meetings_in_person", "Meetings of the heads of state in person (visits, summit sidelines, other).",
                _count("leader_meetings", "start_date", _is("format", *IN_PERSON))),
    PanelColumn("state_visits", "State visits.", _count("leader_meetings", "start_date", _is("format", "state_visit"))),
    PanelColumn("summit_sideline_meetings", "Meetings on the sidelines of summits.", _count("leader_meetings", "start_date", _is("format", "summit_sidelines"))),
    PanelColumn("video_calls", "Video calls of the heads of state.", _count("leader_meetings", "start_date", _is("format", "video_call"))),
    PanelColumn("phone_calls", "Phone calls of the heads of state.", _count("leader_meetings", "start_date", _is("format", "phone_call"))),
    PanelColumn("agreements_signed", "Agreements signed in the year (all types).", _count("agreements", "signed_date")),
    PanelColumn("vetoes_by_china", "UN Security Council drafts vetoed by China (alone or with others).", _count("unsc_vetoes", "vote_date", _vetoed_by(True, False))),
    PanelColumn("vetoes_by_russia", "UN Security Council drafts vetoed by Russia (alone or with others).", _count("unsc_vetoes", "vote_date", _vetoed_by(False, True))),
    PanelColumn("joint_vetoes", "UN Security Council drafts vetoed by both China and Russia.", _count("unsc_vetoes", "vote_date", _vetoed_by(True, True))),
    PanelColumn("trade_total_usd_bn", "Total goods trade in US$ billion, China's customs (trade_annual, reporter CHN); empty where not sourced.",
                _value("trade_annual", "total_usd_bn", _is("reporter", "CHN"))),
    PanelColumn("crude_oil_imports_mt", "China's crude oil imports from Russia in million tonnes, China's customs (energy_trade); empty where not sourced or given in another unit.",
                _value("energy_trade", "quantity", lambda d: d["commodity"].eq("crude_oil") & d["reporter"].eq("CHN") & d["unit"].eq("million_tonnes"))),
)  # fmt: skip

COUNTS = {c.name for c in PANEL_COLUMNS if not c.name.endswith(("_usd_bn", "_mt"))}


def yearly(start: int = 1992, end: int | None = None) -> pd.DataFrame:
    """One row per year from ``start`` to ``end`` (default: the last year with data); counts are 0, not missing."""
    import pandas as pd

    frames = {name: load(name) for name in ("military_activities", "leader_meetings", "agreements", "unsc_vetoes",
                                             "trade_annual", "energy_trade")}  # fmt: skip
    series = {c.name: c.compute(frames) for c in PANEL_COLUMNS}
    last = max(int(s.index.max()) for s in series.values() if len(s))
    years = pd.RangeIndex(start, (end if end is not None else last) + 1, name="year")
    out = pd.DataFrame(index=years)
    for c in PANEL_COLUMNS:
        s = series[c.name].reindex(years)
        out[c.name] = s.fillna(0).astype("Int64") if c.name in COUNTS else s.astype("float64")
    return out.reset_index().astype({"year": "Int64"})
