"""What only the publisher of an export knows, for its DCAT-AP_IT ``catalog.ttl``.

The dataset's facts come from the pages; who publishes the export, who holds the rights, whom
to contact and where the files will be served do not. They come from a TOML file (the export's
``--catalog-config FILE``, or :func:`load_catalog_config`)::

    [catalog]
    identifier_prefix = "r_lombar"        # the publisher's IPA code: dct:identifier prefix
    base_url = "https://dati.example.it/conciliazione/"   # where the files will be served
    accrual_periodicity = "ANNUAL"        # EU frequency code
    theme = "SOCI"                        # EU data-theme code

    [publisher]                           # dct:publisher, an agent
    identifier = "r_lombar"
    name = "Regione Lombardia"

    [rights_holder]                       # dct:rightsHolder, an agent (default: the publisher)
    identifier = "r_lombar"
    name = "Regione Lombardia"

    [contact]                             # dcat:contactPoint, only when given
    name = "Ufficio open data"
    email = "opendata@example.it"

Every key is optional. A value not given takes a default that says it is one: the default
agents are named "… (default: not configured)" and carry an ``rdfs:comment`` naming the key to
set, and :attr:`CatalogConfig.defaults` lists the keys left to their default so that the CLI
can say so. Without ``base_url`` the distributions' access URLs are relative to
``catalog.ttl`` itself, which is right wherever the export directory is served from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from conciliazione.errors import SourceError

_EU_CODE = re.compile(r"[A-Z][A-Z0-9_]*")
"""A code of the EU authority tables (``SOCI``, ``ANNUAL_2``), as the URIs end."""

DEFAULT_PREFIX = "conciliazione"
DEFAULT_PERIODICITY = "IRREG"
"""EU frequency ``IRREG``: the export is rebuilt whenever the pages change, not on a calendar."""
DEFAULT_THEME = "SOCI"
"""EU data theme ``SOCI`` (population and society): a work-life balance programme."""


@attrs.frozen
class Agent:
    """An organization (``dcatapit:Agent``): its identifier (IPA code for a public body,
    partita IVA for a private one) and its official name."""

    identifier: str
    name: str
    uri: str | None = None
    """The agent's URI; default: ``#<role>`` beside ``catalog.ttl``."""


@attrs.frozen
class Contact:
    """A contact point (``dcatapit:Organization``, a vCard): an office, not a person."""

    name: str
    email: str | None = None
    url: str | None = None


DEFAULT_AGENT = Agent(DEFAULT_PREFIX, "conciliazione (default: publisher not configured)")


@attrs.frozen
class CatalogConfig:
    """The publisher's values for ``catalog.ttl``; :attr:`defaults` names those not given."""

    identifier_prefix: str = DEFAULT_PREFIX
    base_url: str | None = None
    accrual_periodicity: str = DEFAULT_PERIODICITY
    theme: str = DEFAULT_THEME
    publisher: Agent = DEFAULT_AGENT
    rights_holder: Agent | None = None
    """Default: the publisher."""
    contact: Contact | None = None
    defaults: frozenset[str] = frozenset(
        {"catalog.identifier_prefix", "catalog.accrual_periodicity", "publisher"}
    )
    """The keys left to their default (``catalog.theme`` and ``base_url`` are sound defaults
    and not listed; ``rights_holder`` and ``contact`` follow the publisher or are left out)."""

    @property
    def holder(self) -> Agent:
        return self.rights_holder or self.publisher


_SECTIONS: dict[str, tuple[str, ...]] = {
    "catalog": ("identifier_prefix", "base_url", "accrual_periodicity", "theme"),
    "publisher": ("identifier", "name", "uri"),
    "rights_holder": ("identifier", "name", "uri"),
    "contact": ("name", "email", "url"),
}


def load_catalog_config(path: str | Path | None) -> CatalogConfig:
    """Read the publisher's TOML file (``None``: every value its default).

    Raises :class:`~conciliazione.errors.SourceError` naming the file and the key for a file
    that cannot be read, is not TOML, or has an unknown section or key, a value that is not
    text, or an agent without both ``identifier`` and ``name``.
    """
    if path is None:
        return CatalogConfig()
    import tomllib  # only with a file: the main job without one does not pay its import

    where = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(where, f"cannot read the catalog configuration: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourceError(where, f"not a TOML file: {exc}") from None
    return config_from_mapping(data, where=where)


def config_from_mapping(data: Mapping[str, Any], *, where: str = "catalog config") -> CatalogConfig:
    """The configuration from parsed TOML (see :func:`load_catalog_config`)."""
    sections: dict[str, dict[str, str]] = {}
    for section, values in data.items():
        if section not in _SECTIONS:
            known = ", ".join(_SECTIONS)
            raise SourceError(where, f"unknown section [{section}]; the sections are: {known}")
        if not isinstance(values, Mapping):
            raise SourceError(where, f"[{section}] must be a table of keys")
        for key, value in values.items():
            if key not in _SECTIONS[section]:
                known = ", ".join(_SECTIONS[section])
                raise SourceError(where, f"[{section}] unknown key {key!r}; the keys are: {known}")
            if not isinstance(value, str) or not value.strip():
                raise SourceError(where, f"[{section}] {key}: must be non-empty text")
        sections[section] = {k: v.strip() for k, v in values.items()}

    catalog = sections.get("catalog", {})
    for key in ("accrual_periodicity", "theme"):
        if key in catalog and not _EU_CODE.fullmatch(catalog[key]):
            raise SourceError(
                where, f"[catalog] {key}: {catalog[key]!r} is not an EU vocabulary code ('SOCI')"
            )
    defaults = {
        f"catalog.{key}"
        for key in ("identifier_prefix", "accrual_periodicity")
        if key not in catalog
    }
    publisher = _agent(sections, "publisher", where)
    if publisher is None:
        defaults.add("publisher")
    contact = sections.get("contact")
    if contact is not None and "name" not in contact:
        raise SourceError(where, "[contact] name: missing (the office to contact)")
    return CatalogConfig(
        identifier_prefix=catalog.get("identifier_prefix", DEFAULT_PREFIX),
        base_url=catalog.get("base_url"),
        accrual_periodicity=catalog.get("accrual_periodicity", DEFAULT_PERIODICITY),
        theme=catalog.get("theme", DEFAULT_THEME),
        publisher=publisher or DEFAULT_AGENT,
        rights_holder=_agent(sections, "rights_holder", where),
        contact=None if contact is None else Contact(**contact),
        defaults=frozenset(defaults),
    )


def _agent(sections: Mapping[str, Mapping[str, str]], name: str, where: str) -> Agent | None:
    values = sections.get(name)
    if values is None:
        return None
    for key in ("identifier", "name"):
        if key not in values:
            raise SourceError(where, f"[{name}] {key}: missing (an agent needs both)")
    return Agent(**values)
