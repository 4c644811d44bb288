"""Validates a whole CRRD package: descriptor, every table, and the links between tables."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crrd._paths import DESCRIPTOR
from crrd.integrity import mismatch
from crrd.metadata import Field, Table, UnsafePath, inside, table_from
from crrd.validation.cells import checker
from crrd.validation.csvfile import read_csv
from crrd.validation.problems import Problem
from crrd.validation.rules import check_rules


class UnreadableInput(Exception):
    """The path cannot be validated at all (exit status 2)."""


@dataclass
class Parsed:
    """A table after its own checks: parsed values by column and the line of each row."""

    table: Table
    display: str
    lines: list[int] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def _read_descriptor(root: Path, problems: list[Problem]) -> dict[str, Any] | None:
    path = root / DESCRIPTOR
    shown = _display(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UnreadableInput(f"{shown}: no such file; PATH must be a directory holding {DESCRIPTOR}") from None
    except OSError as e:
        raise UnreadableInput(f"{shown}: cannot read it ({e.strerror})") from None
    try:
        descriptor = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        problems.append(Problem(shown, 1, "", "not valid UTF-8"))
        return None
    except json.JSONDecodeError as e:
        problems.append(Problem(shown, e.lineno, "", f"invalid JSON: {e.msg} (column {e.colno})"))
        return None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        problems.append(Problem(shown, 1, "resources", "the descriptor needs a list of resources"))
        return None
    for key in ("name", "version", "licenses"):
        if key not in descriptor:
            problems.append(Problem(shown, 1, key, f"the descriptor has no {key!r}"))
    return descriptor


def _tables(root: Path, descriptor: dict[str, Any], problems: list[Problem]) -> list[tuple[Table, dict[str, Any]]]:
    shown = _display(root / DESCRIPTOR)
    out = []
    for i, res in enumerate(descriptor["resources"]):
        if not isinstance(res, dict) or not all(isinstance(res.get(k), str) for k in ("name", "path", "schema")):
            problems.append(
                Problem(shown, 1, "resources", f"resource {i + 1} needs a name, a path and a schema file path")
            )
            continue
        try:  # nothing a descriptor names outside the package is read
            inside(root, res["path"], f"the path of {res['name']!r}")
            spath = inside(root, res["schema"], f"the schema of {res['name']!r}")
        except UnsafePath as e:
            problems.append(Problem(shown, 1, "resources", str(e)))
            continue
        try:
            schema = json.loads(spath.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem(shown, 1, "resources", f"schema {res['schema']} of {res['name']!r} does not exist"))
            continue
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            line = getattr(e, "lineno", 1)
            problems.append(Problem(_display(spath), line, "", f"invalid JSON: {e}"))
            continue
        out.append((table_from(res, schema), res))
    return out


def _check_header(table: Table, header: list[str], display: str, problems: list[Problem]) -> bool:
    """Compare header names with the schema by name; False when the file cannot be checked further."""
    expected = table.field_names
    if len(header) == 1 and len(expected) > 1:
        for sep, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if sep in header[0]:
                problems.append(
                    Problem(
                        display, 1, "", f"the header is one column split by {name}s; CRRD files are comma-separated"
                    )
                )
                return False
    ok = True
    seen: set[str] = set()
    for name in header:
        if name in seen:
            problems.append(Problem(display, 1, name, f"column {name!r} appears twice in the header"))
            ok = False
        seen.add(name)
        if name not in expected:
            problems.append(
                Problem(display, 1, name, f"unexpected column {name!r}; the schema has: {', '.join(expected)}")
            )
    for name in expected:
        if name not in seen:
            problems.append(Problem(display, 1, name, f"missing column {name!r}"))
    present = [n for n in header if n in expected]
    in_order = [n for n in expected if n in seen]
    if present == in_order and ok:
        return True
    if ok:
        for got, want in zip(present, in_order, strict=True):
            if got != want:
                problems.append(
                    Problem(
                        display,
                        1,
                        want,
                        f"column {want!r} is out of order: expected at position {expected.index(want) + 1}, "
                        f"found at {header.index(want) + 1}",
                    )
                )
                break
    return ok


def _check_table(
    root: Path, table: Table, resource: dict[str, Any], iso3: frozenset[str], problems: list[Problem]
) -> Parsed | None:
    path = root / table.path
    display = _display(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.append(
            Problem(
                _display(root / DESCRIPTOR), 1, "resources", f"data file {table.path} of {table.name!r} does not exist"
            )
        )
        return None
    except OSError as e:
        problems.append(Problem(display, 1, "", f"cannot read the file ({e.strerror})"))
        return None
    _report_hash(mismatch(data, resource), display, problems)
    return _check_content(data, table, iso3, display, problems)


def _check_content(
    data: bytes, table: Table, iso3: frozenset[str], display: str, problems: list[Problem]
) -> Parsed | None:
    csv = read_csv(data, display, problems)
    if not csv.readable:
        return None
    if not _check_header(table, csv.header, display, problems):
        return None
    parsed = Parsed(table, display)
    kept = _kept_columns(table)
    checks = {
        name: (_memoised(checker(f, iso3)) if _repetitive(f) else checker(f, iso3))
        for name in csv.header
        if name in table.field_names
        for f in [table.field(name)]
    }
    columns = [(i, name, checks[name], name in kept) for i, name in enumerate(csv.header) if name in checks]
    for name in kept:
        parsed.values[name] = []
    missing = [name for name in kept if name not in csv.header]
    width = len(csv.header)
    lines = parsed.lines
    for line, row in csv.records():
        if len(row) != width:
            problems.append(
                Problem(
                    display,
                    line,
                    "",
                    "empty line" if row == [] else f"row has {len(row)} cells, the header has {width}",
                )
            )
            continue
        lines.append(line)
        for i, name, check, keep in columns:
            value, msgs = check(row[i])
            if msgs:
                for m in msgs:
                    problems.append(Problem(display, line, name, m))
            if keep:
                parsed.values[name].append(value)
        for name in missing:
            parsed.values[name].append(None)
    return _table_checks(parsed, problems)


def _report_hash(changed: str | None, display: str, problems: list[Problem]) -> None:
    if changed:
        problems.append(Problem(display, 1, "", f"file {changed}"))


def _table_checks(parsed: Parsed, problems: list[Problem]) -> Parsed:
    _check_unique(parsed, problems)
    _check_order(parsed, problems)
    _check_dates(parsed, problems)
    _check_must_include(parsed, problems)
    return parsed


def _kept_columns(table: Table) -> set[str]:
    """Columns whose parsed values the table-level and cross-table checks need (all of them, for the rules)."""
    kept = set(table.field_names) | {table.primary_key}
    kept |= {f.name for f in table.fields if f.unique or f.references}
    kept |= {fk.field for fk in table.foreign_keys}
    for rule in table.extra.get("dateRanges", []):
        kept |= {c for c in (rule.get("start"), rule.get("end"), rule.get("precision")) if c}
    for rule in ("mustInclude", "mustIncludeAny"):
        kept |= set(table.extra.get(rule, {}))
    return kept


def _repetitive(f: Field) -> bool:
    """Fields whose values repeat (codes, dates, numbers, ids of other rows): worth caching their checks.

    Lists count too: their item checks (empty or repeated items) are beyond a regular-expression screen, so
    the column-wise path must check each distinct list."""
    return (
        f.type != "string"
        or f.is_list
        or bool(f.enum or f.codelist or f.item_enum or f.references)
        or (f.pattern is not None and not f.unique and f.name != "id")
    )


def _memoised(check: Callable[[str], tuple[object, list[str]]]) -> Callable[[str], tuple[object, list[str]]]:
    # Repeated values share one parsed object, which also keeps memory down on large tables.
    cache: dict[str, tuple[object, list[str]]] = {}

    def cached(raw: str) -> tuple[object, list[str]]:
        hit = cache.get(raw)
        if hit is None:
            hit = cache[raw] = check(raw)
        return hit

    return cached


def _check_unique(p: Parsed, problems: list[Problem]) -> None:
    for f in p.table.fields:
        if not (f.unique or f.name == p.table.primary_key):
            continue
        first: dict[Any, int] = {}
        for value, line in zip(p.values[f.name], p.lines, strict=True):
            if value is None:
                continue
            if value in first:
                problems.append(
                    Problem(p.display, line, f.name, f"duplicate value {value!r} (first on line {first[value]})")
                )
            else:
                first[value] = line


def _check_order(p: Parsed, problems: list[Problem]) -> None:
    ids = p.values[p.table.primary_key]
    if None not in ids and all(map(operator.le, ids, itertools.islice(ids, 1, None))):
        return  # sorted: the common case, at C speed
    for k in range(1, len(ids)):
        a, b = ids[k - 1], ids[k]
        if isinstance(a, str) and isinstance(b, str) and b < a:
            problems.append(
                Problem(
                    p.display,
                    p.lines[k],
                    p.table.primary_key,
                    f"rows are not sorted by {p.table.primary_key}: {b!r} comes after {a!r}; run `crrd fmt`",
                )
            )
            return


def _check_dates(p: Parsed, problems: list[Problem]) -> None:
    for rule in p.table.extra.get("dateRanges", []):
        start, end, prec = rule["start"], rule.get("end"), rule.get("precision")
        starts = p.values[start]
        ends = p.values[end] if end else [None] * len(starts)
        precs = p.values[prec] if prec else [None] * len(starts)
        bad = {c for c in set(zip(starts, ends, precs, strict=True)) if _dates_wrong(*c)}
        rows = [k for k, c in enumerate(zip(starts, ends, precs, strict=True)) if c in bad] if bad else []
        for k in rows:
            s, e, pr, line = starts[k], ends[k], precs[k], p.lines[k]
            if isinstance(s, dt.date) and isinstance(e, dt.date) and e < s:
                problems.append(Problem(p.display, line, end or "", f"{end} {e} is before {start} {s}"))
            for col, d in ((start, s), (end, e)):
                if not isinstance(d, dt.date) or pr not in ("month", "year"):
                    continue
                if pr == "month" and d.day != 1:
                    problems.append(
                        Problem(
                            p.display,
                            line,
                            col,
                            f"{d} has date_precision month, so it must be the first of the month ({d.replace(day=1)})",
                        )
                    )
                elif pr == "year" and (d.month, d.day) != (1, 1):
                    problems.append(
                        Problem(
                            p.display,
                            line,
                            col,
                            f"{d} has date_precision year, so it must be 1 January ({d.replace(month=1, day=1)})",
                        )
                    )


def _dates_wrong(s: object, e: object, pr: object) -> bool:
    if isinstance(s, dt.date) and isinstance(e, dt.date) and e < s:
        return True
    if pr == "month":
        return any(isinstance(d, dt.date) and d.day != 1 for d in (s, e))
    if pr == "year":
        return any(isinstance(d, dt.date) and (d.month, d.day) != (1, 1) for d in (s, e))
    return False


def _check_must_include(p: Parsed, problems: list[Problem]) -> None:
    for rule, need_all in (("mustInclude", True), ("mustIncludeAny", False)):
        for col, required in p.table.extra.get(rule, {}).items():
            lacking = _rows_where(
                p.values[col], lambda u, r=required, a=need_all: isinstance(u, list) and _lacks(u, r, a)
            )
            word = "both" if need_all else "at least one of"
            names = " and ".join(required) if need_all else ", ".join(required)
            for row, _items in lacking:
                problems.append(Problem(p.display, p.lines[row], col, f"must include {word} {names}"))


def _lacks(items: list[Any], required: list[str], need_all: bool) -> bool:
    has = [c in items for c in required]
    return not all(has) if need_all else not any(has)


def _rows_where(values: list[Any], wanted: Callable[[Any], bool]) -> Iterator[tuple[int, Any]]:
    """(row, value) for each row whose value is ``wanted``."""
    for row, value in enumerate(values):
        if wanted(value):
            yield row, value


def _check_links(parsed: dict[str, Parsed], problems: list[Problem], complete: bool) -> None:
    ids_cache: dict[str, set[Any]] = {}

    def ids_of(name: str) -> set[Any] | None:  # built on demand: a large table's ids are rarely needed
        if name not in parsed:
            return None
        if name not in ids_cache:
            p = parsed[name]
            ids_cache[name] = set(p.values[p.table.primary_key]) - {None}
        return ids_cache[name]

    def known(ref: str, items: set[Any]) -> set[Any] | None:
        """Which of ``items`` are ids of table ``ref`` (``*``: of any table); None when unknown."""
        if ref != "*":
            ids = ids_of(ref)
            return None if ids is None else items & ids
        if not complete:
            return None
        found: set[Any] = set()
        for p in parsed.values():
            col = p.values[p.table.primary_key]
            found |= items & set(col)
        return found

    cited: set[str] = set()
    for p in parsed.values():
        for fk in p.table.foreign_keys:
            targets = ids_of(fk.resource)
            if targets is None:
                continue
            values = p.values[fk.field]
            distinct = set(values)
            if fk.resource == "sources":
                cited.update(distinct)
            if not (distinct - targets - {None}):
                continue  # every reference resolves: the common case, at C speed
            for row, value in _rows_where(values, lambda v, t=targets: v is not None and v not in t):
                problems.append(Problem(p.display, p.lines[row], fk.field, f"{value!r} is not an id in {fk.resource}"))
        for f in p.table.fields:
            for ref in f.references:
                # a single-valued link is a list of one
                lists = [v if isinstance(v, list) or v is None else [v] for v in p.values[f.name]]
                items = {item for row in lists if row for item in row if item}
                if not items:
                    continue  # an empty column: nothing to resolve
                if ref == "sources":
                    cited.update(items)
                found = known(ref, items)
                if found is None:  # the target table could not be read: its ids are unknown
                    continue
                missing = items - found
                if not missing:
                    continue
                where = "any table" if ref == "*" else ref
                for row, cell in _rows_where(lists, lambda c, m=missing: bool(c) and not m.isdisjoint(c)):
                    for item in cell:
                        if item in missing:
                            problems.append(
                                Problem(p.display, p.lines[row], f.name, f"{item!r} is not an id in {where}")
                            )
    src = parsed.get("sources")
    if src is not None and complete:  # with a table unreadable, its citations are unknown
        for value, line in zip(src.values["id"], src.lines, strict=True):
            if value is not None and value not in cited:
                problems.append(Problem(src.display, line, "id", f"source {value!r} is cited by no row"))


RETIRED = "retired_ids.csv"
RETIRED_HEADER = ["id", "table", "retired_in", "replaced_by", "reason"]


def _check_retired(root: Path, parsed: dict[str, Parsed], problems: list[Problem]) -> None:
    """Ids once published and then removed must never come back (``retired_ids.csv``)."""
    path = root / RETIRED
    if not path.is_file():
        return
    try:
        inside(root, RETIRED, "the list of retired ids")
    except UnsafePath as e:
        problems.append(Problem(_display(path), 1, "", str(e)))
        return
    display = _display(path)
    csv = read_csv(path.read_bytes(), display, problems)
    if not csv.readable:
        return
    if csv.header != RETIRED_HEADER:
        problems.append(Problem(display, 1, "", f"the header must be: {','.join(RETIRED_HEADER)}"))
        return
    live: set[Any] = set()
    if any(row[3:4] != [""] for _, row in csv.records()):  # only a replacement needs the live ids
        live = {v for p in parsed.values() for v in p.values[p.table.primary_key] if v is not None}
    retired: dict[str, int] = {}
    for line, row in csv.records():
        if len(row) != len(RETIRED_HEADER):
            problems.append(
                Problem(display, line, "", f"row has {len(row)} cells, the header has {len(RETIRED_HEADER)}")
            )
            continue
        rid, table, _retired_in, replaced_by, _reason = row
        if rid in retired:
            problems.append(Problem(display, line, "id", f"duplicate value {rid!r} (first on line {retired[rid]})"))
        retired[rid] = line
        if table not in parsed:
            problems.append(Problem(display, line, "table", f"{table!r} is not a table of the package"))
        for item in filter(None, replaced_by.split(";")):
            if item not in live:
                problems.append(Problem(display, line, "replaced_by", f"{item!r} is not an id in any table"))
    if not retired:
        return
    for p in parsed.values():
        for value, line in zip(p.values[p.table.primary_key], p.lines, strict=True):
            if value in retired:
                problems.append(
                    Problem(
                        p.display,
                        line,
                        p.table.primary_key,
                        f"id {value!r} was retired (see {RETIRED} line {retired[value]}); never reuse an id, take a new one",
                    )
                )


def validate_package(root: Path, expected_tables: list[str] | None = None) -> list[Problem]:
    """All problems of the package at ``root``, sorted by file and line. Never writes anything."""
    from crrd.validation.countries import iso3_codes

    problems: list[Problem] = []
    descriptor = _read_descriptor(root, problems)
    if descriptor is None:
        return problems
    tables = _tables(root, descriptor, problems)
    if expected_tables is not None:
        names = {t.name for t, _ in tables}
        for name in expected_tables:
            if name not in names:
                problems.append(
                    Problem(
                        _display(root / DESCRIPTOR), 1, "resources", f"table {name!r} is missing from the descriptor"
                    )
                )
    iso3 = iso3_codes()
    parsed = {}
    for table, resource in tables:
        p = _check_table(root, table, resource, iso3, problems)
        if p is not None:
            parsed[table.name] = p
    _check_links(parsed, problems, complete=len(parsed) == len(tables))
    check_rules(parsed, descriptor, problems)
    _check_retired(root, parsed, problems)
    return sorted(set(problems), key=lambda q: (q.file, q.line, q.column, q.message))
