"""ATS Montagna's own validation rules, named by its adapter (``rules=``).

The programme page lists each territorial project with its lead body ("con capofila …"); a
project the reader found without one means the list changed shape or lost a name.
"""

from __future__ import annotations

from collections.abc import Iterator

from conciliazione.plugin import RuleContext, RuleRegistry, Severity, Violation

ATS_ID = "montagna"

PROJECT_LEAD_MISSING = f"{ATS_ID}-project-lead-missing"


def register_rules(registry: RuleRegistry) -> None:
    """Add the plugin's rules to ``registry`` (called once per registry)."""
    registry.rule(
        PROJECT_LEAD_MISSING,
        Severity.WARNING,
        "ATS Montagna project without a lead body",
        description="Every project of an ATS Montagna plan is run by a lead body (ente "
        "capofila), which the page names next to the project. A project without one cannot "
        "be attributed to any body of the network.",
        fix="Check the project line in the page ('- <project> con capofila <lead>;').",
    )(_projects_have_a_lead)


def _projects_have_a_lead(ctx: RuleContext) -> Iterator[Violation]:
    for project in ctx.dataset.projects:
        if project.ats_id == ATS_ID and not project.lead_name and not project.lead_org_id:
            yield Violation(f"project {project.title!r} names no lead body", project, "lead_name")
