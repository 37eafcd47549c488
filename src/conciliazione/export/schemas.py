"""The export's table contract: one explicit Arrow schema per table, written down here.

Pipelines read these tables, so the schemas are a public contract and change only with
:data:`SCHEMA_VERSION` (semver: a new optional column is a minor bump, a renamed, retyped or
removed column a major one). Every field carries a ``description`` (field metadata key
``b"description"``) and enum columns the list of their values (``b"enum"``, a JSON array).

Conventions, the same in every table:

- money is ``decimal128(18, 2)`` (euro and cents), never a float;
- dates are ``date32``; a date the source states to some precision is three columns:
  ``<name>`` (the first day of the period), ``<name>_precision`` (``day``, ``month``,
  ``half_year``, ``year``) and ``<name>_text`` (the words of the page);
- an approximate count is three columns too: ``<name>`` (``int64``), ``<name>_qualifier``
  (``exact``, ``about``, ``almost``, ``at_least``) and ``<name>_text``;
- codes and enums are plain strings; integers are ``int64``; lists of codes are
  ``list<string>``;
- every row that belongs to an ATS carries ``ats_id``, every fact row its ``source_id``.

Nested values get their own table, so that SQL can join them: a guideline's service typologies
are ``service_types`` and a network's member categories ``network_member_categories``, each with
an ``ordinal`` that keeps the page's order.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any

import attrs
import pyarrow as pa

from conciliazione.errors import UnknownEntityError
from conciliazione.export.resources import frictionless_type
from conciliazione.findings import Severity
from conciliazione.model import ActKind, AllocationBasis, OrganizationKind
from conciliazione.money import MONEY_PRECISION, MONEY_SCALE
from conciliazione.vague import DatePrecision, Qualifier

SCHEMA_VERSION = "1.3.0"
"""The version of the table contract (semver), written into every file's metadata."""

MONEY = pa.decimal128(MONEY_PRECISION, MONEY_SCALE)
"""Euro amounts: 16 digits before the decimal point, exactly two after."""

ForeignKey = tuple[tuple[str, ...], str, tuple[str, ...]]
"""``(columns, referenced table, referenced columns)``."""


@attrs.frozen
class TableSpec:
    """One exported table: its schema, its keys and how it is partitioned.

    ``partition_by`` names the partition columns of the partitioned copy (empty: the table
    is not partitioned, being small reference data). ``personal_columns`` are the columns that
    may hold personal data; rows flagged personal are withheld unless the caller asks for them.
    """

    name: str
    schema: pa.Schema
    description: str
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    partition_by: tuple[str, ...] = ()
    personal_columns: tuple[str, ...] = ()


# -- field helpers ---------------------------------------------------------------------------


def _field(
    name: str,
    type_: pa.DataType,
    description: str,
    *,
    required: bool = False,
    enum_values: type[enum.Enum] | None = None,
) -> pa.Field:
    metadata = {b"description": description.encode()}
    if enum_values is not None:
        metadata[b"enum"] = json.dumps([m.value for m in enum_values]).encode()
    return pa.field(name, type_, nullable=not required, metadata=metadata)


def _string(name: str, description: str, *, required: bool = False) -> pa.Field:
    return _field(name, pa.string(), description, required=required)


def _code(
    name: str, values: type[enum.Enum], description: str, *, required: bool = False
) -> pa.Field:
    return _field(name, pa.string(), description, required=required, enum_values=values)


def _int(name: str, description: str, *, required: bool = False) -> pa.Field:
    return _field(name, pa.int64(), description, required=required)


def _strings(name: str, description: str, values: type[enum.Enum] | None = None) -> pa.Field:
    # Parquet names a list's child "element"; naming it so here keeps the schema read back
    # from a file equal to this one.
    item = pa.field("element", pa.string(), nullable=False)
    return _field(name, pa.list_(item), description, required=True, enum_values=values)


def _fuzzy_date(name: str, what: str) -> list[pa.Field]:
    return [
        _field(name, pa.date32(), f"{what}: the first day of the period the page names."),
        _code(name + "_precision", DatePrecision, f"How much of {name} the page states."),
        _string(name + "_text", f"{what} as the page words it (null when not kept)."),
    ]


