"""Small Markdown helpers shared by the page generators.

The generators write MyST Markdown that the reference pages ``{include}``. Text coming from the
code (descriptions, help strings) is prose, so it is escaped — except inside backtick spans,
which authors use for code and which must stay code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

GENERATED_NOTICE = "<!-- Generated at build time by docs/_ext/{module}.py from the code. -->"

_SPECIALS = re.compile(r"([\\*_\[\]<>|#~$])")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)


class GenerationError(RuntimeError):
    """A page could not be generated: the build must fail rather than publish a hollow page."""


def escape(text: str) -> str:
    """Escape Markdown specials outside backtick code spans; join lines into one paragraph."""
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_SPECIALS.sub(r"\\\1", text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_SPECIALS.sub(r"\\\1", text[pos:]))
    return " ".join("".join(out).split())


def code(text: str) -> str:
    """An inline code span that survives backticks in the text."""
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table. Cells are Markdown already; a ``|`` not yet escaped (in a code span, say)
    is escaped here, which GFM tables require even inside code."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def _cell(text: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", text.replace("\n", " "))


def paragraphs(text: str) -> list[str]:
    """Prose split on blank lines, each paragraph escaped, separated by blank lines."""
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    out: list[str] = []
    for block in blocks:
        out.extend([escape(block), ""])
    return out
