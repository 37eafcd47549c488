"""Citations of acts: ``D.G.R. XI/2398 del 11/11/2019``, ``Decreto ATS n. 247/DGi``, ``nota del …``.

The pages cite the acts behind each step of the programme in a handful of shapes: an abbreviation
or a word for the kind, a number as written (with a legislature ``XI/`` or an office suffix
``/DGi``), then a year after a slash (``381/2010``, ``5755/21``) or a date after ``del``.
:func:`parse_act_reference` reads one citation; :func:`find_act_references` pulls every citation
out of a paragraph, including lists like "DGR 381/2010 e 1576/2011" where the second number
inherits the kind of the first.
"""

from __future__ import annotations

import re

import attrs

from conciliazione.errors import ParseError
from conciliazione.model.act import ActKind
from conciliazione.parsing.dates import MONTHS, parse_fuzzy_date
from conciliazione.parsing.text import normalize_text
from conciliazione.vague import FuzzyDate

__all__ = ["ActReference", "find_act_references", "parse_act_reference"]


@attrs.frozen
class ActReference:
    """One act as a page cites it, before it is resolved to an :class:`~conciliazione.model.Act`.

    ``number`` is kept as written (``XI/2398``, ``101/DGi``), without the year that follows a
    slash; ``date`` has the precision the citation gives (a day after ``del``, a year after a
    slash); ``issuer_hint`` is the words that name the issuer, when the citation has some
    (``Direttore Generale``, ``ATS``, ``Direzione Generale``); ``text`` is the citation as written.
    """

    kind: ActKind
    number: str | None
    date: FuzzyDate | None
    issuer_hint: str | None
    text: str

    @property
    def year(self) -> int | None:
        """The year of the act, when the citation gives one (for :func:`make_act_id`)."""
        return None if self.date is None else self.date.value.year


_KIND = "act reference"

_APOSTROPHE = "['’]"
_DIRETTORE = rf"del(?:l{_APOSTROPHE}\s?|\s+)Direttore\s+Generale"
_DELL_ATS = rf"(?:ATS|dell{_APOSTROPHE}\s?ATS)"
_HEAD = (
    r"(?<![\w.])(?P<head>"
    r"D(?:\.\s?)?G(?:\.\s?)?R\b\.?"  # D.G.R., DGR
    r"|D(?:\.\s?)?d(?:\.\s?)?(?:u(?:\.\s?)?o|s|g)\b\.?"  # D.d.u.o., D.d.s., D.d.g.
    r"|L\.\s?R\b\.?|LR\b"  # L.R.
    r"|legge\s+regionale"
    r"|nota(?:\s+regionale)?(?:\s+prot(?:ocollo)?\.?)?"
    r"|decreto(?:\s+(?:attuativo|regionale|dirigenziale|direttoriale|"
    + _DELL_ATS
    + "|"
    + _DIRETTORE
    + "))?"
    r"|delibera(?:zione)?(?:\s+(?:(?:di|della)\s+Giunta\s+Regionale|"
    + _DELL_ATS
    + "|"
    + _DIRETTORE
    + "))?"
    r")(?!\w)"
)
_PREFIX = r"(?P<prefix>n(?:r|um)?\.\s*|n[°º]\s*|numero\s+|n\s+)"
_NUMBER = (
    r"(?P<number>(?-i:[IVXLCDM]{1,6})\s?/\s?[0-9]{1,6}"
    r"|[0-9]{1,6}(?:/[A-Za-z]{1,8}(?![\w]))?)"
    r"(?:/(?P<year>[0-9]{4}|[0-9]{2})(?![0-9]))?"
)
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = (
    r"(?P<date>[0-9]{1,2}\s?(?P<dsep>[./-])\s?[0-9]{1,2}\s?(?P=dsep)\s?[0-9]{4}"
    r"|[0-9]{1,2}(?:°|º)?\s+(?:" + _MONTH_NAMES + r")\.?\s+[0-9]{4}"
    r"|(?:" + _MONTH_NAMES + r")\s+[0-9]{4}"
    r"|[0-9]{4})(?![0-9])"
)
_DATE_PART = (
    r"(?:\s*,\s*|\s+)(?:(?:del|in\s+data|datat[ao])\s+|dell" + _APOSTROPHE + r"\s?)" + _DATE
)
_FLAGS = re.IGNORECASE

