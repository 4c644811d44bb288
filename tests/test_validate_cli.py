"""`crrd validate`: exit codes, output formats, and one exact message per class of defect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Pkg

from crrd.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_shipped_package_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(ROOT))
    assert (code, out) == (0, "")
    assert err.strip().endswith("is valid")


def test_copy_is_valid_and_untouched(pkg: Pkg, capsys: pytest.CaptureFixture[str]) -> None:
    before = {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()}
    assert run(capsys)[0] == 0
    pkg.set("military_activities", 2, "start_date", "2021-02-30")
    broken = {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()}
    assert run(capsys)[0] == 1
    assert {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file()} == broken
    assert set(before) == set(broken)


def test_usage_errors_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, str(tmp_path / "nowhere"))
    assert code == 2 and out == ""
    assert err == f"crrd validate: {tmp_path / 'nowhere'}: no such directory\n"
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2
    assert "datapackage.json: no such file; PATH must be a directory holding datapackage.json" in err
    with pytest.raises(SystemExit) as e:
        main(["validate", "--format", "xml"])
    assert e.value.code == 2
    assert "crrd: error: argument --format: invalid choice: 'xml'" in capsys.readouterr().err


# (table, line, column, new value, expected message)
CELL_DEFECTS = [
    ("military_activities", 2, "start_date", "2021-02-30", "'2021-02-30' is not a real calendar date"),
    ("military_activities", 2, "start_date", "23/07/2019", "'23/07/2019' is not a date in the form YYYY-MM-DD"),
    (
        "military_activities",
        2,
        "activity_type",
        "parade",
        "'parade' is not one of: exercise, air_patrol, naval_patrol, coast_guard_patrol, command_post, competition",
    ),
    ("military_activities", 2, "participants", "CHN;XXX", "'XXX' is not an ISO 3166-1 alpha-3 country code"),
    ("military_activities", 2, "participants", "CHN;RU", "'RU' is not an ISO 3166-1 alpha-3 country code"),
    ("military_activities", 2, "participants", "CHN;IRN", "must include both CHN and RUS"),
    (
        "military_activities",
        2,
        "participants",
        "CHN;;RUS",
        "empty item in the list 'CHN;;RUS' (separate items with a single ';')",
    ),
    (
        "military_activities",
        2,
        "domains",
        "air;space",
        "'space' is not one of: land, sea, air, air_defence, missile_defence, anti_submarine, counterterrorism, search_and_rescue, logistics, special_forces",
    ),
    ("military_activities", 2, "name", "", "required value is empty"),
    ("military_activities", 2, "name", "Joint patrol ", "leading or trailing whitespace in 'Joint patrol '"),
    (
        "military_activities",
        2,
        "description",
        '=HYPERLINK("x")',
        "text starts with '=', which a spreadsheet would run as a formula; reword it",
    ),
    (
        "military_activities",
        2,
        "description",
        "@SUM(A1)",
        "text starts with '@', which a spreadsheet would run as a formula; reword it",
    ),
    (
        "military_activities",
        2,
        "description",
        "+cmd|' /C calc'!A0",
        "text starts with '+', which a spreadsheet would run as a formula; reword it",
    ),
    (
        "military_activities",
        2,
        "description",
        "-2+3",
        "text starts with '-', which a spreadsheet would run as a formula; reword it",
    ),
    ("claims", 2, "evidence_ids", "evt-9999", "'evt-9999' is not an id in any table"),
    ("events", 2, "related_ids", "mil-0001;xyz-1", "'xyz-1' is not an id in any table"),
    (
        "sources",
        2,
        "url",
        "https://example.org/a b",
        "'https://example.org/a b' does not match the pattern ^https?://\\S+$",
    ),
    ("military_activities", 2, "sequence_number", "two", "'two' is not an integer"),
    ("military_activities", 2, "sequence_number", "0", "0 is below the minimum 1"),
    ("military_activities", 2, "id", "mil-12", "'mil-12' does not match the pattern ^mil-[0-9]{4}$"),
    ("military_activities", 2, "source_id", "src-9999", "'src-9999' is not an id in sources"),
    ("military_activities", 2, "other_source_ids", "src-9998", "'src-9998' is not an id in sources"),
    ("sources", 2, "url", "ftp://example.org/x", "'ftp://example.org/x' does not match the pattern ^https?://\\S+$"),
    (
        "sources",
        2,
        "source_type",
        "blog",
        "'blog' is not one of: official, intergovernmental, news_agency, news, research, encyclopedia, other",
    ),
    (
        "trade_annual",
        2,
        "total_usd_bn",
        "1,234",
        "'1,234' is not a number (use a dot for decimals, no thousands separators or units)",
    ),
    ("trade_annual", 2, "year", "1900", "1900 is below the minimum 1949"),
    ("arms_transfers", 2, "licence_production", "yes", "'yes' is not a boolean (use true or false)"),
]


@pytest.mark.parametrize(("table", "line", "column", "value", "message"), CELL_DEFECTS)
def test_cell_defects(pkg: Pkg, capsys, table, line, column, value, message) -> None:
    pkg.set(table, line, column, value)
    code, out, _ = run(capsys)
    assert code == 1
    assert f"data/{table}.csv:{line}:{column}: {message}" in out.splitlines()


def test_precision_and_range(pkg: Pkg, capsys) -> None:
    start = pkg.get("military_activities", 2, "start_date")
    pkg.set("military_activities", 2, "date_precision", "month")
    pkg.set("military_activities", 2, "start_date", start[:8] + "15")
    pkg.set("military_activities", 2, "end_date", start[:8] + "10")
    out = run(capsys)[1].splitlines()
    assert f"data/military_activities.csv:2:end_date: end_date {start[:8]}10 is before start_date {start[:8]}15" in out
    assert (
        f"data/military_activities.csv:2:start_date: {start[:8]}15 has date_precision month, "
        f"so it must be the first of the month ({start[:8]}01)"
    ) in out


def test_duplicate_id_and_order(pkg: Pkg, capsys) -> None:
    first = pkg.get("events", 2, "id")
    second = pkg.get("events", 3, "id")
    pkg.set("events", 3, "id", first)
    out = run(capsys)[1].splitlines()
    assert f"data/events.csv:3:id: duplicate value '{first}' (first on line 2)" in out
    pkg.set("events", 3, "id", second)
    pkg.set("events", 2, "id", second)
    pkg.set("events", 3, "id", first)
    out = run(capsys)[1].splitlines()
    assert f"data/events.csv:3:id: rows are not sorted by id: '{first}' comes after '{second}'; run `crrd fmt`" in out


def test_unused_source(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("sources")
    extra = list(rows[-1])
    extra[0] = "src-9990"
    extra[1] = "https://example.org/never-cited"
    pkg.write_rows("sources", [*rows, extra])
    out = run(capsys)[1].splitlines()
    assert f"data/sources.csv:{len(rows) + 1}:id: source 'src-9990' is cited by no row" in out


def test_header_defects(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("leader_meetings")
    header = rows[0]
    i, j = header.index("city"), header.index("host")
    moved = [[r[k] for k in [*range(j), i, *[x for x in range(j, len(r)) if x != i]]] for r in rows]
    pkg.write_rows("leader_meetings", moved)
    assert run(capsys)[1].splitlines() == [
        "data/leader_meetings.csv:1:host: column 'host' is out of order: expected at position 6, found at 7"
    ]
    pkg.write_rows("leader_meetings", [[c for k, c in enumerate(r) if k != i] for r in rows])
    assert run(capsys)[1].splitlines() == ["data/leader_meetings.csv:1:city: missing column 'city'"]
    pkg.write_rows("leader_meetings", [[*r, "x"] for r in rows])
    assert (
        run(capsys)[1]
        .splitlines()[0]
        .startswith("data/leader_meetings.csv:1:x: unexpected column 'x'; the schema has: id, start_date")
    )


def test_renamed_column(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("trade_annual")
    rows[0][rows[0].index("total_usd_bn")] = "total_usd"
    pkg.write_rows("trade_annual", rows)
    assert run(capsys)[1].splitlines() == [
        "data/trade_annual.csv:1:total_usd: unexpected column 'total_usd'; the schema has: id, year, reporter, basis, total_usd_bn, "
        "cn_to_ru_usd_bn, ru_to_cn_usd_bn, total_growth_pct, source_id, other_source_ids, notes",
        "data/trade_annual.csv:1:total_usd_bn: missing column 'total_usd_bn'",
    ]


def test_encoding_and_line_endings(pkg: Pkg, capsys) -> None:
    data = pkg.bytes("events")
    pkg.write_bytes("events", b"\xef\xbb\xbf" + data)
    assert (
        "data/events.csv:1:: file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM"
        in run(capsys)[1]
    )
    pkg.write_bytes("events", data.replace(b"\n", b"\r\n"))
    assert "data/events.csv:1:: line ends with CR LF (Windows); CRRD files use LF line endings" in run(capsys)[1]
    lines = data.split(b"\n")
    lines[2] = lines[2] + b"\xe9"
    pkg.write_bytes("events", b"\n".join(lines))
    assert run(capsys)[1].splitlines() == ["data/events.csv:3:: byte 0xe9 is not valid UTF-8; save the file as UTF-8"]
    pkg.write_bytes("events", data.replace(b",", b";"))
    assert (
        run(capsys)[1].splitlines()[0]
        == "data/events.csv:1:: the header is one column split by semicolons; CRRD files are comma-separated"
    )


def test_ragged_row(pkg: Pkg, capsys) -> None:
    rows = pkg.rows("claims")
    rows[1] = rows[1][:-1]
    pkg.write_rows("claims", rows)
    n = len(rows[0])
    assert f"data/claims.csv:2:: row has {n - 1} cells, the header has {n}" in run(capsys)[1].splitlines()


def test_broken_descriptor(pkg: Pkg, capsys) -> None:
    (pkg.root / "datapackage.json").write_text('{"name": "crrd",\n "resources": [,]}\n')
    code, out, _ = run(capsys)
    assert code == 1
    assert out.splitlines() == ["datapackage.json:2:: invalid JSON: Expecting value (column 16)"]


def test_json_and_github_formats(pkg: Pkg, capsys) -> None:
    pkg.set("events", 2, "category", "gossip")
    code, out, _ = run(capsys, "--format", "json")
    problems = json.loads(out)
    assert code == 1 and problems[0]["file"] == "data/events.csv" and problems[0]["line"] == 2
    assert problems[0]["column"] == "category"
    code, out, _ = run(capsys, "--format", "github")
    assert out.startswith("::error file=data/events.csv,line=2,title=crrd validate%3A category::'gossip' is not one of")


def test_subprocess_never_a_traceback(pkg: Pkg) -> None:
    pkg.write_bytes("sources", b'\x00\xff garbage \r\n"unclosed')
    r = subprocess.run([sys.executable, "-m", "crrd", "validate"], capture_output=True, text=True, cwd=pkg.root)
    assert r.returncode == 1
    assert "Traceback" not in r.stderr + r.stdout
    assert r.stdout.splitlines()[0].startswith("data/sources.csv:1::")


def test_validate_inside_data_checks_the_checkout_above(pkg: Pkg) -> None:
    """Run from data/ of a broken checkout, it finds that checkout (as git finds .git), not the installed copy."""
    pkg.set("events", 2, "category", "gossip")
    r = subprocess.run(
        [sys.executable, "-m", "crrd", "validate"], capture_output=True, text=True, cwd=pkg.root / "data"
    )
    assert r.returncode == 1
    assert r.stderr.splitlines()[0] == f"crrd validate: checking the package at {pkg.root}"
    assert "events.csv:2:category: 'gossip' is not one of:" in r.stdout


def test_plot_needs_its_output_folder(tmp_path: Path) -> None:
    r = subprocess.run([sys.executable, "-m", "crrd", "plot"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 2 and "the following arguments are required: outdir" in r.stderr
    assert list(tmp_path.iterdir()) == []
