"""A problem found by the validator, and its three output formats."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def text(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"

    def github(self) -> str:
        # GitHub Actions workflow command; its values escape %, CR, LF (and , : in properties).
        def esc(s: str, prop: bool = False) -> str:
            s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            return s.replace(",", "%2C").replace(":", "%3A") if prop else s

        title = esc(f"crrd validate: {self.column}" if self.column else "crrd validate", prop=True)
        return f"::error file={esc(self.file, True)},line={self.line},title={title}::{esc(self.message)}"


def render(problems: list[Problem], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=1)
    if fmt == "github":
        return "\n".join(p.github() for p in problems)
    return "\n".join(p.text() for p in problems)
