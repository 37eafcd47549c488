"""Routing a page given by path to the plugin that recognises it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conciliazione.api import check_plugin_selection, load
from conciliazione.errors import PluginSelectionError, SourceError

from .test_core_merging import citing_plugin


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text("ATS brescia: DGR 5755/21", encoding="utf-8")
    return path


def test_a_page_goes_to_the_plugin_that_recognises_it(
    make_host: Callable[..., Any], page: Path
) -> None:
    loaded = load(sources=[page], host=make_host(citing_plugin("brescia"), citing_plugin("pavia")))
    (reading,) = loaded.readings
    assert reading.source.source_id == "brescia:page.txt"


def test_a_page_no_plugin_recognises_is_an_input_error_naming_the_file(
    make_host: Callable[..., Any], page: Path
) -> None:
    with pytest.raises(SourceError, match="no installed plugin recognises") as info:
        load(sources=[page], host=make_host(citing_plugin("pavia")))
    assert str(page) in str(info.value)


def test_a_page_two_plugins_claim_is_refused_until_its_ats_is_named(
    make_host: Callable[..., Any], page: Path
) -> None:
    host = make_host(citing_plugin("brescia"), citing_plugin("pavia", claims_every_page=True))
    with pytest.raises(SourceError, match=r"several plugins \(.*\); name its ATS with --ats"):
        load(sources=[page], host=host)
    (reading,) = load(ats=["brescia"], sources=[page], host=host).readings
    assert reading.source.source_id == "brescia:page.txt"


def test_a_page_of_another_ats_given_with_ats_is_refused_naming_the_ats_it_looks_like(
    make_host: Callable[..., Any], page: Path
) -> None:
    host = make_host(citing_plugin("brescia"), citing_plugin("pavia"))
    with pytest.raises(SourceError) as info:
        load(ats=["pavia"], sources=[page], host=host)
    assert str(info.value) == (
        f"{page}: not recognised as a page of ATS pavia by the plugin of that ATS: it looks "
        "like a page of ATS brescia (--force reads it as this ATS's page anyway)"
    )


def test_force_has_the_plugin_of_the_single_ats_read_the_page_anyway(
    make_host: Callable[..., Any], page: Path
) -> None:
    host = make_host(citing_plugin("brescia"), citing_plugin("pavia"))
    (reading,) = load(ats=["pavia"], sources=[page], host=host, force=True).readings
    assert reading.source.source_id == "pavia:page.txt"


def test_with_several_ats_a_page_of_none_of_them_names_the_ones_given(
    make_host: Callable[..., Any], page: Path
) -> None:
    host = make_host(citing_plugin("brescia"), citing_plugin("pavia"), citing_plugin("milano"))
    with pytest.raises(SourceError, match=r"ATS pavia, milano by the plugins .*ATS brescia$"):
        load(ats=["pavia", "milano"], sources=[page], host=host)


def test_an_allow_list_naming_no_installed_plugin_is_refused_listing_the_installed() -> None:
    installed = ["brescia", "milano", "pavia"]
    with pytest.raises(PluginSelectionError) as info:
        check_plugin_selection({"CONCILIAZIONE_LOAD_PLUGINS": "pavai"}, installed)
    assert str(info.value) == (
        "CONCILIAZIONE_LOAD_PLUGINS names no installed plugin 'pavai' "
        "(installed: brescia, milano, pavia)"
    )
    with pytest.raises(PluginSelectionError, match="DISABLE_PLUGINS names no installed plugins"):
        check_plugin_selection({"CONCILIAZIONE_DISABLE_PLUGINS": "x, pavia,y"}, installed)
    check_plugin_selection({"CONCILIAZIONE_LOAD_PLUGINS": "pavia, milano"}, installed)
    check_plugin_selection({"CONCILIAZIONE_LOAD_PLUGINS": ""}, installed)  # none, on purpose
