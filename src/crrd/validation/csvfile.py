"""Reads one CSV file as a contributor may have left it: bytes, encoding, line endings, rows with line numbers.

Rows are streamed, not kept.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from crrd.validation.problems import Problem

BOM = b"\xef\xbb\xbf"
_NON_SPACE = re.compile(r"\S")


@dataclass
class CsvFile:
    """A decoded CSV file: its header, and ``records()`` yielding ``(line, row)`` (header = line 1)."""

    display: str
    text: str = ""
    header: list[str] = field(default_factory=list)
    readable: bool = True
    problems: list[Problem] = field(default_factory=list)

    def records(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), strict=True)
        previous = 0
        try:
            for record in reader:
                start, previous = previous + 1, reader.line_num
                if start > 1:
                    yield start, record
        except csv.Error as e:
            self.problems.append(
                Problem(self.display, previous + 1, "", f"cannot parse the CSV here ({e}); check the quoting")
            )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def read_csv(data: bytes, display: str, problems: list[Problem]) -> CsvFile:
    """The file-level checks and the header."""
    out = CsvFile(display, problems=problems)
    if data.startswith(BOM):
        problems.append(
            Problem(display, 1, "", "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")
        )
        data = data[len(BOM) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad = data[e.start]
        problems.append(
            Problem(
                display, _line_of(data, e.start), "", f"byte 0x{bad:02x} is not valid UTF-8; save the file as UTF-8"
            )
        )
        out.readable = False
        return out
    cr = data.find(b"\r")
    if cr >= 0:
        what = "CR LF (Windows)" if data[cr + 1 : cr + 2] == b"\n" else "CR"
        problems.append(
            Problem(display, _line_of(data, cr), "", f"line ends with {what}; CRRD files use LF line endings")
        )
    if text and not text.endswith("\n"):
        problems.append(Problem(display, text.count("\n") + 1, "", "the last line does not end with a line break"))
    if _NON_SPACE.search(text) is None:
        problems.append(Problem(display, 1, "", "file is empty; it needs at least the header row"))
        out.readable = False
        return out
    out.text = text
    try:
        end = text.find("\n")
        out.header = next(csv.reader([text[: end if end >= 0 else len(text)].rstrip("\r")], strict=True))
    except csv.Error as e:
        problems.append(Problem(display, 1, "", f"cannot parse the header ({e}); check the quoting"))
        out.readable = False
    return out