_REFERENCE = re.compile(
    _HEAD + r"(?:\s*" + _PREFIX + "?" + _NUMBER + ")?" + "(?:" + _DATE_PART + ")?", _FLAGS
)
_CONTINUATION = re.compile(
    r"(?:\s*,\s*|\s+(?:e|ed)\s+)" + _PREFIX + "?" + _NUMBER + "(?:" + _DATE_PART + ")?", _FLAGS
)
_BARE = re.compile(_PREFIX + "?" + _NUMBER + "(?:" + _DATE_PART + ")?", _FLAGS)
_TAIL = re.compile(
    r"[\s,]*(?:(?:della|dalla|la|di|da)\s+|(?:dell|dall)" + _APOSTROPHE + r"\s?)"
    r"(?P<issuer>Direzione\s+Generale|Regione(?:\s+Lombardia)?|Giunta\s+Regionale|ATS)(?!\w)",
    _FLAGS,
)
_TRAILING = re.compile(r"[\s.,;:)\]]*")
_REGIONAL_ISSUERS = ("direzione generale", "regione", "regione lombardia", "giunta regionale")


def _expand_year(text: str, written: str) -> int:
    year = int(written)
    if len(written) == 2:
        return 2000 + year if year < 70 else 1900 + year
    if not 1900 <= year <= 2099:
        raise ParseError(_KIND, text, f"{written} is not a plausible year for an act")
    return year


def _classify(
    head: str, tail_issuer: str | None, default_issuer_is_ats: bool
) -> tuple[ActKind, str | None]:
    """The kind of act a citation's head words name, and the words that name its issuer."""
    words = " ".join(head.casefold().replace("’", "'").split())
    compact = re.sub(r"[\s.]", "", words)
    regional_tail = tail_issuer is not None and tail_issuer.casefold() in _REGIONAL_ISSUERS
    if compact == "dgr" or "giunta" in words:
        return ActKind.DGR, ("Giunta Regionale" if "giunta" in words else None)
    if compact in ("dduo", "dds", "ddg"):
        return ActKind.REGIONAL_DECREE, None
    if compact == "lr" or words.startswith("legge"):
        return ActKind.REGIONAL_LAW, None
    if words.startswith("nota"):
        return ActKind.REGIONAL_NOTE, tail_issuer
    is_decree = words.startswith("decreto")
    if "direttore generale" in words:
        if is_decree and not default_issuer_is_ats:
            return ActKind.REGIONAL_DECREE, "Direttore Generale"
        return ActKind.DG_RESOLUTION, "Direttore Generale"
    if words.endswith("ats"):
        return (ActKind.ATS_DECREE if is_decree else ActKind.DG_RESOLUTION), "ATS"
    if any(q in words for q in ("attuativo", "regionale", "dirigenziale", "direttoriale")):
        return ActKind.REGIONAL_DECREE, None
    if regional_tail:
        return (ActKind.REGIONAL_DECREE if is_decree else ActKind.DGR), tail_issuer
    if tail_issuer is not None:  # "... dell'ATS"
        return (ActKind.ATS_DECREE if is_decree else ActKind.DG_RESOLUTION), tail_issuer
    if is_decree:
        return (ActKind.ATS_DECREE if default_issuer_is_ats else ActKind.REGIONAL_DECREE), None
    return (ActKind.DG_RESOLUTION if default_issuer_is_ats else ActKind.DGR), None


def _number_and_date(match: re.Match[str], text: str) -> tuple[str | None, FuzzyDate | None]:
    number = match["number"]
    if number is not None:
        number = re.sub(r"\s*/\s*", "/", number)
    date: FuzzyDate | None = None
    if match["date"] is not None:
        try:
            date = parse_fuzzy_date(" ".join(match["date"].split()))
        except ParseError as exc:
            raise ParseError(_KIND, text, f"bad date {match['date']!r}: {exc.reason}") from exc
        if match["year"] is not None and _expand_year(text, match["year"]) != date.value.year:
            raise ParseError(
                _KIND, text, f"the year after the number ({match['year']}) is not the date's year"
            )
    elif match["year"] is not None:
        date = FuzzyDate.year(_expand_year(text, match["year"]), text=match["year"])
    if number is None and date is None:
        raise ParseError(_KIND, text, "a citation needs a number or a date")
    return number, date


def _tail_issuer(text: str, pos: int) -> str | None:
    """The issuer named right after a citation ("… la Direzione Generale …"), if any."""
    tail = _TAIL.match(text, pos)
    return None if tail is None else " ".join(tail["issuer"].split())


