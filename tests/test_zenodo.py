"""The archive's metadata agrees with the citation and the descriptor: .zenodo.json, CITATION.cff, datapackage.json
(and the R package's DESCRIPTION, whose version is the dataset's)."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT

yaml = pytest.importorskip("yaml")


@pytest.fixture(scope="module")
def three() -> tuple[dict, dict, dict]:
    zenodo = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return zenodo, cff, package


def test_title_version_date_and_description(three) -> None:
    zenodo, cff, package = three
    assert zenodo["title"] == cff["title"] == package["title"]
    assert zenodo["version"] == str(cff["version"]) == package["version"]
    assert zenodo["publication_date"] == str(cff["date-released"])
    assert zenodo["description"] == cff["abstract"] == package["description"]
    assert (zenodo["upload_type"], zenodo["access_right"]) == ("dataset", "open")


def test_licence_keywords_and_creators(three) -> None:
    zenodo, cff, package = three
    # Zenodo spells licence ids in lower case
    assert zenodo["license"] == cff["license"].lower() == package["licenses"][0]["name"].lower() == "cc-by-4.0"
    assert zenodo["keywords"] == cff["keywords"] == package["keywords"]
    authors = [c["title"] for c in package["contributors"] if "author" in c.get("roles", [])]
    assert [c["name"] for c in zenodo["creators"]] == [a["name"] for a in cff["authors"]] == authors


def test_the_r_package_has_the_dataset_version(three) -> None:
    _, _, package = three
    description = (ROOT / "r" / "DESCRIPTION").read_text(encoding="utf-8")
    assert re.search(r"^Version: (\S+)$", description, re.M).group(1) == package["version"]
