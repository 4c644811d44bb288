"""A column-wise path for large tables (pyarrow), giving exactly the problems of the row-wise path.

Only the *detection* is vectorised: every cell that could be wrong is passed to the same cell checker
as in the row-wise path, so the messages are the same. Repetitive columns (codes, dates, numbers,
references) are dictionary-encoded and each distinct value is checked once; free-text and id columns
are screened with a conservative "clean" regular expression and only the rest are checked. Whenever
pyarrow could read the file differently from Python's csv module (quoted line breaks, CR, blank lines,
malformed quoting), the caller falls back to the row-wise path.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Any

from crrd.metadata import Field, Table
from crrd.validation.problems import Problem

Check = Callable[[str], "tuple[object, list[str]]"]
MIN_BYTES = 1_000_000  # below this the row-wise path is as fast

# A text cell that passes every text check: no leading/trailing whitespace (Python's definition: all such
# characters are in the Unicode categories C or Z), no formula start, no line break. RE2 syntax.
CLEAN_TEXT = r"^[^\s=+\-@\pC\pZ](?:[^\r\n]*[^\s\pC\pZ])?$"
ASCII_TOKEN = r"^[!-*,.-<>?A-~][!-~]*$"  # ids and codes: printable ASCII, no space, no formula start
CLEAN_URL = r"^https?://[A-Za-z0-9.\-]+(?::[0-9]+)?(?:[/?#][\x21-\x7e]*)?$"


def available() -> bool:
    try:
        import pyarrow.compute
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


# pyarrow imports pandas (0.2 s) the first time it converts a Python object or makes a numpy array; the
# helpers below build and read arrays through buffers instead, so a validation never pays for that import.
def _int_array(values: list[int]) -> Any:
    import numpy as np
    import pyarrow as pa

    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(np.array(values, dtype=np.int64))])


def _codes(indices: Any) -> Any:
    """The int32 indices of a dictionary-encoded array (no nulls) as a numpy view."""
    import numpy as np

    return np.frombuffer(indices.buffers()[1], dtype=np.int32, count=len(indices) + indices.offset)[indices.offset :]


def _is_empty(col: Any) -> Any:
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.invert(pc.cast(pc.utf8_length(col), pa.bool_()))


def _read(data: bytes, header: list[str]) -> Any | None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if b"\r" in data or not data.endswith(b"\n"):
        return None
    try:
        t = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={h: pa.string() for h in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, ValueError):
        return None
    if data.count(b"\n") != t.num_rows + 1:  # one record per line, or the line numbers would be off
        return None
    return t


def _quoting_agrees(data: bytes, t: Any, header: list[str]) -> bool:
    """Lines with quotes are re-read with Python's csv module; any difference means: use the row-wise path."""
    if b'"' not in data:
        return True
    lines = data.split(b"\n")[1:-1]
    quoted = [i for i, line in enumerate(lines) if b'"' in line]
    if not quoted:
        return True
    rows = t.take(_int_array(quoted)).to_pylist()
    for i, row in zip(quoted, rows, strict=True):
        try:
            parsed = next(csv.reader([lines[i].decode("utf-8")], strict=True))
        except (csv.Error, StopIteration, UnicodeDecodeError):
            return False
        if parsed != [row[h] for h in header]:
            return False
    return True


def _regex_clean(f: Field) -> str | None:
    if f.is_list or f.enum or f.codelist or f.type != "string":
        return None  # such columns are dictionary-encoded and each distinct value checked
    if f.format == "uri":
        return CLEAN_URL
    if f.pattern:
        return None  # combined with ASCII_TOKEN below
    return CLEAN_TEXT


class _Deferred:
    """A column that stands in for a list of its values, made only if a check needs more than the hints."""

    _list: list[Any] | None = None

    def _make(self) -> list[Any]:
        raise NotImplementedError

    def _values(self) -> list[Any]:
        if self._list is None:
            self._list = self._make()
        return self._list

    def __iter__(self):
        return iter(self._values())

    def __getitem__(self, k: int) -> Any:
        return self._values()[k]

    def count(self, value: Any) -> int:
        return self._values().count(value)

    def index(self, value: Any, *args: int) -> int:
        return self._values().index(value, *args)


class LazyColumn(_Deferred):
    """A free-text or id column as its pyarrow array (most checks have hints)."""

    def __init__(self, array: Any, pattern: str | None = None) -> None:
        self._array = array
        self._pattern = pattern  # every value matches it (a column with a bad cell is never lazy)

    def _make(self) -> list[Any]:
        return self._array.to_pylist()

    def __len__(self) -> int:
        return len(self._array)

    def present(self, items: set[Any]) -> set[Any]:
        """Which of ``items`` the column holds, without making the list."""
        if self._pattern is not None:  # an item the column's pattern rejects cannot be one of its values
            import re

            match = re.compile(self._pattern).search
            items = {i for i in items if isinstance(i, str) and match(i)}
        if not items:
            return set()
        if self._list is not None:
            return items & set(self._list)
        import pyarrow as pa
        import pyarrow.compute as pc

        mask = pc.is_in(self._array, value_set=pa.array(sorted(items), pa.string()))
        return set(self._array.filter(mask).to_pylist())


