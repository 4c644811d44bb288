"""For analysts: exports that round-trip, polars and pyarrow backends, the yearly panel, the figures."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest
from conftest import ROOT

import crrd
from crrd.cli import main
from crrd.exporting import coerce
from crrd.metadata import installed_package

TABLES = crrd.tables()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("export")
    for fmt in ("parquet", "sqlite", "duckdb", "xlsx", "json"):
        assert main(["export", "--format", fmt, str(out / fmt)]) == 0
    return out


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    a = a.copy()
    a.attrs = b.attrs = {}
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=True)


@pytest.mark.parametrize("name", TABLES)
def test_parquet_keeps_types_as_they_are(exported, name: str) -> None:
    back = pd.read_parquet(exported / "parquet" / f"{name}.parquet")
    same(back, crrd.load(name))  # no coercion: dates, categories (all of them), Int64 survive by themselves


@pytest.mark.parametrize("name", TABLES)
def test_sqlite_round_trip(exported, name: str) -> None:
    con = sqlite3.connect(exported / "sqlite" / "crrd.sqlite")
    back = pd.read_sql_query(f'SELECT * FROM "{name}"', con)
    same(coerce(back, installed_package().tables[name]), crrd.load(name))


@pytest.mark.parametrize("name", TABLES)
def test_duckdb_round_trip(exported, name: str) -> None:
    import duckdb

    con = duckdb.connect(str(exported / "duckdb" / "crrd.duckdb"), read_only=True)
    back = con.execute(f'SELECT * FROM "{name}"').df()
    same(coerce(back, installed_package().tables[name]), crrd.load(name))


@pytest.mark.parametrize("name", ["military_activities", "trade_annual", "arms_transfers"])
def test_xlsx_and_json_round_trip(exported, name: str) -> None:
    table = installed_package().tables[name]
    xl = pd.read_excel(exported / "xlsx" / "crrd.xlsx", sheet_name=name)
    same(coerce(xl, table), crrd.load(name))
    js = pd.DataFrame(json.loads((exported / "json" / f"{name}.json").read_text()))
    same(coerce(js, table), crrd.load(name))


def test_sqlite_declares_keys_checks_and_descriptions(exported) -> None:
    con = sqlite3.connect(exported / "sqlite" / "crrd.sqlite")
    fks = con.execute("PRAGMA foreign_key_list(military_activities)").fetchall()
    assert [(r[2], r[3], r[4]) for r in fks] == [("sources", "source_id", "id")]
    pk = [r[1] for r in con.execute("PRAGMA table_info(events)").fetchall() if r[5]]
    assert pk == ["id"]
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(
            "INSERT INTO trade_annual (id, year, reporter, source_id) VALUES ('trd-1900-chn', 1900, 'XXX', 'src-0001')"
        )
    desc = con.execute(
        "SELECT description FROM _crrd_fields WHERE table_name='trade_annual' AND field='total_usd_bn'"
    ).fetchone()[0]
    assert desc == "Total goods trade (turnover) in US$ billion."
    assert con.execute("SELECT version FROM _crrd_version").fetchone()[0] == crrd.__version__


def test_duckdb_declares_keys_and_comments(exported) -> None:
    import duckdb

    con = duckdb.connect(str(exported / "duckdb" / "crrd.duckdb"), read_only=True)
    comment = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name='trade_annual' AND column_name='reporter'"
    ).fetchone()[0]
    assert comment.startswith("Whose figures: `CHN`, China's side")
    kinds = {
        r[0]
        for r in con.execute("SELECT constraint_type FROM duckdb_constraints() WHERE table_name='events'").fetchall()
    }
    assert {"PRIMARY KEY", "FOREIGN KEY"} <= kinds


README_QUERIES = [q.strip() for q in (ROOT / "README.md").read_text().split("```sql")[1:]]


@pytest.mark.parametrize("query", [q.split("```")[0] for q in README_QUERIES])
def test_readme_sql_examples_run(exported, query: str) -> None:
    con = sqlite3.connect(exported / "sqlite" / "crrd.sqlite")
    rows = con.execute(query).fetchall()
    assert rows, query


def test_export_rejects_an_unknown_format(tmp_path) -> None:
    with pytest.raises(
        ValueError, match="unknown export format 'csvx'; use one of: parquet, sqlite, duckdb, xlsx, json, stata"
    ):
        crrd.export("csvx", str(tmp_path))


@pytest.mark.parametrize("name", TABLES)
def test_polars_has_the_same_types(name: str) -> None:
    import polars as pl

    df = crrd.load(name, backend="polars")
    pdf = crrd.load(name)
    assert df.columns == list(pdf.columns) and df.height == len(pdf)
    for f in installed_package().tables[name].fields:
        dtype = df.schema[f.name]
        if f.enum:
            assert dtype == pl.Enum(list(f.enum))
        else:
            want = {"string": pl.String, "integer": pl.Int64, "number": pl.Float64, "boolean": pl.Boolean,
                    "date": pl.Datetime("us")}[f.type]  # fmt: skip
            assert dtype == want, f.name
    assert df.to_pandas()["id"].tolist() == pdf["id"].tolist()


def test_pyarrow_backend_and_bad_backend() -> None:
    t = crrd.load("events", backend="pyarrow")
    assert str(t.schema.field("start_date").type) == "timestamp[us]"
    assert t.schema.field("category").type.value_type == "string"
    with pytest.raises(ValueError, match="unknown backend 'spark'; use one of: pandas, polars, pyarrow"):
        crrd.load("events", backend="spark")


def test_yearly_panel_agrees_with_the_base_tables() -> None:
    from crrd.coverage import series

    panel = crrd.yearly().set_index("year")
    mil = crrd.load("military_activities")
    covered = series("military_activities", "all").covered_years()
    for kind, col in (("air_patrol", "air_patrols"), ("naval_patrol", "naval_patrols"), ("exercise", "exercises")):
        by_year = mil[mil["activity_type"] == kind]["start_date"].dt.year.value_counts()
        for year, n in by_year.items():
            if year in covered:
                assert panel.loc[year, col] == n
            else:  # a year with known missing rows, or after the covered period: missing, not a number
                assert pd.isna(panel.loc[year, col]) if year in panel.index else year > max(covered)
        assert int(panel[col].sum()) == int(by_year[by_year.index.isin(covered)].sum())
    assert panel.loc[2019, "air_patrols"] == 1  # the first joint strategic air patrol, 2019-07-23
    assert panel.loc[2017, "air_patrols"] == 0
    trade = crrd.load("trade_annual")
    chn = trade[trade["reporter"] == "CHN"].set_index("year")["total_usd_bn"]
    assert panel.loc[2023, "trade_total_usd_bn"] == chn.loc[2023]
    vetoes = crrd.load("unsc_vetoes")
    joint = vetoes["vetoed_by"].str.contains("CHN") & vetoes["vetoed_by"].str.contains("RUS")
    vcovered = series("unsc_vetoes", "all").covered_years()
    assert int(panel["joint_vetoes"].sum()) == int(joint[vetoes["vote_date"].dt.year.isin(vcovered)].sum())
    assert str(panel["exercises"].dtype) == "Int64" and str(panel["trade_total_usd_bn"].dtype) == "float64"


def test_no_yearly_value_outside_coverage_is_zero() -> None:
    """Gaps are data: a year a column's series does not cover completely is missing, never 0."""
    from crrd.panel import PANEL_COLUMNS, known_years

    panel = crrd.yearly(start=1949, end=2030).set_index("year")
    for c in PANEL_COLUMNS:
        known = known_years(c)
        outside = panel.loc[~panel.index.isin(sorted(known)), c.name]
        assert outside.isna().all(), (c.name, outside.dropna().to_dict())
    assert pd.isna(panel.loc[2007, "leader_meetings_in_person"])  # a year with meetings known to be missing
    assert pd.isna(panel.loc[1991, "leader_meetings_in_person"])  # before the series starts
    assert pd.isna(panel.loc[2023, "phone_calls"])  # a lower-bound series: none recorded is not none
    assert pd.isna(panel.loc[2026, "military_activities"])  # the partial current year
    assert pd.isna(panel.loc[1999, "military_activities"])  # the table starts in 2003
    assert panel.loc[2004, "military_activities"] == 0  # covered, and none happened


