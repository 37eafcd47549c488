"""Routing a page given by path to the plugin that recognises it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conciliazione.api import load
from conciliazione.errors import SourceError

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
