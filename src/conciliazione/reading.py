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

import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Any, TypeGuard, TypeVar

import attrs
from pydantic import BaseModel

from conciliazione.catalogue import finding_for, known_type
from conciliazione.documents import Document
from conciliazione.errors import ParseError
from conciliazione.findings import Finding, FindingType
from conciliazione.model import (
    REGION,
    Act,
    ActKind,
    Dataset,
    Evidence,
    Guideline,
    MemberCategory,
    Network,
    Objective,
    Organization,
    OrganizationKind,
    Plan,
    Project,
    Record,
    Source,
    make_act_id,
)
from conciliazione.parsing import (
    ActReference,
    guess_category_kind,
    guess_organization_kind,
    normalize_text,
    slugify,
)
from conciliazione.parsing.dates import parse_fuzzy_date
from conciliazione.parsing.quantities import parse_fraction_of, parse_quantity
from conciliazione.parsing.sections import UPDATE_LINE
from conciliazione.primitives import Hit, PageText
from conciliazione.regional import guidelines, regional_dataset
from conciliazione.spans import Derived, Quoted, derived
from conciliazione.vague import FuzzyDate, Quantity

_MISSING_SECTION = known_type("missing-section")
_UNREADABLE_VALUE = known_type("unreadable-value")
_STATED_NOT_MODELLED = known_type("stated-not-modelled")
T = TypeVar("T")
R = TypeVar("R", bound=Record)


@attrs.frozen
class Reading:
    """The result of reading one page: its records (the source included) and findings.

    ``text`` is the text the reader saw (the page after
    :func:`~conciliazione.parsing.normalize_text`): the offsets of the dataset's evidence index
    it.
    """

    source: Source
    dataset: Dataset
    findings: tuple[Finding, ...] = ()
    text: str = ""


@attrs.frozen
class Part:
    """A nested value (a network's member category) with the evidence of its fields, made by
    :meth:`ReadingBuilder.part` and unwrapped when the record that holds it is built."""

    model: type[BaseModel]
    fields: dict[str, Any]


