"""ATS Brescia's own rules, named by its adapter's ``rules``.

- ``brescia-contact-email-domain``: every address the page gives is an office's (the ATS's, a
  municipality's). An address on a domain that names no public body (a webmail, a private
  domain) may be a person's address published by mistake, and its alliance cannot be told.
"""

from __future__ import annotations

from collections.abc import Iterator

from conciliazione.plugin import RuleContext, RuleRegistry, Severity, Violation
from conciliazione_ats_brescia.reader import body_from_domain

ATS_ID = "brescia"

CONTACT_EMAIL_DOMAIN = f"{ATS_ID}-contact-email-domain"


def register_rules(registry: RuleRegistry) -> None:
    """Add the plugin's rules to ``registry``."""
    registry.rule(
        CONTACT_EMAIL_DOMAIN,
        Severity.WARNING,
        "ATS Brescia contact e-mail not on a public body's domain",
        description="The page's contacts are offices of the ATS and of the municipalities "
        "leading the alliances; this address's domain names neither (ats-<name>.it, "
        "comune.<town>.it, <town>.it), so the body behind it is unknown and the address may "
        "be personal.",
        fix="Check the address in the page; if the domain is a public body's, teach "
        "body_from_domain its spelling.",
    )(_emails_on_public_domains)


def _emails_on_public_domains(ctx: RuleContext) -> Iterator[Violation]:
    for contact in ctx.dataset.contacts:
        if contact.ats_id != ATS_ID or contact.email is None:
            continue
        domain = contact.email.rpartition("@")[2]
        if body_from_domain(domain) is None:
            yield Violation(
                f"{contact.email} ({contact.scope}): {domain} is not a public body's domain",
                contact,
                "email",
            )
