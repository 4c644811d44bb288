"""Typed loaders: dtypes derived from the schemas, known values, errors, no heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT, Pkg

import crrd

TABLES = [
    "sources", "military_activities", "arms_transfers", "leader_meetings", "agreements", "unsc_vetoes",
    "trade_annual", "energy_trade", "energy_projects", "events", "indicators", "claims",
]  # fmt: skip


# The documented text dtype: pandas 3's default `str`; on pandas 2, the nullable `string`.
TEXT = "str" if int(pd.__version__.split(".")[0]) >= 3 else "string"


@pytest.fixture(params=["csv", "arrow"])
def splitter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with each of the loader's two splitters."""
    import crrd.loading

    if request.param == "arrow":
        pytest.importorskip("pyarrow")
    monkeypatch.setattr(crrd.loading, "SPLIT_WITH_ARROW", 0 if request.param == "arrow" else 10**9)
    return str(request.param)


def test_tables() -> None:
    assert crrd.tables() == TABLES


def test_version_is_the_descriptors() -> None:
    assert crrd.__version__ == json.loads((ROOT / "datapackage.json").read_text())["version"]


@pytest.mark.parametrize("name", TABLES)
def test_dtypes_follow_the_schema(name: str) -> None:
    schema = json.loads((ROOT / "schemas" / f"{name}.json").read_text())
    df = crrd.load(name)
    assert list(df.columns) == [f["name"] for f in schema["fields"]]
    assert len(df) >= 3, f"{name} needs at least three real rows"
    for f in schema["fields"]:
        dtype = df.dtypes[f["name"]]
        enum = f.get("constraints", {}).get("enum")
        if enum:
            assert isinstance(dtype, pd.CategoricalDtype)
            assert list(dtype.categories) == enum
        else:
            expected = {"string": TEXT, "integer": "Int64", "number": "float64", "boolean": "boolean",
                        "date": "datetime64[us]"}[f["type"]]  # fmt: skip
            assert str(dtype) == expected, f["name"]


def test_unknown_table_lists_valid_names() -> None:
    with pytest.raises(crrd.UnknownTableError) as e:
        crrd.load("military_activity")
    assert str(e.value) == (
        "unknown table 'military_activity'. Did you mean 'military_activities'? Valid names: " + ", ".join(TABLES)
    )


def test_load_all_and_describe() -> None:
    frames = crrd.load_all()
    assert list(frames) == TABLES
    book = crrd.describe("trade_annual")
    assert list(book.columns) == ["field", "type", "dtype", "unit", "required", "constraints", "description"]
    row = book.set_index("field").loc["reporter"]
    assert (row["type"], row["dtype"], bool(row["required"])) == ("string", "category", True)
    assert row["constraints"] == "one of CHN, RUS"
    assert book.set_index("field").loc["total_usd_bn", "unit"] == "USD billion"


def test_unknown_category_is_never_a_silent_nan(pkg: Pkg, monkeypatch: pytest.MonkeyPatch, splitter: str) -> None:
    import crrd.loading
    from crrd import metadata

    pkg.set("events", 2, "category", "gossip")
    monkeypatch.setattr("crrd.loading.installed_package", lambda: metadata.read_package(pkg.root))
    with pytest.raises(ValueError, match=r"data/events.csv: column 'category' has 'gossip', not one of \['diplomatic'"):
        crrd.load("events")


def test_import_is_light() -> None:
    code = "import sys, crrd; crrd.tables(); print(sorted(m for m in ('pandas','pandera','frictionless','pycountry') if m in sys.modules))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"