@attrs.define
class ReadingBuilder:
    """Helps a plugin build a :class:`Reading`: records get the page's ``source_id`` for free,
    and every :class:`~conciliazione.spans.Quoted` or :class:`~conciliazione.spans.Derived`
    value given to :meth:`record` becomes an evidence row.

    >>> from conciliazione.documents import document_from_bytes
    >>> doc = document_from_bytes("p.txt", "Aggiornato il 8 Luglio 2024".encode())
    >>> builder = ReadingBuilder.for_document(doc, ats_id="montagna")
    >>> builder.source.source_id
    'montagna:p.txt'
    """

    source: Source
    dataset: Dataset
    findings: list[Finding] = attrs.field(factory=list)
    text: str = ""
    _acts: dict[str, dict[str, Any]] = attrs.field(factory=dict, alias="_acts")
    _organizations: dict[str, dict[str, Any]] = attrs.field(factory=dict, alias="_organizations")
    _source_evidence: list[Evidence] = attrs.field(factory=list, alias="_source_evidence")

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
        return cls(
            source=source, dataset=Dataset(sources=[source]), text=normalize_text(document.text)
        )

    @property
    def source_id(self) -> str:
        return self.source.source_id

    @property
    def ats_id(self) -> str:
        return self.source.ats_id or ""

    def set_source(self, **changes: object) -> None:
        """Update the page's own metadata once read (its title, its update date); quoted values
        give the source's evidence."""
        rows: list[_Row] = []
        plain_changes = {name: _unwrap(value, name, rows) for name, value in changes.items()}
        self.source = self.source.model_copy(update=plain_changes)
        self.dataset.sources[0] = self.source
        done = set(changes)
        self._source_evidence = [e for e in self._source_evidence if _top(e.field) not in done]
        self._source_evidence += self._evidence("source", self.source_id, rows)

    # -- records and their evidence -------------------------------------------------------

    def record(self, model: type[R], **fields: Any) -> R:
        """Build a record from field values, quoted, derived or plain, and add it.

        A :class:`~conciliazione.spans.Quoted` value gives an evidence row with its words; a
        :class:`~conciliazione.spans.Derived` one a row per word it was built from, with the
        rule's name; lists give a row per item (``project_ids[1]``), parts their nested paths
        (``member_categories[0].kind``). Plain values give none: keep them for the record's id,
        ``ats_id`` and ``source_id``. ``source_id`` defaults to the page's, ``ats_id`` (for a
        model that has one) to the builder's ATS. Returns the record.
        """
        rows: list[_Row] = []
        values = {name: _unwrap(value, name, rows) for name, value in fields.items()}
        values.setdefault("source_id", self.source_id)
        if "ats_id" in model.model_fields:
            values.setdefault("ats_id", self.ats_id)
        record = model(**values)
        self.dataset.add(record)
        personal = bool(getattr(record, "personal", False))
        evidence = self._evidence(model.entity, record.record_id, rows, personal=personal)
        self.dataset.evidence.extend(evidence)
        return record

    def part(self, model: type[BaseModel], **fields: Any) -> Part:
        """A nested value for a field of :meth:`record`, its fields quoted or derived."""
        return Part(model, fields)

    def add(self, *records: object) -> None:
        """Add records built elsewhere; each gets this page's ``source_id`` unless it has one.

        They carry no evidence: prefer :meth:`record`, so that each value keeps its words.
        """
        for record in records:
            model = getattr(record, "model_copy", None)
            if model is None:
                raise TypeError(f"not a model record: {record!r}")
            if getattr(record, "source_id", None) is None:
                record = model(update={"source_id": self.source_id})
            self.dataset.add(record)  # type: ignore[arg-type]

    def _evidence(
        self, entity: str, record_id: str, rows: Iterable[_Row], *, personal: bool = False
    ) -> list[Evidence]:
        return [
            Evidence(
                entity=entity,
                record_id=record_id,
                field=row.field,
                source_id=self.source_id,
                ats_id=self.source.ats_id,
                start=row.start,
                end=row.end,
                quote=row.quote,
                derivation=row.derivation,
                personal=personal,
            )
            for row in rows
        ]

    def parse(
        self, value: Quoted[str] | None, parser: Callable[[str], T], what: str
    ) -> Quoted[T] | None:
        """Read quoted words with a parser; an ``unreadable-value`` finding (naming ``what``)
        and ``None`` when the parser refuses them."""
        if value is None:
            return None
        try:
            return value.map(parser)
        except ParseError as exc:
            self.unreadable(what, exc)
            return None

    def quantity(
        self, phrase: Quoted[str] | None, what: str, *, count: Quoted[str] | None = None
    ) -> Quoted[Quantity] | None:
        """A count as the page words it ("quasi cento", "5 progetti territoriali"), quoted by
        its ``phrase`` and keeping the phrase as the quantity's text.

        ``count`` is the part of the phrase that holds the number ("5" of "5 progetti
        territoriali"), the whole phrase by default. An ``unreadable-value`` finding (naming
        ``what``) and ``None`` when the words hold no number the parsers read.
        """
        if phrase is None:
            return None
        read = self.parse(count or phrase, parse_quantity, what)
        if read is None:
            return None
        value = read.value
        return phrase.map(lambda words: Quantity(value.value, value.qualifier, words))

    def declared_count(self, phrase: Quoted[str] | None, what: str) -> Quoted[Quantity] | None:
        """A count the page declares with its noun ("sei progetti", "5 progetti territoriali"),
        quoted by the whole phrase, which the quantity keeps as its text.

        Why: a plan's declared count stands beside what the page lists (a core rule compares
        them) and must read as the page wrote it. The number is the longest run of the phrase's
        first words the parsers read ("quasi cento" of "quasi cento soggetti"); when none reads,
        an ``unreadable-value`` finding (naming ``what``) and ``None``.

        >>> out = ReadingBuilder.for_document(_doc(), ats_id="milano")
        >>> count = out.declared_count(Quoted("sei progetti", 40, 52, "sei progetti"), "count")
        >>> count.value.value, count.value.text, (count.start, count.end)
        (6, 'sei progetti', (40, 52))
        """
        if phrase is None:
            return None
        words = phrase.value.split()
        error = ParseError("quantity", phrase.value, "no words")
        for size in range(len(words), 0, -1):
            try:
                found = parse_quantity(" ".join(words[:size]))
            except ParseError as exc:
                error = exc
                continue
            read = Quantity(found.value, found.qualifier, phrase.value)
            return Quoted(read, phrase.start, phrase.end, phrase.quote)
        self.unreadable(what, error)
        return None

    def share(
        self, part: Quoted[str], total: Quoted[Quantity], what: str
    ) -> Derived[Quantity] | Quoted[Quantity] | None:
        """A part of a total as the page words it ("un centinaio di destinatari, di cui circa
        la metà attraverso …").

        Why: a fraction ("circa la metà", "un terzo", "il 30%") means nothing without the
        total it is a fraction of, so its number is computed from the total — derived
        (``share-of-total``), from both phrases; other words are a quantity read as written,
        or an ``unreadable-value`` finding naming ``what``.

        >>> out = ReadingBuilder.for_document(_doc(), ats_id="montagna")
        >>> total = Quoted(parse_quantity("un centinaio"), 0, 12, "un centinaio")
        >>> share = out.share(Quoted("circa la metà", 30, 43, "circa la metà"), total, "part")
        >>> share.value.value, share.rule
        (50, 'share-of-total')
        """
        try:
            fraction = parse_fraction_of(part.value, total.value)
        except ParseError:
            return self.parse(part, parse_quantity, what)
        return Derived(fraction, "share-of-total", (part, total))

    def find_listed(
        self, phrase: Quoted[str], listed: Sequence[Quoted[str]], what: str
    ) -> int | None:
        """The index of the listed item (a project's title) a later phrase refers back to.

        Why: a page lists its projects, then speaks of one of them in a sentence ("attraverso
        il progetto Baby Hub del Comune di Tirano", "il progetto "Mobilità sociale …" ha come
        target"); the fact belongs to that project. The phrase names the longest item it starts
        with, ignoring case and quotes; one that names none is an ``unreadable-value`` finding
        naming ``what``, and ``None`` — never a guess.

        >>> out = ReadingBuilder.for_document(_doc(), ats_id="montagna")
        >>> titles = [Quoted("Baby", 0, 4, "Baby"), Quoted("Baby Hub", 9, 17, "Baby Hub")]
        >>> out.find_listed(Quoted("Baby Hub del Comune di Tirano", 40, 69, "…"), titles, "p")
        1
        """
        folded = phrase.value.strip('" ').casefold()
        found = [i for i, item in enumerate(listed) if folded.startswith(item.value.casefold())]
        if found:
            return max(found, key=lambda i: len(listed[i].value))
        why = "starts with none of the listed items"
        self.unreadable(what, ParseError("reference to a listed item", phrase.value, why))
        return None

    def network(
        self, as_of: Quoted[str] | None, count: Quoted[str] | None, **fields: Any
    ) -> Network:
        """Record the ATS's network as the page dates and counts it ("Al 31/12/2023 la Rete …
        conta 42 soggetti", "nel mese di aprile 2024 … n. 398 Enti aderenti").

        Why: every page that sizes its network gives a date and a count, and the network's id
        follows from the date. Both are read from their words; one the parsers refuse is an
        ``unreadable-value`` finding (``network date``, ``network member count``) and stays
        empty, never guessed. The id is ``<ats>:network:<date>``, ``<ats>:network:undated``
        without a readable date. Other ``fields`` as for :meth:`record`.

        >>> out = ReadingBuilder.for_document(_doc(), ats_id="bergamo")
        >>> when, count = Quoted("31/12/2023", 3, 13, "31/12/2023"), Quoted("42", 50, 52, "42")
        >>> network = out.network(when, count)
        >>> network.network_id, network.member_count.value
        ('bergamo:network:2023-12-31', 42)
        """
        when = self.parse(as_of, parse_fuzzy_date, "network date")
        members = self.parse(count, parse_quantity, "network member count")
        key = "undated" if when is None else str(when.value)
        network_id = f"{self.ats_id}:network:{key}"
        return self.record(
            Network, network_id=network_id, as_of=when, member_count=members, **fields
        )

    # -- plans and their projects -----------------------------------------------------------

    def plan_period(self, hit: Hit) -> PlanPeriod:
        """The plan a match names by its period ("Piano Territoriale … 2020-2023"): the match's
        ``start`` and ``end`` groups are the years; its words up to the end year name the plan
        (whatever the pattern matches after them, an act cited on the line, is not the id's)."""
        start, end = hit["start"].map(int), hit["end"].map(int)
        plan_id = f"{self.ats_id}:plan:{start.value}-{end.value}"
        named = hit.page.quoted(hit.start, end.end)
        return PlanPeriod(
            self.ats_id, start, end, Quoted(plan_id, named.start, named.end, named.quote)
        )

    def plan(self, period: PlanPeriod, **fields: Any) -> Plan:
        """Record the plan of ``period``, its id, years and guideline (derived from the years,
        :func:`guideline_of_period`) filled in; other ``fields`` as for :meth:`record`."""
        return self.record(
            Plan,
            plan_id=period.plan_id.value,
            guideline_id=period.guideline_id,
            period_start=period.start,
            period_end=period.end,
            **fields,
        )

    def project(
        self,
        period: PlanPeriod,
        title: Quoted[str] | Derived[str],
        lead: Quoted[str] | None = None,
        *,
        named_by: Quoted[str] | None = None,
        **fields: Any,
    ) -> Quoted[str]:
        """Record a project of the plan; returns its id quoted with the words that name it, for
        the plan's ``project_ids``.

        Why: the pages list a plan's projects with their lead bodies ("Baby Hub con capofila
        Comune di Tirano", a table of lead bodies and titles); the id, the plan it belongs to
        and the lead body's organization are made the same way for every ATS. The id is
        ``period.member_id("project", …)`` of the title's words, or of ``named_by`` for a
        project the page does not title (its title then derived); the lead body becomes an
        :meth:`organization` (added once) and the project's ``lead_org_id`` and ``lead_name``.
        Other ``fields`` as for :meth:`record`.

        >>> from conciliazione.primitives import PageText
        >>> page = PageText("Piano 2020-2023\\n- Baby Hub con capofila Comune di Tirano")
        >>> out = ReadingBuilder.for_document(_doc(), ats_id="montagna")
        >>> period = out.plan_period(page.search(r"Piano (?P<start>\\d{4})-(?P<end>\\d{4})"))
        >>> (title, lead) = page.search("Baby Hub").whole, page.search("Comune.*").whole
        >>> project_id = out.project(period, title, lead)
        >>> project_id.value, project_id.quote
        ('montagna:project:2020-2023:baby-hub', 'Baby Hub')
        >>> out.dataset.projects[0].lead_org_id
        'montagna:org:comune-di-tirano'
        """
        words = named_by if named_by is not None else title
        if not isinstance(words, Quoted):
            raise TypeError("a project with a derived title needs named_by, the words naming it")
        project_id = period.member_id("project", words)
        self.record(
            Project,
            project_id=project_id.value,
            title=title,
            **fields,
            plan_id=period.plan_id,
            lead_org_id=None if lead is None else self.organization(lead),
            lead_name=lead,
        )
        return project_id

    # -- bodies and acts --------------------------------------------------------------------

    def organization(
        self, name: Quoted[str], kind: OrganizationKind | Derived[Any] | None = None
    ) -> Quoted[str]:
        """The id of a body the page names, quoted with its name; the body's record is added
        once (a lead of two projects is one organization). Without ``kind`` the kind is the
        core's guess from the name, marked derived."""
        org_id = organization_id(self.ats_id, name.value)
        if org_id not in self._organizations:
            guessed = name.derive("organization-kind-from-name", guess_organization_kind)
            self._organizations[org_id] = {
                "org_id": org_id,
                "name": name,
                "kind": guessed if kind is None else kind,
                "ats_id": self.ats_id,
            }
        return Quoted(org_id, name.start, name.end, name.quote)

    def act(
        self, citation: Quoted[ActReference], *, title: Quoted[str] | Derived[str] | None = None
    ) -> Quoted[str]:
        """The id of an act the page cites, quoted with the citation's words.

        A regional act the core ships is referred to by the core's id and not added again
        (:func:`resolve_act`); any other act is added once, with kind, number and date read
        from the citation and the issuer derived from the kind. :meth:`entitle` gives it a
        title later.
        """
        resolved = resolve_act(citation.value, ats_id=self.ats_id)
        if isinstance(resolved, str):
            return Quoted(resolved, citation.start, citation.end, citation.quote)
        fields = self._acts.setdefault(
            resolved.act_id,
            {
                "act_id": resolved.act_id,
                "kind": citation.map(lambda ref: ref.kind),
                "number": citation.map(lambda ref: ref.number),
                "date": citation.map(lambda ref: ref.date),
                "issuer": citation.derive("act-issuer-from-kind", lambda _: resolved.issuer),
                "ats_id": self.ats_id,
            },
        )
        if title is not None:
            fields["title"] = title
        return Quoted(resolved.act_id, citation.start, citation.end, citation.quote)

    def entitle(self, act_id: str | Quoted[str], title: Quoted[str] | Derived[str]) -> None:
        """Give an act this page added the title the page gives it (core acts keep theirs)."""
        key = act_id.value if isinstance(act_id, Quoted) else act_id
        if key in self._acts:
            self._acts[key]["title"] = title

    def named_act(
        self,
        title: Quoted[str],
        kind: Derived[ActKind],
        *,
        date: Quoted[FuzzyDate] | None = None,
        discriminator: str,
    ) -> Quoted[str]:
        """The id of an act the page names by what it adopted, without citing it ("ha
        approvato il Documento …"), quoted with the title's words.

        Why: such an act has no citation to read a kind or number from, so its kind is the
        plugin's guess and must say so (``kind`` is :class:`~conciliazione.spans.Derived`);
        the issuer follows from the kind, as for :meth:`act`. Unnumbered acts of one kind and
        year need a ``discriminator`` to keep apart. Added once, in call order with the cited
        acts.

        >>> from conciliazione.documents import document_from_bytes
        >>> from conciliazione.primitives import PageText
        >>> from conciliazione.spans import derived
        >>> page = PageText("ha approvato il Documento di indirizzo")
        >>> out = ReadingBuilder.for_document(document_from_bytes("p.txt", b"x"), ats_id="milano")
        >>> title = page.search("Documento.*").whole
        >>> kind = derived(ActKind.DG_RESOLUTION, "act-kind-of-adopted-document", title)
        >>> out.named_act(title, kind, discriminator="documento").value
        'milano:dg_resolution:s-n:nd:documento'
        """
        reference = ActReference(
            kind.value, None, None if date is None else date.value, None, title.value
        )
        resolved = resolve_act(reference, ats_id=self.ats_id, discriminator=discriminator)
        if isinstance(resolved, str):
            return Quoted(resolved, title.start, title.end, title.quote)
        self._acts.setdefault(
            resolved.act_id,
            {
                "act_id": resolved.act_id,
                "kind": kind,
                "date": date,
                "issuer": Derived(resolved.issuer, "act-issuer-from-kind", kind.basis),
                "title": title,
                "ats_id": self.ats_id,
            },
        )
        return Quoted(resolved.act_id, title.start, title.end, title.quote)

    def cite_all(self, page: PageText) -> Citations:
        """Every act the page cites, resolved with :meth:`act` in page order (so acts are added
        in the order the page first cites them); ``missing-section`` on ``acts`` when none."""
        citations = Citations(tuple((c.start, c.value.kind, self.act(c)) for c in page.acts()))
        if not citations.found:
            self.missing_section("acts", "no act cited (D.G.R., Decreto, nota)")
        return citations

    def objectives(self, items: Iterable[Quoted[str]]) -> None:
        """The objectives an ATS states, numbered from 1 in page order
        (``<ats>:objective:<n>``; the ordinal is derived from the position)."""
        for ordinal, item in enumerate(items, start=1):
            self.record(
                Objective,
                objective_id=f"{self.ats_id}:objective:{ordinal}",
                ats_id=self.ats_id,
                ordinal=Derived(ordinal, "position-in-list", (item,)),
                text=item,
            )

    def member_categories(self, labels: Iterable[Quoted[str]]) -> list[Part]:
        """A network's member categories as the page lists them, each with the kind the core
        guesses from its label (derived; ``None`` when unsure)."""
        return [
            self.part(
                MemberCategory,
                label=label,
                kind=label.derive("category-kind-from-label", guess_category_kind),
            )
            for label in labels
            if label.value
        ]

    def person_id(self, name: str) -> str:
        """A stable id for a named official that does not spell the name out.

        Ids travel where personal data must not (findings, joins, logs), so the id holds a short
        hash of the name's slug: the same official keeps the same id, and only the ``contact``
        record, flagged ``personal``, carries the name.

        >>> ReadingBuilder.for_document(_doc(), ats_id="pavia").person_id("Mario Rossi")
        'pavia:contact:person-a360503babc4'
        """
        digest = hashlib.sha256(slugify(name).encode()).hexdigest()[:12]
        return f"{self.ats_id}:contact:person-{digest}"

    def require(self, value: T | None, section: str, expected: str) -> TypeGuard[T]:
        """True when ``value`` was found (not ``None``, not empty); otherwise a
        ``missing-section`` finding on ``section`` saying what was ``expected``, and False.

        A type guard, so that after ``if not out.require(hit, …): return`` a type checker knows
        ``hit`` is not ``None``."""
        if value is None or value == [] or value == ():
            self.missing_section(section, expected)
            return False
        return True

    # -- findings ---------------------------------------------------------------------------

    def report(
        self,
        finding_type: FindingType,
        message: str,
        *,
        record: Record | None = None,
        path: str | None = None,
    ) -> None:
        """Report a finding of the plugin's own (a type its rules hook catalogues)."""
        self.findings.append(
            finding_for(
                finding_type,
                f"page {self.source.name}: {message}",
                record or self.source,
                path=path,
            )
        )

    def stated_not_modelled(self, statement: Quoted[str], what: str) -> None:
        """Say that the page states a fact the model cannot hold (an ``info`` finding quoting
        the sentence), rather than dropping it or forcing it into a field."""
        self.findings.append(
            finding_for(
                _STATED_NOT_MODELLED,
                f"page {self.source.name} states {what}, which the model does not hold: "
                f"{statement.quote!r} (offsets {statement.start}-{statement.end})",
                self.source,
                path=what,
            )
        )

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

    # -- the page's own metadata ---------------------------------------------------------------

    def read_title(
        self,
        page: PageText | str,
        start: str | re.Pattern[str] | None = None,
        *,
        expected: str | None = None,
    ) -> Quoted[str] | None:
        """Give the source the page's title (:meth:`PageText.heading`).

        A page may have no title; when the plugin ``expected`` one, a page without it gets a
        ``missing-section`` finding on ``heading`` saying what was looked for.
        """
        title = _as_page(page).heading(start)
        if title is None:
            if expected is not None:
                self.missing_section("heading", expected)
            return None
        self.set_source(title=title)
        return title

    def read_update_date(
        self,
        page: PageText | str,
        *,
        expected: str = "no 'Aggiornato il …' or 'Ultimo aggiornamento: …' line",
    ) -> FuzzyDate | None:
        """Date the source by the page's own update line, and say so when it cannot.

        A page without one gets a ``missing-section`` finding on ``update date`` (``expected``
        says what was looked for), an unreadable date an ``unreadable-value`` finding:
        ``Source.updated`` then stays empty, never guessed. Returns the date, or ``None``.
        """
        hit = _as_page(page).search(UPDATE_LINE)
        if hit is None:
            self.missing_section("update date", expected)
            return None
        updated = self.parse(hit["date"], parse_fuzzy_date, "update date")
        if updated is None:
            return None
        self.set_source(updated=updated)
        return updated.value

    def dated_today(self, page: PageText) -> Derived[FuzzyDate] | None:
        """The page's own date, for what a page states of "oggi" (a news item: "la giornata di
        oggi … conta quasi cento aderenti"); ``None`` when it says no "oggi" or has no date.

        Why: a news item's "oggi" is the day it was published, which its update line gives;
        a count said "oggi" holds on that day, not on the day it is read. The date is derived
        (``dated-by-the-page``) from the word and the update line's date. Call it after
        :meth:`read_update_date`.
        """
        today, stamp = page.search(r"\boggi\b"), page.update_line()
        if today is None or self.source.updated is None:
            return None
        date = stamp["date"] if stamp else None
        return derived(self.source.updated, "dated-by-the-page", today.whole, date)

    def build(self) -> Reading:
        """The reading: the records, the acts and bodies collected, every value's evidence."""
        for fields in self._organizations.values():
            self.record(Organization, **fields)
        for fields in self._acts.values():
            self.record(Act, **fields)
        self._organizations, self._acts = {}, {}
        evidence = [*self._source_evidence, *self.dataset.evidence]
        self.dataset.evidence = _mark_personal_words(evidence)
        return Reading(
            source=self.source, dataset=self.dataset, findings=tuple(self.findings), text=self.text
        )


