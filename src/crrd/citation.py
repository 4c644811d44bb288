"""How to cite the installed version of the dataset."""

from __future__ import annotations

from crrd.metadata import installed_package

FORMATS = ("text", "bibtex")


def cite(format: str = "text") -> str:
    """The citation of the installed version: ``text`` (APA-like) or ``bibtex``."""
    d = installed_package().descriptor
    version = d["version"]
    year = str(d.get("created", ""))[:4]
    title = d.get("title", "CRRD")
    author = "CRRD contributors"
    if format == "text":
        return f"{author} ({year}). {title} (Version {version}) [Data set]."
    if format == "bibtex":
        key = f"crrd_{version.replace('.', '_')}"
        return (
            f"@misc{{{key},\n"
            f"  author = {{{{{author}}}}},\n"
            f"  title = {{{{{title}}}}},\n"
            f"  year = {{{year}}},\n"
            f"  version = {{{version}}},\n"
            f"  note = {{Data set, version {version}}}\n"
            "}"
        )
    raise ValueError(f"unknown citation format {format!r}; use one of: {', '.join(FORMATS)}")