def test_no_network_at_load() -> None:
    code = (
        "import socket\n"
        "def deny(*a, **k): raise RuntimeError('network access')\n"
        "socket.socket.connect = deny; socket.create_connection = deny; socket.getaddrinfo = deny\n"
        "import crrd; frames = crrd.load_all(); print(sum(len(f) for f in frames.values()))"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert int(r.stdout) > 0


@pytest.mark.parametrize("name", TABLES)
def test_every_cell_loads_as_written(name: str) -> None:
    """Each loaded value, written back in the CSV's notation, is the cell's text; an empty cell is missing.
    This holds on pandas 2 and 3 alike (CI runs it on both ends of the supported range)."""
    import csv

    from crrd.metadata import installed_package

    table = installed_package().tables[name]
    with (installed_package().root / table.path).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    df = crrd.load(name)
    assert len(df) == len(rows)
    for f in table.fields:
        col = df[f.name]
        for raw, value in zip((r[f.name] for r in rows), col.tolist(), strict=True):
            if raw == "":
                assert pd.isna(value), (f.name, value)
            elif f.type == "date":
                assert value.strftime("%Y-%m-%d") == raw
            elif f.type == "integer":
                assert int(value) == int(raw)
            elif f.type == "number":
                assert value == float(raw)
            elif f.type == "boolean":
                assert ("true" if value else "false") == raw
            else:
                assert value == raw


@pytest.mark.parametrize("name", TABLES)
def test_both_splitters_give_the_same_frame(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow")
    import crrd.loading

    monkeypatch.setattr(crrd.loading, "SPLIT_WITH_ARROW", 10**9)
    by_csv = crrd.load(name)
    monkeypatch.setattr(crrd.loading, "SPLIT_WITH_ARROW", 0)
    by_arrow = crrd.load(name)
    pd.testing.assert_frame_equal(by_csv, by_arrow, check_exact=True)
    assert by_csv.attrs == by_arrow.attrs == {"crrd_table": name}


def test_text_columns_have_the_documented_dtype() -> None:
    events = crrd.load("events")
    assert str(events["title"].dtype) == TEXT
    # missing text is missing, never the text "None" (as pandas 2's `str` would make it)
    assert events["related_ids"].isna().any()
    assert not events["related_ids"].isin(["None", "nan", ""]).any()


@pytest.mark.parametrize("bad", ["2021-02-30", "2021-02-3a", "2021/02/03", "2021-13-01", "2021-02", "21-02-03"])
def test_bad_dates_are_errors_in_the_loader(pkg: Pkg, monkeypatch: pytest.MonkeyPatch, bad: str, splitter: str) -> None:
    import crrd.loading
    from crrd import metadata

    monkeypatch.setattr("crrd.loading.installed_package", lambda: metadata.read_package(pkg.root))
    pkg.set("military_activities", 2, "start_date", bad)
    with pytest.raises(ValueError, match=rf"column 'start_date' has '{bad}', not a date YYYY-MM-DD"):
        crrd.load("military_activities")


@pytest.mark.parametrize(
    ("table", "column", "bad", "what"),
    [
        ("military_activities", "sequence_number", "two", "not an integer"),
        ("trade_annual", "total_usd_bn", "12 bn", "not a number"),
        ("arms_transfers", "licence_production", "yes", "not true or false"),
    ],
)
def test_bad_cells_are_errors_in_the_loader(
    pkg: Pkg, monkeypatch: pytest.MonkeyPatch, table: str, column: str, bad: str, what: str, splitter: str
) -> None:
    import crrd.loading
    from crrd import metadata

    monkeypatch.setattr("crrd.loading.installed_package", lambda: metadata.read_package(pkg.root))
    pkg.set(table, 2, column, bad)
    with pytest.raises(
        ValueError, match=rf"^\S*data/{table}.csv: column '{column}' has '{bad}', {what}; run `crrd validate`$"
    ):
        crrd.load(table)


BLOCK = (
    "import sys\n"
    "class Block:\n"
    "    def find_spec(self, name, path=None, target=None):\n"
    "        if name.split('.')[0] in {blocked!r}: raise ImportError(name)\n"
    "sys.meta_path.insert(0, Block())\n"
)


@pytest.mark.parametrize(
    ("code", "blocked", "message"),
    [
        (
            "import crrd.models",
            ["pandera"],
            "crrd.models needs pandera: pip install 'crrd-dataset[validate]' (from a clone: pip install '.[validate]')",
        ),
        (
            "import crrd; crrd.load('events', backend='polars')",
            ["polars"],
            "this backend needs polars: pip install 'crrd-dataset[polars]' (from a clone: pip install '.[polars]')",
        ),
        (
            "from crrd.plotting import plot; plot('out')",
            ["matplotlib"],
            "drawing figures needs matplotlib: pip install 'crrd-dataset[plot]' (from a clone: pip install '.[plot]')",
        ),
    ],
)
def test_a_missing_extra_names_itself(code: str, blocked: list[str], message: str, tmp_path) -> None:
    r = subprocess.run(
        [sys.executable, "-c", BLOCK.format(blocked=blocked) + code], capture_output=True, text=True, cwd=tmp_path
    )
    assert r.returncode == 1
    assert r.stderr.strip().splitlines()[-1] == f"ImportError: {message}"
    assert list(tmp_path.iterdir()) == []  # nothing written before the error
