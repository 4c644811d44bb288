"""`crrd diff OLD NEW`: rows added, removed (with their replacement) and changed, as markdown, JSON and CSV."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from conftest import ROOT, Pkg

from crrd.cli import main


def copy_of(root: Path, dest: Path) -> Pkg:
    dest.mkdir()
    for d in ("data", "schemas"):
        shutil.copytree(root / d, dest / d)
    for f in ("datapackage.json", "retired_ids.csv"):
        shutil.copy(root / f, dest / f)
    return Pkg(dest)


def set_by_id(pkg: Pkg, table: str, row_id: str, column: str, value: str) -> None:
    rows = pkg.rows(table)
    ids = [r[0] for r in rows]
    pkg.set(table, ids.index(row_id) + 1, column, value)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """OLD and NEW: in NEW one event is retired in favour of another, one added, one note and one total changed."""
    old, new = copy_of(ROOT, tmp_path / "old"), copy_of(ROOT, tmp_path / "new")
    for pkg, note, total in ((old, "old note", "240.11"), (new, "new | note", "240.12")):
        set_by_id(pkg, "events", "evt-0002", "notes", note)
        set_by_id(pkg, "trade_annual", "trd-2023-chn", "total_usd_bn", total)
    rows = new.rows("events")
    ids = [r[0] for r in rows]
    added = list(rows[ids.index("evt-0004")])
    added[0] = "evt-9999"
    del rows[ids.index("evt-0003")]
    new.write_rows("events", [*rows, added])
    (new.root / "retired_ids.csv").write_text(
        "id,table,retired_in,replaced_by,reason\nevt-0003,events,0.3.0,evt-0004,merged into evt-0004\n"
    )
    return old.root, new.root


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(["diff", *args]) == 0
    return capsys.readouterr().out


def test_markdown(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    out = run(capsys, str(old), str(new))
    assert out == run(capsys, str(old), str(new), "--format", "text")
    v = json.loads((ROOT / "datapackage.json").read_text())["version"]
    lines = out.splitlines()
    assert lines[:4] == [
        f"# CRRD {v} → {v}",
        "",
        "| table | status | rows added | rows removed | rows changed | values changed |",
        "|---|---|--:|--:|--:|--:|",
    ]
    assert "| sources | unchanged | 0 | 0 | 0 | 0 |" in lines
    assert "| events | changed | 1 | 1 | 1 | 1 |" in lines
    assert "| trade_annual | changed | 0 | 0 | 1 | 1 |" in lines
    start = lines.index("## trade_annual")  # sections in the order of datapackage.json, changed tables only
    assert lines[start:] == [
        "## trade_annual",
        "",
        "| id | field | old | new |",
        "|---|---|---|---|",
        "| `trd-2023-chn` | `total_usd_bn` | 240.11 | 240.12 |",
        "",
        "## events",
        "",
        "- Added: `evt-9999`",
        "- Removed: `evt-0003` (replaced by `evt-0004`)",
        "",
        "| id | field | old | new |",
        "|---|---|---|---|",
        "| `evt-0002` | `notes` | old note | new \\| note |",
    ]
    assert [line for line in lines if line.startswith("## ")] == ["## trade_annual", "## events"]


def test_json(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    report = json.loads(run(capsys, str(old), str(new), "--format", "json"))
    by_table = {t["table"]: t for t in report["tables"]}
    assert list(by_table) == [r["name"] for r in json.loads((ROOT / "datapackage.json").read_text())["resources"]]
    assert by_table["events"] == {
        "table": "events",
        "status": "changed",
        "columns_added": [],
        "columns_removed": [],
        "added": ["evt-9999"],
        "removed": [{"id": "evt-0003", "replaced_by": "evt-0004"}],
        "changed": [{"id": "evt-0002", "field": "notes", "old": "old note", "new": "new | note"}],
    }
    assert by_table["trade_annual"]["changed"] == [
        {"id": "trd-2023-chn", "field": "total_usd_bn", "old": "240.11", "new": "240.12"}
    ]
    assert {t["status"] for n, t in by_table.items() if n not in ("events", "trade_annual")} == {"unchanged"}


def test_csv(pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    old, new = pair
    assert run(capsys, str(old), str(new), "--format", "csv") == (
        "table,change,id,field,old,new,replaced_by\n"
        "trade_annual,changed,trd-2023-chn,total_usd_bn,240.11,240.12,\n"
        "events,added,evt-9999,,,,\n"
        "events,removed,evt-0003,,,,evt-0004\n"
        "events,changed,evt-0002,notes,old note,new | note,\n"
    )


def test_columns_and_missing_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A column only on one side is reported once, not as a change of every row; an emptied cell is null."""
    old, new = copy_of(ROOT, tmp_path / "old"), copy_of(ROOT, tmp_path / "new")
    set_by_id(old, "trade_annual", "trd-2023-chn", "total_growth_pct", "-1.5")
    set_by_id(new, "trade_annual", "trd-2023-chn", "total_growth_pct", "")
    rows = new.rows("claims")
    new.write_rows("claims", [[*r, "x" if i else "extra"] for i, r in enumerate(rows)], refresh=False)
    report = json.loads(run(capsys, str(old.root), str(new.root), "--format", "json"))
    by_table = {t["table"]: t for t in report["tables"]}
    assert (by_table["claims"]["columns_added"], by_table["claims"]["changed"]) == (["extra"], [])
    assert by_table["trade_annual"]["changed"] == [
        {"id": "trd-2023-chn", "field": "total_growth_pct", "old": "-1.5", "new": None}
    ]


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(tmp_path), str(ROOT)]) == 2
    assert capsys.readouterr().err == f"crrd diff: {tmp_path}: no datapackage.json here\n"
    bad = copy_of(ROOT, tmp_path / "bad")
    rows = bad.rows("events")
    bad.write_rows("events", [*rows, rows[1]])
    assert main(["diff", str(ROOT), str(bad.root)]) == 2
    assert capsys.readouterr().err == (
        f"crrd diff: {bad.root}: data/events.csv:{len(rows) + 1}: id '{rows[1][0]}' appears twice; "
        "run `crrd validate`\n"
    )