def test_yearly_columns_are_in_the_codebook() -> None:
    from crrd.codes import DYAD_COLUMNS
    from crrd.panel import PANEL_COLUMNS

    codebook = (ROOT / "docs" / "codebook.md").read_text()
    dyad = [name for name, _ in DYAD_COLUMNS]
    assert list(crrd.yearly().columns) == ["year", *(c.name for c in PANEL_COLUMNS), *dyad]
    for c in PANEL_COLUMNS:
        assert f"| `{c.name}` | {c.description} |" in codebook
    for name, description in DYAD_COLUMNS:
        assert f"| `{name}` | {description} |" in codebook


def test_figures_render(tmp_path) -> None:
    from crrd.plotting import FIGURES

    assert main(["plot", str(tmp_path)]) == 0
    for name in FIGURES:
        data = (tmp_path / f"{name}.png").read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 10_000


def test_readme_shows_the_figures() -> None:
    from crrd.plotting import FIGURES

    readme = (ROOT / "README.md").read_text()
    for name in FIGURES:
        assert f"(docs/figures/{name}.png)" in readme
        assert (ROOT / "docs" / "figures" / f"{name}.png").is_file()


def _png_text(path) -> dict[str, str]:
    """The tEXt chunks of a PNG file."""
    import struct

    data, out, pos = path.read_bytes(), {}, 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            out[key.decode("latin-1")] = value.decode("latin-1")
        pos += 12 + length
    return out


