"""The report's charts, drawn with matplotlib straight to SVG text for inline use.

Why matplotlib: it renders SVG in-process with no browser, JavaScript runtime or network, it is
one of the most widely used and maintained plotting libraries, and its output is plain SVG that
needs nothing at view time. (Altair/Vega-Lite would need either a script in the page, which the
report must not have, or a separate rendering engine.) Figures are built with the object API
(:class:`matplotlib.figure.Figure`), never ``pyplot``, so no global state or GUI backend is
involved. Text stays text (``svg.fonttype = none``: smaller, selectable, drawn with the
viewer's own fonts, no font fetched), and ids are salted so the same export gives the same SVG.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from html import escape
from typing import TYPE_CHECKING

from conciliazione.report.sections import AllocationSection, NetworkSection, ProjectSection

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.ticker import Formatter

PALETTE = ("#1b6ca8", "#e08a1e", "#3a9a5b", "#8e4fb0", "#c23b5a", "#5b6770", "#b8a21b")
DISAGREE = "#c0392b"
_SVG_START = re.compile(r"<svg\b")


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib as mpl

    with mpl.rc_context(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "conciliazione-report",
            "font.family": "sans-serif",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def _svg(figure: Figure, label: str) -> str:
    """The figure as an ``<svg>`` element (no XML prolog, no DOCTYPE), labelled for
    screen readers."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    start = _SVG_START.search(text)
    if start is None:  # pragma: no cover - matplotlib always writes an svg element
        raise RuntimeError("matplotlib wrote no <svg> element")
    body = text[start.start() :]
    return body.replace("<svg", f'<svg role="img" aria-label="{escape(label)}"', 1)


def allocations_chart(section: AllocationSection) -> str:
    """Small multiples, one panel per ATS: euro per year, one bar per source the ATS has
    figures from, coloured by series (each region-wide source, or the ATS's own page); a year
    whose sources disagree is outlined in red and marked ≠."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with _style():
        panels = section.covered
        columns = min(4, len(panels))
        lines = math.ceil(len(panels) / columns)
        figure = Figure(figsize=(2.6 * columns + 0.4, 2.3 * lines + 0.7), layout="constrained")
        axes = figure.subplots(lines, columns, squeeze=False)
        colors = {s: PALETTE[n % len(PALETTE)] for n, s in enumerate(section.series)}
        for index, ats in enumerate(panels):
            ax = axes[index // columns][index % columns]
            cells = [c for c in section.cells if c.ats_id == ats.ats_id]
            years = sorted({c.year for c in cells})
            # One slot per source this ATS has figures from, in the section's series order.
            rank = {s: n for n, s in enumerate(section.series)}
            slots = sorted(
                {(f.series, f.source_id) for c in cells for f in c.figures},
                key=lambda key: (rank[key[0]], key[1]),
            )
            width = 0.8 / max(len(slots), 1)
            top = max(float(f.amount) for c in cells for f in c.figures) or 1.0
            for position, year in enumerate(years):
                cell = next(c for c in cells if c.year == year)
                for slot, (series, source) in enumerate(slots):
                    found = next((f for f in cell.figures if f.source_id == source), None)
                    if found is None:
                        continue
                    ax.bar(
                        position - 0.4 + width * (slot + 0.5),
                        float(found.amount),
                        width * 0.92,
                        color=colors[series],
                        edgecolor=DISAGREE if cell.disagreement else "none",
                        linewidth=1.6 if cell.disagreement else 0,
                    )
                if cell.disagreement:
                    ax.annotate(
                        "≠",
                        (position, top * 1.04),
                        ha="center",
                        va="bottom",
                        color=DISAGREE,
                        fontsize=13,
                        fontweight="bold",
                    )
            ax.set_title(ats.name, fontsize=9)
            ax.set_xticks(range(len(years)), [str(y) for y in years])
            ax.set_ylim(0, top * 1.22)
            ax.yaxis.set_major_formatter(_thousands_formatter())
        for index in range(len(panels), lines * columns):
            axes[index // columns][index % columns].set_visible(False)
        handles = [Patch(color=colors[s], label=s) for s in section.series]
        if section.disagreements:
            handles.append(Patch(facecolor="white", edgecolor=DISAGREE, label="≠ sources disagree"))
        figure.legend(handles=handles, loc="outside lower center", ncols=min(3, len(handles)))
        return _svg(figure, "Allocations per ATS and year, by source")


def _thousands_formatter() -> Formatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: f"{value / 1000:,.0f}k" if value else "0")


def projects_chart(section: ProjectSection) -> str:
    """Projects listed per ATS (bars) and alliances (a second bar)."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _style():
        items = section.by_ats
        figure = Figure(figsize=(7.5, 0.5 * len(items) + 1.0), layout="constrained")
        ax = figure.subplots()
        names = [a.ats.name for a in items]
        positions = range(len(items))
        ax.barh(
            [p + 0.2 for p in positions],
            [a.listed for a in items],
            0.38,
            color=PALETTE[0],
            label="projects listed",
        )
        ax.barh(
            [p - 0.2 for p in positions],
            [len(a.alliances) for a in items],
            0.38,
            color=PALETTE[1],
            label="alliances listed",
        )
        for position, item in zip(positions, items, strict=True):
            if item.declared:
                ax.annotate(
                    f"  declared: {item.declared}",
                    (item.listed, position + 0.2),
                    va="center",
                    fontsize=8,
                    color="#333333",
                )
        ax.set_yticks(list(positions), names)
        ax.invert_yaxis()
        ax.set_xlabel("count")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        figure.legend(loc="outside lower center", ncols=2, frameon=False)
        ax.set_xlim(
            0, max([a.listed for a in items] + [len(a.alliances) for a in items] + [1]) * 1.8
        )
        return _svg(figure, "Projects and alliances listed per ATS")


def networks_chart(section: NetworkSection) -> str:
    """Network sizes: a solid bar for an exact count, a hatched one for an approximate count,
    labelled as the page has it (``≈ 100``, ``< 100``) and with the date it refers to."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    with _style():
        items = section.sized
        figure = Figure(figsize=(7.5, 0.45 * len(items) + 1.1), layout="constrained")
        ax = figure.subplots()
        for position, item in enumerate(items):
            exact = item.qualifier in (None, "exact")
            ax.barh(
                position,
                item.count or 0,
                0.6,
                color=PALETTE[2] if exact else "white",
                edgecolor=PALETTE[2],
                hatch=None if exact else "///",
                linewidth=1.2,
            )
            ax.annotate(
                f"  {item.count_label} · {item.as_of}",
                (item.count or 0, position),
                va="center",
                fontsize=8,
            )
        ax.set_yticks(range(len(items)), [n.ats.name for n in items])
        ax.invert_yaxis()
        ax.set_xlabel("member bodies")
        ax.set_xlim(0, max(n.count or 0 for n in items) * 1.6)
        figure.legend(
            handles=[
                Patch(color=PALETTE[2], label="count as stated"),
                Patch(
                    facecolor="white",
                    edgecolor=PALETTE[2],
                    hatch="///",
                    label="approximate count (≈, <, ≥)",
                ),
            ],
            loc="outside lower center",
            ncols=2,
            frameon=False,
        )
        return _svg(figure, "Size of each territorial network, with its vagueness")
