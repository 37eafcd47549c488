"""Sample registers and a sample population file, shipped to try the tools in five minutes.

**Every figure, name and code in these files is invented** (a ``Nota``/``note`` column on each
row says so). The registers mix valid rows with a few rows that are wrong on purpose (an
impossible date, a fiscal code with a wrong check digit, an unknown typology), so that a first
``ingest`` shows both outputs: the valid Parquet file and the rejects with their reasons.

- ``organizations``: for the core layout of the same name (network member bodies);
- ``service_records``: for the core layout of the same name (services delivered);
- ``population``: resident population per ATS, for ``allocate --population``.

``conciliazione ingest --example LAYOUT`` and ``conciliazione allocate --example-population
FILE`` write them out; :func:`write_sample` is the Python equivalent.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from conciliazione.errors import ExportError, UnknownEntityError

REGISTER_SAMPLES = ("organizations", "service_records")
"""The core layouts that have a sample register."""
POPULATION = "population"
"""The name of the sample population file."""


def sample_names() -> tuple[str, ...]:
    """Every sample: the registers' layout names, then ``population``."""
    return (*REGISTER_SAMPLES, POPULATION)


def sample_bytes(name: str) -> bytes:
    """The content of one sample (a CSV file); `UnknownEntityError` listing the samples."""
    if name not in sample_names():
        known = ", ".join(sample_names())
        raise UnknownEntityError(f"no sample called {name!r}; the samples are: {known}")
    return resources.files(__name__).joinpath(f"{name}.csv").read_bytes()


def sample_file_name(name: str) -> str:
    """The name a written sample gets: ``organizations_sample.csv``."""
    return f"{name}_sample.csv"


def write_sample(name: str, dest: str | Path = ".") -> Path:
    """Write the sample ``name`` to ``dest``: a directory (it gets :func:`sample_file_name`)
    or a file path ending in ``.csv``. An existing file is not overwritten: `ExportError`."""
    content = sample_bytes(name)
    target = Path(dest)
    if target.suffix.lower() != ".csv":
        target = target / sample_file_name(name)
    if target.exists():
        raise ExportError(f"{target}: already exists; not overwriting it with the sample")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write the sample: {exc.strerror or exc}") from None
    return target


__all__ = [
    "POPULATION",
    "REGISTER_SAMPLES",
    "sample_bytes",
    "sample_file_name",
    "sample_names",
    "write_sample",
]
