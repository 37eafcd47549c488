"""The HTML report: one self-contained page that shows an export to a person.

``conciliazione report EXPORT_DIR --out report.html`` and :func:`build_report` read an export
directory (its Parquet tables and ``datapackage.json``) and write one HTML file that opens
offline: its style is inline, its charts are inline SVG, and it has no script at all. It shows
allocations per ATS and year by source with disagreements marked, projects with their leads and
alliances, network sizes with their vagueness, findings by severity with the words they are
about, and the sources with their dates and addresses. It works for an export of any subset of
the ATS, and says what is missing rather than drawing an empty chart.

- :mod:`.data`: the export's tables as plain rows (only the columns present are used);
- :mod:`.labels`: how vague values read (``≈ 100``, ``< 100``, ``as of July 2021``);
- :mod:`.sections`: the figures of each section, computed from the rows;
- :mod:`.charts`: the charts, drawn with matplotlib to SVG;
- :mod:`.build`: :func:`build_report`, the template filled in and written atomically.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["ReportSummary", "build_report"]

if TYPE_CHECKING:
    from conciliazione.report.build import ReportSummary, build_report


def __getattr__(name: str) -> Any:
    if name in __all__:
        from conciliazione.report import build

        return getattr(build, name)
    raise AttributeError(f"module 'conciliazione.report' has no attribute {name!r}")
