"""What a plugin returns when it reads a page: the records, the source, the findings.

Besides :class:`Reading` and its :class:`ReadingBuilder`, the module holds what every ATS
reader needs once it has found a section of its page: ids and records for the bodies a page
names (:func:`organization_id`, :func:`lead_organizations`), the kinds of a network's member
categories (:func:`member_categories`), numbered objectives (:func:`objectives`), the built-in
guideline of a plan's period (:func:`guideline_for_period`), and an act cited on the page
resolved to a record or to one of the core's acts (:func:`resolve_act`). The plugins keep what
only their page knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import attrs

from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.findings import Finding
from conciliazione.model import (
    REGION,
    Act,
    ActKind,
    Dataset,
    Guideline,
    MemberCategory,
    Objective,
    Organization,
    Source,
    make_act_id,
)
from conciliazione.parsing import (
    ActReference,
    find_heading,
    find_update_date,
    guess_category_kind,
    guess_organization_kind,
    slugify,
)
from conciliazione.regional import guidelines, regional_dataset
from conciliazione.rules.reader_types import reader_type
from conciliazione.rules.registry import finding_for
from conciliazione.vague import FuzzyDate

_MISSING_SECTION = reader_type("missing-section")
_UNREADABLE_VALUE = reader_type("unreadable-value")


@attrs.frozen
class Reading:
    """The result of reading one page: its records (the source included) and findings."""

    source: Source
    dataset: Dataset
    findings: tuple[Finding, ...] = ()


@attrs.define
class ReadingBuilder:
    """Helps a plugin build a :class:`Reading`: records get the page's ``source_id`` for free.

    >>> from conciliazione.documents import document_from_bytes
    >>> doc = document_from_bytes("p.txt", "Aggiornato il 8 Luglio 2024".encode())
    >>> builder = ReadingBuilder.for_document(doc, ats_id="montagna")
    >>> builder.source.source_id
    'montagna:p.txt'
    """

    source: Source
    dataset: Dataset
    findings: list[Finding] = attrs.field(factory=list)

    @classmethod
    def for_document(
        cls,
        document: Document,
        *,
        ats_id: str,
        title: str | None = None,
        updated: FuzzyDate | None = None,
    ) -> ReadingBuilder:
        source = Source(
            source_id=f"{ats_id}:{document.name}",
            ats_id=ats_id,
            name=document.name,
            title=title,
            updated=updated,
            sha256=document.sha256,
            builtin=document.builtin,
            address=document.address,
            retrieved_at=document.retrieved_at,
        )
        return cls(source=source, dataset=Dataset(sources=[source]))

    @property
    def source_id(self) -> str:
        return self.source.source_id

    def set_source(self, **changes: object) -> None:
        """Update the page's own metadata once read (its title, its update date)."""
        self.source = self.source.model_copy(update=changes)
        self.dataset.sources[0] = self.source

    def add(self, *records: object) -> None:
        """Add records; each gets this page's ``source_id`` unless it has one already."""
        for record in records:
            model = getattr(record, "model_copy", None)
            if model is None:
                raise TypeError(f"not a model record: {record!r}")
            if getattr(record, "source_id", None) is None:
                record = model(update={"source_id": self.source_id})
            self.dataset.add(record)  # type: ignore[arg-type]

    def missing_section(self, section: str, detail: str = "") -> None:
        """Report that the page lacks a section the plugin expects (a finding, not a crash)."""
        extra = f": {detail}" if detail else ""
        self.findings.append(
            finding_for(
                _MISSING_SECTION,
                f"page {self.source.name} has no {section}{extra}",
                self.source,
                path=section,
            )
        )

    def unreadable(self, section: str, error: Exception) -> None:
        """Report a value that a parser could not read, quoting the parser's message."""
        self.findings.append(
            finding_for(
                _UNREADABLE_VALUE,
                f"page {self.source.name}, {section}: {error}",
                self.source,
                path=section,
            )
        )

    def read_title(
        self, text: str, start: re.Pattern[str] | None = None, *, expected: str | None = None
    ) -> str | None:
        """Give the source the page's title, found by :func:`~conciliazione.parsing.find_heading`.

        Without ``start`` the title is the page's first line when it reads as a heading; with
        it, the first line ``start`` matches that does. A page may have no title; when the
        plugin ``expected`` one, a page without it gets a ``missing-section`` finding on
        ``heading`` saying what was looked for. Returns the title, or ``None``.
        """
        title = find_heading(text, start)
        if title is None:
            if expected is not None:
                self.missing_section("heading", expected)
            return None
        self.set_source(title=title)
        return title

    def read_update_date(
        self,
        text: str,
        *,
        expected: str = "no 'Aggiornato il …' or 'Ultimo aggiornamento: …' line",
    ) -> FuzzyDate | None:
        """Date the source by the page's own update line, and say so when it cannot.

        The line is found by :func:`~conciliazione.parsing.find_update_date`. A page without
        one gets a ``missing-section`` finding on ``update date`` (``expected`` says what was
        looked for), an unreadable date an ``unreadable-value`` finding: ``Source.updated``
        then stays empty, never guessed. Returns the date set on the source, or ``None``.
        """
        try:
            updated = find_update_date(text)
        except ParseError as exc:
            self.unreadable("update date", exc)
            return None
        if updated is None:
            self.missing_section("update date", expected)
            return None
        self.set_source(updated=updated)
        return updated

    def build(self) -> Reading:
        return Reading(source=self.source, dataset=self.dataset, findings=tuple(self.findings))


