"""Checks of one cell against its field: type, constraints, lists and code lists.

``checker(field)`` returns a function ``raw -> (value, messages)``; ``value`` is the parsed
value (None when empty or invalid) that table-level checks (ranges, order, keys) work on.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import urlsplit

from crrd.metadata import Field

Check = Callable[[str], "tuple[object, list[str]]"]
FORMULA_START = ("=", "+", "-", "@")
_INT = re.compile(r"-?[0-9]+")
_NUM = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_NONE: list[str] = []


def _hidden(s: str) -> str | None:
    """The first Unicode format character (category Cf: zero-width spaces and joiners, bidirectional
    embeddings, overrides and isolates, the BOM) in ``s``; they can hide or reorder text on a page or in a diff."""
    if s.isascii():
        return None
    return next((ch for ch in s if unicodedata.category(ch) == "Cf"), None)


def _parse(f: Field, s: str) -> tuple[object, str | None]:
    t = f.type
    if t == "string":
        return s, None
    if t == "integer":
        if _INT.fullmatch(s):
            return int(s), None
        return None, f"{s!r} is not an integer"
    if t == "number":
        if _NUM.fullmatch(s):
            v = float(s)
            if math.isfinite(v):
                return v, None
        return None, f"{s!r} is not a number (use a dot for decimals, no thousands separators or units)"
    if t == "boolean":
        if s in ("true", "false"):
            return s == "true", None
        return None, f"{s!r} is not a boolean (use true or false)"
    if t == "date":
        if _DATE.fullmatch(s):
            try:
                return dt.date.fromisoformat(s), None
            except ValueError:
                return None, f"{s!r} is not a real calendar date"
        return None, f"{s!r} is not a date in the form YYYY-MM-DD"
    return None, f"unsupported type {t!r} in the schema"


def checker(f: Field, iso3: frozenset[str] | None) -> Check:
    pattern = re.compile(f.pattern) if f.pattern else None
    enum = frozenset(f.enum) if f.enum else None
    item_enum = frozenset(f.item_enum) if f.item_enum else None
    codes = iso3 if f.codelist else None
    is_text = f.type == "string"

    def check(raw: str) -> tuple[object, list[str]]:
        msgs = _NONE
        s = raw
        if s != s.strip():
            msgs = [f"leading or trailing whitespace in {raw!r}"]
            s = s.strip()
        if s == "":
            if f.required:
                return None, [*msgs, "required value is empty"]
            return None, msgs
        if "\n" in s or "\r" in s:
            msgs = [*msgs, "line break inside a cell; keep cells on one line"]
        hidden = _hidden(s)
        if hidden is not None:
            msgs = [
                *msgs,
                f"invisible or bidirectional control character U+{ord(hidden):04X} in the text; it can make a page show something other than the file holds",
            ]
        if is_text and s.startswith(FORMULA_START):
            msgs = [*msgs, f"text starts with {s[0]!r}, which a spreadsheet would run as a formula; reword it"]
        value, err = _parse(f, s)
        if err:
            return None, [*msgs, err]
        if enum is not None and s not in enum:
            msgs = [*msgs, f"{s!r} is not one of: {', '.join(f.enum or ())}"]
        if pattern is not None and not pattern.fullmatch(s):
            msgs = [*msgs, f"{s!r} does not match the pattern {f.pattern}"]
        if f.format == "uri":
            parts = urlsplit(s)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in s:
                msgs = [*msgs, f"{s!r} is not an http or https URL"]
        if f.minimum is not None and isinstance(value, (int, float)) and value < f.minimum:
            msgs = [*msgs, f"{s} is below the minimum {f.minimum}"]
        if f.maximum is not None and isinstance(value, (int, float)) and value > f.maximum:
            msgs = [*msgs, f"{s} is above the maximum {f.maximum}"]
        if f.is_list:
            items = s.split(";")
            seen: set[str] = set()
            for item in items:
                if item == "":
                    msgs = [*msgs, f"empty item in the list {s!r} (separate items with a single ';')"]
                elif item != item.strip():
                    msgs = [*msgs, f"whitespace around the item {item!r}; separate items with ';' alone"]
                elif item in seen:
                    msgs = [*msgs, f"{item!r} is listed twice"]
                elif item_enum is not None and item not in item_enum:
                    msgs = [*msgs, f"{item!r} is not one of: {', '.join(f.item_enum or ())}"]
                elif codes is not None and item not in codes:
                    msgs = [*msgs, f"{item!r} is not an ISO 3166-1 alpha-3 country code"]
                seen.add(item)
            value = items
        elif codes is not None and s not in codes:
            msgs = [*msgs, f"{s!r} is not an ISO 3166-1 alpha-3 country code"]
        return value, msgs

    return check