def test_readme_figures_are_current() -> None:
    """The README's figures were drawn from this version's data; after a data change, `crrd plot docs/figures`."""
    from crrd.plotting import FIGURES, data_stamp

    for name in FIGURES:
        stamp = _png_text(ROOT / "docs" / "figures" / f"{name}.png").get("Description")
        assert stamp == data_stamp(), f"docs/figures/{name}.png is stale: run `crrd plot docs/figures`"


def test_timeline_lists_every_dated_row_exactly_once() -> None:
    t = crrd.timeline()
    assert list(t.columns) == ["id", "table", "start_date", "end_date", "date_precision", "category", "title"]
    assert t["id"].is_unique
    for table in ("events", "military_activities", "leader_meetings", "agreements", "unsc_vetoes"):
        assert set(t[t["table"] == table]["id"]) == set(crrd.load(table)["id"]), table
    arms = crrd.load("arms_transfers")
    assert set(t[t["table"] == "arms_transfers"]["id"]) == set(arms[arms["order_year"].notna()]["id"])
    assert t["start_date"].is_monotonic_increasing
    first = t[t["id"] == "mil-0029"].iloc[0]
    assert (str(first["start_date"].date()), first["category"]) == ("2019-07-23", "military")


def test_panel_counts_the_timeline_rows() -> None:
    """The panel and the timeline rest on the same rows: a covered year's count of joint activities is the
    number of military_activities rows in the timeline that year, so nothing is counted twice."""
    t = crrd.timeline()
    panel = crrd.yearly().set_index("year")
    mil = t[t["table"] == "military_activities"]["start_date"].dt.year.value_counts()
    for year, n in panel["military_activities"].dropna().items():
        assert n == mil.get(year, 0), year
    vetoes = t[t["table"] == "unsc_vetoes"]["start_date"].dt.year.value_counts()
    both = panel["vetoes_by_china"].fillna(0) + panel["vetoes_by_russia"].fillna(0) - panel["joint_vetoes"].fillna(0)
    for year, n in both.items():
        if not pd.isna(panel.loc[year, "joint_vetoes"]):
            assert n == vetoes.get(year, 0), year