def _quantity(name: str, what: str) -> list[pa.Field]:
    return [
        _int(name, f"{what}, as stated (approximate when the qualifier says so)."),
        _code(name + "_qualifier", Qualifier, f"How exact {name} is, as the page words it."),
        _string(name + "_text", f"{what} as the page words it ('un centinaio')."),
    ]


def _ats_id(*, required: bool = True, what: str = "The ATS the row belongs to") -> pa.Field:
    return _string("ats_id", f"{what} (ATS slug: milano, montagna, pavia, ...).", required=required)


_SOURCE_ID = _string(
    "source_id", "The source (page or built-in data file) the row was read from; see sources."
)


def _schema(description: str, fields: Iterable[pa.Field | list[pa.Field]]) -> pa.Schema:
    flat: list[pa.Field] = []
    for item in fields:
        flat.extend(item if isinstance(item, list) else [item])
    return pa.schema(flat, metadata={b"description": description.encode()})


def _spec(
    name: str,
    description: str,
    fields: Iterable[pa.Field | list[pa.Field]],
    primary_key: tuple[str, ...],
    foreign_keys: tuple[ForeignKey, ...] = (),
    partition_by: tuple[str, ...] = (),
    personal_columns: tuple[str, ...] = (),
) -> TableSpec:
    return TableSpec(
        name,
        _schema(description, fields),
        description,
        primary_key,
        foreign_keys,
        partition_by,
        personal_columns,
    )


def _fk(column: str, table: str, target: str | None = None) -> ForeignKey:
    return ((column,), table, (target or column,))


_SOURCE_FK = _fk("source_id", "sources")
_ATS_FK = _fk("ats_id", "ats")
_BY_ATS = ("ats_id",)

# -- the tables ------------------------------------------------------------------------------

