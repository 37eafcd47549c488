"""The Python API behind every command: load the plugins' data, validate it.

Each CLI command is a thin shell over one function here (or in :mod:`conciliazione.export`),
so everything the command line does can be done from Python::

    from conciliazione.api import load, check

    loaded = load()                       # every installed plugin's built-in pages
    report = check(loaded)                # core rules + plugin rules + reader findings
    print(report.by_severity())

    fetch("snapshots/")                   # download the pages with a known address
    loaded = load(snapshots="snapshots/") # read the latest snapshot of each page
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from conciliazione.documents import Document, load_document
from conciliazione.errors import SourceError, UnknownAtsError
from conciliazione.explain import Explanation, explain
from conciliazione.findings import Finding, Report
from conciliazione.merging import merge_readings
from conciliazione.model import Dataset
from conciliazione.plugins.manager import PluginHost, make_plugin_host
from conciliazione.reading import Reading
from conciliazione.regional import get_ats
from conciliazione.validation import validate

if TYPE_CHECKING:
    from conciliazione.fetching import FetchLimits
    from conciliazione.snapshots import FetchRun


@attrs.frozen
class Loaded:
    """Everything one run read: the merged dataset, what the readers reported, the host."""

    dataset: Dataset
    readings: tuple[Reading, ...]
    reader_findings: tuple[Finding, ...]
    host: PluginHost

    @property
    def plugin_names(self) -> list[str]:
        return [p.name for p in self.host.plugins]


def load(
    ats: Sequence[str] | None = None,
    sources: Iterable[str | Path] = (),
    *,
    host: PluginHost | None = None,
    include_builtin: bool | None = None,
    snapshots: str | Path | None = None,
    limits: FetchLimits | None = None,
) -> Loaded:
    """Read pages into one dataset, together with the core's region-wide records.

    - ``ats``: limit to these ATS ids (default: every installed plugin).
    - ``sources``: page files to read instead of the built-in copies. Each is routed to the
      plugin of the single ATS named in ``ats`` or, failing that, to the plugin that
      recognises it. A file no plugin recognises raises :class:`SourceError`.
      A source that is an ``http://`` or ``https://`` address is downloaded first, within
      ``limits`` (:func:`conciliazione.fetching.fetch_page`; a failure is a
      :class:`~conciliazione.fetching.FetchError`); a page a plugin declares keeps that page's
      name, so its records keep their ``source_id``.
    - ``include_builtin``: read the plugins' built-in pages too; by default only when no
      ``sources`` are given.
    - ``snapshots``: a directory ``fetch`` filled; each built-in page is read from its latest
      snapshot there instead, when it has one (a page without one is read as shipped).

    Raises :class:`UnknownAtsError` for an unknown or uninstalled ATS and
    :class:`SourceError` for unreadable files: both are input errors, reported before any
    reading starts.
    """
    host = host or make_plugin_host()
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

    jobs: list[tuple[str, Document]] = []
    documents = [_open_source(source, host, limits) for source in source_list]
    for document in documents:
        if ats and len(selected) == 1:
            jobs.append((plugin_names[0], document))
            continue
        candidates = [n for n in host.recognizers(document) if n in plugin_names or not ats]
        if len(candidates) != 1:
            problem = (
                f"recognised as a page of several plugins ({', '.join(candidates)})"
                if candidates
                else "no installed plugin recognises this page"
                + (f" among ATS {', '.join(selected)}" if ats else "")
            )
            raise SourceError(document.path or document.name, f"{problem}; name its ATS with --ats")
        jobs.append((candidates[0], document))
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
    return Loaded(dataset, tuple(readings), tuple(findings), host)


def _open_source(source: str | Path, host: PluginHost, limits: FetchLimits | None) -> Document:
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
    return load_document(source)


def declared_pages(
    ats: Sequence[str] | None = None, *, host: PluginHost | None = None
) -> list[tuple[str, Document]]:
    """``(ats_id, page)`` for each page the plugins of ``ats`` (default: all) ship."""
    host = host or make_plugin_host()
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


def check(loaded: Loaded) -> Report:
    """Validate a loaded dataset with the core and plugin rules; include reader findings.

    Plugin failures that happen while the rules run are added too.
    """
    before = len(loaded.host.failures)
    report = validate(
        loaded.dataset, registry=loaded.host.registry(), extra_findings=loaded.reader_findings
    )
    report.extend(f.to_finding() for f in loaded.host.failures[before:])
    return report


__all__ = [
    "Explanation",
    "Loaded",
    "UnknownAtsError",
    "check",
    "declared_pages",
    "explain",
    "fetch",
    "load",
]
