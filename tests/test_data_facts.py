"""Facts of the data that must not regress (issues 3 and 4). Each number here was checked against its sources."""

from __future__ import annotations

import csv
from decimal import Decimal

import pandas as pd
import pytest
from conftest import ROOT

import crrd


@pytest.fixture(scope="module")
def mil() -> pd.DataFrame:
    return crrd.load("military_activities")


def test_joint_air_patrols_are_numbered_without_gaps(mil) -> None:
    air = mil[mil["activity_type"] == "air_patrol"].sort_values("start_date")
    first = air.iloc[0]
    assert (first["start_date"], first["sequence_number"]) == (pd.Timestamp("2019-07-23"), 1)
    numbers = air["sequence_number"].tolist()
    # The 5th (2022-11-30) is in the data but no official source numbers it: its place is between the 4th and 6th.
    assert numbers == [1, 2, 3, 4, pd.NA, 6, 7, 8, 9, 10]
    unnumbered = air[air["sequence_number"].isna()]
    assert unnumbered["start_date"].tolist() == [pd.Timestamp("2022-11-30")]
    assert air["start_date"].is_monotonic_increasing
    assert air["start_date"].max() == pd.Timestamp("2025-12-09")  # the 10th


def test_joint_naval_patrols_are_numbered_without_gaps(mil) -> None:
    naval = mil[(mil["activity_type"] == "naval_patrol") & mil["sequence_number"].notna()].sort_values("start_date")
    assert naval["sequence_number"].tolist() == [1, 2, 3, 4, 5, 6]
    assert naval.iloc[0]["start_date"] == pd.Timestamp("2021-10-17")
    assert naval.iloc[0]["end_date"] == pd.Timestamp("2021-10-23")


def test_counts_per_activity_type(mil) -> None:
    counts = mil["activity_type"].value_counts().to_dict()
    assert counts["air_patrol"] == 10
    assert counts["naval_patrol"] == 7  # six numbered patrols and the first joint submarine patrol (2025)
    assert counts["coast_guard_patrol"] >= 1
    assert counts["exercise"] >= 49
    assert len(mil) >= 69


def test_no_activity_ends_before_it_starts_and_all_have_both_sides(mil) -> None:
    both = mil.dropna(subset=["end_date"])
    assert (both["end_date"] >= both["start_date"]).all()
    assert mil["participants"].str.split(";").map(lambda p: {"CHN", "RUS"} <= set(p)).all()


def test_known_exercises(mil) -> None:
    by_name = mil.set_index("name")
    z = by_name.loc["Zapad/Interaction-2021"]
    assert (z["start_date"], z["end_date"], z["host"]) == (
        pd.Timestamp("2021-08-09"),
        pd.Timestamp("2021-08-13"),
        "CHN",
    )
    js = by_name.loc["Joint Sea-2022"]
    assert (js["start_date"], js["end_date"], js["sequence_number"]) == (
        pd.Timestamp("2022-12-21"),
        pd.Timestamp("2022-12-27"),
        11,
    )


def test_first_of_kind_activities_are_marked_in_their_own_rows(mil) -> None:
    """One fact, one place: the first joint air and naval patrols are rows of military_activities, marked there
    (the events that restated them were merged into these rows and retired)."""
    first_air = mil[(mil["activity_type"] == "air_patrol") & (mil["sequence_number"] == 1)].iloc[0]
    assert (first_air["id"], str(first_air["start_date"].date())) == ("mil-0029", "2019-07-23")
    assert first_air["first_of_kind"] == "first joint strategic air patrol"
    first_naval = mil[(mil["activity_type"] == "naval_patrol") & (mil["sequence_number"] == 1)].iloc[0]
    assert (first_naval["id"], first_naval["first_of_kind"]) == ("mil-0039", "first joint naval patrol")
    retired = {r["id"]: r["replaced_by"] for r in csv.DictReader((ROOT / "retired_ids.csv").open(encoding="utf-8"))}
    assert retired["evt-0053"] == "mil-0029" and retired["evt-0071"] == "mil-0039"


def test_arms_transfers_and_sipri_shares() -> None:
    arms = crrd.load("arms_transfers")
    assert len(arms) >= 25
    assert arms["order_year"].dropna().min() <= 1992
    ind = crrd.load("indicators")
    share = ind[ind["indicator"] == "russia_share_of_china_arms_imports"].set_index("period_start")
    assert share.loc[pd.Timestamp("2014-01-01"), "value"] == 70.0
    assert share.loc[pd.Timestamp("2019-01-01"), "value"] == 77.0
    assert set(share["reporter"]) == {"SIPRI"}


@pytest.mark.parametrize(
    ("table", "name"), [("trade_annual", "china_customs"), ("energy_trade", "crude_oil_china_customs")]
)
def test_yearly_series_gaps_are_exactly_the_years_without_a_row(table: str, name: str) -> None:
    """One row a year: the declared gap years (schemas, README) are the years with no row, no more, no fewer.
    Filling a year fails until its gap is taken out of the schema (and the README regenerated)."""
    from crrd.coverage import series

    s = series(table, name)
    df = crrd.load(table)
    mask = pd.Series(True, index=df.index)
    for col, allowed in s.rows.items():
        mask &= df[col].astype(str).isin(allowed)
    have = set(df[mask]["year"])
    declared = {y for g in s.gaps if g.rows_missing for y in g.years}
    assert set(range(s.start.year, s.end.year + 1)) - have == declared


