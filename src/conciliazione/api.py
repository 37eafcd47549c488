"""The Python API behind every command: load the plugins' data, validate it.

Each CLI command is a thin shell over one function here (or in :mod:`conciliazione.export`),
so everything the command line does can be done from Python::

    from conciliazione.api import load, check

    loaded = load()                       # every installed plugin's built-in pages
    report = check(loaded)                # core rules + plugin rules + reader findings
    print(report.by_severity())
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

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
) -> Loaded:
    """Read pages into one dataset, together with the core's region-wide records.

    - ``ats``: limit to these ATS ids (default: every installed plugin).
    - ``sources``: page files to read instead of the built-in copies. Each is routed to the
      plugin of the single ATS named in ``ats`` or, failing that, to the plugin that
      recognises it. A file no plugin recognises raises :class:`SourceError`.
    - ``include_builtin``: read the plugins' built-in pages too; by default only when no
      ``sources`` are given.

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

    jobs: list[tuple[str, Document]] = []
    documents = [load_document(path) for path in source_list]
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
        for name in plugin_names:
            jobs.extend((name, doc) for doc in host.builtin_sources(name))

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


__all__ = ["Explanation", "Loaded", "UnknownAtsError", "check", "explain", "load"]
