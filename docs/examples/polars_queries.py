"""The DuckDB queries' questions, asked with Polars on the export in exports/."""

from pathlib import Path

import polars as pl


def allocations_per_ats_and_year(export_dir: Path = Path("exports")) -> pl.DataFrame:
    """Funds allocated to each ATS per year, in euro (Decimal, exact), by source."""
    return (
        pl.read_parquet(export_dir / "allocations.parquet")
        .filter(pl.col("basis") == "published")
        .group_by("ats_id", "year", "source_id")
        .agg(
            pl.col("amount_eur").sum(),
            pl.col("rounding_unit_eur").max(),
            pl.len().alias("allocations"),
        )
        .sort("ats_id", "year", "source_id")
    )


def projects_per_typology(export_dir: Path = Path("exports")) -> pl.DataFrame:
    """Projects per service typology: a project's own typologies, else its plan's."""
    plans = pl.read_parquet(export_dir / "plans.parquet").select(
        "plan_id", plan_types=pl.col("service_types")
    )
    own = pl.col("service_types").list.len() > 0
    return (
        pl.read_parquet(export_dir / "projects.parquet")
        .join(plans, on="plan_id", how="left")
        .with_columns(
            typology=pl.when(own).then(pl.col("service_types")).otherwise(pl.col("plan_types")),
            stated_by=pl.when(own).then(pl.lit("project")).otherwise(pl.lit("plan")),
        )
        .explode("typology")  # Polars' unnest of a list column
        .drop_nulls("typology")
        .group_by("typology", "stated_by")
        .agg(projects=pl.col("project_id").n_unique())
        .sort("typology", "stated_by")
    )


if __name__ == "__main__":
    print(allocations_per_ats_and_year())
    print(projects_per_typology())
