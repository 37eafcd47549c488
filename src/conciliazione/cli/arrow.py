"""Keep pyarrow from importing pandas and NumPy in the commands' processes.

pyarrow imports NumPy, when it is installed, as it is itself imported (about 0.1 s of its
0.15–0.3 s), and pandas the first time it converts Python objects (``pa.array``, ``pa.scalar``,
``Table.from_pylist``: it checks whether they are pandas objects and looks up pandas'
missing-value markers) and when ``pyarrow.dataset`` is imported (0.3–0.9 s on a small machine).
That is more than the whole of a small ingest or of the main export, and the commands never
hand NumPy or pandas objects to pyarrow.

So the commands that build Arrow data (``export``, ``ingest``) install a finder for which
pandas and NumPy do not exist *when the import comes from pyarrow or from conciliazione
itself*; anyone else in the process (a plugin, say) imports them as usual. pyarrow copes with
both missing by design: they are optional dependencies (a plugin that imports NumPy after
pyarrow gets a pyarrow without NumPy conversions). This is done by the commands only, never by
the library: a program that calls the Python API keeps pyarrow's ordinary behaviour.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

_BLOCKED = ("pandas", "numpy")
_ASKERS = ("pyarrow", "conciliazione")
"""The packages whose imports of pandas and NumPy are refused (exact names and their
submodules)."""


def _asker() -> str:
    """The module on whose behalf an import runs: the first frame outside the import system
    (an import made by pyarrow's C++ code shows up as the Python code that called pyarrow)."""
    frame = sys._getframe(2)
    while frame is not None:
        name = str(frame.f_globals.get("__name__", ""))
        if not name.startswith("importlib") and not frame.f_code.co_filename.startswith(
            "<frozen importlib"
        ):
            return name
        frame = frame.f_back  # type: ignore[assignment]
    return ""


def _within(name: str, packages: Sequence[str]) -> bool:
    return any(name == p or name.startswith(f"{p}.") for p in packages)


class NoPandasForArrow:
    """A meta-path finder for which pandas and NumPy are not installed, when pyarrow or
    conciliazione asks."""

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if _within(name, _BLOCKED) and _within(_asker(), _ASKERS):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


def keep_pandas_out() -> None:
    """Install :class:`NoPandasForArrow` for the rest of the process (once). Where pyarrow is
    already imported, NumPy came with it: only pandas is left to keep out."""
    if "pandas" in sys.modules:  # already imported by someone: nothing left to save
        return
    if not any(isinstance(f, NoPandasForArrow) for f in sys.meta_path):
        sys.meta_path.insert(0, NoPandasForArrow())


MEMORY_POOL_VARIABLE = "ARROW_DEFAULT_MEMORY_POOL"


def prefer_jemalloc() -> None:
    """Have pyarrow allocate with jemalloc in this process, unless the user chose an allocator
    (``ARROW_DEFAULT_MEMORY_POOL``) or pyarrow is already imported (the choice is read once, at
    its import).

    A streamed ingest allocates and frees a few megabytes per column and batch. With pyarrow's
    default allocator on Linux (mimalloc) freed pages linger and are faulted in again: ingesting
    1,000,000 rows spent 0.8 s of system time against 0.3 s with jemalloc, and 10,000,000 rows
    peaked at 539 MB against 446–479 MB (issue 15). Only on Linux, where pyarrow's wheels are
    built with jemalloc (elsewhere pyarrow would warn that the allocator is missing)."""
    import os

    if sys.platform.startswith("linux") and "pyarrow" not in sys.modules:
        os.environ.setdefault(MEMORY_POOL_VARIABLE, "jemalloc")
