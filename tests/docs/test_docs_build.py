"""The documentation site builds without a single warning, as ``nox -s docs`` and CI build it."""

from __future__ import annotations

from typing import Any


def test_the_site_builds_with_warnings_as_errors(built_site: Any) -> None:
    assert built_site.returncode == 0, built_site.output


def test_every_page_of_the_table_of_contents_is_written(built_site: Any) -> None:
    for page in (
        "index",
        "getting-started",
        "concepts",
        "plugin-tutorial",
        "reference/data-dictionary",
        "reference/findings",
        "reference/cli",
        "reference/python-equivalents",
        "reference/hooks",
        "reference/api/index",
        "performance",
    ):
        assert (built_site.html / f"{page}.html").is_file(), page


def test_the_internal_briefs_are_not_published(built_site: Any) -> None:
    assert not (built_site.html / "dev").exists()
