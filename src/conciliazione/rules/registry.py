"""The rule registry: validation rules as named, documented objects, not an if-chain.

A rule is a :class:`~conciliazione.findings.FindingType` (code, severity, meaning, fix) plus a
check function. The check yields :class:`Violation` objects — *what* is wrong and *where* — and
the registry turns them into findings with the rule's own code and severity, so a rule cannot
misreport itself. Plugins add rules to a registry through the ``conciliazione_rules`` hook; the
catalogue of codes in the docs is generated from a registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from conciliazione.catalogue import FindingCatalogue, finding_for
from conciliazione.errors import RuleRegistrationError
from conciliazione.findings import Finding, FindingType, Report, Severity

if TYPE_CHECKING:
    from conciliazione.model import Dataset, Guideline, Record


@attrs.frozen
class Violation:
    """What a check found: a message, the record it is about and the field path."""

    message: str
    record: Record | None = None
    path: str | None = None


@attrs.frozen
class RuleContext:
    """What a check can look at: the dataset and the region-wide reference data."""

    dataset: Dataset
    guidelines: Mapping[str, Guideline]
    ats_ids: frozenset[str]

    _indexes: dict[str, dict[str, Record]] = attrs.field(
        factory=dict, init=False, eq=False, repr=False
    )

    def index(self, entity: str) -> dict[str, Record]:
        """Records of an entity by id (the last one wins when ids repeat)."""
        if entity not in self._indexes:
            self._indexes[entity] = {r.record_id: r for r in self.dataset.of(entity)}
        return self._indexes[entity]


Check = Callable[[RuleContext], Iterable[Violation]]


@attrs.frozen
class Rule:
    """A finding type and the check that produces it."""

    type: FindingType
    check: Check
    on_error: Callable[[Exception], Finding] | None = None
    """What a check that raises reports instead (a plugin's rules: ``plugin-failed``); without
    it the exception propagates, as a bug in a core rule must."""

    @property
    def code(self) -> str:
        return self.type.code

    def run(self, context: RuleContext) -> Iterator[Finding]:
        try:
            violations = list(self.check(context))
        except Exception as exc:
            if self.on_error is None:
                raise
            yield self.on_error(exc)
            return
        for violation in violations:
            yield finding_for(self.type, violation.message, violation.record, violation.path)


class RuleRegistry(FindingCatalogue):
    """Finding types and rules by code: a :class:`~conciliazione.catalogue.FindingCatalogue`
    that also holds the checks. Codes are unique across core and plugins."""

    def __init__(self) -> None:
        super().__init__()
        self._rules: dict[str, Rule] = {}

    def add(self, rule: Rule) -> Rule:
        """Register a rule; its code must not be taken by another rule."""
        if rule.code in self._rules:
            raise RuleRegistrationError(
                f"rule {rule.code!r} is registered twice "
                f"({self._rules[rule.code].type.origin} and {rule.type.origin})"
            )
        self.add_type(rule.type)
        self._rules[rule.code] = rule
        return rule

    def rule(
        self,
        code: str,
        severity: Severity,
        title: str,
        *,
        description: str,
        fix: str,
        origin: str = "core",
    ) -> Callable[[Check], Check]:
        """Decorator: register a check function as a rule with this code."""

        def decorator(check: Check) -> Check:
            self.add(Rule(FindingType(code, severity, title, description, fix, origin), check))
            return check

        return decorator

    @property
    def rules(self) -> list[Rule]:
        return [self._rules[c] for c in sorted(self._rules)]

    def __len__(self) -> int:
        return len(self._rules)

    def copy(self) -> RuleRegistry:
        clone = RuleRegistry()
        clone._types = dict(self._types)
        clone._rules = dict(self._rules)
        return clone

    def run(self, context: RuleContext) -> Report:
        """Run every rule over the context and collect the findings."""
        report = Report()
        for rule in self.rules:
            report.extend(rule.run(context))
        return report
