"""`validate`: run the rule registry over a dataset and return a report. Never raises for data."""

from __future__ import annotations

from collections.abc import Iterable

from conciliazione.findings import Finding, Report
from conciliazione.model import Dataset
from conciliazione.regional import ats_ids, guidelines
from conciliazione.rules import RuleContext, RuleRegistry, core_registry


def validate(
    dataset: Dataset,
    *,
    registry: RuleRegistry | None = None,
    extra_findings: Iterable[Finding] = (),
) -> Report:
    """Check a dataset against the rules and return every finding.

    ``registry`` defaults to the core rules; pass the plugin manager's registry to include the
    plugins' rules. ``extra_findings`` (e.g. what the page readers reported) are added to the
    report so that one report holds everything known about the data.

    The dataset's own guidelines, if any, are checked against alongside the built-in ones.
    """
    known_guidelines = guidelines()
    known_guidelines.update({g.guideline_id: g for g in dataset.guidelines})
    context = RuleContext(dataset=dataset, guidelines=known_guidelines, ats_ids=ats_ids())
    report = (registry or core_registry()).run(context)
    report.extend(extra_findings)
    return report
