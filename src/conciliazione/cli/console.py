"""Talking to the terminal: rich for a person, plain text for a pipe.

A command says *what* to print (lines with an optional style, tables); this module decides
*how*: through rich when the stream is a terminal, as plain text otherwise, so that a pipeline
step gets stable, greppable output with no escape codes. rich is imported only when it is used,
because importing it costs more than the whole ``--help``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console


def _is_tty(stream: IO[Any]) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _rich_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def echo(text: str = "", style: str | None = None) -> None:
    """Print a line on stdout; ``style`` (rich syntax, like ``"bold red"``) only on a TTY."""
    if _is_tty(sys.stdout):
        from rich.text import Text

        _rich_console().print(Text(text, style=style or ""))
    else:
        click.echo(text)


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    right: Sequence[int] = (),
    title: str | None = None,
) -> None:
    """Print a table on stdout; columns listed in ``right`` (indexes) are right-aligned."""
    cells = [["" if c is None else str(c) for c in row] for row in rows]
    if _is_tty(sys.stdout):
        from rich.table import Table

        rich_table = Table(title=title, title_justify="left", header_style="bold")
        for index, header in enumerate(headers):
            rich_table.add_column(header, justify="right" if index in right else "left")
        for row in cells:
            rich_table.add_row(*row)
        _rich_console().print(rich_table)
        return
    if title:
        click.echo(title)
    click.echo(plain_table(headers, cells, right=right))


def plain_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: Sequence[int] = ()
) -> str:
    """Columns separated by two spaces, padded to the widest cell; no trailing spaces.

    >>> print(plain_table(["table", "rows"], [["ats", "8"], ["projects", "12"]], right=[1]))
    table     rows
    ats          8
    projects    12
    """
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = []
    for row in [list(headers), *rows]:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


@contextmanager
def working(message: str, stream: IO[Any] | None = None) -> Iterator[None]:
    """Show a spinner with ``message`` on stderr during long work; silent when not a terminal.

    The API functions do the work in one call, so the display says which stage is running
    rather than pretending to know how far along it is.
    """
    target = sys.stderr if stream is None else stream
    if not _is_tty(target):
        yield
        return
    from rich.console import Console

    with Console(file=target).status(message):
        yield


class _RowsAndFiles:
    """Feeds a rich progress display from ``(file_name, rows)`` calls: one bar for the files,
    a running count of rows. A call with 0 rows starts a file; the first file starting again
    means the work restarted (ingest re-reads to number malformed lines), so counts reset."""

    def __init__(self, progress: Any, files: int) -> None:
        self.progress = progress
        self.files = files
        self.files_task = progress.add_task("files", total=files, count=f"0/{files}")
        self.rows_task = progress.add_task("rows 0", total=None, count="")
        self.names: list[str] = []
        self.rows = 0

    def __call__(self, name: str, rows: int) -> None:
        if rows == 0:
            if self.names and name == self.names[0]:
                self.names, self.rows = [], 0
            self.names.append(name)
            done = len(self.names) - 1
            self.progress.update(
                self.files_task,
                completed=done,
                description=f"files ({name})",
                count=f"{done}/{self.files}",
            )
        self.rows += rows
        self.progress.update(self.rows_task, completed=self.rows, description=f"rows {self.rows:,}")

    def finish(self) -> None:
        done = len(self.names)
        self.progress.update(self.files_task, completed=done, count=f"{done}/{self.files}")


@contextmanager
def rows_and_files(
    files: int, stream: IO[Any] | None = None
) -> Iterator[Callable[[str, int], None] | None]:
    """A progress display on stderr, rows read and files done, while registers are read.

    Yields the callback to hand to :func:`conciliazione.registers.ingest` as ``progress``, or
    ``None`` when stderr is not a terminal: a pipeline step's logs stay free of redraws.
    """
    target = sys.stderr if stream is None else stream
    if not _is_tty(target):
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        # Files show done/total; rows have no known total, so their count is their label.
        TextColumn("{task.fields[count]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(file=target), transient=True) as progress:
        feed = _RowsAndFiles(progress, files)
        yield feed
        feed.finish()
