"""One finding catalogue: every code a run can report, listed by one public function.

:func:`conciliazione.api.finding_types` is what the docs' findings page, ``conciliazione
validate --list-codes`` and these tests use; codes from every part of the library and from the
installed plugins are in it, each once.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import conciliazione
from conciliazione.api import finding_types
from conciliazione.catalogue import FindingCatalogue
from conciliazione.cli.main import cli
from conciliazione.errors import RuleRegistrationError
from conciliazione.findings import FindingType, Severity
from conciliazione.plugins import make_plugin_host

# One code of each part of the library: (code, what reports it).
ONE_OF_EACH = {
    "allocation-amount-not-positive": "core rules",
    "allocation-printed-amount-differs": "figures rules",
    "missing-section": "page readers",
    "act-cited-again": "the merge",
    "plugin-failed": "the plugin host",
    "register-bad-date": "register ingestion",
    "allocation-differs-from-published": "allocation reconciliation",
}


def test_the_catalogue_holds_a_code_of_every_part_of_the_library() -> None:
    codes = {t.code for t in finding_types(host=make_plugin_host(entry_points=False))}
    assert set(ONE_OF_EACH) <= codes


def test_the_catalogue_holds_the_installed_plugins_codes() -> None:
    every = finding_types(host=make_plugin_host(environ={}))
    origins = {t.origin for t in every}
    assert "core" in origins
    assert len(origins) > 1, "the installed plugins' rules are catalogued under their names"
    assert [t.code for t in every] == sorted({t.code for t in every}), "each code once, by code"


def test_the_root_package_exposes_the_catalogue_and_the_api() -> None:
    assert conciliazione.finding_types is finding_types
    for name in ("load", "validate", "run_export", "export_dataset", "fetch"):
        assert callable(getattr(conciliazione, name)), name


def test_a_code_declared_twice_with_another_meaning_is_refused() -> None:
    catalogue = FindingCatalogue()
    first = FindingType("some-code", Severity.INFO, "T", "D", "F")
    catalogue.add_type(first)
    catalogue.add_type(first)  # the same declaration again is harmless
    with pytest.raises(RuleRegistrationError, match="declared twice"):
        catalogue.add_type(FindingType("some-code", Severity.ERROR, "T", "D", "F", origin="x"))
    with pytest.raises(RuleRegistrationError, match="kebab-case"):
        catalogue.add_type(FindingType("Not_Kebab", Severity.INFO, "T", "D", "F"))


def test_the_command_line_lists_the_same_codes() -> None:
    result = CliRunner().invoke(
        cli, ["validate", "--list-codes", "--format", "json"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert [row["code"] for row in listed] == [t.code for t in finding_types()]
    assert {"code", "severity", "title", "description", "fix", "origin"} == set(listed[0])


def test_the_text_listing_has_one_line_per_code() -> None:
    result = CliRunner().invoke(cli, ["validate", "--list-codes"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.output.splitlines()] == [
        t.code for t in finding_types()
    ]
