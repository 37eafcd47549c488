"""The base every model record shares: frozen, strict about unknown fields, and traceable.

Every fact a plugin extracts carries ``source_id``: the :class:`~conciliazione.model.Source` (page
and its update date) it was read from. Region-wide facts shipped with the core carry the id of the
built-in data file instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints


class Record(BaseModel):
    """A model record: one row of one entity, with an id and its provenance."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_enum_values=False)

    entity: ClassVar[str]
    """The entity's name in findings and in the export (``"project"``)."""
    id_field: ClassVar[str]
    """The name of the field that holds the record's id."""

    source_id: str | None = None

    @property
    def record_id(self) -> str:
        """The record's id, whatever the id field is called."""
        value: str = getattr(self, self.id_field)
        return value


def _no_float(value: Any) -> Any:
    """Refuse floats for money: ``0.1 + 0.2`` must never reach an amount."""
    if isinstance(value, float):
        raise ValueError("money must be a Decimal or a string, not a float")
    return value


Money = Annotated[Decimal, BeforeValidator(_no_float)]
"""An amount in euro: a `Decimal`, never a float. Its scale is checked by a rule, not here."""

Identifier = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""A record id: always a string, never empty."""
