"""The four ATS plugins, installed as real distributions, found through their entry points.

These tests run against what ``pip install -r requirements-dev.txt`` (or ``requirements.txt``)
installs: nothing is registered in-process here.
"""

from __future__ import annotations

from decimal import Decimal
from importlib.metadata import distribution, entry_points
from pathlib import Path

import pytest

from conciliazione.api import Loaded, load, validate
from conciliazione.plugins import make_plugin_host

FOUR = {"montagna", "milano", "pavia", "brescia"}


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    return load(host=make_plugin_host(environ={}, strict=True))


def test_each_plugin_is_a_distribution_with_an_entry_point() -> None:
    found = {ep.name: ep for ep in entry_points(group="conciliazione")}
    assert set(found) >= FOUR
    for name in FOUR:
        dist = distribution(f"conciliazione-ats-{name}")
        assert dist.version == "0.1.0"
        assert found[name].value == f"conciliazione_ats_{name}"


def test_the_host_lists_the_four_with_versions_and_ats() -> None:
    host = make_plugin_host(environ={}, strict=True)
    listed = {p.name: p for p in host.plugins}
    assert set(listed) >= FOUR
    for name in FOUR:
        assert listed[name].ats_id == name
        assert listed[name].distribution == f"conciliazione-ats-{name}"
        assert listed[name].version == "0.1.0"
        assert "reader" in listed[name].provides


def test_loading_yields_the_facts_of_every_page(loaded: Loaded) -> None:
    ds = loaded.dataset
    pavia = sorted(
        (a.year, a.amount_eur)
        for a in ds.allocations
        if a.ats_id == "pavia" and a.source_id == "pavia:003_cc3c723282e7ce42.txt"
    )
    assert pavia == [
        (2020, Decimal("48834.00")),
        (2021, Decimal("48834.00")),
        (2022, Decimal("54260.00")),
    ]
    montagna = {p.title: p.lead_name for p in ds.projects if p.plan_id == "montagna:plan:2020-2023"}
    assert montagna == {
        "Mobilità sociale empowerment": "CM Valtellina di Tirano",
        "Progetto Doposcuola": "Comune di Niardo",
        "Baby Hub": "Comune di Tirano",
        "Terzo tempo": "Coop. Forme",
        "Doposcuola compiti insieme": "IC Darfo",
    }
    milano_network = next(n for n in ds.networks if n.ats_id == "milano")
    assert milano_network.member_count is not None
    assert milano_network.member_count.value == 398
    assert str(milano_network.as_of) == "2021-07"
    assert len(milano_network.member_categories) == 7
    brescia_acts = {a.number for a in ds.acts if a.ats_id == "brescia"}
    assert {"495", "5755", "18414", "4683"} <= brescia_acts


def test_the_built_in_data_has_no_errors_and_reports_milanos_six_versus_five(
    loaded: Loaded,
) -> None:
    report = validate(loaded)
    assert report.valid, [str(f) for f in report.errors]
    (mismatch,) = [f for f in report if f.code == "declared-count-mismatch"]
    assert mismatch.ats_id == "milano"
    assert mismatch.severity.value == "warning"


def _builtin_page(name: str) -> str:
    host = make_plugin_host(environ={})
    for info in host.plugins:
        for doc in host.builtin_sources(info.name):
            if doc.name == name:
                return doc.text
    raise AssertionError(name)


def test_an_edited_copy_of_a_page_changes_the_result(tmp_path: Path) -> None:
    page = tmp_path / "pavia-newer.txt"
    text = _builtin_page("003_cc3c723282e7ce42.txt")
    page.write_text(text.replace("euro 54.260,00", "euro 55.000,00"), encoding="utf-8")
    loaded = load(sources=[page])  # routed to the Pavia plugin, which recognises the page
    amounts = {a.year: a.amount_eur for a in loaded.dataset.allocations}
    assert amounts[2022] == Decimal("55000.00")
    assert loaded.dataset.sources[-1].builtin is False


def test_a_project_added_to_a_page_is_a_new_project(tmp_path: Path) -> None:
    page = tmp_path / "montagna-newer.txt"
    text = _builtin_page("000_85faaafccf00cc38.txt")
    text = text.replace(
        "- Doposcuola compiti insieme con capofila IC Darfo.",
        "- Doposcuola compiti insieme con capofila IC Darfo;\n"
        "- Estate insieme con capofila Comune di Sondrio.",
    )
    page.write_text(text, encoding="utf-8")
    loaded = load(ats=["montagna"], sources=[page])
    titles = [p.title for p in loaded.dataset.projects]
    assert "Estate insieme" in titles
    assert len(titles) == 6


def _page_of(plugin: str, tmp_path: Path) -> Path:
    host = make_plugin_host(environ={})
    (document, *_) = host.builtin_sources(plugin)
    path = tmp_path / document.name
    path.write_text(document.text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("page_of", "given"), [("milano", "pavia"), ("pavia", "montagna"), ("brescia", "milano")]
)
def test_a_page_read_with_the_wrong_ats_is_refused_naming_the_right_one(
    page_of: str, given: str, tmp_path: Path
) -> None:
    from conciliazione.errors import SourceError

    host = make_plugin_host(environ={}, strict=True)
    with pytest.raises(SourceError, match=f"it looks like a page of ATS {page_of} "):
        load([given], [_page_of(page_of, tmp_path)], host=host)


def test_a_misspelt_allow_list_is_a_usage_error_listing_the_installed_plugins(
    tmp_path: Path,
) -> None:
    import os
    import subprocess
    import sys

    script = Path(sys.executable).parent / "conciliazione"
    env = {**os.environ, "CONCILIAZIONE_LOAD_PLUGINS": "pavai"}
    for command in (["validate"], ["plugins"], ["export", "--out", str(tmp_path / "out")]):
        done = subprocess.run(
            [str(script), *command], capture_output=True, text=True, env=env, timeout=120
        )
        assert done.returncode == 2, done.stderr
        assert "CONCILIAZIONE_LOAD_PLUGINS names no installed plugin 'pavai'" in done.stderr
        assert "brescia, milano, montagna, pavia" in done.stderr
    assert not (tmp_path / "out").exists()
