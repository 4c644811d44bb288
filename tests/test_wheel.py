"""The built wheel carries the data: installed into a fresh virtual environment, it loads from anywhere."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest
from conftest import ROOT


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist and the wheel built from it, as a release builds them."""
    tmp = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp), str(ROOT)], check=True, capture_output=True)
    return tmp


def test_sdist_holds_every_tracked_file(dist: Path) -> None:
    """The sdist's own tests need the data, the docs, CITATION.cff and CHANGELOG.md: everything git tracks."""
    import tarfile

    (sdist,) = dist.glob("crrd_dataset-*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {n.split("/", 1)[1] for n in tar.getnames() if "/" in n}
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout (run from an sdist)")
    missing = [t for t in tracked if not t.startswith(".github/") and t not in names]
    assert missing == []


def test_wheel_names_both_licences(dist: Path) -> None:
    import zipfile

    (wheel,) = dist.glob("crrd_dataset-*.whl")
    with zipfile.ZipFile(wheel) as z:
        meta = next(z.read(n).decode() for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        names = z.namelist()
    assert "License-Expression: MIT AND CC-BY-4.0" in meta.splitlines()
    assert "Name: crrd-dataset" in meta.splitlines()
    assert any(n.endswith("licenses/LICENSE") for n in names) and any(
        n.endswith("licenses/LICENSE-DATA") for n in names
    )
    assert "crrd/_data/retired_ids.csv" in names


@pytest.fixture(scope="module")
def wheel_env(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    (wheel,) = dist.glob("crrd_dataset-*.whl")
    env = tmp / "venv"
    venv.create(env, with_pip=True)
    py = env / "bin" / "python"
    # the optional extras too, so that they are shown to install and work outside the checkout
    subprocess.run([str(py), "-m", "pip", "install", "-q", f"{wheel}[all]"], check=True, capture_output=True)
    return env


def test_wheel_loads_from_outside_the_checkout(wheel_env: Path, tmp_path: Path) -> None:
    py = wheel_env / "bin" / "python"
    code = (
        "import crrd, json; df = crrd.load('military_activities');"
        "print(json.dumps([crrd.__file__, crrd.__version__, len(crrd.tables()), str(df.dtypes['start_date'])]))"
    )
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    import json

    path, version, n, dtype = json.loads(r.stdout)
    assert path.startswith(str(wheel_env)), "loaded the checkout instead of the wheel"
    assert version == json.loads((ROOT / "datapackage.json").read_text())["version"]
    assert (n, dtype) == (12, "datetime64[us]")


def test_wheel_cli(wheel_env: Path, tmp_path: Path) -> None:
    crrd_cmd = wheel_env / "bin" / "crrd"
    info = subprocess.run([str(crrd_cmd), "info"], capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert "military_activities" in info and "Cite as:" in info
    r = subprocess.run([str(crrd_cmd), "validate"], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr


def test_wheel_extras(wheel_env: Path, tmp_path: Path) -> None:
    py = wheel_env / "bin" / "python"
    code = "import crrd; df = crrd.load('military_activities', backend='polars'); print(df.schema['start_date'])"
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True)
    assert r.stdout.strip() == "Datetime(time_unit='us', time_zone=None)"
    r = subprocess.run(
        [str(wheel_env / "bin" / "crrd"), "plot", str(tmp_path / "figs")], capture_output=True, text=True, cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr
    assert len(list((tmp_path / "figs").glob("*.png"))) == 4


def test_wheel_exports(wheel_env: Path, tmp_path: Path) -> None:
    crrd_cmd = str(wheel_env / "bin" / "crrd")
    for fmt, name in (("duckdb", "crrd.duckdb"), ("xlsx", "crrd.xlsx"), ("parquet", "events.parquet")):
        r = subprocess.run([crrd_cmd, "export", "--format", fmt, str(tmp_path / fmt)], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert (tmp_path / fmt / name).stat().st_size > 1000


def test_wheel_site(wheel_env: Path, tmp_path: Path) -> None:
    """The wheel carries the templates and assets; it has no docs/figures, so the site has no figures."""
    # without search, to keep the suite quick: the browser test covers Pagefind, the wheel only has to bring it
    r = subprocess.run(
        [str(wheel_env / "bin" / "crrd"), "site", "out", "--no-search"], capture_output=True, text=True, cwd=tmp_path
    )
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    assert (out / "events" / "evt-0002.html").is_file() and (out / "assets" / "table.js").is_file()
    py = wheel_env / "bin" / "python"
    found = subprocess.run([str(py), "-c", "import pagefind.service as s; print(s.get_executable() is not None)"],
                           capture_output=True, text=True, check=True)  # fmt: skip
    assert found.stdout.strip() == "True"
    assert not (out / "figures").exists()
    assert 'id="figures"' not in (out / "index.html").read_text(encoding="utf-8")
