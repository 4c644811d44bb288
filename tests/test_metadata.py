"""One definition per field: the schemas drive the descriptor, Pandera models and frictionless alike."""

from __future__ import annotations

import json

import pandera.pandas as pa
import pytest
from conftest import ROOT, Pkg

import crrd
from crrd.descriptor import derived_descriptor, dumps
from crrd.models import MilitaryActivities, class_name, model


def test_descriptor_is_in_step_with_the_schemas() -> None:
    assert (ROOT / "datapackage.json").read_text(encoding="utf-8") == dumps(derived_descriptor(ROOT)), (
        "datapackage.json is out of date: run `crrd refresh`"
    )


def test_descriptor_declares_licence_and_version() -> None:
    d = json.loads((ROOT / "datapackage.json").read_text())
    assert d["licenses"][0]["name"] == "CC-BY-4.0"
    assert d["version"] == crrd.__version__


@pytest.mark.parametrize("name", crrd.tables())
def test_pandera_model_accepts_the_loaded_table(name: str) -> None:
    m = model(name)
    assert m.__name__ == class_name(name)
    schema = m.to_schema()
    assert list(schema.columns) == [
        f["name"] for f in json.loads((ROOT / "schemas" / f"{name}.json").read_text())["fields"]
    ]
    m.validate(crrd.load(name))


def test_pandera_model_rejects_a_bad_frame() -> None:
    df = crrd.load("military_activities")
    df.loc[0, "participants"] = "CHN;XXX"
    with pytest.raises(pa.errors.SchemaError):
        MilitaryActivities.validate(df)
    df = crrd.load("military_activities").drop(columns=["area"])
    with pytest.raises(pa.errors.SchemaError):
        MilitaryActivities.validate(df)


def test_frictionless_validates_the_shipped_package() -> None:
    from frictionless import validate

    report = validate(str(ROOT / "datapackage.json"), type="package")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize(
    ("table", "column", "value", "error_type"),
    [
        ("military_activities", "start_date", "2021-02-30", "type-error"),
        ("military_activities", "activity_type", "parade", "constraint-error"),
        ("military_activities", None, "src-9999", "foreign-key"),
        ("sources", "url", "ftp://x", "constraint-error"),
    ],
)
def test_frictionless_fails_on_broken_copies(
    pkg: Pkg, table: str, column: str | None, value: str, error_type: str
) -> None:
    from frictionless import validate

    pkg.set(table, 2, column or "source_id", value)
    report = validate(str(pkg.root / "datapackage.json"), type="package")
    assert not report.valid
    found = report.flatten(["rowNumber", "fieldName", "type"])
    assert [2, column, error_type] in found


def test_shared_fields_are_defined_once() -> None:
    """source_id, other_source_ids, notes and date_precision are written once, in schemas/fields.json; every
    schema's copy is that definition (`crrd refresh` writes it), and every id field has the same shape."""
    shared = {f["name"]: f for f in json.loads((ROOT / "schemas" / "fields.json").read_text())["fields"]}
    assert set(shared) == {"source_id", "other_source_ids", "notes", "date_precision", "milestone"}
    seen = set()
    for path in sorted((ROOT / "schemas").glob("*.json")):
        if path.name == "fields.json":
            continue
        fields = json.loads(path.read_text())["fields"]
        for f in fields:
            if f["name"] in shared:
                assert f == shared[f["name"]], f"{path.name}: {f['name']} differs from schemas/fields.json"
                seen.add(f["name"])
        (idf,) = [f for f in fields if f["name"] == "id"]
        assert idf["type"] == "string" and idf["constraints"]["required"] and idf["constraints"]["unique"]
        assert idf["constraints"]["pattern"].startswith("^") and idf["constraints"]["pattern"].endswith("$")
    assert seen == set(shared)


def test_sourcing_strength_is_computed_from_the_data() -> None:
    """The shares in the codebook and `crrd info` are recomputed here from the CSV files, independently."""
    import csv

    from crrd.metadata import read_package
    from crrd.provenance import strengths

    def rows(name: str) -> list[dict[str, str]]:
        with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    src = {r["id"]: r for r in rows("sources")}
    for s in strengths(read_package(ROOT)):
        facts = rows(s.table)
        cited = [[src[i] for i in [r["source_id"], *r["other_source_ids"].split(";")] if i] for r in facts]
        official = sum(
            any(c["source_type"] in ("official", "intergovernmental") and not c["original_publisher"] for c in cs)
            for cs in cited
        )
        weak = sum(
            all(c["original_publisher"] or c["source_type"] in ("encyclopedia", "other") for c in cs) for cs in cited
        )
        assert (s.rows, s.official, s.copies_only) == (len(facts), official, weak), s.table
    codebook = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert "## Sourcing strength" in codebook
