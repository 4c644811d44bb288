"""Stata export: values, variable labels, value labels and dates survive a round trip through pandas.read_stata."""

from __future__ import annotations

import struct
from pathlib import Path

import pandas as pd
import pytest

import crrd
from crrd.cli import main
from crrd.exporting import coerce
from crrd.metadata import installed_package
from crrd.stata import STR_MAX, stata_label, write_dta

TABLES = crrd.tables()


@pytest.fixture(scope="module")
def dta(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("stata")
    assert main(["export", "--format", "stata", str(out)]) == 0
    return out


def read(path: Path) -> tuple[pd.DataFrame, dict, dict, str]:
    from pandas.io.stata import StataReader

    with StataReader(path) as r:
        df = r.read(convert_categoricals=False)
        return df, r.variable_labels(), r.value_labels(), r.data_label


def back_as_loaded(df: pd.DataFrame, value_labels: dict, name: str) -> pd.DataFrame:
    """The frame read back, in the loader's dtypes: codes to their labels, Stata's empty text to missing."""
    table = installed_package().tables[name]
    df = df.copy()
    for f in table.fields:
        if f.enum:
            df[f.name] = df[f.name].map(lambda c, f=f: None if pd.isna(c) else value_labels[f.name][int(c)])
        elif f.type == "string":
            df[f.name] = df[f.name].replace("", None)  # Stata has no missing text; the CSV has no empty text
    return coerce(df, table)


def test_one_file_per_table_and_the_fields_file(dta: Path) -> None:
    assert sorted(p.name for p in dta.iterdir()) == sorted([f"{n}.dta" for n in TABLES] + ["_crrd_fields.dta"])


@pytest.mark.parametrize("name", TABLES)
def test_round_trip(dta: Path, name: str) -> None:
    table = installed_package().tables[name]
    df, variable_labels, value_labels, data_label = read(dta / f"{name}.dta")
    assert list(df.columns) == table.field_names  # no variable was renamed
    loaded = crrd.load(name)
    back = back_as_loaded(df, value_labels, name)
    loaded.attrs = {}
    pd.testing.assert_frame_equal(back, loaded, check_exact=True)
    assert variable_labels == {f.name: stata_label(f.description) for f in table.fields}
    assert value_labels == {f.name: dict(enumerate(f.enum)) for f in table.fields if f.enum}
    assert data_label == table.title
    for f in table.fields:
        if f.type == "date":
            assert str(df[f.name].dtype).startswith("datetime64"), f.name  # %td, read back as dates


def test_known_values_and_labels(dta: Path) -> None:
    df, labels, value_labels, _ = read(dta / "military_activities.dta")
    first = df[df["id"] == "mil-0001"].iloc[0]
    assert first["start_date"] == pd.Timestamp("2003-08-06")
    assert value_labels["activity_type"][int(first["activity_type"])] == "exercise"
    assert value_labels["activity_type"] == {
        0: "exercise", 1: "air_patrol", 2: "naval_patrol", 3: "coast_guard_patrol", 4: "command_post", 5: "competition"
    }  # fmt: skip
    assert labels["id"] == "Stable identifier of the activity: mil- and four digits."
    assert labels["name"] == "Name of the activity as announced (for example Joint Sea-2012), or a short…"
    assert labels["activity_type"] == "Kind of activity."
    fields, _, _, _ = read(dta / "_crrd_fields.dta")
    row = fields[(fields["table_name"] == "military_activities") & (fields["field"] == "name")].iloc[0]
    assert row["description"] == installed_package().tables["military_activities"].field("name").description


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Kind of activity.", "Kind of activity."),
        # the first sentence when the whole does not fit
        (
            "Stable identifier of the source: `src-` and four digits. Never reused or renumbered.",
            "Stable identifier of the source: src- and four digits.",
        ),
        # else cut at a word boundary, never in a word, with an ellipsis: 80 characters at most
        ("word " * 30, "word " * 15 + "word…"),
        ("a" * 100, "a" * 79 + "…"),
        ("Ends here, " + "x" * 68 + " and goes on", "Ends here, " + "x" * 68 + "…"),
        ("x" * 75 + ", yyyyy", "x" * 75 + "…"),  # no dangling comma
    ],
)
def test_stata_label(text: str, label: str) -> None:
    assert stata_label(text) == label
    assert len(stata_label(text)) <= 80


def test_long_text_is_strl_and_survives(tmp_path: Path) -> None:
    table = installed_package().tables["events"]
    df = crrd.load("events").head(3).copy()
    long = "Ж" * (STR_MAX // 2 + 10)  # more bytes than a str variable holds, in UTF-8
    df.loc[1, "notes"] = long
    path = write_dta(df, table, tmp_path / "events.dta")
    from pandas.io.stata import StataReader

    with StataReader(path) as r:
        back = r.read(convert_categoricals=False)
    data = path.read_bytes()  # format 118: <variable_types> holds one little-endian uint16 per variable
    start = data.index(b"<variable_types>") + len(b"<variable_types>")
    codes = struct.unpack(f"<{len(back.columns)}H", data[start : start + 2 * len(back.columns)])
    types = dict(zip(back.columns, codes, strict=True))
    assert types["notes"] == 32768  # strL
    assert types["id"] == 8  # str8: short text stays str
    assert back.loc[1, "notes"] == long


def test_same_data_same_files(tmp_path: Path) -> None:
    """The time stamp is the package's creation time, so that an export is reproducible."""
    from crrd.stata import _created

    table = installed_package().tables["trade_annual"]
    df = crrd.load("trade_annual")
    stamp = _created(installed_package())
    a = write_dta(df, table, tmp_path / "a.dta", stamp).read_bytes()
    b = write_dta(df, table, tmp_path / "b.dta", stamp).read_bytes()
    assert a == b