def parse_act_reference(
    text: str, *, default_issuer_is_ats: bool = True, default_kind: ActKind | None = None
) -> ActReference:
    """One citation of an act, read into its kind, number, date and issuer words.

    Why: plans, calls and allocations point at the acts that approved them, and an id for an
    act (:func:`~conciliazione.model.act.make_act_id`) needs its kind, number and year in a
    stable form whatever the spelling (``D.G.R.``/``DGR``, ``n.``, ``/21`` or ``del 11.11.2019``).

    Kinds: ``D.G.R.``/``delibera di Giunta Regionale`` → DGR; ``D.d.u.o.``/``D.d.s.``/``D.d.g.``,
    ``Decreto attuativo``/``regionale``, or a decree followed by "la Direzione Generale …" →
    REGIONAL_DECREE; ``legge regionale``/``L.R.`` → REGIONAL_LAW; ``nota`` → REGIONAL_NOTE;
    ``Decreto ATS`` → ATS_DECREE; ``deliberazione``/``Decreto del Direttore Generale`` →
    DG_RESOLUTION. ``default_issuer_is_ats`` says whose a bare "Decreto n. …" is (and a "Decreto
    del Direttore Generale"): the citing ATS's (the default, right on ATS pages) or the Region's.
    ``default_kind`` lets a bare number (``n.4683/22``, the second item of a list) be read with
    the kind of the item before it; without it a bare number raises.

    A two-digit year after the slash is 20xx below 70 and 19xx otherwise. Anything but one
    citation (optionally followed by the issuer, "della Direzione Generale …") raises
    :class:`~conciliazione.errors.ParseError`; use :func:`find_act_references` for prose.

    >>> ref = parse_act_reference("D.G.R. XI/2398 del 11/11/2019")
    >>> ref.kind, ref.number, str(ref.date)
    (<ActKind.DGR: 'dgr'>, 'XI/2398', '2019-11-11')
    >>> ref = parse_act_reference("D.G.R. 5755/21")
    >>> ref.number, str(ref.date), ref.date.precision
    ('5755', '2021', <DatePrecision.YEAR: 'year'>)
    >>> parse_act_reference("Decreto ATS n. 247/DGi del 28/05/2020").kind
    <ActKind.ATS_DECREE: 'ats_decree'>
    """
    written = text.strip()
    cleaned = normalize_text(text)
    match = _REFERENCE.match(cleaned)
    if match is not None:
        issuer = _tail_issuer(cleaned, match.end())
        if issuer is None and _TRAILING.fullmatch(cleaned, match.end()) is None:
            raise ParseError(_KIND, text, "more than one citation, or words after it")
        number, date = _number_and_date(match, text)
        kind, hint = _classify(match["head"], issuer, default_issuer_is_ats)
        return ActReference(kind, number, date, hint, written)
    if default_kind is not None:
        bare = _BARE.fullmatch(cleaned.rstrip(".,;:)] "))
        if bare is not None:
            number, date = _number_and_date(bare, text)
            return ActReference(default_kind, number, date, None, written)
    raise ParseError(_KIND, text, "not a citation of a known kind of act")


def find_act_references(
    text: str, *, default_issuer_is_ats: bool = True, strict: bool = False
) -> list[tuple[int, ActReference]]:
    """Every citation of an act in a piece of prose, with the offset where it starts.

    Why: plugins must collect every act a page cites ("con D.G.R. n. 2398 del 11/11/2019 …
    con successivo decreto n. 486 …") without writing one regular expression per page. The
    offsets index ``text`` as given, and each reference's ``text`` is ``text[offset:offset +
    len(ref.text)]`` (non-breaking spaces and all). In a list ("DGR 381/2010 e 1576/2011",
    "D.d.u.o. n. 18414/21 e n.4683/22") the later numbers inherit the kind of the first; they
    need a year or a date so that "e 5 progetti" is not taken for an act. A decree followed by
    "la Direzione Generale …" is the Region's. ``default_issuer_is_ats`` is as for
    :func:`parse_act_reference`.

    A citation that looks like one but cannot be read (an impossible date, a year after the
    number that disagrees with the date) is skipped, or raises
    :class:`~conciliazione.errors.ParseError` when ``strict`` is true. Words like "al decreto"
    with neither number nor date are not citations and are never reported.

    >>> prose = "previsti (DGR 381/2010 e 1576/2011), rilanciata con la DGR n. 1081 del 12/12/2013"
    >>> [(at, ref.kind.value, ref.number, str(ref.date)) for at, ref in find_act_references(prose)]
    [(10, 'dgr', '381', '2010'), (25, 'dgr', '1576', '2011'), (55, 'dgr', '1081', '2013-12-12')]
    """
    found: list[tuple[int, ActReference]] = []
    pos = 0
    while True:
        match = _REFERENCE.search(text, pos)
        if match is None:
            return found
        pos = match.end()
        if match["number"] is None and match["date"] is None:
            continue
        try:
            number, date = _number_and_date(match, match[0])
        except ParseError:
            if strict:
                raise
            continue
        issuer = _tail_issuer(text, match.end())
        kind, hint = _classify(match["head"], issuer, default_issuer_is_ats)
        found.append((match.start(), ActReference(kind, number, date, hint, match[0])))
        while (more := _CONTINUATION.match(text, pos)) is not None:
            if more["year"] is None and more["date"] is None:
                break
            pos = more.end()
            start = more.start("prefix" if more["prefix"] is not None else "number")
            written = text[start : more.end()]
            try:
                number, date = _number_and_date(more, written)
            except ParseError:
                if strict:
                    raise
                continue
            found.append((start, ActReference(kind, number, date, hint, written)))
