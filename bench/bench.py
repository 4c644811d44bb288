"""Benchmarks, printed as ratios measured side by side in one run (not a test: speed depends on the machine).

    python bench/bench.py                 # shipped package, then a synthetic package of 100k rows
    python bench/bench.py --rows 1000000  # a larger synthetic package

Goals: `import crrd` within 1.15x of `import pandas`; each `crrd.load` within 1.5x of a bare
`pandas.read_csv`; `crrd validate` faster than `frictionless validate --type package` and finding every
seeded defect that frictionless finds. The validator has one (row-wise) path: CRRD has thousands of rows.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Runs in a child process: validate, then print seconds, peak RSS (MB) and the problem lines found.
CHILD = r"""
import json, resource, sys, time
kind, root = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if kind == "crrd":
    from pathlib import Path
    from crrd.validation import validate_package
    lines = sorted({p.line for p in validate_package(Path(root)) if p.file.endswith("events.csv")})
else:
    from frictionless import validate
    report = validate(root + "/datapackage.json", type="package")
    lines = sorted({e.row_number for task in report.tasks if task.name == "events" for e in task.errors
                    if getattr(e, "row_number", None)})
secs = time.perf_counter() - t
try:  # VmHWM belongs to this program; ru_maxrss on Linux also counts the parent's peak before exec
    peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps([secs, peak, lines]))
"""


def child(kind: str, root: Path) -> tuple[float, float, list[int]]:
    out = subprocess.run([sys.executable, "-c", CHILD, kind, str(root)], capture_output=True, text=True, check=True)
    secs, mb, lines = json.loads(out.stdout.strip().splitlines()[-1])
    return secs, mb, lines


def median_time(cmd: list[str], n: int = 7) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_import() -> None:
    py = sys.executable
    base = median_time([py, "-c", "pass"])
    pandas = median_time([py, "-c", "import pandas"]) - base
    crrd = median_time([py, "-c", "import crrd"]) - base
    crrd_load = median_time([py, "-c", "import crrd; crrd.load('events')"]) - base
    pandas_read = median_time([py, "-c", f"import pandas; pandas.read_csv({str(ROOT / 'data/events.csv')!r})"]) - base
    print("## import (median of 7 fresh interpreters, interpreter start-up subtracted)")
    print(
        f"import pandas {pandas * 1000:7.1f} ms | import crrd {crrd * 1000:7.1f} ms | ratio {crrd / pandas:5.2f} (goal <= 1.15)"
    )
    print(
        f"pandas + read_csv(events) {pandas_read * 1000:7.1f} ms | crrd + load('events') {crrd_load * 1000:7.1f} ms | ratio {crrd_load / pandas_read:5.2f}"
    )


def bench_load() -> None:
    import pandas as pd

    import crrd

    print("\n## crrd.load against a bare pandas.read_csv of the same file (median of 15, warm)")
    worst = 0.0
    for name in crrd.tables():
        path = ROOT / "data" / f"{name}.csv"
        bare, typed = [], []
        for _ in range(15):
            t = time.perf_counter()
            pd.read_csv(path)
            bare.append(time.perf_counter() - t)
            t = time.perf_counter()
            crrd.load(name)
            typed.append(time.perf_counter() - t)
        r = statistics.median(typed) / statistics.median(bare)
        worst = max(worst, r)
        print(
            f"{name:<22} read_csv {statistics.median(bare) * 1000:6.2f} ms | load {statistics.median(typed) * 1000:6.2f} ms | ratio {r:5.2f}"
        )
    print(f"worst ratio {worst:.2f} (goal <= 1.5)")


def synthetic(rows: int, dest: Path) -> list[int]:
    """A copy of the package whose events table has `rows` generated rows and five seeded defects; their lines."""
    from crrd.descriptor import refresh

    for part in ("data", "schemas"):
        shutil.copytree(ROOT / part, dest / part)
    shutil.copy(ROOT / "datapackage.json", dest)
    schema = json.loads((dest / "schemas/events.json").read_text())
    for f in schema["fields"]:  # ids of four digits cannot number a million rows
        if f["name"] == "id":
            f["constraints"]["pattern"] = "^evt-[0-9]{7}$"
    (dest / "schemas/events.json").write_text(json.dumps(schema))
    with (dest / "data/sources.csv").open(encoding="utf-8") as fh:
        sources = [r["id"] for r in csv.DictReader(fh)]
    cats = next(f for f in schema["fields"] if f["name"] == "category")["constraints"]["enum"]
    seeded = {12: ("start_date", "2021-02-30"), 25: ("category", "gossip"), 40: ("id", None), 57: ("source_id", "src-9999"),
              81: ("actors", "")}  # fmt: skip
    header = [f["name"] for f in schema["fields"]]
    with (dest / "data/events.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        for i in range(rows):
            line = i + 2
            day = 1 + i % 28
            row = {
                "id": f"evt-{i:07d}", "start_date": f"{1950 + i % 75}-{1 + i % 12:02d}-{day:02d}", "end_date": "",
                "date_precision": "day", "category": cats[i % len(cats)], "actors": "CHN;RUS",
                "title": f"Synthetic event {i}", "description": "Generated for the benchmark.", "related_ids": "",
                "source_id": sources[i % len(sources)], "other_source_ids": "", "notes": "",
            }  # fmt: skip
            if line in seeded:
                col, value = seeded[line]
                row[col] = f"evt-{i - 1:07d}" if value is None else value
            w.writerow([row[c] for c in header])
    refresh(dest, codebook=False)
    return sorted(seeded)


def runs(kind: str, root: Path, repeat: int) -> tuple[float, float, float, float, list[int]]:
    """Median, fastest and slowest seconds, peak memory and problem lines of ``repeat`` fresh processes."""
    results = [child(kind, root) for _ in range(repeat)]
    secs = [r[0] for r in results]
    return statistics.median(secs), min(secs), max(secs), max(r[1] for r in results), results[0][2]


def bench_validate(label: str, root: Path, seeded: list[int] | None, repeat: int) -> None:
    for path in sorted(root.glob("data/*.csv")):  # both validators start with the files in the page cache
        path.read_bytes()
    c_secs, c_min, c_max, c_mb, c_lines = runs("crrd", root, repeat)
    f_secs, f_min, f_max, f_mb, f_lines = runs("frictionless", root, repeat)
    print(f"{label:<14} crrd {c_secs:7.2f} s ({c_min:.2f}-{c_max:.2f}) {c_mb:6.0f} MB | "
          f"frictionless {f_secs:7.2f} s ({f_min:.2f}-{f_max:.2f}) {f_mb:6.0f} MB | "
          f"speed-up {f_secs / c_secs:5.1f}x (median of {repeat} runs each)")  # fmt: skip
    if seeded is not None:
        found_c = [n for n in seeded if n in c_lines]
        found_f = [n for n in seeded if n in f_lines]
        missed = sorted(set(found_f) - set(found_c))
        print(f"{'':<14} seeded defects on lines {seeded}: crrd found {found_c}, frictionless found {found_f}"
              f"{'; crrd MISSED ' + str(missed) if missed else ''}")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="*", default=[100_000])
    ap.add_argument("--skip-import", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="fresh processes per validator and package (median)")
    args = ap.parse_args()
    if not args.skip_import:
        bench_import()
        bench_load()
    print("\n## crrd validate against frictionless validate --type package (one child process each)")
    bench_validate("shipped", ROOT, None, args.repeat)
    for n in args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            seeded = synthetic(n, Path(tmp))
            bench_validate(f"{n:,} rows", Path(tmp), seeded, args.repeat)


if __name__ == "__main__":
    main()
