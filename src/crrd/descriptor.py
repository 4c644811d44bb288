"""Keeps the derived parts of ``datapackage.json`` (each resource's title, description) in step with the schemas."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from crrd._paths import DESCRIPTOR
from crrd.integrity import digest
from crrd.metadata import inside, read_schema


def derived_descriptor(root: Path) -> dict[str, Any]:
    """The descriptor at ``root`` with every resource's derived properties recomputed."""
    with (root / DESCRIPTOR).open(encoding="utf-8") as fh:
        d: dict[str, Any] = json.load(fh)
    resources = []
    for res in d["resources"]:
        x = read_schema(inside(root, res["schema"], f"the schema of {res['name']!r}")).get("crrd", {})
        data = inside(root, res["path"], f"the path of {res['name']!r}").read_bytes()
        resources.append(
            {
                "name": res["name"],
                "type": "table",
                "path": res["path"],
                "scheme": "file",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": digest(data),
                "title": x.get("title", res["name"]),
                "description": x.get("description", ""),
                "schema": res["schema"],
            }
        )
    d["resources"] = resources
    return d


def dumps(d: dict[str, Any]) -> str:
    return json.dumps(d, indent=2, ensure_ascii=False) + "\n"


def _write_if_changed(path: Path, text: str) -> bool:
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return True


def refresh(root: Path, codebook: bool = True) -> list[str]:
    """Rewrite the derived files (descriptor resources, then the codebook); the paths that changed."""
    changed = []
    if _write_if_changed(root / DESCRIPTOR, dumps(derived_descriptor(root))):
        changed.append(DESCRIPTOR)
    if codebook:
        from crrd.codebook import CODEBOOK, codebook_text

        if _write_if_changed(root / CODEBOOK, codebook_text(root)):
            changed.append(str(CODEBOOK))
    return changed