def _release_0_2_0(dest: Path) -> Path:
    """The package as released in 0.2.0, from the tag v0.2.0 or the commit "Release 0.2.0"; skip without history."""
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")

    def out(*args: str) -> str:
        r = subprocess.run([git, "-C", str(ROOT), *args], capture_output=True, text=True)
        return r.stdout.strip() if r.returncode == 0 else ""

    top = out("rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != ROOT.resolve():  # an sdist unpacked inside some other repository
        pytest.skip("not a git checkout of this repository (run from an sdist?)")
    ref = out("rev-parse", "--verify", "--quiet", "v0.2.0^{commit}") or out(
        "log", "--format=%H", "-n", "1", "--grep=^Release 0\\.2\\.0", "HEAD"
    )
    if not ref:
        pytest.skip("no git history with release 0.2.0 (an sdist, or a shallow clone)")
    archive = dest / "v0.2.0.tar"
    with archive.open("wb") as fh:
        subprocess.run(
            [git, "-C", str(ROOT), "archive", ref, "datapackage.json", "data", "schemas"], stdout=fh, check=True
        )
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and newer
            tar.extractall(dest / "v0.2.0", filter="data")
        else:
            tar.extractall(dest / "v0.2.0")
    return dest / "v0.2.0"


def _ids(root: Path, table: str) -> list[str]:
    with (root / "data" / f"{table}.csv").open(encoding="utf-8", newline="") as fh:
        return [r["id"] for r in csv.DictReader(fh)]


def test_diff_against_release_0_2_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _release_0_2_0(tmp_path)
    report = json.loads(run(capsys, str(old), str(ROOT), "--format", "json"))
    assert report["old_version"] == "0.2.0"
    tables = {t["table"]: t for t in report["tables"]}
    for name, t in tables.items():
        before, after = _ids(old, name), _ids(ROOT, name)
        assert t["added"] == [i for i in after if i not in before], name
        assert [r["id"] for r in t["removed"]] == [i for i in before if i not in after], name
    assert len(tables["sources"]["added"]) >= 70  # sources added after the release
    assert tables["unsc_vetoes"]["changed"]  # values mended after the release
    md = run(capsys, str(old), str(ROOT))
    assert md.startswith(f"# CRRD 0.2.0 → {report['new_version']}\n")
    for name, t in tables.items():
        n_rows = len({c["id"] for c in t["changed"]})
        counts = f"| {len(t['added'])} | {len(t['removed'])} | {n_rows} | {len(t['changed'])} |"
        assert f"| {name} | {t['status']} {counts}" in md
