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
        "(repeatable): a file, UTF-8 text or HTML, or an http(s):// address, downloaded now "
        "with fetch's default limits. The plugin that recognises it reads it, or the one of "
        "--ats when exactly one is given."
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


def ats_arg(ats: tuple[str, ...]) -> list[str] | None:
    """The ``ats`` argument of the API: ``None`` (every plugin) when no ``--ats`` is given."""
    return list(ats) or None
