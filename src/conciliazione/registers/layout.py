"""Register layouts: what a tabular register looks like, described as data.

ATS IT teams keep registers (network members, organizations with fiscal codes, service records)
in spreadsheets and CSV exports. A :class:`RegisterLayout` says which Italian column headers a
register has, which model field each one fills, its type, and what a valid value is. The core
reads and checks registers from this description alone; a plugin that knows its ATS's export
format only *describes* it, through the ``conciliazione_register_layouts`` hook, and never reads
a file itself.

This module imports neither pyarrow nor pydantic: layouts are cheap to build and to list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Literal

import attrs

from conciliazione.errors import UnknownEntityError

ColumnType = Literal["string", "int", "decimal", "date", "bool"]
"""The type of a column's values once checked: text, whole number, euro-style decimal, date
(``dd/mm/yyyy`` in the file) or yes/no."""

PatternKind = Literal["istat_municipality", "codice_fiscale", "partita_iva"]
"""A format a text column must have:

- ``istat_municipality``: a municipality's ISTAT code, six digits (``015146``);
- ``codice_fiscale``: an Italian fiscal code, 16 characters for a person or 11 digits for a
  body, with its check character;
- ``partita_iva``: an Italian VAT number, 11 digits with its check digit (``IT`` prefix allowed).
"""

CODELISTS = ("ats", "service_type")
"""The named codelists a column can refer to: the eight ATS ids, and the service typologies
(A–F) of the current guideline. Both accept the code or the Italian name."""

Bound = int | Decimal | date

_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*\Z")
_TYPES = ("string", "int", "decimal", "date", "bool")
_PATTERNS = ("istat_municipality", "codice_fiscale", "partita_iva")


def _value_pairs(values: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    """Freeze a value map into sorted pairs, so that a layout stays immutable and comparable."""
    return tuple(sorted(values.items())) if values else ()


@attrs.frozen
class ColumnSpec:
    """One column of a register: its Italian header, the field it fills and its rules.

    The rules run in a fixed order, and a value fails on the first one it breaks: presence
    (``required``), then type (a date must read as ``dd/mm/yyyy``), then format (``pattern``),
    then allowed values (``codelist`` or ``values``), then range (``minimum``/``maximum``).
    """

    header: str
    """The column header as the register writes it (``"Codice fiscale"``); matched ignoring
    case and surrounding spaces."""
    field: str
    """The model field the column fills (``"codice_fiscale"``): the column's name in Parquet."""
    type: ColumnType = "string"
    required: bool = False
    """An empty cell is a ``register-required-missing`` finding (otherwise it is null)."""
    codelist: str | None = None
    """The name of a core codelist (see :data:`CODELISTS`) the value must belong to."""
    values: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_value_pairs)
    """A value map, Italian label → code, given as a mapping. The label is matched ignoring
    case (Unicode case folding, after NFC normalisation) and surrounding spaces; the code is
    what is exported."""
    minimum: Bound | None = None
    maximum: Bound | None = None
    pattern: PatternKind | None = None
    scale: int = 2
    """Digits after the decimal comma for ``decimal`` columns (the export is decimal(18, scale))."""
    personal: bool = False
    """Personal data (a person's fiscal code): checked, but not exported unless asked."""
    description: str = ""

    def __attrs_post_init__(self) -> None:
        where = f"column {self.header!r}"
        if not self.header.strip():
            raise ValueError("a column needs a header")
        if not _FIELD_NAME.match(self.field):
            raise ValueError(f"{where}: field {self.field!r} is not a snake_case name")
        if self.type not in _TYPES:
            raise ValueError(f"{where}: unknown type {self.type!r}; types are {_TYPES}")
        if self.pattern is not None and self.pattern not in _PATTERNS:
            raise ValueError(f"{where}: unknown pattern {self.pattern!r}; patterns: {_PATTERNS}")
        if self.codelist is not None and self.codelist not in CODELISTS:
            raise ValueError(f"{where}: unknown codelist {self.codelist!r}; codelists: {CODELISTS}")
        textual = (self.pattern, self.codelist, self.values)
        if self.type != "string" and any(textual):
            raise ValueError(f"{where}: pattern, codelist and values apply to text columns only")
        if sum(bool(x) for x in textual) > 1:
            raise ValueError(f"{where}: give at most one of pattern, codelist and values")
        bounded = self.minimum is not None or self.maximum is not None
        if bounded and self.type not in ("int", "decimal", "date"):
            raise ValueError(f"{where}: minimum and maximum apply to numbers and dates only")
        if not 0 <= self.scale <= 6:
            raise ValueError(f"{where}: scale must be between 0 and 6")

    @property
    def value_map(self) -> dict[str, str]:
        """The allowed values, label → code: the value map, or the resolved codelist."""
        if self.codelist is not None:
            return codelist(self.codelist)
        return dict(self.values)


