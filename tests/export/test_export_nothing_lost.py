"""Nothing is lost: every allocation the export leaves out is reported by an error finding."""

from __future__ import annotations

from decimal import Decimal

from conciliazione import validate
from conciliazione.export import build_tables
from conciliazione.model import Allocation
from conciliazione.regional import regional_dataset


def test_every_allocation_left_out_of_the_export_has_an_error_finding() -> None:
    dataset = regional_dataset()
    amounts = {"fits": "48834.00", "sub-cent": "48834.005", "huge": "1E+16"}
    dataset.add(
        *(
            Allocation(
                allocation_id=name,
                ats_id="pavia",
                guideline_id="dgr-xi-2398-2019",
                year=2020,
                amount_eur=Decimal(amount),
            )
            for name, amount in amounts.items()
        )
    )
    report = validate(dataset)
    built = build_tables(dataset, report)
    exported = set(built.tables["allocations"].column("allocation_id").to_pylist()) & set(amounts)
    assert exported == {"fits"}
    assert built.rejected == 2
    reported = {f.entity_id for f in report.errors if f.entity == "allocation"}
    assert set(amounts) - exported <= reported
