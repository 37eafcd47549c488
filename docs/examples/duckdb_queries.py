"""Run the SQL files of this directory with DuckDB's Python package."""

from pathlib import Path

import duckdb

HERE = Path(__file__).parent


def run(query_file: str) -> duckdb.DuckDBPyRelation:
    """Run one query on the export in exports/ (relative to the current directory)."""
    return duckdb.sql((HERE / query_file).read_text(encoding="utf-8"))


if __name__ == "__main__":
    run("allocations_per_ats_and_year.sql").show()
    run("allocation_sources_compared.sql").show()
    run("projects_per_typology.sql").show()