def guideline_for_period(start: int, end: int) -> Guideline | None:
    """The built-in guideline a plan of this period is read against (D.G.R. XI/2398/2019 for
    2020-2023): the one whose period is the plan's and whose typology list is known.

    ``None`` for a period without such a guideline. The 2017-2018 plans have one (D.G.R.
    X/5969/2016) but the core does not know its typologies, so a reader gets ``None`` and reads
    the plan as the older pages describe it; when the readings merge, the core links a plan that
    names no guideline to the guideline of its period
    (:func:`~conciliazione.regional.guideline_of_period`) and says so with a
    ``plan-guideline-from-period`` finding.
    """
    for guideline in guidelines().values():
        if (guideline.period_start, guideline.period_end) == (start, end) and (
            guideline.lists_service_types
        ):
            return guideline
    return None


# -- bodies and what the page says about them ----------------------------------------------------


def organization_id(ats_id: str, name: str) -> str:
    """The id of a body named on an ATS's page: ``<ats>:org:<slug of the name>``.

    Why: a lead body is named once per project or alliance and once as an organization; the
    same name must give the same id in all three, and a page that spells it with other accents
    or quotes must not make a new body.

    >>> organization_id("milano", "Comune di Magnago")
    'milano:org:comune-di-magnago'
    """
    return f"{ats_id}:org:{slugify(name)}"


def lead_organizations(ats_id: str, names: Iterable[str]) -> list[Organization]:
    """One :class:`~conciliazione.model.Organization` per distinct body, in the page's order.

    Names that give the same :func:`organization_id` are one body (a lead of two projects is
    one organization, named as first written). The kind is the guess of
    :func:`~conciliazione.parsing.guess_organization_kind`; a plugin whose page states the
    kind should set it instead.

    >>> leads = lead_organizations("montagna", ["IC Darfo", "Coop. Forme", "IC  Darfo"])
    >>> [(o.org_id, o.kind.value) for o in leads]
    [('montagna:org:ic-darfo', 'education'), ('montagna:org:coop-forme', 'non_profit')]
    """
    seen: dict[str, Organization] = {}
    for name in names:
        org_id = organization_id(ats_id, name)
        if org_id not in seen:
            seen[org_id] = Organization(
                org_id=org_id, name=name, kind=guess_organization_kind(name), ats_id=ats_id
            )
    return list(seen.values())


