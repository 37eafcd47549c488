"""``conciliazione diff``: which facts two exports disagree on, table by table."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from conciliazione.cli.console import echo
from conciliazione.cli.errors import FINDINGS, OK, exit_codes_help
from conciliazione.cli.options import format_option

if TYPE_CHECKING:
    from conciliazione.export.diff import ExportDiff


def _show(value: Any) -> str:
    if isinstance(value, dict):
        shown = [_show(v) for v in value.values() if v is not None]
        return " / ".join(shown) if shown else "null"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _empty(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_empty(v) for v in value.values())
    return value is None or value == []


def _change(old: Any, new: Any) -> str:
    """``old → new``; for two lists, only the items that went and came."""
    if isinstance(old, list) and isinstance(new, list):
        gone = [_show(v) for v in old if v not in new]
        came = [_show(v) for v in new if v not in old]
        if gone or came:
            parts = [f"-{v}" for v in gone] + [f"+{v}" for v in came]
            return ", ".join(parts)
    return f"{_show(old)} → {_show(new)}"


def print_diff(diff: ExportDiff) -> None:
    """Per table: ``+`` added records, ``-`` removed ones, ``~`` changed fields with words."""
    echo(f"old: {diff.old} (schema {diff.old_version})")
    echo(f"new: {diff.new} (schema {diff.new_version})")
    for name in diff.tables():
        echo(name, style="bold")
        for sign, records in (("+", diff.added), ("-", diff.removed)):
            for record in (r for r in records if r.table == name):
                echo(f"  {sign} {record.record_id}", style="green" if sign == "+" else "red")
                for field, value in record.values.items():
                    if not _empty(value):
                        echo(f"      {field}: {_show(value)}")
                for field, words in record.words.items():
                    echo(f"      {field} words: «{words}»")
        for change in (c for c in diff.changed if c.table == name):
            mark = " (derived)" if change.derived else ""
            echo(
                f"  ~ {change.record_id} {change.field}{mark}: {_change(change.old, change.new)}",
                style="yellow",
            )
            if change.old_words:
                echo(f"      old words: «{change.old_words}»")
            if change.new_words:
                echo(f"      new words: «{change.new_words}»")
    for page in diff.pages:
        what = ", ".join(f"{k} {_show(v)} → {_show(page.new[k])}" for k, v in page.old.items())
        echo(f"page {page.source_id}: {what}")
    for note in diff.notes:
        echo(f"note: {note}")
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    verdict = "facts differ" if diff.has_changes else "no fact changed"
    echo(f"{verdict}: {counts}", style="bold")


@click.command(
    "diff",
    epilog=exit_codes_help(
        ok="no fact changed (the pages may be other copies: see 'page' lines)",
        findings="some fact was added, removed or changed",
        usage=(
            "usage error, a directory that is not a readable export, or exports of different "
            "major schema versions"
        ),
    ),
)
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@format_option("text: for a person; json: the changes by table, for pipelines.")
def diff(old: Path, new: Path, fmt: str) -> None:
    """Compare two exports (directories written by `export`) and list the facts added,
    removed and changed, table by table, keyed by record id and field, with the old and the
    new value and the words of the page each came from (when both have the evidence table).

    Checksums, file names, plugin versions, addresses and retrieval times of the pages are
    not facts: they are listed as 'page' lines and do not make the exit code 1; nor do the
    findings.

    \b
    Python equivalent:
      from conciliazione.export.diff import diff_exports
      changes = diff_exports("exports-old/", "exports/")
      changes.has_changes, changes.to_json()
    """
    from conciliazione.export.diff import diff_exports, dumps

    changes = diff_exports(old, new)
    if fmt == "json":
        click.echo(dumps(changes))
    else:
        print_diff(changes)
    click.get_current_context().exit(FINDINGS if changes.has_changes else OK)
