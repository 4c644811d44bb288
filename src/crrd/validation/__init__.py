"""The contributor's gate: validate a CRRD package and report problems by file, line and column."""

from crrd.validation.package import UnreadableInput, validate_package
from crrd.validation.problems import Problem

__all__ = ["Problem", "UnreadableInput", "validate_package"]
