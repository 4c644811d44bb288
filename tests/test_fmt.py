"""`crrd fmt`: lossless, idempotent, and it refuses what it cannot parse."""

from __future__ import annotations

import csv
import io

import pytest
from conftest import ROOT, Pkg
from hypothesis import given
from hypothesis import strategies as st

from crrd.cli import main
from crrd.formatting import Unformattable, canonical, parse
from crrd.metadata import read_package

PACKAGE = read_package(ROOT)


def values(data: bytes, table) -> list[dict[str, str]]:
    """What a reader gets from the file: a dict per row, in id order."""
    p = parse(data, table)
    rows = [dict(zip(p.header, r, strict=True)) for r in p.rows]
    return sorted(rows, key=lambda r: r[table.primary_key])


@pytest.mark.parametrize("name", list(PACKAGE.tables))
def test_shipped_files_are_canonical(name: str) -> None:
    table = PACKAGE.tables[name]
    data = (ROOT / table.path).read_bytes()
    assert canonical(parse(data, table), table) == data


def messy(
    data: bytes, table, bom: bool, crlf: bool, delim: str, quote_all: bool, shuffle: int, reverse_cols: bool
) -> bytes:
    p = parse(data, table)
    header, rows = list(p.header), [list(r) for r in p.rows]
    if reverse_cols:
        header, rows = header[::-1], [r[::-1] for r in rows]
    if rows and shuffle:
        k = shuffle % len(rows)
        rows = rows[k:] + rows[:k]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delim, lineterminator="\r\n" if crlf else "\n",
               quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL).writerows([header, *rows])  # fmt: skip
    return (b"\xef\xbb\xbf" if bom else b"") + buf.getvalue().encode()


@given(
    name=st.sampled_from(list(PACKAGE.tables)),
    bom=st.booleans(), crlf=st.booleans(), delim=st.sampled_from([",", ";", "\t"]), quote_all=st.booleans(),
    shuffle=st.integers(0, 500), reverse_cols=st.booleans(),
)  # fmt: skip
def test_lossless_and_idempotent(name, bom, crlf, delim, quote_all, shuffle, reverse_cols) -> None:
    table = PACKAGE.tables[name]
    original = (ROOT / table.path).read_bytes()
    dirty = messy(original, table, bom, crlf, delim, quote_all, shuffle, reverse_cols)
    once = canonical(parse(dirty, table), table)
    assert values(once, table) == values(dirty, table) == values(original, table)
    assert canonical(parse(once, table), table) == once
    assert once == original


cell_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=30)


@given(cells=st.lists(st.tuples(cell_text, cell_text), min_size=1, max_size=8))
def test_lossless_on_fuzzed_cells(cells) -> None:
    table = PACKAGE.tables["indicators"]
    header = table.field_names
    rows = []
    for i, (a, b) in enumerate(cells):
        row = [""] * len(header)
        row[0] = f"ind-{9999 - i:04d}"
        row[header.index("notes")] = a
        row[header.index("description")] = b
        rows.append(row)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([header, *rows])
    dirty = buf.getvalue().encode()
    once = canonical(parse(dirty, table), table)
    assert values(once, table) == values(dirty, table)
    assert canonical(parse(once, table), table) == once


def test_fmt_command_formats_in_place_then_is_a_no_op(pkg: Pkg, capsys) -> None:
    original = pkg.bytes("events")
    pkg.write_bytes("events", b"\xef\xbb\xbf" + original.replace(b"\n", b"\r\n"), refresh=False)
    assert main(["fmt", str(pkg.root)]) == 0
    assert capsys.readouterr().out == "reformatted data/events.csv\n"
    assert pkg.bytes("events") == original
    assert main(["fmt", "--check", str(pkg.root)]) == 0


def test_fmt_refuses_and_leaves_the_file(pkg: Pkg, capsys) -> None:
    bad = pkg.bytes("claims") + b'"unclosed,quote\n'
    pkg.write_bytes("claims", bad, refresh=False)
    latin = pkg.bytes("events").replace(b"\n", "\n\u00e9".encode("latin-1"), 1)
    pkg.write_bytes("events", latin, refresh=False)
    assert main(["fmt", str(pkg.root)]) == 1
    err = capsys.readouterr().err
    assert pkg.bytes("claims") == bad and pkg.bytes("events") == latin
    lines = bad.count(b"\n")
    assert f"data/claims.csv:{lines}:: cannot parse the CSV (unexpected end of data); left untouched" in err
    assert "data/events.csv:2:: not valid UTF-8; convert the file to UTF-8 first; left untouched" in err


def test_fmt_check_reports_without_writing(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("events")
    rows[1], rows[2] = rows[2], rows[1]
    pkg.write_rows("events", rows)
    before = pkg.bytes("events")
    assert main(["fmt", "--check", str(pkg.root)]) == 1
    assert capsys.readouterr().out == "would reformat data/events.csv\n"
    assert pkg.bytes("events") == before


def test_unformattable_header() -> None:
    table = PACKAGE.tables["events"]
    with pytest.raises(Unformattable) as e:
        parse(b"id,when\nevt-0001,2020\n", table)
    assert str(e.value) == "1:: the header is not the schema's columns; fix it by hand (see `crrd validate`)"
