"""The generated reference pages are complete: every finding code, table, column and command.

The expected lists are computed here from the code, independently of the generators, and
looked for in the built HTML — so a generator that silently drops an entry fails.
"""

from __future__ import annotations

import re
from typing import Any

from docutils.nodes import make_id

from conciliazione.api import finding_types
from conciliazione.plugins import make_plugin_host


def registry_codes() -> set[str]:
    """Every finding code, from the one public catalogue function (every plugin loaded)."""
    return {t.code for t in finding_types(host=make_plugin_host(environ={}))}


def ids(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def test_every_finding_code_has_an_entry_in_the_catalogue(built_site: Any) -> None:
    html = built_site.page("reference/findings")
    missing = {code for code in registry_codes() if make_id(f"finding-{code}") not in ids(html)}
    assert not missing, f"codes missing from the findings catalogue: {sorted(missing)}"


def test_the_catalogue_gives_each_code_its_fix(built_site: Any) -> None:
    html = built_site.page("reference/findings")
    assert html.count("How to fix the data:") == len(registry_codes())


def sections(html: str) -> dict[str, str]:
    """Each ``<section id=...>`` of a page, by id, up to the next section."""
    return {chunk.split('"', 1)[0]: chunk for chunk in html.split('<section id="')[1:]}


def test_every_table_and_column_is_in_the_data_dictionary(built_site: Any) -> None:
    from conciliazione.export import schemas

    by_id = sections(built_site.page("reference/data-dictionary"))
    for name in schemas.table_names():
        section = by_id.get(make_id(f"table-{name}"))
        assert section is not None, f"table {name} is not in the data dictionary"
        for field in schemas.table_spec(name).schema:
            assert f'<span class="pre">{field.name}</span>' in section, (
                f"column {name}.{field.name} is not in the data dictionary"
            )


def test_every_command_is_in_the_cli_reference(built_site: Any) -> None:
    import click

    from conciliazione.cli.main import cli

    html = built_site.page("reference/cli")
    context = click.Context(cli, info_name="conciliazione")
    for name in cli.list_commands(context):
        assert make_id(f"cli-{name}") in ids(html), f"command {name} is not in the CLI reference"