_TABLES: tuple[TableSpec, ...] = (
    _spec(
        "sources",
        "The pages and built-in data files the rows were read from, with their checksums.",
        [
            _string(
                "source_id", "Id of the source, referenced by every row's source_id.", required=True
            ),
            _ats_id(required=False, what="The ATS whose page this is; null for the core's data"),
            _string("file_name", "The file name of the page or data file.", required=True),
            _string("title", "The page's title."),
            *_fuzzy_date("updated", "The update date the page states about itself"),
            _string("sha256", "SHA-256 of the exact bytes read (hex).", required=True),
            _string("plugin", "The distribution that read the source ('conciliazione': core)."),
            _string("plugin_version", "That distribution's version."),
            _field(
                "builtin",
                pa.bool_(),
                "True for the copy shipped with the plugin, false for a file given by path.",
                required=True,
            ),
            _string(
                "publisher",
                "Who published the text (Regione Lombardia, or the outlet that printed its "
                "release); null for pages read by a plugin.",
            ),
            _string(
                "address",
                "The public web address of the page or publication, when known (never "
                "guessed); null otherwise.",
            ),
            _field(
                "retrieved_at",
                pa.timestamp("us", tz="UTC"),
                "When this copy of the page was downloaded from address (UTC); null for a copy "
                "that was not downloaded.",
            ),
        ],
        ("source_id",),
        (_ATS_FK,),
        _BY_ATS,
    ),
    _spec(
        "ats",
        "The eight ATS (Agenzie di Tutela della Salute) of Lombardy.",
        [
            _ats_id(what="Id of the ATS"),
            _string("name", "The ATS's official name.", required=True),
            _strings(
                "territory", "Provinces and sub-areas the ATS covers, as the Region names them."
            ),
            _SOURCE_ID,
        ],
        ("ats_id",),
        (_SOURCE_FK,),
    ),
    _spec(
        "guidelines",
        "Regional guidelines for a planning period (e.g. D.G.R. XI/2398/2019 for 2020-2023).",
        [
            _string("guideline_id", "Id of the guideline.", required=True),
            _string("title", "The guideline's title.", required=True),
            _int("period_start", "First year of the planning period.", required=True),
            _int("period_end", "Last year of the planning period.", required=True),
            _strings("act_ids", "The act that sets the guideline, then the acts implementing it."),
            _strings(
                "alliance_lead_kinds",
                "Organization kinds allowed to lead an alliance (empty: any, or not known).",
                OrganizationKind,
            ),
            _SOURCE_ID,
            *_fuzzy_date(
                "extended_to",
                "The date a later act extended the period's plans to (null: never extended)",
            ),
        ],
        ("guideline_id",),
        (_SOURCE_FK,),
    ),
    _spec(
        "service_types",
        "The service typologies of each guideline (A: caregivers, B: pre/after school, ...).",
        [
            _string("guideline_id", "The guideline the typology belongs to.", required=True),
            _int("ordinal", "Position of the typology in the guideline (0-based).", required=True),
            _string("code", "The typology's letter code ('A').", required=True),
            _string("label", "The Italian label, as the guideline words it.", required=True),
            _string("label_en", "An English rendering of the label.", required=True),
            _SOURCE_ID,
        ],
        ("guideline_id", "ordinal"),
        (_fk("guideline_id", "guidelines"), _SOURCE_FK),
    ),
    _spec(
        "acts",
        "Acts cited by the pages: regional resolutions (D.G.R.), decrees, notes, ATS decrees.",
        [
            _string("act_id", "Id of the act: issuer:kind:number:year.", required=True),
            _code("kind", ActKind, "The kind of act.", required=True),
            _string("number", "The act's number as written ('XI/2398', '247/DGi')."),
            *_fuzzy_date("date", "The act's date"),
            _string("issuer", "'regione_lombardia' or the id of the issuing ATS.", required=True),
            _string("title", "The act's title or subject."),
            _ats_id(required=False, what="The ATS whose page cites the act; null: region-wide"),
            _SOURCE_ID,
        ],
        ("act_id",),
        (_ATS_FK, _SOURCE_FK),
        _BY_ATS,
    ),
    _spec(
        "organizations",
        "Bodies taking part in the programme: network members, alliance and project leads.",
        [
            _string("org_id", "Id of the organization.", required=True),
            _string("name", "The organization's name as the page gives it.", required=True),
            _code("kind", OrganizationKind, "The organization's kind; null when not known."),
            _string("codice_fiscale", "Codice fiscale as given (compacted, not checked here)."),
            _string("partita_iva", "Partita IVA as given (compacted, not checked here)."),
            _ats_id(required=False, what="The ATS whose page names it"),
            _SOURCE_ID,
        ],
        ("org_id",),
        (_ATS_FK, _SOURCE_FK),
        _BY_ATS,
    ),
    _spec(
        "networks",
        "Each ATS's territorial network (Rete Territoriale di Conciliazione) at a date.",
        [
            _string("network_id", "Id of the network.", required=True),
            _ats_id(),
            *_fuzzy_date("as_of", "The date the member count refers to"),
            *_quantity("member_count", "Number of member bodies"),
            _strings("member_ids", "Organizations listed as members, when the page lists them."),
            _string("description", "The network's description."),
            _SOURCE_ID,
        ],
        ("network_id",),
        (_ATS_FK, _SOURCE_FK),
        _BY_ATS,
    ),
    _spec(
        "network_member_categories",
        "The categories of member bodies each network names, in the page's order.",
        [
            _string("network_id", "The network.", required=True),
            _ats_id(),
            _int("ordinal", "Position of the category on the page (0-based).", required=True),
            _string("label", "The category as the page names it.", required=True),
            _code("kind", OrganizationKind, "The organization kind it maps to, if any."),
            _SOURCE_ID,
        ],
        ("network_id", "ordinal"),
        (_fk("network_id", "networks"), _ATS_FK, _SOURCE_FK),
        _BY_ATS,
    ),
    _spec(
        "plans",
        "Territorial plans (Piani Territoriali): declared and listed counts side by side.",
        [
            _string("plan_id", "Id of the plan.", required=True),
            _ats_id(),
            _string(
                "guideline_id",
                "The guideline the plan follows; when the page names none, the guideline of the "
                "plan's period (a plan-guideline-from-period finding says so); null when no "
                "built-in guideline covers the period.",
            ),
            _int("period_start", "First year of the plan.", required=True),
            _int("period_end", "Last year of the plan.", required=True),
            _string("approving_act_id", "The act approving the plan."),
            _string("validation_act_id", "The act (note) by which the Region validated it."),
            *_fuzzy_date("validated_on", "When the Region validated the plan"),
            _strings("project_ids", "The projects the page lists for the plan."),
            _strings("alliance_ids", "The alliances the page lists for the plan."),
            _strings("system_actions", "System actions run directly by the ATS."),
            *_quantity("declared_project_count", "Number of projects the page declares"),
            _int(
                "listed_project_count",
                "Number of projects the page lists (length of project_ids).",
                required=True,
            ),
            *_quantity("declared_alliance_count", "Number of alliances the page declares"),
            _strings("service_types", "Typology codes the plan concentrated on, when stated."),
            _strings("target_groups", "Target groups of the plan, as the page names them."),
            *_quantity("beneficiaries", "Final beneficiaries of the whole plan"),
            _strings("territory", "Areas the plan covers."),
            _string("report_author", "Author of the plan's final report."),
            _SOURCE_ID,
        ],
        ("plan_id",),
        (
            _ATS_FK,
            _fk("guideline_id", "guidelines"),
            _fk("approving_act_id", "acts", "act_id"),
            _fk("validation_act_id", "acts", "act_id"),
            _SOURCE_FK,
        ),
        _BY_ATS,
    ),
    _spec(
        "alliances",
        "Local alliances (Alleanze Locali di Conciliazione), each led by an 'ente capofila'.",
        [
            _string("alliance_id", "Id of the alliance.", required=True),
            _ats_id(),
            _string("plan_id", "The plan the alliance takes part in."),
            _string("name", "The alliance's own name; null when the page only counts alliances."),
            _string("lead_org_id", "The lead body (ente capofila)."),
            _string("lead_name", "The lead body's name as the page gives it."),
            _strings("partner_org_ids", "Partner organizations."),
            _string("district", "The Ambito territoriale / Piano di Zona it coincides with."),
            _string("web_page_label", "Label of the alliance's web page link."),
            _string("web_page_url", "URL of the alliance's web page."),
            _string(
                "project_title",
                "Title of the alliance's project (joined from projects; with several, the "
                "first by project_id).",
            ),
            _SOURCE_ID,
        ],
        ("alliance_id",),
        (
            _ATS_FK,
            _fk("plan_id", "plans"),
            _fk("lead_org_id", "organizations", "org_id"),
            _SOURCE_FK,
        ),
        _BY_ATS,
    ),
    _spec(
        "projects",
        "Projects of the alliances (or ATS), in one or more service typologies.",
        [
            _string("project_id", "Id of the project.", required=True),
            _ats_id(),
            _string("plan_id", "The plan the project belongs to."),
            _string("alliance_id", "The alliance running the project."),
            _string("title", "The project's title.", required=True),
            _string("lead_name", "The lead body's name as the page gives it."),
            _string("lead_org_id", "The lead body."),
            _string("district", "The territory the project serves, when the page names it."),
            _strings("service_types", "Typology codes of the plan's guideline ('A', 'B')."),
            _strings("target_groups", "Target groups, as the page names them."),
            *_fuzzy_date("start", "When the project started"),
            *_fuzzy_date("end", "When the project ended"),
            *_quantity("beneficiaries", "Final beneficiaries (destinatari finali)"),
            _string("funding", "The fund when it is not the plan's own ('FSE')."),
            _SOURCE_ID,
        ],
        ("project_id",),
        (
            _ATS_FK,
            _fk("plan_id", "plans"),
            _fk("alliance_id", "alliances"),
            _fk("lead_org_id", "organizations", "org_id"),
            _SOURCE_FK,
        ),
        _BY_ATS,
    ),
    _spec(
        "allocations",
        "Regional funds assigned to an ATS for one year (riparto), in euro: one row per source "
        "that states the figure, so one ATS, act and year may have several rows.",
        [
            _string("allocation_id", "Id of the allocation.", required=True),
            _ats_id(),
            _string("guideline_id", "The guideline whose funds these are."),
            _int("year", "The year ('annualità') the funds are for.", required=True),
            _field(
                "amount_eur",
                MONEY,
                "The amount in euro as read (exact to the cent; see rounding_unit_eur for what "
                "the source rounded, amount_text for what it printed).",
                required=True,
            ),
            _code(
                "basis",
                AllocationBasis,
                "published (read) or computed (from a formula).",
                required=True,
            ),
            _string("act_id", "The act that assigns the amount."),
            _string("formula", "For computed allocations: the formula's name."),
            _field(
                "parameters",
                pa.list_(
                    pa.field(
                        "element",
                        pa.struct(
                            [
                                pa.field("name", pa.string(), nullable=False),
                                pa.field("value", pa.string(), nullable=False),
                            ]
                        ),
                        nullable=False,
                    )
                ),
                "For computed allocations: the formula's parameters as (name, value) text pairs.",
                required=True,
            ),
            _SOURCE_ID,
            _string(
                "amount_text",
                "The figure as the source prints it ('48.834,00', '117.00'); null when not kept. "
                "Where it does not read as amount_eur (a misprint), the finding "
                "allocation-printed-amount-differs says so.",
            ),
            _field(
                "rounding_unit_eur",
                MONEY,
                "The unit the source rounds its figures to (100.00: hundreds of euro); null when "
                "the figure is exact as printed. A rounded figure may be off by half the unit.",
            ),
        ],
        ("allocation_id",),
        (
            _ATS_FK,
            _fk("guideline_id", "guidelines"),
            _fk("act_id", "acts"),
            _SOURCE_FK,
        ),
        ("ats_id", "year"),
    ),
    _spec(
        "contacts",
        "Ways to reach an office or person. Rows flagged personal are exported only on request.",
        [
            _string("contact_id", "Id of the contact.", required=True),
            _ats_id(),
            _string("scope", "What the contact is for, as the page says.", required=True),
            _string("name", "The person or office named (personal data when personal)."),
            _string("role", "The person's role."),
            _string("phone", "Phone number as written (personal data when personal)."),
            _string("email", "E-mail address, de-obfuscated (personal data when personal)."),
            _field(
                "personal",
                pa.bool_(),
                "True when the row is personal data (a named official, a personal phone "
                "or e-mail); such rows appear only in exports made with personal data.",
                required=True,
            ),
            _SOURCE_ID,
        ],
        ("contact_id",),
        (_ATS_FK, _SOURCE_FK),
        _BY_ATS,
        ("name", "phone", "email"),
    ),
    _spec(
        "objectives",
        "The objectives an ATS states for its programme, in page order.",
        [
            _string("objective_id", "Id of the objective.", required=True),
            _ats_id(),
            _int("ordinal", "Position of the objective on the page.", required=True),
            _string("text", "The objective as written.", required=True),
            _SOURCE_ID,
        ],
        ("objective_id",),
        (_ATS_FK, _SOURCE_FK),
        _BY_ATS,
    ),
    _spec(
        "evidence",
        "Where each value of each row came from: the words of the source and their offsets, or "
        "the rule that derived the value from them. Join on (table_name, record_id).",
        [
            _string(
                "table_name", "The table of the row the value belongs to ('plans').", required=True
            ),
            _string("record_id", "The id of that row (its primary key).", required=True),
            _string(
                "field",
                "The column (model field) of the value, with an index for list items "
                "('project_ids[1]') and a path for nested values ('member_categories[0].kind').",
                required=True,
            ),
            _string("source_id", "The source whose text the offsets index.", required=True),
            _ats_id(required=False, what="The ATS of the source; null for the core's data"),
            _int(
                "start_offset",
                "Offset of the quote's first character in the text the reader saw (the page "
                "after the library's normalization: straight quotes, single spaces).",
            ),
            _int("end_offset", "Offset just after the quote's last character."),
            _string("quote", "The words the value was read (or derived) from."),
            _string(
                "derivation",
                "Null when the value was read as written; otherwise the name of the rule that "
                "built it from the quoted words (a constructed title, a guessed kind).",
            ),
            _field(
                "personal",
                pa.bool_(),
                "True when the words quote personal data; such rows appear only in exports made "
                "with personal data.",
                required=True,
            ),
        ],
        (),
        (_SOURCE_FK, _ATS_FK),
        _BY_ATS,
        ("quote",),
    ),
    _spec(
        "findings",
        "What validation and the page readers reported about the data, in report order.",
        [
            _string("code", "Stable kebab-case code of the finding type.", required=True),
            _code("severity", Severity, "error, warning or info.", required=True),
            _string("entity", "The entity the finding is about ('plan')."),
            _string("entity_id", "The id of the record it is about."),
            _string("path", "The field within the record ('declared_project_count')."),
            _string("message", "What is wrong, in words.", required=True),
            _ats_id(required=False, what="The ATS of the record"),
            _string("source_id", "The source of the record the finding is about."),
        ],
        (),
        (),
        _BY_ATS,
    ),
)

