"""Values that keep the vagueness of the source: approximate quantities and imprecise dates.

The pages say "un centinaio di destinatari", "quasi cento aderenti", "nel mese di giugno 2020".
Flattening these into ``100`` or ``2020-06-01`` would invent precision the source does not have, so
each value carries its qualifier or precision next to it, and the text as written.
"""

from __future__ import annotations

import calendar
import enum
from datetime import date
from typing import Any

import attrs
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


def _attrs_value_schema(
    cls: type[Any], fields: dict[str, core_schema.CoreSchema]
) -> core_schema.CoreSchema:
    """A pydantic schema for a frozen attrs value: accept an instance or its dict form.

    This lets the pydantic models hold these small attrs values as fields, validate them from
    JSON, and dump them back as plain dicts.
    """
    as_dict = core_schema.typed_dict_schema(
        {
            name: core_schema.typed_dict_field(schema, required=name != "text")
            for name, schema in fields.items()
        }
    )
    from_dict = core_schema.chain_schema(
        [as_dict, core_schema.no_info_plain_validator_function(lambda d: cls(**d))]
    )
    return core_schema.json_or_python_schema(
        json_schema=from_dict,
        python_schema=core_schema.union_schema([core_schema.is_instance_schema(cls), from_dict]),
        serialization=core_schema.plain_serializer_function_ser_schema(
            lambda v: {name: getattr(v, name) for name in fields}, when_used="always"
        ),
    )


class Qualifier(enum.StrEnum):
    """How exact a quantity is, as the source words it."""

    EXACT = "exact"
    """The source gives the number as a fact: "119 soggetti"."""
    ABOUT = "about"
    """Around the number, either side: "un centinaio", "circa la metà"."""
    ALMOST = "almost"
    """Just under the number: "quasi cento"."""
    AT_LEAST = "at_least"
    """The number or more: "oltre 50", "almeno 50"."""


@attrs.frozen(order=False)
class Quantity:
    """A count or amount with the qualifier the source put on it.

    ``text`` is the phrase as written (``"un centinaio"``, ``"119 soggetti"``); ``None`` when
    the value did not come from text (e.g. computed or built by hand).
    """

    value: int = attrs.field(validator=attrs.validators.ge(0))
    qualifier: Qualifier = Qualifier.EXACT
    text: str | None = None

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _attrs_value_schema(
            cls,
            {
                "value": core_schema.int_schema(ge=0),
                "qualifier": core_schema.no_info_after_validator_function(
                    Qualifier, core_schema.str_schema()
                ),
                "text": core_schema.nullable_schema(core_schema.str_schema()),
            },
        )

    @classmethod
    def exact(cls, value: int, text: str | None = None) -> Quantity:
        return cls(value, Qualifier.EXACT, text)

    @property
    def is_exact(self) -> bool:
        return self.qualifier is Qualifier.EXACT

    def __str__(self) -> str:
        prefix = {
            Qualifier.EXACT: "",
            Qualifier.ABOUT: "~",
            Qualifier.ALMOST: "<~",
            Qualifier.AT_LEAST: ">=",
        }[self.qualifier]
        return f"{prefix}{self.value}"


class DatePrecision(enum.StrEnum):
    """How much of a date the source states."""

    DAY = "day"
    MONTH = "month"
    HALF_YEAR = "half_year"
    YEAR = "year"


@attrs.frozen(order=False)
class FuzzyDate:
    """A date known only to some precision.

    ``value`` is the first day of the period the source names (1 June 2020 for "giugno 2020",
    1 January 2020 for "primo semestre 2020"); ``precision`` says how much of it is real. Use
    :attr:`start` and :attr:`end` to compare against other dates without inventing precision.
    """

    value: date
    precision: DatePrecision = DatePrecision.DAY
    text: str | None = attrs.field(default=None, eq=False)

    def __attrs_post_init__(self) -> None:
        v, p = self.value, self.precision
        if p is DatePrecision.MONTH and v.day != 1:
            raise ValueError(f"a month-precision date must be the 1st of the month, got {v}")
        if p is DatePrecision.HALF_YEAR and (v.day != 1 or v.month not in (1, 7)):
            raise ValueError(f"a half-year date must start on 1 January or 1 July, got {v}")
        if p is DatePrecision.YEAR and (v.day, v.month) != (1, 1):
            raise ValueError(f"a year-precision date must be 1 January, got {v}")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return _attrs_value_schema(
            cls,
            {
                "value": core_schema.date_schema(),
                "precision": core_schema.no_info_after_validator_function(
                    DatePrecision, core_schema.str_schema()
                ),
                "text": core_schema.nullable_schema(core_schema.str_schema()),
            },
        )

    @classmethod
    def day(cls, year: int, month: int, day: int, text: str | None = None) -> FuzzyDate:
        return cls(date(year, month, day), DatePrecision.DAY, text)

    @classmethod
    def month(cls, year: int, month: int, text: str | None = None) -> FuzzyDate:
        return cls(date(year, month, 1), DatePrecision.MONTH, text)

    @classmethod
    def half_year(cls, year: int, half: int, text: str | None = None) -> FuzzyDate:
        if half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, got {half}")
        return cls(date(year, 1 if half == 1 else 7, 1), DatePrecision.HALF_YEAR, text)

    @classmethod
    def year(cls, year: int, text: str | None = None) -> FuzzyDate:
        return cls(date(year, 1, 1), DatePrecision.YEAR, text)

    @property
    def start(self) -> date:
        """The earliest day the date can stand for."""
        return self.value

    @property
    def end(self) -> date:
        """The latest day the date can stand for."""
        v = self.value
        match self.precision:
            case DatePrecision.DAY:
                return v
            case DatePrecision.MONTH:
                return date(v.year, v.month, calendar.monthrange(v.year, v.month)[1])
            case DatePrecision.HALF_YEAR:
                return date(v.year, 6, 30) if v.month == 1 else date(v.year, 12, 31)
            case DatePrecision.YEAR:
                return date(v.year, 12, 31)

    def __str__(self) -> str:
        v = self.value
        match self.precision:
            case DatePrecision.DAY:
                return v.isoformat()
            case DatePrecision.MONTH:
                return f"{v.year:04d}-{v.month:02d}"
            case DatePrecision.HALF_YEAR:
                return f"{v.year:04d}-H{1 if v.month == 1 else 2}"
            case DatePrecision.YEAR:
                return f"{v.year:04d}"
