"""Optional extras: the one place that names the distribution and says which extra to install."""

from __future__ import annotations

import importlib
from typing import Any

# The name on the package index; the import name and the command stay `crrd` (`crrd` there is another project).
DISTRIBUTION = "crrd-dataset"


def install_hint(extra: str) -> str:
    return f"pip install '{DISTRIBUTION}[{extra}]' (from a clone: pip install '.[{extra}]')"


def need(module: str, extra: str, what: str) -> Any:
    """Import an optional module, or raise an ImportError naming the extra that brings it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f"{what} needs {module}: {install_hint(extra)}") from None
