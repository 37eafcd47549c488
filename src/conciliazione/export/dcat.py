"""``catalog.ttl``: the export described in DCAT-AP_IT, the profile the Italian portals harvest.

dati.gov.it and the regional portals catalogue datasets with DCAT-AP_IT (AgID's Italian profile
of DCAT-AP). Beside ``datapackage.json`` each export writes one Turtle file with:

- a ``dcatapit:Catalog`` (title, description, publisher, modified, its dataset);
- one ``dcatapit:Dataset`` with the profile's mandatory properties: ``dct:identifier``
  (``<prefix>:<package name>``), ``dct:title``, ``dct:description``, ``dct:modified`` (the
  export's date), ``dcat:theme`` (an EU data-theme URI), ``dct:rightsHolder``,
  ``dct:accrualPeriodicity`` (an EU frequency URI), ``dcat:distribution``; and the
  recommended ``dct:publisher``, ``dct:language`` and, when configured, ``dcat:contactPoint``;
- one ``dcatapit:Distribution`` per table with ``dct:format`` (EU file type ``PARQUET``),
  ``dcat:accessURL``, ``dct:license`` (a ``dcatapit:LicenseDocument`` with its type and name);
- the agents (``dcatapit:Agent``: ``dct:identifier`` and ``foaf:name``) and the contact point.

The graph is built with rdflib, a well-kept RDF library, rather than by writing Turtle by hand:
escaping, prefixes and datatypes are its job. The publisher's own values come from a
:class:`~conciliazione.export.publisher.CatalogConfig`.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, XSD

from conciliazione.export.datapackage import LICENSE, PACKAGE_NAME
from conciliazione.export.publisher import Agent, CatalogConfig
from conciliazione.export.schemas import SCHEMA_VERSION, table_names, table_spec

CATALOG_FILE = "catalog.ttl"

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = Namespace(EU + "data-theme/")
FREQUENCIES = Namespace(EU + "frequency/")
FILE_TYPES = Namespace(EU + "file-type/")
LANGUAGES = Namespace(EU + "language/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LICENCE_TYPES = Namespace("http://purl.org/adms/licencetype/")

TITLE_IT = "Conciliazione vita-lavoro in Lombardia: reti, piani, alleanze, progetti e riparti"
DESCRIPTION_IT = (
    "Reti territoriali, piani, alleanze locali, progetti e riparti dei fondi del programma "
    "regionale di conciliazione vita-lavoro, letti dalle pagine delle ATS lombarde e validati; "
    "la tabella findings riporta gli esiti della validazione."
)
TITLE_EN = "Conciliazione vita-lavoro: Lombardy's work-life balance plans as one dataset"


def catalog_graph(
    config: CatalogConfig, *, exported_at: datetime, tables: tuple[str, ...] | None = None
) -> Graph:
    """The DCAT-AP_IT graph of one export (``tables``: default, every exported table)."""
    base = config.base_url or ""

    def uri(fragment: str) -> URIRef:
        return URIRef(base + fragment)

    graph = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("dcatapit", DCATAPIT),
        ("foaf", FOAF),
        ("vcard", VCARD),
    ):
        graph.bind(prefix, namespace)

    modified = Literal(exported_at.date().isoformat(), datatype=XSD.date)
    catalog, dataset = uri("#catalog"), uri("#dataset")
    publisher = _agent(graph, config.publisher, uri("#publisher"), config, "publisher")
    holder = (
        publisher
        if config.rights_holder is None
        else _agent(graph, config.rights_holder, uri("#rights-holder"), config, "rights_holder")
    )

    graph.add((catalog, RDF.type, DCATAPIT.Catalog))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal(f"Catalogo: {TITLE_IT}", lang="it")))
    graph.add((catalog, DCTERMS.description, Literal(DESCRIPTION_IT, lang="it")))
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, DCTERMS.modified, modified))
    graph.add((catalog, DCTERMS.language, LANGUAGES.ITA))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(EU + "data-theme")))
    graph.add((catalog, DCAT.dataset, dataset))
    if config.defaults:
        note = "Default values, not set by the publisher: " + ", ".join(sorted(config.defaults))
        graph.add((catalog, RDFS.comment, Literal(note, lang="en")))

    graph.add((dataset, RDF.type, DCATAPIT.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    identifier = f"{config.identifier_prefix}:{PACKAGE_NAME}"
    graph.add((dataset, DCTERMS.identifier, Literal(identifier)))
    graph.add((dataset, DCTERMS.title, Literal(TITLE_IT, lang="it")))
    graph.add((dataset, DCTERMS.title, Literal(TITLE_EN, lang="en")))
    graph.add((dataset, DCTERMS.description, Literal(DESCRIPTION_IT, lang="it")))
    graph.add((dataset, DCTERMS.modified, modified))
    graph.add((dataset, DCAT.theme, THEMES[config.theme]))
    graph.add((dataset, DCTERMS.rightsHolder, holder))
    graph.add((dataset, DCTERMS.publisher, publisher))
    graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCIES[config.accrual_periodicity]))
    graph.add((dataset, DCTERMS.language, LANGUAGES.ITA))
    graph.add((dataset, OWL.versionInfo, Literal(SCHEMA_VERSION)))
    for keyword in ("Lombardia", "conciliazione vita-lavoro", "ATS", "welfare"):
        graph.add((dataset, DCAT.keyword, Literal(keyword, lang="it")))
    if config.contact is not None:
        contact = uri("#contact")
        graph.add((contact, RDF.type, DCATAPIT.Organization))
        graph.add((contact, RDF.type, VCARD.Organization))
        graph.add((contact, VCARD.fn, Literal(config.contact.name)))
        if config.contact.email:
            graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{config.contact.email}")))
        if config.contact.url:
            graph.add((contact, VCARD.hasURL, URIRef(config.contact.url)))
        graph.add((dataset, DCAT.contactPoint, contact))

    licence = URIRef(str(LICENSE["path"]))
    graph.add((licence, RDF.type, DCATAPIT.LicenseDocument))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.type, LICENCE_TYPES.Attribution))
    graph.add((licence, FOAF.name, Literal(str(LICENSE["title"]))))

    for name in tables if tables is not None else table_names():
        distribution = uri(f"#distribution-{name}")
        file = uri(f"{name}.parquet")
        graph.add((distribution, RDF.type, DCATAPIT.Distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        graph.add((distribution, DCTERMS.title, Literal(f"{name}.parquet")))
        graph.add((distribution, DCTERMS.description, Literal(table_spec(name).description)))
        graph.add((distribution, DCTERMS.format, FILE_TYPES.PARQUET))
        graph.add((distribution, DCAT.mediaType, URIRef(_PARQUET_MEDIA_TYPE)))
        graph.add((distribution, DCAT.accessURL, file))
        graph.add((distribution, DCAT.downloadURL, file))
        graph.add((distribution, DCTERMS.license, licence))
        graph.add((dataset, DCAT.distribution, distribution))
    return graph


_PARQUET_MEDIA_TYPE = "https://www.iana.org/assignments/media-types/application/vnd.apache.parquet"


def _agent(
    graph: Graph, agent: Agent, default_uri: URIRef, config: CatalogConfig, key: str
) -> URIRef:
    node = URIRef(agent.uri) if agent.uri else default_uri
    graph.add((node, RDF.type, DCATAPIT.Agent))
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, DCTERMS.identifier, Literal(agent.identifier)))
    graph.add((node, FOAF.name, Literal(agent.name)))
    if key in config.defaults:
        note = f"Default value: set [{key}] identifier and name in the catalog configuration."
        graph.add((node, RDFS.comment, Literal(note, lang="en")))
    return node


def write_catalog(
    directory: Path,
    config: CatalogConfig,
    *,
    exported_at: datetime,
    tables: tuple[str, ...] | None = None,
) -> Path:
    """Write ``catalog.ttl`` into ``directory`` (an export being built); return its path.

    The one call an export writer makes: the catalog is one more metadata file beside
    ``datapackage.json``.
    """
    path = directory / CATALOG_FILE
    text = catalog_graph(config, exported_at=exported_at, tables=tables).serialize(format="turtle")
    path.write_text(text, encoding="utf-8")
    return path
