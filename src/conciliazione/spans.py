"""Values that remember the words they came from: :class:`Quoted` and :class:`Derived`.

Why: a dataset people can trust value by value needs, for every value, the words of the page
it was read from — or, when the code built the value rather than read it, the rule that built
it and the words it started from (W3C PROV's "was derived from"). The reading primitives
(:mod:`conciliazione.primitives`) return :class:`Quoted` values; a plugin that builds a value
wraps it in :class:`Derived`; :meth:`conciliazione.reading.ReadingBuilder.record` unwraps both
into the record and its evidence rows.

Offsets are character offsets into the text the reader saw (the page after
:func:`~conciliazione.parsing.normalize_text`), so ``text[start:end] == quote`` always holds:
offsets and quote together survive what either alone would not (the Web Annotation model's
position and quote selectors).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

import attrs

__all__ = ["Derived", "Quoted", "derived", "plain"]

T = TypeVar("T")
U = TypeVar("U")


@attrs.frozen
class Quoted(Generic[T]):
    """A value read from the page, with the span of words it was read from.

    >>> q = Quoted("398", 10, 13, "398").map(int)
    >>> (q.value, q.start, q.end, q.quote)
    (398, 10, 13, '398')
    """

    value: T
    start: int
    end: int
    quote: str

    def map(self, parse: Callable[[T], U]) -> Quoted[U]:
        """The same words, read into another value (``quoted.map(parse_amount)``)."""
        return Quoted(parse(self.value), self.start, self.end, self.quote)

    def derive(self, rule: str, build: Callable[[T], U]) -> Derived[U]:
        """A value built from this one by a named rule (``name.derive("kind-from-name", …)``)."""
        return Derived(build(self.value), rule, (self,))


@attrs.frozen
class Derived(Generic[T]):
    """A value the reader built rather than read: by which rule, from which words.

    ``basis`` holds the quoted values it was derived from; it may be empty for a value the
    plugin knows without the page saying it (then the evidence row has no offsets).
    """

    value: T
    rule: str
    basis: tuple[Quoted[Any], ...] = ()


def derived(value: T, rule: str, *basis: Quoted[Any] | None) -> Derived[T]:
    """``Derived(value, rule, basis)``, skipping missing basis values."""
    return Derived(value, rule, tuple(b for b in basis if b is not None))


def plain(value: Any) -> Any:
    """The bare value of a :class:`Quoted`, :class:`Derived` or a plain value (lists too)."""
    if isinstance(value, Quoted | Derived):
        return plain(value.value)
    if isinstance(value, list | tuple):
        return type(value)(plain(v) for v in value)
    return value
