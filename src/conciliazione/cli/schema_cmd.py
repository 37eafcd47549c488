"""``conciliazione schema``: the published table contract, as a pipeline author reads it."""

from __future__ import annotations

import json
from typing import Any

import click

from conciliazione.cli.console import echo
from conciliazione.cli.errors import exit_codes_help


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _primary_key(spec: Any) -> str:
    key = spec.primary_key
    if not key:
        return "-"
    return key if isinstance(key, str) else ", ".join(key)


def print_arrow(name: str) -> None:
    """One table: its description and key, then each field with type, nullability and meaning."""
    from conciliazione.export.schemas import table_spec

    spec = table_spec(name)
    echo(f"{name}: {spec.description}", style="bold")
    echo(f"  primary key: {_primary_key(spec)}")
    for field in spec.schema:
        metadata = field.metadata or {}
        description = _text(metadata.get(b"description", b""))
        null = "" if field.nullable else " not null"
        echo(f"  {field.name}: {field.type}{null}" + (f" — {description}" if description else ""))


@click.command(
    "schema",
    epilog=exit_codes_help(ok="the contract was printed", usage="usage error or unknown table"),
)
@click.argument("table", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["arrow", "json-schema"]),
    default="arrow",
    show_default=True,
    help="arrow: the Arrow schema, field by field; json-schema: the Frictionless Table Schema.",
)
def schema(table: str | None, fmt: str) -> None:
    """Print the published contract of TABLE, or of every table: the Arrow schema with each
    field's type and description, or the JSON Table Schema written in datapackage.json.

    \b
    Python equivalent:
      from conciliazione.export import schemas
      schemas.table_names(); schemas.table_spec(name).schema
      schemas.json_table_schema(name)
    """
    from conciliazione.export import schemas

    names = list(schemas.table_names())
    if table is not None and table not in names:
        raise click.BadParameter(
            f"unknown table {table!r}; the tables are: {', '.join(names)}", param_hint="TABLE"
        )
    selected = [table] if table is not None else names
    if fmt == "json-schema":
        payload: Any = (
            schemas.json_table_schema(table)
            if table is not None
            else {name: schemas.json_table_schema(name) for name in names}
        )
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    for index, name in enumerate(selected):
        if index:
            echo()
        print_arrow(name)
