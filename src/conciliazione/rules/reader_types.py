"""Deprecated home of the reader, merge and host finding types: see :mod:`conciliazione.catalogue`.

Kept for one release so that plugins importing ``reader_type`` from here keep working.
"""

from __future__ import annotations

from conciliazione.catalogue import READER_FINDING_TYPES
from conciliazione.catalogue import known_type as reader_type

__all__ = ["READER_FINDING_TYPES", "reader_type"]
