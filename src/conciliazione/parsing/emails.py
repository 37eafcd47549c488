"""E-mail addresses, including the ones pages hide from spam robots: ``nome[@]ats-pavia.it``.

Addresses are contact data (and, for named officials, personal data): they are read the same way
whatever the disguise, so that a plugin can record them, or decide not to.
"""

from __future__ import annotations

import re

from conciliazione.errors import ParseError
from conciliazione.parsing.text import normalize_text

__all__ = ["EMAIL_IN_PROSE", "deobfuscate_email", "find_emails"]

_AT_WORDS = r"@|at|chiocciola"
_DOT_WORDS = r"\.|dot|punto"


def _bracketed(words: str) -> str:
    return (
        rf"\[\s?(?:{words})\s?\]|\(\s?(?:{words})\s?\)|\{{\s?(?:{words})\s?\}}|<\s?(?:{words})\s?>"
    )


_AT = re.compile(r"\s?(?:" + _bracketed(_AT_WORDS) + r")\s?", re.IGNORECASE)
_DOT = re.compile(r"\s?(?:" + _bracketed(_DOT_WORDS) + r")\s?", re.IGNORECASE)
_SPELLED_AT = re.compile(r"\s(?:at|chiocciola)\s", re.IGNORECASE)
_SPELLED_DOT = re.compile(r"\s(?:dot|punto)\s", re.IGNORECASE)
_MAILTO = re.compile(r"^mailto:\s?", re.IGNORECASE)

_LOCAL_CHARS = r"[A-Za-z0-9_%+'-]"
_LOCAL = rf"{_LOCAL_CHARS}+(?:\.{_LOCAL_CHARS}+)*"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_ADDRESS = re.compile(rf"(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+[A-Za-z]{{2,63}})")


def deobfuscate_email(text: str) -> str:
    """The plain address behind an obfuscated one: ``ombretta_bonin[@]ats-pavia.it`` → ``…@…``.

    Why: pages disguise addresses as ``name[@]domain``, ``name (at) domain``, ``name[at]domain``
    or ``name [dot] it``, and a contact must be stored in one form. Brackets may be square,
    round, curly or angle; ``chiocciola``/``punto`` are the Italian words; a ``mailto:`` prefix
    is dropped. The result must look like ``local@domain.tld``; its domain is lower-cased (the
    local part is kept, since it may be case-sensitive). Anything else raises
    :class:`~conciliazione.errors.ParseError`.

    >>> deobfuscate_email("ombretta_bonin[@]ats-pavia.it")
    'ombretta_bonin@ats-pavia.it'
    >>> deobfuscate_email("Ufficio.Tempi (at) Comune.Brescia.IT")
    'Ufficio.Tempi@comune.brescia.it'
    """
    cleaned = _MAILTO.sub("", normalize_text(text))
    cleaned = _DOT.sub(".", _AT.sub("@", cleaned))
    if "@" not in cleaned:
        cleaned = _SPELLED_AT.sub("@", cleaned, count=1)
        cleaned = _SPELLED_DOT.sub(".", cleaned)
    match = _ADDRESS.fullmatch(cleaned)
    if match is None:
        raise ParseError("email", text, "not an address of the form local@domain.tld")
    local, domain = match["local"], match["domain"].lower()
    if len(local) > 64 or len(local) + 1 + len(domain) > 254:
        raise ParseError("email", text, "too long for an e-mail address")
    return f"{local}@{domain}"


_FIND_AT = r"(?:\s?(?:" + _bracketed(_AT_WORDS) + r")\s?|@)"
_FIND_DOT = r"(?:\.|\s?(?:" + _bracketed(_DOT_WORDS) + r")\s?)"
_FIND = re.compile(
    rf"(?<![\w.%+'-]){_LOCAL}{_FIND_AT}(?:{_LABEL}{_FIND_DOT})+[A-Za-z]{{2,63}}(?![\w-])",
    re.IGNORECASE,
)

EMAIL_IN_PROSE = _FIND
"""What :func:`find_emails` looks for (plain or disguised addresses), for readers that need
each address's span (:meth:`conciliazione.primitives.PageText.emails`)."""


def find_emails(text: str) -> list[str]:
    """Every e-mail address in a piece of prose, plain or obfuscated, deobfuscated, in order.

    Why: contact paragraphs mix addresses with names, phones and instructions ("togliere
    parentesi [ ] prima di inviare email"), separated by ``;`` or non-breaking spaces. Finds
    plain ``a@b.it`` and bracketed disguises (``[@]``, ``(at)``, ``[dot]`` …); spelled-out
    ``name at domain`` is not looked for in prose, where "at" may be an English word. Each
    address is returned once, as :func:`deobfuscate_email` writes it.

    >>> find_emails("e-mail: ombretta_bonin[@]ats-pavia.it\\u00a0(togliere parentesi [ ]); a@b.it;")
    ['ombretta_bonin@ats-pavia.it', 'a@b.it']
    """
    found: list[str] = []
    for match in _FIND.finditer(normalize_text(text)):
        try:
            address = deobfuscate_email(match[0])
        except ParseError:
            continue
        if address not in found:
            found.append(address)
    return found
