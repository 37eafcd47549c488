"""The Python API behind every command: load the plugins' data, validate it, export it.

Each CLI command is a thin shell over one function here, so everything the command line does
can be done from Python::

    from conciliazione.api import load, run_export, validate

    loaded = load()                       # every installed plugin's built-in pages
    report = validate(loaded)             # core rules + plugin rules + reader findings
    print(report.by_severity())
    run_export("exports/")                # load, check and write the Parquet export

    fetch("snapshots/")                   # download the pages with a known address
    loaded = load(snapshots="snapshots/") # read the latest snapshot of each page
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from conciliazione.catalogue import FindingCatalogue
from conciliazione.documents import MAX_PAGE_BYTES, Document, load_document
from conciliazione.errors import PluginSelectionError, SourceError, UnknownAtsError
from conciliazione.explain import Explanation, explain
from conciliazione.findings import Finding, FindingType, Report
from conciliazione.merging import merge_readings
from conciliazione.model import Allocation, Dataset
from conciliazione.plugin_selection import (
    check_plugin_selection,
    installed_plugin_names,
    plugin_host,
)
from conciliazione.plugins.manager import PluginFailure, PluginHost, PluginInfo
from conciliazione.reading import Reading
from conciliazione.regional import get_ats
from conciliazione.rules import RuleRegistry
from conciliazione.validation import validate as validate_dataset

if TYPE_CHECKING:
    from conciliazione.export.publisher import CatalogConfig
    from conciliazione.export.writer import ExportSummary
    from conciliazione.fetching import FetchLimits
    from conciliazione.snapshots import FetchRun


@attrs.frozen
class Loaded:
    """Everything one run read, as values: the merged dataset, what the readers reported, the
    plugins that read it, the rules to check it with, and the plugins that failed.

    No plugin host is kept: a ``Loaded`` can be built by hand (``Loaded(dataset)``) and
    checked or exported like one :func:`load` returned.
    """

    dataset: Dataset
    readings: tuple[Reading, ...] = ()
    reader_findings: tuple[Finding, ...] = ()
    """What the readers, the merge and the plugin host reported while loading."""
    plugins: tuple[PluginInfo, ...] = ()
    registry: RuleRegistry = attrs.field(factory=lambda: _core_registry())
    """Core rules plus the loaded plugins' rules; a plugin rule that raises is reported as a
    ``plugin-failed`` finding by :func:`check`."""
    failures: tuple[PluginFailure, ...] = ()
    """Plugins that failed while loading (each is also a ``plugin-failed`` reader finding)."""

    @property
    def plugin_names(self) -> list[str]:
        return [p.name for p in self.plugins]


def _core_registry() -> RuleRegistry:
    from conciliazione.rules import core_registry

    return core_registry()


def load(
    ats: Sequence[str] | None = None,
    sources: Iterable[str | Path] = (),
    *,
    host: PluginHost | None = None,
    include_builtin: bool | None = None,
    force: bool = False,
    max_page_bytes: int | None = MAX_PAGE_BYTES,
    snapshots: str | Path | None = None,
    limits: FetchLimits | None = None,
) -> Loaded:
    """Read pages into one dataset, together with the core's region-wide records.

    - ``ats``: limit to these ATS ids (default: every installed plugin).
    - ``sources``: page files to read instead of the built-in copies. Each is routed to the
      plugin that recognises it (among those of ``ats``, when given). A file no plugin
      recognises raises :class:`SourceError`; so does a file given with a single ``ats``
      whose plugin does not recognise it (the message names the ATS whose page it looks
      like), because reading one ATS's page as another's files its facts under the wrong ATS.
      A source that is an ``http://`` or ``https://`` address is downloaded first, within
      ``limits`` (:func:`conciliazione.fetching.fetch_page`; a failure is a
      :class:`~conciliazione.fetching.FetchError`); a page a plugin declares keeps that page's
      name, so its records keep their ``source_id``.
    - ``force``: with a single ``ats``, have its plugin read every source even when it does
      not recognise it (a page whose layout changed, say).
    - ``include_builtin``: read the plugins' built-in pages too; by default only when no
      ``sources`` are given.
    - ``max_page_bytes``: the largest page file read
      (:data:`~conciliazione.documents.MAX_PAGE_BYTES`; ``None``: no limit).
    - ``snapshots``: a directory ``fetch`` filled; each built-in page is read from its latest
      snapshot there instead, when it has one (a page without one is read as shipped).

    Raises :class:`UnknownAtsError` for an unknown or uninstalled ATS and
    :class:`SourceError` for unreadable files: both are input errors, reported before any
    reading starts.
    """
    host = host or plugin_host()
    source_list = list(sources)
    if include_builtin is None:
        include_builtin = not source_list
    selected = list(ats) if ats else [info.ats_id for info in host.plugins]
    for ats_id in selected:
        get_ats(ats_id)  # an unknown id is a usage error, with the list of valid ids
    plugin_names = [host.plugin_for_ats(ats_id).name for ats_id in selected]
    if snapshots is not None and not include_builtin:
        raise SourceError(
            str(snapshots),
            "snapshots stand in for the built-in pages, which are not read when pages are "
            "given with --source: give one or the other",
        )

    documents = [_open_source(source, host, limits, max_page_bytes) for source in source_list]
    jobs = [
        (route(host, document, selected if ats else None, force=force), document)
        for document in documents
    ]
    if include_builtin:
        builtin = [(name, doc) for name in plugin_names for doc in host.builtin_sources(name)]
        if snapshots is not None:
            from conciliazione.snapshots import snapshot_documents

            ats_of = dict(zip(plugin_names, selected, strict=True))
            pages = [(ats_of[name], doc) for name, doc in builtin]
            read = snapshot_documents(snapshots, pages)
            builtin = [(name, doc) for (name, _), (_, doc) in zip(builtin, read, strict=True)]
        jobs.extend(builtin)

    readings: list[Reading] = []
    findings: list[Finding] = []
    for name, document in jobs:
        reading = host.read(name, document)
        if reading is not None:
            readings.append(reading)
            findings.extend(reading.findings)
    dataset, merge_findings = merge_readings(readings)
    findings.extend(merge_findings)
    findings.extend(host.failure_findings())
    return Loaded(
        dataset,
        tuple(readings),
        tuple(findings),
        plugins=tuple(host.plugins),
        registry=host.registry(),
        failures=tuple(host.failures),
    )


def route(
    host: PluginHost, document: Document, ats: Sequence[str] | None, *, force: bool = False
) -> str:
    """The name of the plugin that reads ``document``: the one that recognises it, among the
    plugins of ``ats`` when given. Raises :class:`SourceError` naming the file when none or
    several do, or when the plugin of the single ATS given does not recognise it (unless
    ``force``): the message names the ATS the page looks like, if any."""
    where = document.path or document.address or document.name
    by_name = {info.name: info.ats_id for info in host.plugins}
    wanted = [host.plugin_for_ats(ats_id).name for ats_id in ats] if ats else list(by_name)
    if ats and len(ats) == 1 and force:
        return wanted[0]
    recognised = host.recognizers(document)
    candidates = [name for name in recognised if name in wanted]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        problem = f"recognised as a page of several plugins ({', '.join(candidates)})"
        raise SourceError(where, f"{problem}; name its ATS with --ats")
    looks_like = sorted({by_name[name] for name in recognised if name in by_name})
    if not ats:
        raise SourceError(
            where, "no installed plugin recognises this page; name its ATS with --ats"
        )
    given = ", ".join(ats)
    plural = "s" if len(ats) > 1 else ""
    likeness = (
        f"it looks like a page of ATS {', '.join(looks_like)}"
        if looks_like
        else "no installed plugin recognises it"
    )
    insist = " (--force reads it as this ATS's page anyway)" if len(ats) == 1 else ""
    raise SourceError(
        where,
        f"not recognised as a page of ATS {given} by the plugin{plural} of that ATS: "
        f"{likeness}{insist}",
    )


def _open_source(
    source: str | Path,
    host: PluginHost,
    limits: FetchLimits | None,
    max_page_bytes: int | None = MAX_PAGE_BYTES,
) -> Document:
    """A page file, or the page at a web address (downloaded now, never stored).

    httpx is imported only when an address is given: reading files must not pay for it.
    """
    if isinstance(source, str) and source[:8].lower().startswith(("http://", "https://")):
        from conciliazione.fetching import fetch_page
        from conciliazione.snapshots import readable_page

        declared = {
            doc.address: doc.name
            for info in host.plugins
            for doc in host.builtin_sources(info.name)
            if doc.address
        }
        return readable_page(fetch_page(source, limits=limits), declared.get(source))
    return load_document(source, max_bytes=max_page_bytes)


def declared_pages(
    ats: Sequence[str] | None = None, *, host: PluginHost | None = None
) -> list[tuple[str, Document]]:
    """``(ats_id, page)`` for each page the plugins of ``ats`` (default: all) ship."""
    host = host or plugin_host()
    selected = list(ats) if ats else [info.ats_id for info in host.plugins]
    pages: list[tuple[str, Document]] = []
    for ats_id in selected:
        get_ats(ats_id)
        name = host.plugin_for_ats(ats_id).name
        pages.extend((ats_id, doc) for doc in host.builtin_sources(name))
    return pages


def fetch(
    snapshots: str | Path,
    ats: Sequence[str] | None = None,
    *,
    host: PluginHost | None = None,
    limits: FetchLimits | None = None,
) -> FetchRun:
    """Download every page of ``ats`` (default: every installed plugin) whose address is known
    into the snapshot directory ``snapshots``: the CLI's ``fetch``.

    Pages without a known address are listed in ``FetchRun.without_address``; failed downloads
    in ``FetchRun.failed``, each naming its address (the other pages are still fetched).
    """
    from conciliazione.snapshots import fetch_snapshots

    return fetch_snapshots(snapshots, declared_pages(ats, host=host), limits=limits)


def validate(
    data: Loaded | Dataset,
    *,
    registry: RuleRegistry | None = None,
    extra_findings: Iterable[Finding] = (),
) -> Report:
    """Validate what :func:`load` read — or a dataset built by hand — and report every finding.

    The one verb for validating (the CLI's ``validate``; ``conciliazione.validate`` is this
    function). For a :class:`Loaded`, its rules (core and plugins) run and its reader findings
    are included; a plugin rule that raises is a ``plugin-failed`` finding (the rule itself
    turns its exception into that finding: nothing is read back from a host). For a
    :class:`~conciliazione.model.Dataset`, the core rules run, or ``registry``'s.
    """
    if isinstance(data, Loaded):
        return validate_dataset(
            data.dataset,
            registry=registry or data.registry,
            extra_findings=(*data.reader_findings, *extra_findings),
        )
    return validate_dataset(data, registry=registry, extra_findings=extra_findings)


def check(loaded: Loaded) -> Report:
    """Deprecated alias of :func:`validate`, kept for one release (removed in 0.3)."""
    warnings.warn(
        "conciliazione.api.check is deprecated; call conciliazione.api.validate",
        DeprecationWarning,
        stacklevel=2,
    )
    return validate(loaded)


def published_allocations(
    guideline_id: str | None = None, *, host: PluginHost | None = None
) -> list[Allocation]:
    """The allocations the sources publish (the installed plugins' pages and the core's
    regional releases), of ``guideline_id`` when given (an allocation naming no guideline is
    kept): what ``conciliazione allocate --reconcile`` compares the computed split with."""
    from conciliazione.model import AllocationBasis

    loaded = load(host=host)
    return [
        allocation
        for allocation in loaded.dataset.allocations
        if allocation.basis is AllocationBasis.PUBLISHED
        and (guideline_id is None or allocation.guideline_id in (None, guideline_id))
    ]


def finding_types(*, host: PluginHost | None = None) -> list[FindingType]:
    """Every finding code a run can report, by code: the one catalogue.

    Core rules and figures, page readers, the merge, the plugin host, register ingestion,
    allocation reconciliation, and the rules of the plugins ``host`` loaded (default: the
    installed plugins, honouring ``CONCILIAZIONE_LOAD_PLUGINS`` / ``_DISABLE_PLUGINS``). All
    are added to one :class:`~conciliazione.catalogue.FindingCatalogue`, which refuses a code
    declared twice with different meanings. The docs' findings page, ``conciliazione validate
    --list-codes`` and the tests list the codes with this function.
    """
    from conciliazione.allocation.finding_types import allocation_finding_types
    from conciliazione.registers.findings import register_finding_types

    host = host or plugin_host()
    catalogue = FindingCatalogue()
    for finding_type in (
        *host.registry().types,
        *register_finding_types(),
        *allocation_finding_types(),
    ):
        catalogue.add_type(finding_type)
    return catalogue.types


def run_export(
    out: str | Path,
    *,
    ats: Sequence[str] | None = None,
    sources: Iterable[str | Path] = (),
    snapshots: str | Path | None = None,
    partition: bool = False,
    include_personal_data: bool = False,
    host: PluginHost | None = None,
    force: bool = False,
    max_page_bytes: int | None = MAX_PAGE_BYTES,
    catalog: CatalogConfig | None = None,
) -> ExportSummary:
    """Load (the installed plugins' pages, their latest ``snapshots``, or ``sources``), validate,
    and export: the CLI's ``export`` command in one call. ``force`` and ``max_page_bytes`` mean
    what they mean for :func:`load`.

    To export a dataset built some other way, call
    :func:`conciliazione.export.export_dataset` with it and its report.
    """
    from conciliazione.export.writer import check_output_dir, export_dataset

    check_output_dir(out)  # before any page is read: fail fast, and say why
    loaded = load(
        ats,
        sources,
        host=host,
        snapshots=snapshots,
        force=force,
        max_page_bytes=max_page_bytes,
    )
    return export_dataset(
        loaded.dataset,
        validate(loaded),
        out,
        plugins=loaded.plugins,
        partition=partition,
        include_personal_data=include_personal_data,
        catalog=catalog,
    )


__all__ = [
    "Explanation",
    "Loaded",
    "PluginSelectionError",
    "UnknownAtsError",
    "check",
    "check_plugin_selection",
    "declared_pages",
    "explain",
    "fetch",
    "finding_types",
    "installed_plugin_names",
    "load",
    "plugin_host",
    "published_allocations",
    "route",
    "run_export",
    "validate",
]
