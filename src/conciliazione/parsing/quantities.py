"""Quantities as the pages word them: ``119``, ``un centinaio``, ``quasi cento``, ``circa la metà``.

The qualifier the source puts on a number is part of the fact: "un centinaio di destinatari" is
not 100 people, and "quasi cento aderenti" is not 100 members. Each phrase becomes a
:class:`~conciliazione.vague.Quantity` that keeps its :class:`~conciliazione.vague.Qualifier` and
the phrase as written.
"""

from __future__ import annotations

import re
import unicodedata
from fractions import Fraction

from conciliazione.errors import ParseError
from conciliazione.parsing.numbers import parse_count
from conciliazione.parsing.text import normalize_text
from conciliazione.vague import Qualifier, Quantity

__all__ = ["format_quantity", "parse_fraction_of", "parse_quantity"]

_HEDGES: tuple[tuple[Qualifier, str], ...] = (
    (Qualifier.ABOUT, r"circa|ca\.|all'incirca|approssimativamente|pressappoco|piu o meno"),
    (Qualifier.ABOUT, r"(?:intorno|attorno)\s(?:a|ai|alle|agli)"),
    (Qualifier.ALMOST, r"quasi|pressoche|poco\smeno\sdi|appena\ssotto\s(?:i|le)"),
    (Qualifier.AT_LEAST, r"oltre|almeno|piu\sdi|non\smeno\sdi|minimo|ben\soltre"),
)
_HEDGE = re.compile(
    "^(?:" + "|".join(f"(?P<h{i}>{rx})" for i, (_, rx) in enumerate(_HEDGES)) + r")(?:\s|(?=[0-9]))"
)

_COLLECTIVES: dict[str, int] = {
    "paio": 2,
    "decina": 10,
    "dozzina": 12,
    "quindicina": 15,
    "ventina": 20,
    "trentina": 30,
    "quarantina": 40,
    "cinquantina": 50,
    "sessantina": 60,
    "settantina": 70,
    "ottantina": 80,
    "novantina": 90,
    "centinaio": 100,
    "migliaio": 1000,
}
"""Approximate collective numerals: "una ventina" is about twenty."""
_PLURAL_COLLECTIVES: dict[str, int] = {
    "paia": 2,
    "decine": 10,
    "dozzine": 12,
    "centinaia": 100,
    "migliaia": 1000,
}
_ONE_COLLECTIVE = re.compile(r"(?:un|una|uno)\s(?P<noun>[a-z]+)")
_MANY_COLLECTIVES = re.compile(r"(?P<count>[a-z0-9]+)\s(?P<noun>[a-z]+)")


