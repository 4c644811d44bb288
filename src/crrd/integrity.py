"""Byte counts and SHA-256 hashes of the data files, as recorded in ``datapackage.json``."""

from __future__ import annotations

import hashlib


class IntegrityError(ValueError):
    """A data file does not match the hash recorded in the descriptor."""


def digest(data: bytes) -> str:
    """The Data Package form of a hash: ``sha256:<hex>``."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def mismatch(data: bytes, resource: dict[str, object]) -> str | None:
    """Why ``data`` does not match the resource's recorded bytes and hash, or None when it does."""
    expected = resource.get("hash")
    if expected is None:
        return "has no hash in datapackage.json; run `crrd refresh`"
    if digest(data) != expected or resource.get("bytes") not in (None, len(data)):
        return "does not match its hash in datapackage.json (the file changed after the hash was recorded); if the change is intended, run `crrd refresh`"
    return None