def test_exports_plus_imports_equal_the_total_within_rounding() -> None:
    def half_unit(text: str) -> Decimal:
        decimals = len(text.split(".")[1]) if "." in text else 0
        return Decimal(5) / Decimal(10) ** (decimals + 1)

    checked = 0
    with (ROOT / "data" / "trade_annual.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            parts = [row["total_usd_bn"], row["cn_to_ru_usd_bn"], row["ru_to_cn_usd_bn"]]
            if not all(parts):
                continue
            total, cn, ru = (Decimal(p) for p in parts)
            tolerance = sum(half_unit(p) for p in parts)
            assert abs(cn + ru - total) <= tolerance, row["id"]
            checked += 1
    assert checked >= 10


def test_known_trade_and_energy_figures() -> None:
    trade = crrd.load("trade_annual").set_index("id")
    assert trade.loc["trd-2023-chn", "total_usd_bn"] == 240.11
    assert trade.loc["trd-2024-chn", ["total_usd_bn", "cn_to_ru_usd_bn", "ru_to_cn_usd_bn"]].tolist() == [
        244.81,
        115.49,
        129.32,
    ]
    assert trade.loc["trd-2008-chn", "total_usd_bn"] == 56.83
    assert trade.loc["trd-2011-chn", "total_usd_bn"] == 79.2
    assert trade.loc["trd-1999-chn", ["total_usd_bn", "cn_to_ru_usd_bn", "ru_to_cn_usd_bn"]].tolist() == [
        5.72,
        1.5,
        4.2,
    ]
    energy = crrd.load("energy_trade").set_index("id")
    assert energy.loc["enr-2024-crude_oil-chn", ["quantity", "russia_rank"]].tolist() == [108.47, 1]
    assert str(energy.loc["enr-2024-crude_oil-chn", "unit"]) == "million_tonnes"
    assert energy.loc["enr-2015-crude_oil-chn", "quantity"] == 42.43
    assert energy.loc["enr-2023-coal-chn", "quantity"] == 102.13
    gas = energy[(energy["commodity"] == "pipeline_gas") & (energy["reporter"] == "RUS")]
    assert gas["year"].min() <= 2020 and len(gas) >= 6


def test_energy_projects_and_milestones() -> None:
    projects = crrd.load("energy_projects")
    assert len(projects) >= 12
    pos = projects[projects["name"].str.startswith("Power of Siberia gas pipeline")].iloc[0]
    assert (pos["capacity"], str(pos["capacity_unit"]), pos["operation_start_year"]) == (38.0, "bcm_per_year", 2019)
    events = crrd.load("events")
    first_gas = events[events["title"].str.contains("Power of Siberia") & (events["start_date"] == "2019-12-02")]
    assert len(first_gas) == 1


def test_no_drafting_ids_or_remarks_left_in_the_text() -> None:
    """Rows were drafted under temporary ids (DP-504, TR-s012, ...) with remarks for a reviewer; the published
    text cites the dataset's own ids and speaks to users."""
    import re

    draft_id = re.compile(r"\b(?:[A-Z]{2}|[A-Z][0-9])-(?:s|[A-Z])?[0-9]{3}\b|\b[Rr]eviewer\b|gaps\.md|\bhelper\b")
    found = []
    for path in sorted((ROOT / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for line, row in enumerate(csv.reader(fh), start=1):
                found += [f"{path.name}:{line}: {m}" for cell in row for m in draft_id.findall(cell)]
    assert found == []


# Official counts of Xi-Putin meetings (date of the meeting counted, count), each from a retrieved source in the
# meetings' notes: CCTV (24th, 2018), Xi (37th, 2021; 42nd, 2023), Xinhua (38th, 2022; 40 before March 2023),
# China's ambassador (44 by July 2024). The table description states the counting rule these follow.
OFFICIAL_COUNTS = [("2018-06-08", 24), ("2021-12-15", 37), ("2022-02-04", 38), ("2023-03-19", 40), ("2023-10-18", 42), ("2024-07-03", 44)]  # fmt: skip


@pytest.mark.parametrize(("day", "count"), OFFICIAL_COUNTS)
def test_xi_putin_meetings_reconcile_with_the_official_counts(day: str, count: int) -> None:
    m = crrd.load("leader_meetings")
    met = m[(m["level"] == "head_of_state") & (m["format"] != "phone_call") & (m["start_date"] >= "2013-03-14")]
    assert met[met["start_date"] <= day]["start_date"].nunique() == count


def test_heads_of_government_series_is_consecutive() -> None:
    m = crrd.load("leader_meetings")
    hog = m[m["level"] == "head_of_government"].sort_values("start_date")
    assert len(hog) == 30 and hog["official_count"].isna().sum() == 2  # the 1st and 2nd: no source numbers them
    assert [str(d.date()) for d in hog["start_date"].iloc[:2]] == ["1996-12-26", "1997-06-27"]
    assert hog["official_count"].dropna().tolist() == list(range(3, 31))
    assert set(hog["china_leader"]) >= {"Li Peng", "Zhu Rongji", "Wen Jiabao", "Li Keqiang", "Li Qiang"}


def test_heads_of_state_meetings_reach_back_to_1992() -> None:
    m = crrd.load("leader_meetings")
    hos = m[m["level"] == "head_of_state"]
    first = hos.sort_values("start_date").iloc[0]
    assert (first["start_date"].year, first["russia_leader"], first["china_leader"]) == (
        1992,
        "Boris Yeltsin",
        "Yang Shangkun",
    )
    assert crrd.yearly().set_index("year").loc[1992, "leader_meetings_in_person"] == 1
