"""The findings catalogue page, generated from :func:`conciliazione.api.finding_types`.

Every finding code a run can report — core rules, readers, merge, plugin host, registers,
allocations, figures, installed plugins — is a :class:`~conciliazione.findings.FindingType` in
the one catalogue that function lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from docgen_markdown import GENERATED_NOTICE, GenerationError, code, escape, paragraphs, table

if TYPE_CHECKING:
    from conciliazione.findings import FindingType


def collect_finding_types() -> list[FindingType]:
    """Every finding type, by code, from :func:`conciliazione.api.finding_types`.

    Installed plugins are loaded regardless of ``CONCILIAZIONE_LOAD_PLUGINS`` /
    ``CONCILIAZIONE_DISABLE_PLUGINS``, so the catalogue does not depend on who builds it. A
    plugin that fails to load raises: a catalogue missing a plugin's codes must not ship.
    """
    from conciliazione.api import finding_types
    from conciliazione.plugins import make_plugin_host

    host = make_plugin_host(environ={})
    types = finding_types(host=host)
    if host.failures:
        problems = "; ".join(f"{f.name}: {f.problem}" for f in host.failures)
        raise GenerationError(f"plugins failed while building the catalogue: {problems}")
    return types


def _origin_order(origin: str) -> tuple[int, str]:
    return (0 if origin == "core" else 1, origin)


def anchor(finding_code: str) -> str:
    """The label of a code's entry, for ``{ref}`` links from other pages."""
    return f"finding-{finding_code}"


def findings_markdown(types: Sequence[FindingType] | None = None) -> str:
    """The catalogue: a summary table, then one entry per code grouped by origin."""
    types = list(collect_finding_types() if types is None else types)
    if not types:
        raise GenerationError("the rule registry holds no finding type")
    lines = [GENERATED_NOTICE.format(module="docgen_findings"), ""]
    lines.append(f"{len(types)} codes. Severity `error` makes `validate` exit with 1.")
    lines.append("")
    lines.extend(
        table(
            ["Code", "Severity", "Title", "Origin"],
            (
                [
                    f"{{ref}}`{t.code} <{anchor(t.code)}>`",
                    t.severity.value,
                    escape(t.title),
                    code(t.origin),
                ]
                for t in types
            ),
        )
    )
    lines.append("")
    origins = sorted({t.origin for t in types}, key=_origin_order)
    for origin in origins:
        heading = "Core" if origin == "core" else f"From the {origin} plugin"
        lines.extend([f"## {heading}", ""])
        for t in (t for t in types if t.origin == origin):
            lines.extend([f"({anchor(t.code)})=", f"### {t.code}", ""])
            lines.append(
                f"**{escape(t.title)}** — severity `{t.severity.value}`, origin `{origin}`."
            )
            lines.append("")
            lines.extend(paragraphs(t.description))
            lines.append("**How to fix the data:** " + escape(t.fix))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
