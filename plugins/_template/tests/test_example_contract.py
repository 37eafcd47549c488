"""The plugin against the contract every ATS plugin satisfies (:mod:`conciliazione.testing`)."""

from __future__ import annotations

from pathlib import Path

from conciliazione.testing import AtsPluginContract

import conciliazione_ats_example


class TestExampleContract(AtsPluginContract):
    plugin = conciliazione_ats_example
    ats_id = "bergamo"
    entry_point = None  # set to "example" (your entry-point name) once the plugin is installed
    snapshot = Path(__file__).parent / "snapshots" / "example.json"
