"""``crrd fmt``: rewrite a package's CSV files in the canonical form, losing nothing.

Canonical form: UTF-8 without BOM, LF line endings, comma delimiter, minimal RFC 4180 quoting,
columns in schema order, rows sorted by id. A file that cannot be parsed exactly (not UTF-8,
broken quoting, ragged rows, a header that is not the schema's columns) is refused, not guessed at.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from crrd.metadata import Table

DELIMITERS = (",", ";", "\t")


class Unformattable(ValueError):
    """The file cannot be parsed without guessing; it is left untouched."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"{line}:: {message}")
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parsed:
    header: list[str]
    rows: list[list[str]]


def parse(data: bytes, table: Table) -> Parsed:
    """Parse a CSV file as a contributor may have saved it, or raise Unformattable."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise Unformattable(line, "not valid UTF-8; convert the file to UTF-8 first") from None
    first = text.split("\n", 1)[0].rstrip("\r")
    expected = set(table.field_names)
    for delim in DELIMITERS:
        try:
            header = next(csv.reader([first], delimiter=delim, strict=True))
        except (csv.Error, StopIteration):
            continue
        if set(header) == expected and len(header) == len(expected):
            break
    else:
        raise Unformattable(1, "the header is not the schema's columns; fix it by hand (see `crrd validate`)")
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    previous = 0
    try:
        for row in reader:
            start, previous = previous + 1, reader.line_num
            if start == 1 or row == []:  # the header; a blank line holds no value
                continue
            if len(row) != len(header):
                raise Unformattable(start, f"row has {len(row)} cells, the header has {len(header)}")
            rows.append(row)
    except csv.Error as e:
        raise Unformattable(previous + 1, f"cannot parse the CSV ({e})") from None
    return Parsed(header, rows)


def canonical(parsed: Parsed, table: Table) -> bytes:
    order = [parsed.header.index(name) for name in table.field_names]
    key = parsed.header.index(table.primary_key)
    rows = sorted(parsed.rows, key=lambda r: r[key])  # stable: equal ids keep their order
    # The writer quotes a cell only for the characters of its line terminator: writing with CR LF makes it
    # quote a lone CR too, and each record's own CR LF is then turned into LF.
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    out = []
    for record in [table.field_names, *([r[i] for i in order] for r in rows)]:
        buf.seek(0)
        buf.truncate()
        w.writerow(record)
        out.append(buf.getvalue()[:-2] + "\n")
    return "".join(out).encode("utf-8")


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so an interrupted run never leaves half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def format_file(path: Path, table: Table, check: bool = False) -> bool:
    """Format one file in place (or only check it); True when it was (or would be) changed."""
    data = path.read_bytes()
    new = canonical(parse(data, table), table)
    if new == data:
        return False
    if not check:
        write_atomically(path, new)
    return True