def member_categories(labels: Iterable[str]) -> tuple[MemberCategory, ...]:
    """A network's member categories as the page lists them, each with its kind when clear.

    Labels stay as written; empty labels are dropped. The kind is the guess of
    :func:`~conciliazione.parsing.guess_category_kind` (``None`` when unsure).

    >>> [(c.label, c.kind.value) for c in member_categories(["P.A.", "Terzo settore"])]
    [('P.A.', 'public_body'), ('Terzo settore', 'non_profit')]
    """
    return tuple(
        MemberCategory(label=label, kind=guess_category_kind(label)) for label in labels if label
    )


def objectives(ats_id: str, texts: Iterable[str]) -> list[Objective]:
    """The objectives an ATS states, numbered from 1 in page order: ``<ats>:objective:<n>``.

    >>> [(o.objective_id, o.text) for o in objectives("brescia", ["Adottare modelli"])]
    [('brescia:objective:1', 'Adottare modelli')]
    """
    return [
        Objective(objective_id=f"{ats_id}:objective:{i}", ats_id=ats_id, ordinal=i, text=text)
        for i, text in enumerate(texts, start=1)
    ]


# -- acts -----------------------------------------------------------------------------------------

_REGIONAL_KINDS = frozenset(
    {ActKind.DGR, ActKind.REGIONAL_DECREE, ActKind.REGIONAL_LAW, ActKind.REGIONAL_NOTE}
)
_LEGISLATURE = re.compile(r"^[IVXLCDM]+/", re.IGNORECASE)


def _core_key(kind: ActKind, number: str, year: int | None) -> tuple[ActKind, str, int | None]:
    """What identifies a numbered act whatever the spelling: "XI/2398" and "2398" are one."""
    return kind, _LEGISLATURE.sub("", number).lower(), year


@cache
def _core_act_ids() -> dict[tuple[ActKind, str, int | None], str]:
    return {
        _core_key(act.kind, act.number, act.date.value.year if act.date else None): act.act_id
        for act in regional_dataset().acts
        if act.number is not None
    }


def resolve_act(
    reference: ActReference,
    *,
    ats_id: str,
    title: str | None = None,
    discriminator: str | None = None,
) -> Act | str:
    """An act an ATS's page cites, as a new record for the plugin to add, or the core's act id.

    Why: the pages cite the regional acts the core already ships (D.G.R. XI/2398/2019, Decreto
    486/2020, see :func:`~conciliazione.regional.regional_dataset`). Emitting them again would
    make duplicate ids when the datasets merge, so a reference to one of them — by kind, number
    without the legislature (``XI/2398`` or ``2398``) and year — returns the core's id, a
    ``str``; the plugin refers to it and adds nothing. Any other reference returns an
    :class:`~conciliazione.model.Act` cited by ``ats_id``: issued by the Region
    (:data:`~conciliazione.model.REGION`) for a D.G.R., a regional decree, law or note, by the
    ATS otherwise, with ``title`` if the page gives one.

    Its id is :func:`~conciliazione.model.make_act_id`'s. An unnumbered act gets a
    ``discriminator``, by default the citing ATS and the date (``pavia-2020-06-22``): the
    Region sends each ATS its own validation note, and without it two ATS's notes of one year
    would clash in the merged dataset. A numbered act needs none and ignores it.

    >>> from conciliazione.parsing import parse_act_reference
    >>> resolve_act(parse_act_reference("D.G.R. n. 2398 del 11/11/2019"), ats_id="pavia")
    'regione_lombardia:dgr:xi-2398:2019'
    >>> resolve_act(parse_act_reference("nota del 22/06/2020"), ats_id="pavia").act_id
    'regione_lombardia:regional_note:s-n:2020:pavia-2020-06-22'
    """
    year = reference.year
    if reference.number is not None:
        core_id = _core_act_ids().get(_core_key(reference.kind, reference.number, year))
        if core_id is not None:
            return core_id
        discriminator = None
    elif discriminator is None:
        discriminator = f"{ats_id}-{reference.date}" if reference.date else ats_id
    issuer = REGION if reference.kind in _REGIONAL_KINDS else ats_id
    return Act(
        act_id=make_act_id(reference.kind, reference.number, year, issuer, discriminator),
        kind=reference.kind,
        number=reference.number,
        date=reference.date,
        issuer=issuer,
        title=title,
        ats_id=ats_id,
    )
