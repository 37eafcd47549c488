"""Italian amounts and counts: ``48.834,00`` euro, ``n. 398``, ``sei``.

Italian writes ``.`` between thousands and ``,`` before decimals, the opposite of Python. A lax
parser reads ``25.00`` as two thousand five hundred, so amounts go through babel's *strict*
parser, which refuses any string whose grouping does not fit the locale. Amounts are
:class:`~decimal.Decimal`, never ``float``: they are money and must add up to the cent.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from conciliazione.errors import ParseError
from conciliazione.parsing.text import normalize_text

__all__ = ["format_amount", "parse_amount", "parse_count"]

_LOCALE = "it_IT"

_AMOUNT = re.compile(
    r"(?:(?:euro|eur|€)\s*)?"
    r"(?P<number>-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?)"
    r"(?:\s*(?:euro|eur|€))?",
    re.IGNORECASE,
)
_CURRENCY_TWICE = re.compile(r"^\s*(?:euro|eur|€).*(?:euro|eur|€)\s*$", re.IGNORECASE)


def parse_amount(text: str) -> Decimal:
    """An Italian-formatted amount of money as a :class:`~decimal.Decimal`.

    Why: the pages give the regional allocations as ``euro 48.834,00``; reading them with
    ``float`` or an English parser would be wrong by a factor of a thousand or a cent. Accepts
    an optional ``euro``/``EUR``/``€`` before *or* after the number, ``.`` as thousands separator
    (in groups of three only) and ``,`` before the decimals, using babel's strict it_IT parser.
    ``25.00`` is refused rather than read as 2500.

    >>> parse_amount("euro 48.834,00")
    Decimal('48834.00')
    >>> parse_amount("2.800.000")
    Decimal('2800000')
    >>> parse_amount("25.00")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    conciliazione.errors.ParseError: cannot read amount from '25.00': not an Italian-...
    """
    cleaned = normalize_text(text)
    match = _AMOUNT.fullmatch(cleaned)
    if match is None or _CURRENCY_TWICE.match(cleaned):
        raise ParseError("amount", text, "not an Italian-formatted amount")
    try:
        value = parse_decimal(match["number"], locale=_LOCALE, strict=True)
    except (NumberFormatError, ArithmeticError, ValueError) as exc:
        raise ParseError("amount", text, f"babel refused it: {exc}") from exc
    if not isinstance(value, Decimal) or not value.is_finite():
        raise ParseError("amount", text, "not a finite number")
    return value


def format_amount(value: Decimal) -> str:
    """An amount written the Italian way with two decimals: ``48.834,00``.

    Why: exports and messages should show amounts as the pages do, and what this writes
    :func:`parse_amount` reads back to the same value. Values with more than two decimals are
    rounded to the cent (half to even, babel's rule). A NaN or an infinity cannot be written
    as an amount and raises :class:`~conciliazione.errors.ParseError`.

    >>> format_amount(Decimal("48834"))
    '48.834,00'
    >>> parse_amount(format_amount(Decimal("54260.00")))
    Decimal('54260.00')
    """
    if not isinstance(value, Decimal):
        try:
            value = Decimal(value)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise ParseError("amount", repr(value), "not a decimal number") from exc
    if not value.is_finite():
        raise ParseError("amount", str(value), "not a finite number")
    return str(format_decimal(value, format="#,##0.00", locale=_LOCALE))


_UNITS: dict[str, int] = {
    "zero": 0,
    "un": 1,
    "una": 1,
    "uno": 1,
    "due": 2,
    "tre": 3,
    "quattro": 4,
    "cinque": 5,
    "sei": 6,
    "sette": 7,
    "otto": 8,
    "nove": 9,
    "dieci": 10,
    "undici": 11,
    "dodici": 12,
    "tredici": 13,
    "quattordici": 14,
    "quindici": 15,
    "sedici": 16,
    "diciassette": 17,
    "diciotto": 18,
    "diciannove": 19,
}
_DIGITS: dict[str, int] = {
    w: v for w, v in _UNITS.items() if 1 <= v <= 9 and w not in ("un", "una")
}
_TENS: dict[str, int] = {
    "venti": 20,
    "trenta": 30,
    "quaranta": 40,
    "cinquanta": 50,
    "sessanta": 60,
    "settanta": 70,
    "ottanta": 80,
    "novanta": 90,
}


def _below_100(word: str) -> int | None:
    if word in _UNITS:
        return _UNITS[word]
    for tens, value in _TENS.items():
        if word == tens:
            return value
        rest = word[len(tens) :] if word.startswith(tens) else None
        if rest in _DIGITS:
            return value + _DIGITS[rest]
        # "ventuno", "trentotto": the tens drop their vowel before "uno" and "otto".
        elided = word[len(tens) - 1 :] if word.startswith(tens[:-1]) else None
        if elided in ("uno", "otto"):
            return value + _DIGITS[elided]
    return None


def _below_1000(word: str) -> int | None:
    if word == "zero":
        return None
    simple = _below_100(word)
    if simple is not None:
        return simple
    at = word.find("cento")
    if at < 0:
        return None
    prefix, suffix = word[:at], word[at + len("cento") :]
    hundreds = 1 if prefix == "" else _DIGITS.get(prefix)
    if hundreds is None or prefix == "uno":
        return None
    if suffix == "":
        return hundreds * 100
    rest = _below_100(suffix)
    if rest is None and suffix.startswith("tt"):  # "centottanta", "centotto"
        rest = _below_100("o" + suffix)
    if rest is None or rest == 0 or suffix in ("un", "una"):
        return None
    return hundreds * 100 + rest


def _words_to_int(word: str) -> int | None:
    if word == "zero":
        return 0
    if word.startswith("mille"):
        rest = word[len("mille") :]
        tail = _below_1000(rest) if rest else 0
        return None if tail is None else 1000 + tail
    at = word.find("mila")
    if at >= 0:
        thousands = _below_1000(word[:at])
        rest = word[at + len("mila") :]
        tail = _below_1000(rest) if rest else 0
        if thousands is None or thousands < 2 or tail is None:
            return None
        return thousands * 1000 + tail
    return _below_1000(word)


_COUNT_PREFIX = re.compile(r"^(?:n\.|nr\.|num\.|n°|nº|numero\s)\s*", re.IGNORECASE)
_COUNT_DIGITS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){1,4}|[0-9]{1,15}")
_COUNT_WORDS = re.compile(r"[a-z]+(?: [a-z]+){0,4}")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_count(text: str) -> int:
    """A whole number written in digits or in Italian words: ``119``, ``n. 398``, ``sei``.

    Why: the pages state counts both ways ("119 soggetti", "sei progetti", "n. 398 Enti") and a
    declared count is checked against the items listed, so both spellings must give the same
    ``int``. Digits may carry Italian thousands dots (``1.250``) and an ``n.``/``nr.`` prefix;
    words are read from ``zero`` up to the hundreds of thousands (``ventotto``, ``cento``,
    ``duemila``), accents optional.

    >>> parse_count("n. 398")
    398
    >>> parse_count("sei")
    6
    >>> parse_count("centoventi")
    120
    """
    cleaned = _COUNT_PREFIX.sub("", normalize_text(text))
    if _COUNT_DIGITS.fullmatch(cleaned):
        return int(cleaned.replace(".", ""))
    words = _strip_accents(cleaned.lower())
    if _COUNT_WORDS.fullmatch(words):
        value = _words_to_int(words.replace(" ", ""))
        if value is not None:
            return value
    raise ParseError("count", text, "neither digits nor an Italian number word")
