"""The schema-level metadata written into every exported file, and reading it back.

Keys (all values are UTF-8 strings; JSON where noted):

- ``library_version``: the version of ``conciliazione`` that wrote the export;
- ``schema_version``: the version of the table contract (semver, see ``schemas``);
- ``guideline_id``: the guideline of the current plans (``dgr-xi-2398-2019``);
- ``guideline_ids``: JSON array, every guideline in the dataset;
- ``plugins``: JSON array of ``{name, distribution, version, ats_id}``, one per ATS plugin;
- ``source_checksums``: JSON object, source id → SHA-256 of the bytes read;
- ``exported_at``: when the export was made, ISO 8601 in UTC — the only value that differs
  between two exports of the same inputs;
- ``table`` and ``description``: the file's table and what it holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Protocol

from conciliazione import __version__
from conciliazione.export.schemas import SCHEMA_VERSION
from conciliazione.model import Dataset
from conciliazione.regional import CURRENT_GUIDELINE_ID

JSON_KEYS = ("guideline_ids", "plugins", "source_checksums")
"""The metadata values that are JSON documents."""

TABLE_KEYS = ("table", "description")
"""The keys that describe one file rather than the whole export."""


class PluginIdentity(Protocol):
    """What the metadata records of a plugin that read the data: plain values, so that an
    export needs no plugin host (a loaded plugin's
    :class:`~conciliazione.plugins.PluginInfo` is one, so is any object with these fields)."""

    @property
    def name(self) -> str: ...
    @property
    def distribution(self) -> str | None: ...
    @property
    def version(self) -> str | None: ...
    @property
    def ats_id(self) -> str: ...


def utc_timestamp(moment: datetime | None) -> datetime:
    """``moment`` (default: now) in UTC; a naive datetime is refused as ambiguous."""
    if moment is None:
        return datetime.now(UTC)
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"exported_at must be timezone-aware, got {moment!r}")
    return moment.astimezone(UTC)


def export_metadata(
    dataset: Dataset,
    plugins: Iterable[PluginIdentity],
    exported_at: datetime,
) -> dict[str, str]:
    """The metadata every file of one export shares."""
    plugin_rows = sorted(
        (
            {
                "name": p.name,
                "distribution": p.distribution,
                "version": p.version,
                "ats_id": p.ats_id,
            }
            for p in plugins
        ),
        key=lambda row: str(row["name"]),
    )
    return {
        "library_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "guideline_id": CURRENT_GUIDELINE_ID,
        "guideline_ids": _json(sorted({g.guideline_id for g in dataset.guidelines})),
        "plugins": _json(plugin_rows),
        "source_checksums": _json({s.source_id: s.sha256 for s in dataset.sources}),
        "exported_at": exported_at.isoformat(timespec="microseconds"),
    }


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def decode_metadata(raw: Mapping[bytes, bytes] | None) -> dict[str, Any]:
    """A file's schema metadata as Python values (JSON parsed), without the per-file keys."""
    decoded: dict[str, Any] = {}
    for key, value in (raw or {}).items():
        name = key.decode()
        if name in TABLE_KEYS or name.startswith("ARROW:"):
            continue
        text = value.decode()
        decoded[name] = json.loads(text) if name in JSON_KEYS else text
    return decoded
