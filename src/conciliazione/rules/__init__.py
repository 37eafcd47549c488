"""Validation rules: the registry and the core rules.

The registry and the reader finding types load at once (they are light); the core rules, which
need the model and python-stdnum, load when :func:`core_registry` is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from conciliazione.catalogue import READER_FINDING_TYPES, finding_for
from conciliazione.rules.registry import (
    Check,
    Rule,
    RuleContext,
    RuleRegistry,
    Violation,
)

if TYPE_CHECKING:
    from conciliazione.rules.core import core_registry

__all__ = [
    "READER_FINDING_TYPES",
    "Check",
    "Rule",
    "RuleContext",
    "RuleRegistry",
    "Violation",
    "core_registry",
    "finding_for",
]


def __getattr__(name: str) -> Any:
    if name == "core_registry":
        from conciliazione.rules.core import core_registry

        return core_registry
    raise AttributeError(f"module 'conciliazione.rules' has no attribute {name!r}")
