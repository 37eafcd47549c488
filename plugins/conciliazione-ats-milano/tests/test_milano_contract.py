"""ATS Milano's plugin passes the contract every ATS plugin shares.

The page states no update date, so the contract is told so (``states_update_date = False``):
instead of inventing a date, the reader leaves ``Source.updated`` empty and reports the gap as
a ``missing-section`` finding, which is what the contract then checks.
"""

from __future__ import annotations

from pathlib import Path

import conciliazione_ats_milano

from conciliazione.testing import AtsPluginContract


class TestMilanoContract(AtsPluginContract):
    plugin = conciliazione_ats_milano
    ats_id = "milano"
    entry_point = "milano"
    snapshot = Path(__file__).parent / "snapshots" / "milano.json"
    states_update_date = False
