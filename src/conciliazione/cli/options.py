"""Options shared by the commands that read pages, so they mean the same everywhere."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])

ats_option: Callable[[F], F] = click.option(
    "--ats",
    "ats",
    multiple=True,
    metavar="ID",
    help=(
        "Only this ATS (repeatable): milano, insubria, montagna, brianza, bergamo, brescia, "
        "val_padana, pavia. Default: every ATS with an installed plugin."
    ),
)

source_option: Callable[[F], F] = click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="PATH|URL",
    help=(
        "Read this page (a newer copy of an ATS page) instead of the built-in pages "
        "(repeatable): a regular file, UTF-8 text or HTML, or an http(s):// address, "
        "downloaded now with fetch's default limits. The plugin that recognises it reads it; "
        "with --ats, it must be a page of that ATS (see --force)."
    ),
)

snapshots_option: Callable[[F], F] = click.option(
    "--snapshots",
    metavar="DIR",
    type=click.Path(path_type=Path, file_okay=False),
    help=(
        "Read each page from its latest snapshot in DIR (filled by `conciliazione fetch`); "
        "a page with no snapshot there is read as shipped (sources.builtin says which)."
    ),
)

force_option: Callable[[F], F] = click.option(
    "--force",
    is_flag=True,
    help=(
        "With one --ats, have its plugin read every --source even if it does not recognise "
        "it as its page (by default that is an input error, exit 2, naming the ATS the page "
        "looks like)."
    ),
)

max_page_size_option: Callable[[F], F] = click.option(
    "--max-page-size",
    "max_page_mib",
    type=click.IntRange(min=1, max=1 << 20),
    default=4,
    show_default=True,
    metavar="MIB",
    help="The largest --source page read, in MiB; a larger file is refused before reading.",
)


def format_option(help: str) -> Callable[[F], F]:
    """``--format text|json`` (into ``fmt``, text by default): every command that prints for a
    person and for a pipeline offers the same choice; ``help`` says what each form holds."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


def page_limit(max_page_mib: int) -> int:
    """The ``max_page_bytes`` argument of the API for ``--max-page-size``."""
    return max_page_mib << 20


def ats_arg(ats: tuple[str, ...]) -> list[str] | None:
    """The ``ats`` argument of the API: ``None`` (every plugin) when no ``--ats`` is given."""
    return list(ats) or None