_BY_NAME: dict[str, TableSpec] = {spec.name: spec for spec in _TABLES}


def table_names() -> tuple[str, ...]:
    """Every exported table, in dependency order (sources first, findings last)."""
    return tuple(_BY_NAME)


def table_spec(name: str) -> TableSpec:
    """The spec of one table; :class:`UnknownEntityError` naming the valid tables otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        valid = ", ".join(_BY_NAME)
        raise UnknownEntityError(f"unknown table {name!r}; the tables are: {valid}") from None


def field_description(field: pa.Field) -> str:
    """The description of a field (every field of every table has one)."""
    return bytes(field.metadata[b"description"]).decode()


def field_enum(field: pa.Field) -> list[str] | None:
    """The allowed values of an enum column, or ``None`` for a free column."""
    raw = (field.metadata or {}).get(b"enum")
    return None if raw is None else list(json.loads(raw))


def partition_schema(name: str) -> pa.Schema:
    """The columns a table's partitioned copy is split by, one directory level each (empty if
    not partitioned).

    The files keep these columns too, so a reader needs no partitioning argument:
    ``pandas.read_parquet(path)`` reads the copy back as the flat file (see
    :mod:`conciliazione.export.writer`).
    """
    spec = table_spec(name)
    return pa.schema(
        [spec.schema.field(column).with_nullable(True) for column in spec.partition_by]
    )


def json_table_schema(name: str) -> dict[str, Any]:
    """The table's schema as a Frictionless Table Schema (fields, primaryKey, foreignKeys).

    Each field keeps its Arrow type under ``arrowType`` (Table Schema's ``number`` does not say
    that ``amount_eur`` is an exact decimal with two places; ``arrowType`` does). List columns
    describe their items with Frictionless's ``arrayItem``.
    """
    spec = table_spec(name)
    fields: list[dict[str, Any]] = []
    for field in spec.schema:
        constraints: dict[str, Any] = {}
        if not field.nullable:
            constraints["required"] = True
        if spec.primary_key == (field.name,):
            constraints["unique"] = True
        values = field_enum(field)
        if values is not None and not pa.types.is_list(field.type):
            constraints["enum"] = values
        entry: dict[str, Any] = {
            "name": field.name,
            "type": frictionless_type(field.type),
            "description": field_description(field),
            "arrowType": str(field.type),
        }
        if pa.types.is_list(field.type):
            item: dict[str, Any] = {"type": frictionless_type(field.type.value_type)}
            if values is not None:
                item["constraints"] = {"enum": values}
            entry["arrayItem"] = item
        if constraints:
            entry["constraints"] = constraints
        fields.append(entry)
    schema: dict[str, Any] = {"fields": fields}
    if spec.primary_key:
        schema["primaryKey"] = list(spec.primary_key)
    if spec.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": list(columns), "reference": {"resource": table, "fields": list(targets)}}
            for columns, table, targets in spec.foreign_keys
        ]
    return schema
