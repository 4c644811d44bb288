"""The column-wise path for large tables reports exactly what the row-wise path reports."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import ROOT, Pkg
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crrd.metadata import read_package
from crrd.validation import fast, validate_package
from crrd.validation.csvfile import read_csv

PACKAGE = read_package(ROOT)
NAMES = list(PACKAGE.tables)


def both(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list, list]:
    with monkeypatch.context() as m:
        m.setattr(fast, "MIN_BYTES", 0)
        columnwise = validate_package(root)
    with monkeypatch.context() as m:
        m.setattr(fast, "available", lambda: False)
        rowwise = validate_package(root)
    return columnwise, rowwise


def test_the_column_path_is_taken_for_the_shipped_tables() -> None:
    from crrd.validation.package import _kept_columns, _repetitive

    for name, table in PACKAGE.tables.items():
        data = (ROOT / table.path).read_bytes()
        header = read_csv(data, name, []).header
        checks = {f.name: (lambda s: (s, [])) for f in table.fields}
        assert (
            fast.check_columns(data, header, table, checks, _repetitive, _kept_columns(table), name, []) is not None
        ), name


def test_same_problems_on_the_shipped_package(monkeypatch) -> None:
    columnwise, rowwise = both(ROOT, monkeypatch)
    assert columnwise == rowwise == []


nasty = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "x ", " x", "\u00a0x", "x\u3000", "=1", "+1", "-1", "@a", "a,b", 'a"b', '"', "CHN;RUS", "CHN; RUS",
                     "2021-02-30", "2021-02-01", "0000-01-01", "1e999", "1,5", "true", "src-0001", "src-9999", "evt-0001",
                     "https://a.b/c", "https://a b", "http:///x", "ftp://x", "\u4e2d\u6587", "x\x1c"]),
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(name=st.sampled_from(NAMES), data=st.data(), values=st.lists(nasty, min_size=1, max_size=4))
def test_same_problems_on_damaged_tables(monkeypatch, name: str, data: st.DataObject, values: list[str]) -> None:
    root = Path(tempfile.mkdtemp(prefix="crrd-fast-"))
    try:
        for part in ("data", "schemas"):
            shutil.copytree(ROOT / part, root / part)
        shutil.copy(ROOT / "datapackage.json", root)
        pkg = Pkg(root)
        rows = pkg.rows(name)
        for value in values:
            line = data.draw(st.integers(2, len(rows)))
            column = data.draw(st.sampled_from(rows[0]))
            pkg.set(name, line, column, value)
            rows = pkg.rows(name)
        columnwise, rowwise = both(root, monkeypatch)
        assert columnwise == rowwise
    finally:
        shutil.rmtree(root)


@pytest.mark.parametrize(
    ("table", "line", "column", "value", "message"),
    [
        ("events", 3, "id", "evt-0001", "duplicate value 'evt-0001' (first on line 2)"),  # still sorted
        ("events", 10, "id", "evt-0001", "duplicate value 'evt-0001' (first on line 2)"),  # no longer sorted
        ("events", 2, "end_date", "1949-10-01", "end_date 1949-10-01 is before start_date 1949-10-02"),
        ("events", 2, "date_precision", "month", "1949-10-02 has date_precision month, so it must be the first of"),
        ("military_activities", 2, "participants", "CHN;IND", "must include both CHN and RUS"),
        ("events", 2, "source_id", "src-9999", "'src-9999' is not an id in sources"),
        ("events", 2, "related_ids", "evt-9999", "'evt-9999' is not an id in any table"),
        ("energy_projects", 2, "chinese_participants", "=1", "text starts with '='"),  # a free-text list
        ("energy_projects", 2, "chinese_participants", "CNPC;;Sinopec", "empty item in the list"),
    ],
)
def test_table_checks_on_coded_columns(
    pkg: Pkg, monkeypatch, table: str, line: int, column: str, value: str, message: str
) -> None:
    """Uniqueness, date ranges, inclusion rules and links on large tables (coded columns, hints) find what
    the row-wise path finds."""
    pkg.set(table, line, column, value)
    columnwise, rowwise = both(pkg.root, monkeypatch)
    assert columnwise == rowwise
    assert any(p.line == line and p.message.startswith(message) for p in columnwise), columnwise