def _columns(columns: Iterable[ColumnSpec]) -> tuple[ColumnSpec, ...]:
    return tuple(columns)


@attrs.frozen
class RegisterLayout:
    """The shape of one kind of register: its columns and the entity its rows describe."""

    name: str
    """The name users pass to ``--layout`` (``"organizations"``); plugins prefix theirs with
    their ATS id (``"pavia_members"``)."""
    entity: str
    """What one row is (``"organization"``, ``"service_record"``): the entity of findings."""
    columns: tuple[ColumnSpec, ...] = attrs.field(converter=_columns)
    ats_id: str | None = None
    """``None`` for the core layouts, which any ATS can use; a plugin's layouts carry its ATS."""
    title: str = ""
    description: str = ""
    origin: str = "core"
    """``core`` or the name of the plugin that describes the layout."""

    def __attrs_post_init__(self) -> None:
        if not _FIELD_NAME.match(self.name):
            raise ValueError(f"layout name {self.name!r} is not a snake_case name")
        if not self.columns:
            raise ValueError(f"layout {self.name!r} has no columns")
        for attribute, label in (("field", "fields"), ("header", "headers")):
            seen: set[str] = set()
            for column in self.columns:
                key = fold_header(getattr(column, attribute))
                if key in seen:
                    raise ValueError(
                        f"layout {self.name!r}: two columns share {label[:-1]} {key!r}"
                    )
                seen.add(key)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.columns)

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    def column(self, field: str) -> ColumnSpec:
        """The column that fills a field; `UnknownEntityError` if there is none."""
        for spec in self.columns:
            if spec.field == field:
                return spec
        raise UnknownEntityError(f"layout {self.name!r} has no field {field!r}")


def fold_header(text: str) -> str:
    """How headers are compared: case-insensitive, surrounding and repeated spaces ignored."""
    return " ".join(text.split()).casefold()


# -- codelists --------------------------------------------------------------------------------


def codelist(name: str) -> dict[str, str]:
    """A core codelist as a value map, label → code: each code maps to itself, and each Italian
    name to its code (``"ATS di Pavia"`` → ``pavia``, ``"servizi salvatempo…"`` → ``C``)."""
    # Read from the data files, not from the models: compiling a layout must not build the
    # regional dataset (a tenth of a second at the start of every ingest).
    if name == "ats":
        from conciliazione.regional import ats_names

        names = ats_names()
        pairs = [(ats_id, ats_id) for ats_id in names] + [(n, a) for a, n in names.items()]
    elif name == "service_type":
        from conciliazione.regional import service_type_labels

        labels = service_type_labels()
        pairs = [(c, c) for c in labels] + [(label, c) for c, label in labels.items()]
    else:
        raise UnknownEntityError(f"unknown codelist {name!r}; codelists: {', '.join(CODELISTS)}")
    return dict(pairs)


ORGANIZATION_KINDS: Mapping[str, str] = {
    # The seven member categories of ATS Milano's network page (seed 001), as listed …
    "Soggetti pubblici (Enti Locali, Aziende speciali, Aler, CCIAA, Consigliera Parità)": (
        "public_body"
    ),
    "Soggetti pubblici (Ambiti territoriali)": "territorial_district",
    "Associazioni datoriali di categoria": "employer_association",
    "Associazioni sindacali": "union",
    "Istruzione, Formazione, Afol, Università": "education",
    "Soggetti privati (Aziende)": "company",
    "Soggetti privati (Organizzazioni No Profit)": "non_profit",
    # … and as the same page names them in its prose.
    "Enti pubblici": "public_body",
    "Ambiti territoriali": "territorial_district",
    "Associazioni datoriali": "employer_association",
    "Organizzazioni sindacali": "union",
    "Enti afferenti all'ambito dell'istruzione": "education",
    "Enti afferenti all’ambito dell’istruzione": "education",
    "Enti privati profit": "company",
    "Enti privati no profit": "non_profit",
}
"""Italian member-category labels → :class:`~conciliazione.model.OrganizationKind` values."""


