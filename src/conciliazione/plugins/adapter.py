"""What an ATS plugin registers: one :class:`AtsAdapter` that declares everything about it.

Why one object: the host needs six things from a plugin — its ATS, its built-in pages, how it
recognises a page, how it reads one, its rules and its register layouts — and a plugin author
should write them down in one place, as data, rather than as six hook functions repeated in
every plugin. The adapter names its reader, rules and layouts as ``"module:function"`` strings
(imported on first use, so listing plugins stays cheap) or as callables.

This module imports nothing heavy (no pydantic, no pyarrow): the host reads adapters to list
plugins without importing the model.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from conciliazione.documents import Document
    from conciliazione.reading import Reading

__all__ = ["AtsAdapter", "BuiltinPage", "Register", "resolve"]


def _tuple_of(value: Any, kind: type, what: str) -> tuple[Any, ...]:
    """A list or tuple of ``kind`` as a tuple; a lone string or item is refused."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise TypeError(f"{what} must be a list or tuple of {kind.__name__}, not {value!r}")
    items = tuple(value)
    wrong = [v for v in items if not isinstance(v, kind)]
    if wrong:
        raise TypeError(f"{what} must hold {kind.__name__} values, not {wrong[0]!r}")
    return items


def _strings(value: Any) -> tuple[str, ...]:
    return _tuple_of(value, str, "reads")


def _clues(value: Any) -> tuple[str, ...]:
    return _tuple_of(value, str, "clues")


def _pages(value: Any) -> tuple[BuiltinPage, ...]:
    return _tuple_of(value, BuiltinPage, "pages")


@attrs.frozen
class BuiltinPage:
    """A page the plugin ships as package data, and what the plugin reads from it.

    ``reads`` names the entities the reader yields from this page (``"plan"``, ``"project"``):
    the contract suite checks that each gets at least one record. ``address`` is the page's
    public web address when somebody has confirmed it — never a guess.
    """

    name: str
    reads: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    address: str | None = None
    directory: str = "pages"
    text: str | None = None
    """The page's text itself, for a throw-away plugin in a test; a real plugin ships files."""


Hook = str | Callable[..., Any] | None


@attrs.frozen
class AtsAdapter:
    """One ATS plugin, declared.

    - ``ats_id``: one of the eight ids of :func:`conciliazione.all_ats`;
    - ``package`` and ``pages``: the pages shipped as package data (``<package>/pages/…``);
    - ``clues``: regular expressions (case-insensitive) that name the ATS on its pages; a page
      is the plugin's when at least ``min_clues`` of them match — ask for two when the page
      names its ATS oddly, so that one stray mention elsewhere does not claim a page;
    - ``reader``: ``read(page: PageText, out: ReadingBuilder) -> None``;
    - ``rules``: ``register_rules(registry: RuleRegistry) -> None`` (optional);
    - ``layouts``: ``layouts() -> Iterable[RegisterLayout]`` (optional);
    - ``content``: a CSS selector for the element that holds an HTML page's main content, for
      a site where the default (``<main>``, else the only ``<article>``, else ``<body>``)
      takes in menus; text copies are read as they are.
    """

    ats_id: str
    package: str = ""
    pages: tuple[BuiltinPage, ...] = attrs.field(default=(), converter=_pages)
    clues: tuple[str, ...] = attrs.field(default=(), converter=_clues)
    reader: Hook = None
    rules: Hook = None
    layouts: Hook = None
    min_clues: int = 1
    content: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.ats_id, str) or not self.ats_id:
            raise TypeError(f"ats_id must be an ATS id string, not {self.ats_id!r}")
        if not 1 <= self.min_clues <= max(len(self.clues), 1):
            raise ValueError(
                f"min_clues={self.min_clues} but the adapter has {len(self.clues)} clues"
            )
        for clue in self.clues:
            re.compile(clue)

    def recognizes(self, text: str) -> bool:
        """True when at least ``min_clues`` clues match the text (normalized first)."""
        from conciliazione.parsing.text import normalize_text

        text = normalize_text(text)
        found = sum(1 for clue in self.clues if re.search(clue, text, re.IGNORECASE))
        return found >= self.min_clues

    def read_document(self, document: Document) -> Reading:
        """Read one page with the adapter's reader: a builder for the page, the reader run on
        the page's text, the reading built. ``TypeError`` when the reader returns something:
        it adds records to the builder instead."""
        from conciliazione.primitives import PageText
        from conciliazione.reading import ReadingBuilder

        reader = resolve(self.reader, "reader")
        if reader is None:
            raise TypeError("the adapter declares no reader")
        if self.content is not None:
            document = document.with_content(self.content)
        builder = ReadingBuilder.for_document(document, ats_id=self.ats_id)
        returned = reader(PageText.of(document), builder)
        if returned is not None:
            raise TypeError(
                "the reader must add records to its ReadingBuilder and return None, "
                f"not {type(returned).__name__}"
            )
        return builder.build()

    def provides(self) -> tuple[str, ...]:
        """What the adapter provides, for ``conciliazione plugins``."""
        parts = {"pages": bool(self.pages), "reader": self.reader is not None}
        parts |= {"rules": self.rules is not None, "layouts": self.layouts is not None}
        return tuple(name for name, present in parts.items() if present)


Register = Callable[[AtsAdapter], None]
"""The type of the ``register`` callback the host hands to ``conciliazione_register``."""


def resolve(hook: Hook, what: str) -> Callable[..., Any] | None:
    """The callable a hook names: itself, or ``"module:function"`` imported now."""
    if hook is None or callable(hook):
        return hook
    if not isinstance(hook, str) or hook.count(":") != 1:
        raise TypeError(f"{what} must be a callable or 'module:function', not {hook!r}")
    module, _, name = hook.partition(":")
    found = getattr(importlib.import_module(module), name)
    if not callable(found):
        raise TypeError(f"{what} {hook!r} is not callable")
    return found  # type: ignore[no-any-return]
