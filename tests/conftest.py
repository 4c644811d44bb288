"""Shared fixtures: a private copy of the shipped package to break in each test."""

from __future__ import annotations

import atexit
import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis caches constants under ./.hypothesis even without an example database: keep it out of the
# checkout, in a temporary folder removed at exit.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="crrd-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, True)

# Property tests are deterministic and leave no example database behind: the same examples on every run
# and every machine. `CRRD_HYPOTHESIS=long python -m pytest` runs a longer, randomised search (opt-in).
settings.register_profile(
    "default", max_examples=50, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile(
    "long", max_examples=2000, derandomize=False, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip
settings.load_profile(os.environ.get("CRRD_HYPOTHESIS", "default"))

ROOT = Path(__file__).resolve().parent.parent


class Pkg:
    """A copy of the package in a temporary directory, with helpers to break it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, table: str) -> Path:
        return self.root / "data" / f"{table}.csv"

    def rows(self, table: str) -> list[list[str]]:
        with self.path(table).open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    def refresh(self) -> None:
        """Record the new hashes, so that a test sees only the defect it made."""
        from crrd.descriptor import refresh

        refresh(self.root, codebook=False)

    def write_rows(self, table: str, rows: list[list[str]], refresh: bool = True) -> None:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        self.path(table).write_text(buf.getvalue(), encoding="utf-8", newline="")
        if refresh:
            self.refresh()

    def set(self, table: str, line: int, column: str, value: str) -> str:
        """Set one cell (line as in the file, header = 1); returns the old value."""
        rows = self.rows(table)
        i = rows[0].index(column)
        old = rows[line - 1][i]
        rows[line - 1][i] = value
        self.write_rows(table, rows)
        return old

    def get(self, table: str, line: int, column: str) -> str:
        rows = self.rows(table)
        return rows[line - 1][rows[0].index(column)]

    def bytes(self, table: str) -> bytes:
        return self.path(table).read_bytes()

    def write_bytes(self, table: str, data: bytes, refresh: bool = True) -> None:
        self.path(table).write_bytes(data)
        if refresh:
            self.refresh()


@pytest.fixture
def pkg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Pkg:
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copytree(ROOT / "data", root / "data")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copy(ROOT / "datapackage.json", root / "datapackage.json")
    monkeypatch.chdir(root)  # problems name files relative to the working directory
    return Pkg(root)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The website of the shipped package (`crrd site`), built once for the whole session."""
    pytest.importorskip("jinja2")
    from crrd.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(out)
    return out