def _kinds_map() -> dict[str, str]:
    # The kinds' own values are accepted too, so a register already coded in English loads.
    # They are the map's values (a test checks that these are every OrganizationKind): the
    # model is not imported, so that listing or compiling layouts stays cheap.
    return {**ORGANIZATION_KINDS, **{kind: kind for kind in ORGANIZATION_KINDS.values()}}


# -- core layouts -----------------------------------------------------------------------------


def organizations_layout() -> RegisterLayout:
    """The member bodies of a network, with their fiscal identifiers."""
    return RegisterLayout(
        name="organizations",
        entity="organization",
        title="Organizations (soggetti aderenti)",
        description="The member bodies of an ATS's network, one per row.",
        columns=(
            ColumnSpec("Denominazione", "name", required=True, description="The body's name."),
            ColumnSpec(
                "Tipologia",
                "kind",
                values=_kinds_map(),
                description="The member category, as on ATS Milano's network page.",
            ),
            ColumnSpec("Codice fiscale", "codice_fiscale", pattern="codice_fiscale"),
            ColumnSpec("Partita IVA", "partita_iva", pattern="partita_iva"),
            ColumnSpec(
                "Comune ISTAT",
                "municipality_istat",
                pattern="istat_municipality",
                description="ISTAT code of the municipality of the registered office.",
            ),
            ColumnSpec("ATS", "ats_id", codelist="ats"),
        ),
    )


def service_records_layout() -> RegisterLayout:
    """Service records: one service delivered by a project to a beneficiary."""
    return RegisterLayout(
        name="service_records",
        entity="service_record",
        title="Service records (prestazioni erogate)",
        description="Services delivered under a territorial plan, one per row.",
        columns=(
            ColumnSpec("ID", "record_id", required=True, description="The record's id."),
            ColumnSpec("ATS", "ats_id", required=True, codelist="ats"),
            ColumnSpec("ID progetto", "project_id", required=True),
            ColumnSpec(
                "Tipologia",
                "service_type",
                required=True,
                codelist="service_type",
                description="Service typology A–F of D.G.R. XI/2398/2019.",
            ),
            ColumnSpec(
                "Comune ISTAT",
                "municipality_istat",
                required=True,
                pattern="istat_municipality",
                description="ISTAT code of the municipality where the service was delivered.",
            ),
            ColumnSpec(
                "Codice fiscale ente",
                "provider_codice_fiscale",
                required=True,
                pattern="codice_fiscale",
                description="Fiscal code of the body that delivered the service.",
            ),
            ColumnSpec(
                "Codice fiscale beneficiario",
                "beneficiary_codice_fiscale",
                pattern="codice_fiscale",
                personal=True,
                description="Fiscal code of the person served: personal data.",
            ),
            ColumnSpec("Età", "beneficiary_age", type="int", minimum=0, maximum=120),
            ColumnSpec(
                "Data inizio",
                "start_date",
                type="date",
                required=True,
                minimum=date(2010, 1, 1),
                maximum=date(2030, 12, 31),
            ),
            ColumnSpec(
                "Data fine",
                "end_date",
                type="date",
                minimum=date(2010, 1, 1),
                maximum=date(2030, 12, 31),
            ),
            ColumnSpec(
                "Ore",
                "hours",
                type="decimal",
                minimum=Decimal(0),
                maximum=Decimal(10000),
                description="Hours of service.",
            ),
            ColumnSpec(
                "Costo EUR",
                "cost_eur",
                type="decimal",
                required=True,
                minimum=Decimal(0),
                maximum=Decimal(1_000_000),
                description="Cost in euro, Italian format (1.234,56).",
            ),
            ColumnSpec("Cofinanziato", "cofunded", type="bool", description="Co-funded: sì/no."),
        ),
    )


def core_layouts() -> tuple[RegisterLayout, ...]:
    """The layouts the core ships, usable by any ATS."""
    return (organizations_layout(), service_records_layout())


def by_name(layouts: Iterable[RegisterLayout]) -> dict[str, RegisterLayout]:
    """Layouts keyed by name, the first of a name winning."""
    found: dict[str, RegisterLayout] = {}
    for layout in layouts:
        found.setdefault(layout.name, layout)
    return found
