"""Finding types reported outside rules: by page readers, by the merge, by the plugin host.

Kept apart from the rules so that the plugin host can name them without importing the model.
"""

from __future__ import annotations

from conciliazione.findings import FindingType, Severity

READER_FINDING_TYPES = (
    FindingType(
        "missing-section",
        Severity.WARNING,
        "A page lacks a section its plugin expects",
        "The plugin looked for a section (a count, a list, an act) and did not find it. The "
        "page may have been restructured, or this copy may be older or newer than the plugin.",
        "Check the page; if its shape changed, update the plugin's reader for the new shape.",
    ),
    FindingType(
        "unreadable-value",
        Severity.ERROR,
        "A value in a page could not be read",
        "A number, date or act reference in the page is not in a format the Italian parsers "
        "accept, so the fact it carries is missing from the dataset.",
        "Correct the value in the page or teach the parser the new format.",
    ),
    FindingType(
        "stated-not-modelled",
        Severity.INFO,
        "A page states a fact the model does not hold",
        "The page says something the plugin recognises (a second lead body, a figure of a kind "
        "the model has no field for) but the model cannot record. The finding quotes the words "
        "so the fact is not lost.",
        "Nothing to fix in the page. If the fact matters, propose a field for it in the model.",
    ),
    FindingType(
        "act-cited-again",
        Severity.INFO,
        "A regional act is cited by more than one page",
        "Two pages cite the same regional act (same id, number, date and title). The act is "
        "kept once, with the first page as its source; the later citation is this finding.",
        "Nothing to fix. If the two pages meant different acts, give them different numbers.",
    ),
    FindingType(
        "plan-guideline-from-period",
        Severity.INFO,
        "A plan's guideline is the guideline of its period",
        "The page names the plan's period but not its guideline, so the core linked the plan "
        "to the built-in guideline whose period holds the plan's years (D.G.R. X/5969/2016 for "
        "the 2017-2018 plans). The link is derived from the period, not read from the page.",
        "Nothing to fix. If the plan follows another guideline, have the reader set it.",
    ),
    FindingType(
        "plugin-failed",
        Severity.ERROR,
        "A plugin raised an error",
        "A plugin failed to load or raised inside a hook. Its data (or its rules) are missing "
        "from this run; the other plugins went on.",
        "Report the error to the plugin's maintainers; run with --debug for the traceback.",
    ),
)


def reader_type(code: str) -> FindingType:
    """The reader finding type with this code."""
    return next(t for t in READER_FINDING_TYPES if t.code == code)
