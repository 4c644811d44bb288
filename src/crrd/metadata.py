"""Reads the Frictionless descriptor and Table Schemas: the one place where fields are defined.

Everything else (loader dtypes, Pandera models, codebook, validator) is derived from the
``Field`` and ``Table`` objects built here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from crrd._paths import DESCRIPTOR, data_root


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str = ""
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    format: str | None = None
    unit: str | None = None
    is_list: bool = False
    item_enum: tuple[str, ...] | None = None
    codelist: str | None = None
    references: tuple[str, ...] = ()

    @classmethod
    def from_descriptor(cls, d: dict[str, Any]) -> Field:
        c = d.get("constraints", {})
        x = d.get("crrd", {})
        return cls(
            name=d["name"],
            type=d.get("type", "string"),
            description=d.get("description", ""),
            required=bool(c.get("required", False)),
            unique=bool(c.get("unique", False)),
            enum=tuple(c["enum"]) if "enum" in c else None,
            pattern=c.get("pattern"),
            minimum=c.get("minimum"),
            maximum=c.get("maximum"),
            format=d.get("format"),
            unit=x.get("unit"),
            is_list=bool(x.get("list", False)),
            item_enum=tuple(x["itemEnum"]) if "itemEnum" in x else None,
            codelist=x.get("codelist"),
            references=tuple(x.get("references", ())),
        )


@dataclass(frozen=True)
class ForeignKey:
    field: str
    resource: str
    target: str


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    schema_path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: str
    foreign_keys: tuple[ForeignKey, ...]
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


class UnsafePath(ValueError):
    """A descriptor names a file outside its package: absolute, a URL, escaping with `..`, or by a symlink."""


def inside(root: Path, relative: object, what: str) -> Path:
    """The file ``relative`` names inside the package at ``root``; ``UnsafePath`` unless it stays inside.

    Descriptors come from strangers' pull requests: nothing they name may be read or written elsewhere."""
    if not isinstance(relative, str) or not relative:
        raise UnsafePath(f"{what} must be a relative path inside the package, not {relative!r}")
    if "://" in relative or relative.startswith(("/", "\\")) or ":" in relative.split("/")[0]:
        raise UnsafePath(f"{what} {relative!r} is not a relative path inside the package (no URL, no absolute path)")
    if ".." in relative.replace("\\", "/").split("/"):
        raise UnsafePath(f"{what} {relative!r} leaves the package directory ('..' is not allowed)")
    path = root / relative
    base = root.resolve()
    if not path.resolve().is_relative_to(base):
        raise UnsafePath(f"{what} {relative!r} leads outside the package directory (through a symbolic link)")
    return path


def read_schema(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        result: dict[str, Any] = json.load(fh)
    return result


def table_from(resource: dict[str, Any], schema: dict[str, Any]) -> Table:
    extra = schema.get("crrd", {})
    pk = schema.get("primaryKey", "id")
    fks = tuple(
        ForeignKey(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
        for fk in schema.get("foreignKeys", [])
    )
    return Table(
        name=resource["name"],
        path=resource["path"],
        schema_path=resource["schema"] if isinstance(resource["schema"], str) else "",
        title=extra.get("title", resource.get("title", resource["name"])),
        description=extra.get("description", resource.get("description", "")),
        fields=tuple(Field.from_descriptor(f) for f in schema.get("fields", [])),
        primary_key=pk if isinstance(pk, str) else pk[0],
        foreign_keys=fks,
        extra=extra,
    )


@dataclass(frozen=True)
class Package:
    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))


def read_package(root: Path) -> Package:
    """Read a package whose descriptor is known to be sound (the installed one, or one validated first)."""
    with (root / DESCRIPTOR).open(encoding="utf-8") as fh:
        descriptor = json.load(fh)
    tables = {}
    for res in descriptor["resources"]:
        inside(root, res["path"], f"the path of {res['name']!r}")
        tables[res["name"]] = table_from(
            res, read_schema(inside(root, res["schema"], f"the schema of {res['name']!r}"))
        )
    return Package(root, descriptor, tables)


@lru_cache(maxsize=1)
def installed_package() -> Package:
    return read_package(data_root())