class CodedColumn(_Deferred):
    """A repetitive column as its distinct parsed values and one code per row: the table checks work on the
    distinct values and look at rows only for a value that is wrong."""

    def __init__(self, uniques: list[Any], codes: Any) -> None:
        self.uniques = uniques
        self.codes = codes

    def _make(self) -> list[Any]:
        import numpy as np

        table = np.empty(len(self.uniques), dtype=object)
        table[:] = self.uniques
        return table[self.codes].tolist()

    def __len__(self) -> int:
        return len(self.codes)

    def distinct(self) -> list[Any]:
        return self.uniques

    def count(self, value: Any) -> int:
        import numpy as np

        hits = [k for k, u in enumerate(self.uniques) if u == value and type(u) is type(value)]
        return int(np.isin(self.codes, hits).sum()) if hits else 0


def rows_where(values: Any, wanted: Callable[[Any], bool]) -> Iterator[tuple[int, Any]]:
    """(row, value) for each row whose value is ``wanted``; a coded column tests each distinct value once."""
    if isinstance(values, CodedColumn):
        import numpy as np

        hits = [k for k, u in enumerate(values.uniques) if wanted(u)]
        if hits:
            for row in np.nonzero(np.isin(values.codes, hits))[0].tolist():
                yield row, values.uniques[values.codes[row]]
        return
    for row, value in enumerate(values):
        if wanted(value):
            yield row, value


def check_columns(
    data: bytes,
    header: list[str],
    table: Table,
    checks: dict[str, Check],
    repetitive: Callable[[Field], bool],
    kept: set[str],
    display: str,
    problems: list[Problem],
) -> tuple[range, dict[str, Any], dict[str, dict[str, Any]]] | None:
    """(lines, kept values, hints) after adding every cell problem; None when the row-wise path must be used.

    hints: ``sorted`` {column: bool}, and for a unique column either ``dup_rows`` {column: {value: (first row,
    later rows)}} when it is sorted or ``dups`` {column: set of duplicated values}; computed on the raw column
    where no cell of it needed the cell checker (so raw and parsed values are the same).
    """
    import numpy as np
    import pyarrow.compute as pc

    t = _read(data, header)
    if t is None or not _quoting_agrees(data, t, header):
        return None
    n = t.num_rows
    lines = range(2, n + 2)
    values: dict[str, Any] = {}
    hints: dict[str, dict[str, Any]] = {"dups": {}, "sorted": {}, "dup_rows": {}}
    for name in header:
        if name not in table.field_names:
            continue
        f = table.field(name)
        check = checks[name]
        col = t.column(name).combine_chunks()
        if repetitive(f):
            enc = pc.dictionary_encode(col)
            uniques = enc.dictionary.to_pylist()
            results = [check(u) for u in uniques]
            codes = _codes(enc.indices)
            bad = [k for k, (_, msgs) in enumerate(results) if msgs]
            if bad:
                for row in np.nonzero(np.isin(codes, bad))[0].tolist():
                    for m in results[codes[row]][1]:
                        problems.append(Problem(display, row + 2, name, m))
            if name in kept:
                values[name] = CodedColumn([value for value, _ in results], codes)
            continue
        pattern = _regex_clean(f)
        try:
            if pattern is not None:
                clean = pc.match_substring_regex(col, pattern)
            else:
                clean = pc.and_(
                    pc.match_substring_regex(col, ASCII_TOKEN), pc.match_substring_regex(col, f.pattern or ".*")
                )
        except Exception:  # a pattern RE2 cannot compile: check every cell
            clean = pc.equal(col, "\x00never")
        if not f.required:
            clean = pc.or_(clean, _is_empty(col))
        # (a boolean array's to_numpy would import pandas: 0.2 s of a one-second budget)
        suspect = pc.indices_nonzero(pc.invert(clean)).to_pylist()
        if name in kept and not suspect and f.required:
            values[name] = LazyColumn(col, f.pattern)
            ordered = n < 2 or not pc.any(pc.less(col[1:], col[:-1])).as_py()
            if name == table.primary_key:
                hints["sorted"][name] = ordered
            if f.unique or name == table.primary_key:
                if ordered:  # in a sorted column equal values are neighbours: no hash table needed
                    repeats = pc.indices_nonzero(pc.equal(col[1:], col[:-1])).to_pylist()  # row k+1 repeats row k
                    runs: dict[Any, tuple[int, list[int]]] = {}
                    for k in repeats:
                        runs.setdefault(col[k].as_py(), (k, []))[1].append(k + 1)
                    hints["dup_rows"][name] = runs
                else:
                    counts = pc.value_counts(col)
                    twins = counts.field("values").filter(pc.greater(counts.field("counts"), 1))
                    hints["dups"][name] = set(twins.to_pylist())
            continue
        raw = col.to_pylist() if (name in kept or suspect) else None
        kept_values = raw if name in kept else None
        if kept_values is not None and not f.required:
            kept_values = [v if v != "" else None for v in kept_values]
        for row in suspect:
            value, msgs = check(raw[row])
            for m in msgs:
                problems.append(Problem(display, row + 2, name, m))
            if kept_values is not None:
                kept_values[row] = value
        if kept_values is not None:
            values[name] = kept_values
    for name in kept:
        values.setdefault(name, [None] * n)
    return lines, values, hints
