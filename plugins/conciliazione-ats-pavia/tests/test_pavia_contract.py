"""ATS Pavia against the contract every ATS plugin satisfies (:mod:`conciliazione.testing`)."""

from __future__ import annotations

from pathlib import Path

import conciliazione_ats_pavia

from conciliazione.testing import AtsPluginContract


class TestPaviaContract(AtsPluginContract):
    plugin = conciliazione_ats_pavia
    ats_id = "pavia"
    entry_point = "pavia"
    snapshot = Path(__file__).parent / "snapshots" / "pavia.json"