@attrs.frozen
class Citations:
    """The acts a page cites: (offset, kind, act id quoted with the citation's words)."""

    found: tuple[tuple[int, ActKind, Quoted[str]], ...]

    def between(self, start: int, end: int, *kinds: ActKind) -> list[Quoted[str]]:
        """The ids of the acts cited between two offsets, optionally of some kinds only."""
        return [
            act_id
            for at, kind, act_id in self.found
            if start <= at < end and (not kinds or kind in kinds)
        ]


@attrs.frozen
class PlanPeriod:
    """A plan as the page names it, by its period (:meth:`ReadingBuilder.plan_period`).

    Why: the plan's id, the ids of its projects and alliances and the guideline it answers to
    all follow from the two years; made here, they are made alike on every ATS's page.
    ``plan_id`` is quoted with the words that name the plan, so that a project's ``plan_id``
    cites them.
    """

    ats_id: str
    start: Quoted[int]
    end: Quoted[int]
    plan_id: Quoted[str]

    @property
    def years(self) -> str:
        """The period as ids write it: ``2020-2023``."""
        return f"{self.start.value}-{self.end.value}"

    @property
    def guideline_id(self) -> Derived[str] | None:
        """The built-in guideline of the period, derived from the years' words, or ``None``."""
        return guideline_of_period(self.start, self.end)

    @property
    def guideline(self) -> Guideline | None:
        """The built-in guideline of the period (:func:`guideline_for_period`), or ``None``."""
        return guideline_for_period(self.start.value, self.end.value)

    def member_id(self, kind: str, words: Quoted[str]) -> Quoted[str]:
        """The id of a record of this plan (``project``, ``alliance``) named by ``words``,
        quoted with them: ``<ats>:<kind>:<years>:<slug of the words>``."""
        record_id = f"{self.ats_id}:{kind}:{self.years}:{slugify(words.value)}"
        return Quoted(record_id, words.start, words.end, words.quote)


