"""Where the data lives: the copy packed in the wheel, else the repository root."""

from __future__ import annotations

from pathlib import Path

DESCRIPTOR = "datapackage.json"


def data_root() -> Path:
    """Directory holding ``datapackage.json``, ``data/`` and ``schemas/`` for this install.

    A wheel carries them in ``crrd/_data``; an editable install or a source checkout
    does not, so it falls back to the repository root two levels above ``src/crrd``.
    """
    here = Path(__file__).resolve().parent
    packed = here / "_data"
    if (packed / DESCRIPTOR).is_file():
        return packed
    checkout = here.parent.parent
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    raise FileNotFoundError(f"crrd: no {DESCRIPTOR} in {packed} or {checkout}; the installation is incomplete")
