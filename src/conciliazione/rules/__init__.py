"""Validation rules: the registry and the core rules."""

from conciliazione.rules.core import READER_FINDING_TYPES, core_registry
from conciliazione.rules.registry import (
    Check,
    Rule,
    RuleContext,
    RuleRegistry,
    Violation,
    finding_for,
)

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
