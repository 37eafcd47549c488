"""``catalog.ttl``: every export is described in DCAT-AP_IT, the profile of the Italian portals.

The file is parsed back with rdflib, as a portal's harvester would, and every property the
profile makes mandatory is looked for on the catalog, the dataset, each distribution, the
licence and the agents.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from conciliazione.errors import SourceError
from conciliazione.export import table_names
from conciliazione.export.publisher import config_from_mapping, load_catalog_config

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
SERVED_AT = "https://dati.example.org/conciliazione/"

MANDATORY = {
    "catalog": (DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified),
    "dataset": (
        DCTERMS.identifier,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.modified,
        DCAT.theme,
        DCTERMS.rightsHolder,
        DCTERMS.accrualPeriodicity,
        DCAT.distribution,
    ),
    "distribution": (DCTERMS.format, DCAT.accessURL, DCTERMS.license),
    "agent": (DCTERMS.identifier, FOAF.name),
    "licence": (DCTERMS.type,),
}

PUBLISHER_TOML = """
[catalog]
identifier_prefix = "r_test"
base_url = "https://dati.example.org/conciliazione/"
accrual_periodicity = "ANNUAL"

[publisher]
identifier = "r_test"
name = "Ente di prova"

[rights_holder]
identifier = "r_holder"
name = "Titolare di prova"

[contact]
name = "Ufficio dati aperti"
email = "dati@example.org"
"""


def parse(export_dir: Path) -> Graph:
    """Read ``catalog.ttl`` as a portal fetching it from :data:`SERVED_AT` would."""
    return Graph().parse(
        export_dir / "catalog.ttl", format="turtle", publicID=SERVED_AT + "catalog.ttl"
    )


def one(graph: Graph, kind: URIRef) -> URIRef:
    (node,) = set(graph.subjects(RDF.type, kind))
    assert isinstance(node, URIRef)
    return node


def assert_has(graph: Graph, node: URIRef, role: str) -> None:
    missing = [p for p in MANDATORY[role] if graph.value(node, p) is None]
    assert not missing, f"{role} {node} lacks mandatory {missing}"


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "catalog.toml"
    path.write_text(PUBLISHER_TOML, encoding="utf-8")
    return path


def test_every_mandatory_property_is_there_with_the_defaults(
    export: Callable[..., Path],
) -> None:
    graph = parse(export())

    catalog = one(graph, DCATAPIT.Catalog)
    dataset = one(graph, DCATAPIT.Dataset)
    assert_has(graph, catalog, "catalog")
    assert (catalog, DCAT.dataset, dataset) in graph
    assert_has(graph, dataset, "dataset")
    assert graph.value(dataset, DCAT.theme) == URIRef(EU + "data-theme/SOCI")
    assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/IRREG")
    assert graph.value(dataset, DCTERMS.modified) == Literal(
        "2024-07-09", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")
    )

    for agent in (
        graph.value(dataset, DCTERMS.publisher),
        graph.value(dataset, DCTERMS.rightsHolder),
    ):
        assert isinstance(agent, URIRef)
        assert (agent, RDF.type, DCATAPIT.Agent) in graph
        assert_has(graph, agent, "agent")
        # A default says it is one, in its name and in a comment naming what to set.
        assert "default" in str(graph.value(agent, FOAF.name))
        assert "[publisher]" in str(graph.value(agent, RDFS.comment))
    assert graph.value(dataset, DCAT.contactPoint) is None  # only when given


def test_one_distribution_per_table_each_pointing_beside_the_catalog(
    export: Callable[..., Path],
) -> None:
    graph = parse(export())
    dataset = one(graph, DCATAPIT.Dataset)

    distributions = set(graph.objects(dataset, DCAT.distribution))
    urls = {str(graph.value(d, DCAT.accessURL)) for d in distributions}
    assert urls == {f"{SERVED_AT}{name}.parquet" for name in table_names()}
    for distribution in distributions:
        assert isinstance(distribution, URIRef)
        assert (distribution, RDF.type, DCATAPIT.Distribution) in graph
        assert_has(graph, distribution, "distribution")
        assert graph.value(distribution, DCTERMS.format) == URIRef(EU + "file-type/PARQUET")
        licence = graph.value(distribution, DCTERMS.license)
        assert licence == URIRef("https://creativecommons.org/licenses/by/4.0/")
        assert isinstance(licence, URIRef)
        assert (licence, RDF.type, DCATAPIT.LicenseDocument) in graph
        assert_has(graph, licence, "licence")


def test_the_publishers_values_come_from_the_config_file(
    export: Callable[..., Path], config_file: Path
) -> None:
    config = load_catalog_config(config_file)
    assert config.defaults == frozenset()

    graph = parse(export(catalog=config))
    dataset = one(graph, DCATAPIT.Dataset)

    assert str(graph.value(dataset, DCTERMS.identifier)).startswith("r_test:")
    assert graph.value(dataset, DCTERMS.accrualPeriodicity) == URIRef(EU + "frequency/ANNUAL")
    holder = graph.value(dataset, DCTERMS.rightsHolder)
    assert str(graph.value(holder, FOAF.name)) == "Titolare di prova"
    assert str(graph.value(holder, DCTERMS.identifier)) == "r_holder"
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert str(graph.value(publisher, FOAF.name)) == "Ente di prova"
    assert graph.value(publisher, RDFS.comment) is None
    contact = graph.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, DCATAPIT.Organization) in graph
    assert str(graph.value(contact, VCARD.fn)) == "Ufficio dati aperti"
    assert graph.value(contact, VCARD.hasEmail) == URIRef("mailto:dati@example.org")
    accesses = {
        str(graph.value(d, DCAT.accessURL)) for d in graph.objects(dataset, DCAT.distribution)
    }
    assert f"{SERVED_AT}allocations.parquet" in accesses


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"catalogo": {}}, "unknown section [catalogo]"),
        ({"catalog": {"prefix": "x"}}, "[catalog] unknown key 'prefix'"),
        ({"catalog": {"theme": "social"}}, "[catalog] theme: 'social' is not an EU"),
        ({"publisher": {"name": "Ente"}}, "[publisher] identifier: missing"),
        ({"publisher": {"identifier": 3, "name": "Ente"}}, "[publisher] identifier: must be"),
        ({"contact": {"email": "a@b.it"}}, "[contact] name: missing"),
    ],
)
def test_a_wrong_config_is_refused_naming_the_file_and_key(
    data: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(SourceError, match=r"catalog\.toml") as caught:
        config_from_mapping(data, where="catalog.toml")
    assert complaint in str(caught.value)


def test_a_config_that_is_not_toml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "catalog.toml"
    path.write_text("[publisher\nname = ", encoding="utf-8")
    with pytest.raises(SourceError, match="not a TOML file"):
        load_catalog_config(path)
