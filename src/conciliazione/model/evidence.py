"""Evidence: which words of which source a value of a record came from, or how it was built.

One row per value (a list gives one row per item, ``project_ids[2]``; a nested value its path,
``member_categories[0].kind``). ``derivation`` is ``None`` for a value read as written and the
name of the rule that built it otherwise — a constructed title, a kind guessed from a name, a
count computed from a list — with the words it was built from (which may be none).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, model_validator


class Evidence(BaseModel):
    """Where one value of one record came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    entity: str
    """The entity of the record (``"plan"``); the export names its table."""
    record_id: str
    field: str
    """The field, with an index or a nested path where needed (``project_ids[1]``)."""
    source_id: str
    ats_id: str | None = None
    """The ATS of the source (``None`` for the core's region-wide data)."""
    start: int | None = None
    """Offset of the first character of the quote in the text the reader saw."""
    end: int | None = None
    quote: str | None = None
    derivation: str | None = None
    """``None`` when the value was read as written; else the rule that derived it."""
    personal: bool = False
    """True when the words quote personal data: withheld from exports like the data itself."""

    @model_validator(mode="after")
    def _span_is_whole(self) -> Evidence:
        if (self.start is None) != (self.end is None):
            raise ValueError("evidence needs both offsets or neither")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"evidence span ends ({self.end}) before it starts ({self.start})")
        return self
