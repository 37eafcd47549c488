"""Region-wide tables for the Concepts page, generated from the core's reference data.

The typologies' Italian labels are those of :func:`conciliazione.get_guideline` and the ATS
those of :func:`conciliazione.all_ats`, so the page says what the data says.
"""

from __future__ import annotations

from docgen_markdown import GENERATED_NOTICE, GenerationError, code, escape, table


def typologies_markdown() -> str:
    """The current guideline's service typologies: code, Italian label, English meaning."""
    from conciliazione import get_guideline

    guideline = get_guideline()
    if not guideline.service_types:
        raise GenerationError(f"guideline {guideline.guideline_id} defines no typology")
    lines = [GENERATED_NOTICE.format(module="docgen_regional"), ""]
    lines.extend(
        table(
            ["Code", "Italian label (as in the guideline)", "In English"],
            (
                [f"**{t.code}**", f"*{escape(t.label)}*", escape(t.label_en)]
                for t in guideline.service_types
            ),
        )
    )
    lines.append("")
    lines.append(
        f"Guideline {code(guideline.guideline_id)}: {escape(guideline.title)}, "
        f"{guideline.period_start}–{guideline.period_end}."
    )
    return "\n".join(lines) + "\n"


def ats_markdown() -> str:
    """The eight ATS: the id used in every table and option, the name, the territory."""
    from conciliazione import all_ats

    lines = [GENERATED_NOTICE.format(module="docgen_regional"), ""]
    lines.extend(
        table(
            ["`ats_id`", "Name", "Territory"],
            ([code(a.ats_id), escape(a.name), escape(", ".join(a.territory))] for a in all_ats()),
        )
    )
    return "\n".join(lines) + "\n"