def _fold(text: str) -> str:
    """Lower case without accents, apostrophes straight: the form the patterns are written in."""
    decomposed = unicodedata.normalize("NFD", normalize_text(text).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _split_hedge(folded: str) -> tuple[Qualifier | None, str]:
    match = _HEDGE.match(folded)
    if match is None:
        return None, folded
    for i, (qualifier, _) in enumerate(_HEDGES):
        if match[f"h{i}"] is not None:
            return qualifier, folded[match.end() :].strip()
    return None, folded  # pragma: no cover - one group always matched


def _core(core: str, text: str) -> tuple[int, Qualifier]:
    one = _ONE_COLLECTIVE.fullmatch(core)
    if one is not None and one["noun"] in _COLLECTIVES:
        return _COLLECTIVES[one["noun"]], Qualifier.ABOUT
    try:
        many = _MANY_COLLECTIVES.fullmatch(core)
        if many is not None and many["noun"] in _PLURAL_COLLECTIVES:
            count = parse_count(many["count"])
            return count * _PLURAL_COLLECTIVES[many["noun"]], Qualifier.ABOUT
        return parse_count(core), Qualifier.EXACT
    except ParseError:
        raise ParseError("quantity", text, "not a number, a count word or 'un centinaio'") from None


def parse_quantity(text: str) -> Quantity:
    """A count with the qualifier the source puts on it.

    Why: beneficiaries and members are often given loosely, and a check like "the parts add up
    to the whole" must know which numbers are loose. Reads a number (digits, ``n. 398``, words
    like ``sei``) as EXACT; ``un centinaio``, ``una decina``, ``una ventina``, ``due centinaia``
    as ABOUT; and a hedge in front overrides that: ``circa``/``intorno ai`` → ABOUT, ``quasi``
    → ALMOST, ``oltre``/``almeno``/``più di`` → AT_LEAST. The result's ``text`` is the phrase as
    written. Fractions ("circa la metà") need the whole: see :func:`parse_fraction_of`.

    >>> parse_quantity("un centinaio")
    Quantity(value=100, qualifier=<Qualifier.ABOUT: 'about'>, text='un centinaio')
    >>> [str(parse_quantity(t)) for t in ("quasi cento", "oltre 50", "119", "una ventina")]
    ['<~100', '>=50', '119', '~20']
    """
    folded = _fold(text)
    hedge, core = _split_hedge(folded)
    if _FRACTION.fullmatch(core) or _PERCENT.fullmatch(core):
        raise ParseError("quantity", text, "a fraction of a whole: use parse_fraction_of")
    value, qualifier = _core(core, text)
    return Quantity(value, hedge or qualifier, text.strip())


_DENOMINATORS: dict[str, int] = {
    "terz": 3,
    "quart": 4,
    "quint": 5,
    "sest": 6,
    "settim": 7,
    "ottav": 8,
    "non": 9,
    "decim": 10,
}
_FRACTION = re.compile(
    r"(?:(?:la|il|i|un|una)\s)?(?:(?P<half>meta)"
    r"|(?P<numerator>[a-z0-9]+)\s(?P<denominator>" + "|".join(_DENOMINATORS) + r")[oi])"
)
_PERCENT = re.compile(
    r"(?:(?:il|l')\s?)?(?P<percent>[0-9]{1,3}(?:,[0-9]{1,2})?)\s?(?:%|per\s?cento)"
)


def _fraction(core: str, text: str) -> Fraction:
    percent = _PERCENT.fullmatch(core)
    if percent is not None:
        share = Fraction(percent["percent"].replace(",", ".")) / 100
        if share > 1:
            raise ParseError("fraction", text, "more than 100 per cent of the whole")
        return share
    match = _FRACTION.fullmatch(core)
    if match is None:
        raise ParseError("fraction", text, "not 'la metà', 'un terzo', 'due terzi' or 'il 30%'")
    if match["half"] is not None:
        return Fraction(1, 2)
    try:
        numerator = parse_count(match["numerator"])
    except ParseError:
        raise ParseError("fraction", text, "the numerator is not a number") from None
    share = Fraction(numerator, _DENOMINATORS[match["denominator"]])
    if numerator == 0 or share > 1:
        raise ParseError("fraction", text, "not a part of the whole")
    return share


def _combine(part: Qualifier, whole: Qualifier) -> Qualifier:
    if part is Qualifier.EXACT:
        return whole
    if whole is Qualifier.EXACT or whole is part:
        return part
    return Qualifier.ABOUT


def parse_fraction_of(text: str, whole: Quantity) -> Quantity:
    """A share of a known whole, like "circa la metà" of about a hundred beneficiaries.

    Why: the pages give parts as fractions of an earlier total ("un centinaio di destinatari,
    di cui circa la metà attraverso il progetto Baby Hub"); the part is only meaningful against
    that total. Reads ``la metà``, ``un terzo``, ``due terzi``, ``tre quarti`` …, ``il 30%``
    or ``30 per cento``, with the same hedges as :func:`parse_quantity`. The value is rounded
    to a whole number (half up). The qualifier is the hedge's, or the whole's when there is no
    hedge (half of "almost 100" is almost 50); two different qualifiers make ABOUT, and so
    does rounding an exact share that does not come out whole.

    >>> parse_fraction_of("circa la metà", parse_quantity("un centinaio"))
    Quantity(value=50, qualifier=<Qualifier.ABOUT: 'about'>, text='circa la metà')
    >>> str(parse_fraction_of("un terzo", Quantity.exact(100)))
    '~33'
    """
    hedge, core = _split_hedge(_fold(text))
    share = _fraction(core, text)
    exact = share * whole.value
    value = int(exact + Fraction(1, 2)) if exact.denominator != 1 else int(exact)
    qualifier = _combine(hedge or Qualifier.EXACT, whole.qualifier)
    if exact.denominator != 1 and qualifier is Qualifier.EXACT:
        qualifier = Qualifier.ABOUT
    return Quantity(value, qualifier, text.strip())


_HEDGE_WORDS: dict[Qualifier, str] = {
    Qualifier.EXACT: "",
    Qualifier.ABOUT: "circa ",
    Qualifier.ALMOST: "quasi ",
    Qualifier.AT_LEAST: "almeno ",
}


def format_quantity(quantity: Quantity) -> str:
    """A quantity written in Italian with digits, which :func:`parse_quantity` reads back.

    Why: messages and exports should keep the source's hedging ("circa 50", not "50"), in the
    language of the pages.

    >>> format_quantity(parse_quantity("quasi cento"))
    'quasi 100'
    """
    return f"{_HEDGE_WORDS[quantity.qualifier]}{quantity.value}"
