"""A descriptor from a pull request may name files outside the package: nothing outside is read or written."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import Pkg

from crrd.cli import main

OUTSIDE = "id,url\nsrc-0001,  http://x\n"  # not canonical: `crrd fmt` would rewrite it if it ever got there


def _point(pkg: Pkg, key: str, value: str, table: str = "claims") -> None:
    path = pkg.root / "datapackage.json"
    d = json.loads(path.read_text())
    next(r for r in d["resources"] if r["name"] == table)[key] = value
    path.write_text(json.dumps(d, indent=2) + "\n")


@pytest.fixture
def outside(pkg: Pkg) -> Path:
    target = pkg.root.parent / "elsewhere.csv"
    target.write_text(OUTSIDE)
    return target


def _cases(pkg: Pkg, outside: Path) -> dict[str, tuple[str, str, str]]:
    link = pkg.root / "data" / "link.csv"
    os.symlink(outside, link)
    return {
        "dotdot": ("path", "../elsewhere.csv", "the path of 'claims' '../elsewhere.csv' leaves the package directory ('..' is not allowed)"),
        "absolute": ("path", str(outside), f"the path of 'claims' {str(outside)!r} is not a relative path inside the package (no URL, no absolute path)"),
        "url": ("path", "https://example.org/x.csv", "the path of 'claims' 'https://example.org/x.csv' is not a relative path inside the package (no URL, no absolute path)"),
        "symlink": ("path", "data/link.csv", "the path of 'claims' 'data/link.csv' leads outside the package directory (through a symbolic link)"),
        "schema": ("schema", str(pkg.root / "schemas" / "claims.json"), f"the schema of 'claims' {str(pkg.root / 'schemas' / 'claims.json')!r} is not a relative path inside the package (no URL, no absolute path)"),
    }  # fmt: skip


@pytest.mark.parametrize("case", ["dotdot", "absolute", "url", "symlink", "schema"])
def test_validate_reports_the_path_and_reads_nothing_outside(
    pkg: Pkg, outside: Path, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key, value, message = _cases(pkg, outside)[case]
    _point(pkg, key, value)
    outside.chmod(0)  # reading it would fail loudly (as root it would not: the message is the check)
    try:
        assert main(["validate", str(pkg.root)]) == 1
    finally:
        outside.chmod(0o644)
    out = capsys.readouterr().out
    assert f"{pkg.root / 'datapackage.json'}:1:resources: {message}" in out.splitlines() or (
        f"datapackage.json:1:resources: {message}" in out.splitlines()
    )


@pytest.mark.parametrize("case", ["dotdot", "absolute", "symlink"])
@pytest.mark.parametrize("command", ["fmt", "refresh"])
def test_fmt_and_refresh_refuse_and_write_nothing(
    pkg: Pkg, outside: Path, case: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key, value, message = _cases(pkg, outside)[case]
    _point(pkg, key, value)
    before = {p: p.read_bytes() for p in pkg.root.rglob("*") if p.is_file() and not p.is_symlink()}
    assert main([command, str(pkg.root)]) == 1
    assert (
        capsys.readouterr().err.strip()
        == f"crrd {command}: {pkg.root / 'datapackage.json'}: {message}; nothing was written"
    )
    assert outside.read_text() == OUTSIDE
    assert {p: p.read_bytes() for p in before} == before


def test_the_loader_refuses(pkg: Pkg, outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crrd import metadata

    _point(pkg, "path", "../elsewhere.csv")
    with pytest.raises(metadata.UnsafePath, match=r"leaves the package directory"):
        metadata.read_package(pkg.root)


def test_a_symlink_inside_the_package_is_fine(pkg: Pkg) -> None:
    shutil.move(pkg.root / "data" / "claims.csv", pkg.root / "data" / "claims-real.csv")
    os.symlink(pkg.root / "data" / "claims-real.csv", pkg.root / "data" / "claims.csv")
    assert main(["validate", str(pkg.root)]) == 0