def _as_page(page: PageText | str) -> PageText:
    """A page's text as the primitives want it (a plain string is normalized first)."""
    return page if isinstance(page, PageText) else PageText(normalize_text(page))


def _doc() -> Document:
    from conciliazione.documents import document_from_bytes

    return document_from_bytes("p.txt", b"ATS")


@attrs.frozen
class _Row:
    field: str
    start: int | None
    end: int | None
    quote: str | None
    derivation: str | None


def _unwrap(value: Any, path: str, rows: list[_Row]) -> Any:
    """The plain value of a field, with its evidence appended to ``rows``."""
    if isinstance(value, Quoted):
        inner = _unwrap(value.value, path, [])
        if inner is not None:
            rows.append(_Row(path, value.start, value.end, value.quote, None))
        return inner
    if isinstance(value, Derived):
        inner = _unwrap(value.value, path, [])
        if inner is not None:
            rows.extend(_Row(path, b.start, b.end, b.quote, value.rule) for b in value.basis)
            if not value.basis:
                rows.append(_Row(path, None, None, None, value.rule))
        return inner
    if isinstance(value, Part):
        fields = {name: _unwrap(v, f"{path}.{name}", rows) for name, v in value.fields.items()}
        return value.model(**fields)
    if isinstance(value, list | tuple):
        return tuple(_unwrap(item, f"{path}[{i}]", rows) for i, item in enumerate(value))
    return value


