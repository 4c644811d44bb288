"""Property-based: random damage never crashes the validator, never passes, and never changes its input."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from conftest import ROOT, Pkg
from hypothesis import given
from hypothesis import strategies as st

from crrd.metadata import read_package
from crrd.validation import validate_package

PACKAGE = read_package(ROOT)
NAMES = list(PACKAGE.tables)


def copy() -> Pkg:
    root = Path(tempfile.mkdtemp(prefix="crrd-fuzz-"))
    for part in ("data", "schemas"):
        shutil.copytree(ROOT / part, root / part)
    shutil.copy(ROOT / "datapackage.json", root)
    return Pkg(root)


def snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@given(name=st.sampled_from(NAMES), data=st.data())
def test_byte_damage_is_always_caught(name: str, data: st.DataObject) -> None:
    pkg = copy()
    try:
        raw = bytearray(pkg.bytes(name))
        op = data.draw(st.sampled_from(["flip", "insert", "delete", "truncate"]))
        at = data.draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif op == "insert":
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del raw[at : at + data.draw(st.integers(1, 8))]
        else:
            del raw[at:]
        pkg.write_bytes(name, bytes(raw), refresh=False)
        before = snapshot(pkg.root)
        problems = validate_package(pkg.root)
        assert problems, "a changed file passed"
        assert snapshot(pkg.root) == before
    finally:
        shutil.rmtree(pkg.root)


def bad_value(field) -> str | None:
    """A value that breaks the field for sure, or None when the field accepts any text."""
    if field.enum:
        return "zz_not_allowed"
    if field.type == "date":
        return "2021-02-30"
    if field.type in ("integer", "number"):
        return "n/a"
    if field.type == "boolean":
        return "maybe"
    if field.pattern or field.codelist or field.item_enum:
        return "=not ok"
    if field.required:
        return ""
    return " padded "  # stray whitespace is always a defect


@given(name=st.sampled_from(NAMES), data=st.data())
def test_cell_damage_is_caught_at_its_line_and_column(name: str, data: st.DataObject) -> None:
    pkg = copy()
    try:
        table = PACKAGE.tables[name]
        rows = pkg.rows(name)
        line = data.draw(st.integers(2, len(rows)))
        field = data.draw(st.sampled_from(table.fields))
        value = bad_value(field)
        pkg.set(name, line, field.name, value)
        before = snapshot(pkg.root)
        problems = validate_package(pkg.root)
        assert any(p.file.endswith(table.path) and p.line == line and p.column == field.name for p in problems), (
            problems
        )
        assert snapshot(pkg.root) == before
    finally:
        shutil.rmtree(pkg.root)


@given(name=st.sampled_from(NAMES), data=st.data(), text=st.text(max_size=40))
def test_any_cell_text_never_crashes(name: str, data: st.DataObject, text: str) -> None:
    pkg = copy()
    try:
        rows = pkg.rows(name)
        line = data.draw(st.integers(2, len(rows)))
        column = data.draw(st.sampled_from(rows[0]))
        pkg.set(name, line, column, text)
        problems = validate_package(pkg.root)  # must return, whatever the text
        assert all(isinstance(p.line, int) and p.line >= 1 for p in problems)
    finally:
        shutil.rmtree(pkg.root)
