"""ATS Milano's own finding types and rules, registered by the plugin's adapter.

- ``milano-alliance-without-web-page`` (rule): the page sends readers to each lead body's web
  site for the details of its project, so an alliance without one has lost its only pointer
  to its project.
- ``milano-member-total-mismatch`` (reported by the reader): the network's "n. N Enti
  aderenti" and the "Tipologia soggetti (totale N)" of its category list disagree. Only the
  page has both numbers, so the reader, not a rule over the dataset, is where it shows.
"""

from __future__ import annotations

from collections.abc import Iterator

from conciliazione.plugin import FindingType, RuleContext, RuleRegistry, Severity, Violation

ATS_ID = "milano"

ALLIANCE_WITHOUT_WEB_PAGE = f"{ATS_ID}-alliance-without-web-page"

MEMBER_TOTAL_MISMATCH = FindingType(
    f"{ATS_ID}-member-total-mismatch",
    Severity.WARNING,
    "ATS Milano network total differs from its member count",
    "The page gives the network's size twice, as 'n. N Enti aderenti' and as the total of the "
    "member categories ('Tipologia soggetti (totale N)'), and the two numbers differ. The "
    "count of the sentence is kept.",
    "Ask ATS Milano which figure is current, and correct the page copy.",
)


def register_rules(registry: RuleRegistry) -> None:
    """Add the plugin's rules and reader finding types to ``registry``."""
    registry.add_type(MEMBER_TOTAL_MISMATCH)
    registry.rule(
        ALLIANCE_WITHOUT_WEB_PAGE,
        Severity.WARNING,
        "ATS Milano alliance without a web page",
        description="Each alliance of the ATS Milano table has a 'Pagina web' naming the "
        "lead body's site, where its project is described; this alliance has none.",
        fix="Check the alliance's block in the page ('- Pagina web : <label>').",
    )(_alliances_have_a_web_page)


def _alliances_have_a_web_page(ctx: RuleContext) -> Iterator[Violation]:
    for alliance in ctx.dataset.alliances:
        if alliance.ats_id == ATS_ID and not alliance.web_page_label and not alliance.web_page_url:
            who = alliance.name or alliance.lead_name or alliance.alliance_id
            yield Violation(f"alliance {who!r} has no web page", alliance, "web_page_label")
