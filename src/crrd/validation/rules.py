"""Rules that a schema declares under ``crrd.rules``: where rows must agree with each other or with rows of
another table. Each rule names its fields; each problem names the file, line and column, and the other row.

    {"rule": "codesForDate", "field": "actors", "date": "start_date"}
    {"rule": "sequence", "field": "sequence_number", "groupBy": ["series", "activity_type"], "orderBy": "start_date"}
    {"rule": "sameWithinGroup", "field": "activity_type", "groupBy": "series", "unlessNotes": "activity type"}
    {"rule": "notBefore", "field": "delivery_start_year", "other": "order_year", "unlessNotes": "before the order"}
    {"rule": "tally", "fields": ["votes_for", "votes_against", "abstentions"], "members": 15}
    {"rule": "agreesWith", "field": "operation_start_year", "link": "operation_start_event_id",
     "table": "events", "target": "start_date", "as": "year"}

Successions of country codes (the USSR's SUN until 1991-12-25, then RUS) are declared once, in the
descriptor's ``crrd.successions``. Every table with ``source_id`` and ``other_source_ids`` is also checked for
a source cited twice by one row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from crrd.validation.problems import Problem


class Rows:
    """A parsed table read row by row: ``rows.get(k, column)`` and the file line of row ``k``."""

    def __init__(self, parsed: Any) -> None:
        self.p = parsed
        self.display = parsed.display
        self.n = len(parsed.lines)

    def get(self, k: int, column: str) -> Any:
        values = self.p.values.get(column)
        return None if values is None else values[k]

    def line(self, k: int) -> int:
        return self.p.lines[k]

    def id(self, k: int) -> Any:
        return self.get(k, self.p.table.primary_key)

    def notes(self, k: int) -> str:
        return str(self.get(k, "notes") or "")


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _group(rows: Rows, by: Any, k: int) -> tuple[Any, ...]:
    cols = [by] if isinstance(by, str) else list(by)
    return tuple(rows.get(k, c) for c in cols)


def _groups(rows: Rows, by: Any, keep: Callable[[int], bool]) -> dict[tuple[Any, ...], list[int]]:
    """Row numbers by the values of the ``by`` columns, for the rows that ``keep`` keeps."""
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for k in range(rows.n):
        if keep(k):
            groups[_group(rows, by, k)].append(k)
    return groups


def _explained(rows: Rows, k: int, phrase: str | None) -> bool:
    return bool(phrase) and phrase.lower() in rows.notes(k).lower()


def codes_for_date(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    field, date = rule["field"], rule["date"]
    for s in ctx["successions"]:
        code, successor = s["code"], s["successor"]
        until = dt.date.fromisoformat(s["until"])
        for k in range(rows.n):
            d = rows.get(k, date)
            if not isinstance(d, dt.date):
                continue
            items = _items(rows.get(k, field))
            if code in items and d > until:
                out.append(
                    Problem(
                        rows.display,
                        rows.line(k),
                        field,
                        f"{code} ({s['name']}) is not valid after {until} ({date} {d}); use {successor}",
                    )
                )
            if successor in items and d <= until:
                out.append(
                    Problem(
                        rows.display,
                        rows.line(k),
                        field,
                        f"{successor} is valid from {until + dt.timedelta(days=1)}; on {d} use {code} ({s['name']})",
                    )
                )


def sequence(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    field, order = rule["field"], rule["orderBy"]
    where = rule.get("where", {})
    groups = _groups(
        rows, rule.get("groupBy", []),
        lambda k: rows.get(k, field) is not None and all(rows.get(k, c) in v for c, v in where.items()),
    )  # fmt: skip
    for key, ks in groups.items():
        label = "/".join(str(x) for x in key) or rows.p.table.name
        seen: dict[Any, int] = {}
        ks.sort(key=lambda k: (rows.get(k, order) or dt.date.max, rows.get(k, field)))
        previous: int | None = None
        for k in ks:
            n = rows.get(k, field)
            if n in seen:
                out.append(
                    Problem(
                        rows.display,
                        rows.line(k),
                        field,
                        f"number {n} of {label!r} is also on {rows.id(seen[n])} (line {rows.line(seen[n])}); official numbers are unique",
                    )
                )
                continue
            seen[n] = k
            if previous is not None:
                m = rows.get(previous, field)
                if n < m:
                    out.append(
                        Problem(
                            rows.display,
                            rows.line(k),
                            field,
                            f"number {n} of {label!r} comes after {m} ({rows.id(previous)}, line {rows.line(previous)}) in {order} order; numbers follow the dates",
                        )
                    )
                elif n > m + 1:
                    gap = list(range(m + 1, n))
                    named = all(re.search(rf"\b{g}(st|nd|rd|th)?\b", rows.notes(k)) for g in gap)
                    if not named:
                        missing = ", ".join(map(str, gap))
                        out.append(
                            Problem(
                                rows.display,
                                rows.line(k),
                                field,
                                f"{label!r} jumps from {m} ({rows.id(previous)}) to {n}: no row numbered {missing}; add it, or name the gap ({missing}) in this row's notes",
                            )
                        )
            previous = k


def same_within_group(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    field, by = rule["field"], rule["groupBy"]
    groups = _groups(rows, by, lambda k: all(x is not None for x in _group(rows, by, k)))
    for key, ks in groups.items():
        values = [rows.get(k, field) for k in ks]
        if len(set(values)) < 2:
            continue
        common = max(set(values), key=lambda v: (values.count(v), str(v)))
        others = ", ".join(str(rows.id(k)) for k in ks if rows.get(k, field) == common)
        for k in ks:
            v = rows.get(k, field)
            if v != common and not _explained(rows, k, rule.get("unlessNotes")):
                out.append(
                    Problem(
                        rows.display,
                        rows.line(k),
                        field,
                        f"{v!r} differs from {common!r} of the other rows of {key[0] if len(key) == 1 else key!r} ({others}); use one value, or explain in the notes (with the words {rule.get('unlessNotes')!r})",
                    )
                )


def not_before(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    field, other = rule["field"], rule["other"]
    for k in range(rows.n):
        a, b = rows.get(k, field), rows.get(k, other)
        if a is not None and b is not None and a < b and not _explained(rows, k, rule.get("unlessNotes")):
            out.append(
                Problem(
                    rows.display,
                    rows.line(k),
                    field,
                    f"{field} {a} is before {other} {b}; correct it, or explain in the notes (with the words {rule.get('unlessNotes')!r})",
                )
            )


def tally(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    yes, no, abstain = rule["fields"]
    members = rule["members"]
    for k in range(rows.n):
        a, b, c = rows.get(k, yes), rows.get(k, no), rows.get(k, abstain)
        if a is not None and b is not None and c is None and a + b <= members:
            out.append(
                Problem(
                    rows.display,
                    rows.line(k),
                    abstain,
                    f"empty, but the tally gives it: {members} members - {a} for - {b} against = {members - a - b} (if every member voted); fill it in",
                )
            )
        if None not in (a, b, c) and a + b + c > members:
            out.append(
                Problem(
                    rows.display,
                    rows.line(k),
                    abstain,
                    f"{a} for + {b} against + {c} abstentions = {a + b + c}, more than the {members} members",
                )
            )


def agrees_with(rows: Rows, rule: dict[str, Any], ctx: dict[str, Any], out: list[Problem]) -> None:
    field, link, table, target = rule["field"], rule["link"], rule["table"], rule["target"]
    other = ctx["parsed"].get(table)
    if other is None:
        return
    there = Rows(other)
    index = {there.id(j): j for j in range(there.n)}
    for k in range(rows.n):
        ref = rows.get(k, link)
        if ref is None or ref not in index:
            continue  # a dangling link is the link check's problem
        j = index[ref]
        value, theirs = rows.get(k, field), there.get(j, target)
        if theirs is None:
            continue
        expected = theirs.year if rule.get("as") == "year" and isinstance(theirs, dt.date) else theirs
        if value != expected:
            out.append(
                Problem(
                    rows.display,
                    rows.line(k),
                    field,
                    f"{field} {value} disagrees with {ref} ({table}, line {there.line(j)}: {target} {theirs}); the two must agree",
                )
            )


def sources_once(rows: Rows, out: list[Problem]) -> None:
    if "source_id" not in rows.p.values or "other_source_ids" not in rows.p.values:
        return
    for k in range(rows.n):
        main = rows.get(k, "source_id")
        if main is not None and main in _items(rows.get(k, "other_source_ids")):
            out.append(
                Problem(
                    rows.display,
                    rows.line(k),
                    "other_source_ids",
                    f"{main!r} is already the row's source_id; cite a source once",
                )
            )


RULES: dict[str, Callable[[Rows, dict[str, Any], dict[str, Any], list[Problem]], None]] = {
    "codesForDate": codes_for_date,
    "sequence": sequence,
    "sameWithinGroup": same_within_group,
    "notBefore": not_before,
    "tally": tally,
    "agreesWith": agrees_with,
}


def check_rules(parsed: dict[str, Any], descriptor: dict[str, Any], out: list[Problem]) -> None:
    ctx = {"parsed": parsed, "successions": descriptor.get("crrd", {}).get("successions", [])}
    for p in parsed.values():
        rows = Rows(p)
        for rule in p.table.extra.get("rules", []):
            check = RULES.get(rule.get("rule"))
            if check is None:
                out.append(
                    Problem(
                        p.display, 1, "", f"unknown rule {rule.get('rule')!r} in its schema; known: {', '.join(RULES)}"
                    )
                )
                continue
            check(rows, rule, ctx, out)
        sources_once(rows, out)
