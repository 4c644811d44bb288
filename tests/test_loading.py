"""Typed loaders: dtypes derived from the schemas, known values, errors, no heavy imports."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

import crrd

TABLES = [
    "sources", "military_activities", "arms_transfers", "leader_meetings", "agreements", "unsc_vetoes",
    "trade_annual", "energy_trade", "energy_projects", "events", "indicators", "claims",
]  # fmt: skip


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
            expected = {"string": "str", "integer": "Int64", "number": "float64", "boolean": "boolean",
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


def test_unknown_category_is_never_a_silent_nan(tmp_path, monkeypatch) -> None:
    import shutil

    from crrd import metadata

    root = tmp_path / "pkg"
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copy(ROOT / "datapackage.json", root)
    text = (root / "data/events.csv").read_text().splitlines()
    cols = text[0].split(",")
    monkeypatch.setattr(metadata, "installed_package", lambda: metadata.read_package(root))
    monkeypatch.setattr("crrd.loading.installed_package", lambda: metadata.read_package(root))
    df = crrd.load("events")
    value = str(df["category"].iloc[0])
    (root / "data/events.csv").write_text((root / "data/events.csv").read_text().replace(f",{value},", ",gossip,", 1))
    with pytest.raises(ValueError, match="column 'category' has 'gossip'"):
        crrd.load("events")
    assert "category" in cols


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
