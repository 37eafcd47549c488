"""ATS Montagna's plugin passes the contract every ATS plugin shares."""

from __future__ import annotations

from pathlib import Path

import conciliazione_ats_montagna

from conciliazione.testing import AtsPluginContract


class TestMontagnaContract(AtsPluginContract):
    plugin = conciliazione_ats_montagna
    ats_id = "montagna"
    entry_point = "montagna"
    snapshot = Path(__file__).parent / "snapshots" / "montagna.json"
