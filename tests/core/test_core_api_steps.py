"""Steps the commands used to hold, now in the API: the export's output-folder check comes
before any page is read, and the published allocations ``allocate --reconcile`` compares
with are one call."""

from __future__ import annotations

from pathlib import Path

import pytest

from conciliazione.api import published_allocations, run_export
from conciliazione.errors import ExportError
from conciliazione.model import AllocationBasis
from conciliazione.plugins import make_plugin_host


def test_run_export_refuses_an_output_under_a_file_before_reading_a_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("pages were read before the output folder was checked")

    monkeypatch.setattr("conciliazione.api.load", no_reading)
    with pytest.raises(ExportError, match="is a file, not a directory"):
        run_export(tmp_path / "file" / "out")


def test_published_allocations_are_the_published_ones_of_the_guideline() -> None:
    host = make_plugin_host(entry_points=False)  # the core's regional releases only
    every = published_allocations(host=host)
    assert every, "the Region's releases publish allocations"
    assert {a.basis for a in every} == {AllocationBasis.PUBLISHED}
    current = published_allocations("dgr-xi-2398-2019", host=host)
    assert current and all(a.guideline_id in (None, "dgr-xi-2398-2019") for a in current)
    assert published_allocations("no-such-guideline", host=host) == [
        a for a in every if a.guideline_id is None
    ]
