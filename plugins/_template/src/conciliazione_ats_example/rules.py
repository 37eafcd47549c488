"""The plugin's own rules, named by its adapter's ``rules``.

Codes start with the ATS id in kebab-case (``val_padana`` → ``val-padana-…``), so they never
clash with the core's or another plugin's.

- ``bergamo-project-without-lead``: every project of the plan has an "ente capofila"; a
  project listed without one cannot be traced to the body accountable for it.
"""

from collections.abc import Iterator

from conciliazione.plugin import RuleContext, RuleRegistry, Severity, Violation

from conciliazione_ats_example import ATS_ID

PROJECT_WITHOUT_LEAD = f"{ATS_ID.replace('_', '-')}-project-without-lead"


def register_rules(registry: RuleRegistry) -> None:
    """Add the plugin's rules to ``registry``."""
    registry.rule(
        PROJECT_WITHOUT_LEAD,
        Severity.WARNING,
        "Project without a lead body",
        description="Each project of the plan is led by an 'ente capofila'; this one has none.",
        fix="Add 'con capofila <ente>' to the project's line in the page.",
    )(_projects_have_a_lead)


def _projects_have_a_lead(ctx: RuleContext) -> Iterator[Violation]:
    for project in ctx.dataset.projects:
        if project.ats_id == ATS_ID and not project.lead_name:
            yield Violation(f"project {project.title!r} has no lead body", project, "lead_name")
