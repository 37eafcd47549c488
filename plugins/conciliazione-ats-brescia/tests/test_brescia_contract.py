"""ATS Brescia against the contract every ATS plugin satisfies (:mod:`conciliazione.testing`)."""

from __future__ import annotations

from pathlib import Path

import conciliazione_ats_brescia

from conciliazione.testing import AtsPluginContract


class TestBresciaContract(AtsPluginContract):
    plugin = conciliazione_ats_brescia
    ats_id = "brescia"
    entry_point = "brescia"
    snapshot = Path(__file__).parent / "snapshots" / "brescia.json"