def _top(field: str) -> str:
    """The record field an evidence path is about: ``member_categories[0].kind`` → its name."""
    return re.split(r"[\[.]", field, maxsplit=1)[0]


def _mark_personal_words(evidence: list[Evidence]) -> list[Evidence]:
    """Mark personal every row whose words overlap the words of personal data, so that a value
    derived from them (a body named from an official's e-mail domain) is withheld too."""
    spans = [(e.start, e.end) for e in evidence if e.personal and e.start is not None]
    if not spans:
        return evidence
    return [
        e.model_copy(update={"personal": True})
        if not e.personal
        and e.start is not None
        and e.end is not None
        and any(s < e.end and e.start < t for s, t in spans if s is not None and t is not None)
        else e
        for e in evidence
    ]


def guideline_of_period(start: Quoted[int], end: Quoted[int]) -> Derived[str] | None:
    """The id of the built-in guideline of a plan's period, derived from the period's words;
    ``None`` when no built-in guideline covers the period."""
    guideline = guideline_for_period(start.value, end.value)
    return (
        None
        if guideline is None
        else Derived(guideline.guideline_id, "guideline-of-period", (start, end))
    )


def guideline_of_act(act_id: Quoted[str] | None) -> Derived[str] | None:
    """The id of the built-in guideline an act sets (D.G.R. XI/2398/2019 sets the 2020-2023
    guidelines), derived from the act's citation; ``None`` for any other act."""
    if act_id is None:
        return None
    for guideline in guidelines().values():
        if act_id.value in guideline.act_ids:
            return Derived(guideline.guideline_id, "guideline-of-act", (act_id,))
    return None


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
