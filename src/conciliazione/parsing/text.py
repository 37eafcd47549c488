"""Text clean-up shared by every parser: normalization, slugs, and a guess at what a body is.

The pages are published HTML turned into text: they carry non-breaking spaces, curly quotes and
doubled spaces that make two spellings of the same string compare unequal. Every parser in this
package runs its input through :func:`normalize_text` first, so callers may pass text as copied.
"""

from __future__ import annotations

import re
import unicodedata

from conciliazione.errors import ParseError
from conciliazione.model.organization import OrganizationKind

__all__ = ["guess_category_kind", "guess_organization_kind", "normalize_text", "slugify"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u201f": '"',  # ‟
        "\u2033": '"',  # ″
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
    }
)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
"""Soft hyphens, zero-width spaces and joiners, word joiners and byte-order marks."""
_SPACES = re.compile(r"[^\S\r\n\f\v\u2028\u2029\x1c\x1d\x1e\x85]+")
"""Runs of horizontal white space (tabs, non-breaking and other Unicode spaces); not newlines."""
_AROUND_NEWLINES = re.compile(r" ?(\r\n|[\n\r\f\v\x1c-\x1e\x85\u2028\u2029]) ?")


def normalize_text(text: str) -> str:
    """Text in one canonical spelling, so that copies of the same words compare equal.

    Why: the pages mix non-breaking spaces, curly quotes and composed/decomposed accents; a
    regular expression or a dictionary key written with plain characters would miss them. The
    result is NFC, has straight quotes, no invisible characters, single spaces (newlines are
    kept, since bullets and lines carry meaning, without spaces around them) and no white space
    at either end.

    >>> normalize_text("Decreto\\u00a0 n.\\u00a0101 \\u201cDocumento\\u201d dell\\u2019ATS ")
    'Decreto n. 101 "Documento" dell\\'ATS'
    """
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text).translate(_QUOTES))
    return unicodedata.normalize("NFC", _AROUND_NEWLINES.sub(r"\1", text).strip())


def slugify(text: str) -> str:
    """An ASCII, lower-case, hyphen-separated slug of ``text``, to build stable ids from names.

    Why: ids must survive URLs, file names and SQL without quoting, and must not change when a
    page swaps ``à`` for ``a'``. Accents are dropped (``Città`` → ``citta``), every other run of
    non-alphanumerics becomes one hyphen. Raises :class:`~conciliazione.errors.ParseError` when
    nothing is left, since an empty id would collide with every other empty id.

    >>> slugify("ATS della Città Metropolitana di Milano")
    'ats-della-citta-metropolitana-di-milano'
    >>> slugify("Palazzolo sull\\u2019Oglio")
    'palazzolo-sull-oglio'
    """
    decomposed = unicodedata.normalize("NFKD", normalize_text(text))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^0-9a-z]+", "-", ascii_text).strip("-")
    if not slug:
        raise ParseError("slug", text, "no letters or digits to build an id from")
    return slug


# Each rule: (kind, pattern). Acronyms are matched case-sensitively (so "IC" is not "ic" inside a
# word), words case-insensitively. Order matters: the first rule that matches wins.
_I = re.IGNORECASE


def _rx(pattern: str, flags: int = _I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


_ORGANIZATION_RULES: tuple[tuple[OrganizationKind, tuple[re.Pattern[str], ...]], ...] = (
    (
        OrganizationKind.UNION,
        (
            _rx(r"\b(?:CGIL|CISL|UIL|UGL|USB|CUB)\b", 0),
            _rx(r"\bsindacal|\bsindacat"),
        ),
    ),
    (
        OrganizationKind.EMPLOYER_ASSOCIATION,
        (
            _rx(
                r"\bconf(?:commercio|artigianato|industria|esercenti|cooperative|agricoltura"
                r"|professioni|api)\b"
            ),
            _rx(r"\b(?:coldiretti|assolombarda|legacoop|apindustria|ascom)\b"),
            _rx(r"\bCNA\b", 0),
            _rx(r"\bassociazion[ei]\b.*\bdatorial[ei]\b"),
            _rx(r"\bassociazion[ei]\s+(?:degli\s+|di\s+|delle\s+)?(?:industriali|artigian[ie])\b"),
            _rx(r"\bunione\s+(?:del\s+)?(?:commercio|commercianti|artigiani|industriali)\b"),
        ),
    ),
    (
        OrganizationKind.TERRITORIAL_DISTRICT,
        (
            _rx(r"\bambit[oi]\s+(?:territorial[ei]|distrettual[ei])\b"),
            _rx(r"\bpian[oi]\s+di\s+zona\b"),
            _rx(r"\bufficio\s+di\s+piano\b"),
        ),
    ),
    (
        OrganizationKind.EDUCATION,
        (
            _rx(r"\b(?:IC|IIS|ITIS|ITC|CFP|ENAIP|CPIA)\b", 0),
            _rx(r"\bistitut[oi]\s+(?:comprensiv[oi]|superior[ei]|tecnic[oi]|professional[ei])"),
            _rx(r"\bistitut[oi]\s+di\s+istruzione\b"),
            _rx(r"\buniversit(?:à|a'|a)(?!\w)"),
            _rx(r"\bscuol[ae]\b|\bliceo\b|\bpolitecnico\b"),
            _rx(r"\bafol\b"),
            _rx(r"\bcentr[oi]\s+di\s+formazione\b|\bformazione\s+professionale\b"),
        ),
    ),
    (
        OrganizationKind.PUBLIC_BODY,
        (
            _rx(r"\b(?:ASST|ATS|ASL|CM|ALER|CCIAA|INPS|INAIL)\b", 0),
            _rx(r"\bcomun(?:e|i)\s+di\b"),
            _rx(r"\bcomunit(?:à|a'|a)\s+montan[ae]\b"),
            _rx(r"\bunione\s+(?:dei\s+)?comuni\b"),
            _rx(r"\bprovinci[ae]\b"),
            _rx(r"\bcitt(?:à|a'|a)\s+metropolitana\b"),
            _rx(r"\bazienda\s+speciale\b"),
            _rx(r"\bazienda\s+(?:socio[\s-]+)?sanitaria\b|\bazienda\s+ospedaliera\b"),
            _rx(r"\bcamer[ae]\s+di\s+commercio\b"),
            _rx(r"\bconsiglier[ae]\s+(?:di\s+|della\s+)?parit(?:à|a'|a)(?!\w)"),
            _rx(r"\bregione\b|\bprefettura\b"),
        ),
    ),
    (
        OrganizationKind.NON_PROFIT,
        (
            _rx(r"\b(?:APS|ODV|ETS|ONLUS)\b", 0),
            _rx(r"\bonlus\b|\bcoop\b|\bcooperativ[ae]\b|\bimpresa\s+sociale\b"),
            _rx(r"\bsol\.\s?co\b"),
            _rx(r"\bassociazion[ei]\b|\bfondazion[ei]\b"),
            _rx(r"\bparrocchia\b|\boratorio\b|\bcaritas\b|\bvolontariato\b"),
        ),
    ),
    (
        OrganizationKind.COMPANY,
        (
            _rx(r"\bs\.?\s?p\.?\s?a\b\.?"),
            _rx(r"\bs\.?\s?r\.?\s?l\b\.?(?:\s?s\b\.?)?"),
            _rx(r"\bs\.\s?n\.\s?c\b\.?|\bs\.\s?a\.\s?s\b\.?"),
        ),
    ),
)

_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _guess(name: str) -> OrganizationKind | None:
    for kind, patterns in _ORGANIZATION_RULES:
        if any(p.search(name) for p in patterns):
            return kind
    return None


def guess_organization_kind(name: str) -> OrganizationKind | None:
    """A heuristic guess at the kind of a body from its Italian name; ``None`` when unsure.

    Why: the pages list member and lead bodies by name only ("Comune di Niardo", "IC Darfo",
    "Coop. Forme"), and the network's categories are a useful summary. This is a *heuristic* on
    words of the name, not a fact from the source: ATS plugins that know better (from a table
    column, a category heading) may override it, and should when the page states the category.

    The first matching family wins, in this order: unions, employer associations, territorial
    districts, education, public bodies, non-profit, companies. A parenthetical gloss is only
    used when the name outside it says nothing, so "Comune di Magnago (Ambito territoriale Alto
    Milanese)" is the municipality, not the district.

    >>> guess_organization_kind("Comune di Tirano")
    <OrganizationKind.PUBLIC_BODY: 'public_body'>
    >>> guess_organization_kind("Spazio Aperto Servizi Soc. Coop. Soc. Onlus")
    <OrganizationKind.NON_PROFIT: 'non_profit'>
    >>> guess_organization_kind("Mario Rossi") is None
    True
    """
    cleaned = normalize_text(name)
    outside = _PARENTHESES.sub(" ", cleaned)
    kind = _guess(outside)
    if kind is None:
        for inside in _PARENTHESES.findall(cleaned):
            kind = _guess(inside)
            if kind is not None:
                break
    return kind


_CATEGORY_RULES: tuple[tuple[OrganizationKind, re.Pattern[str]], ...] = (
    (
        OrganizationKind.TERRITORIAL_DISTRICT,
        _rx(r"\bambit[oi]\b|\bpian[oi]\s+di\s+zona\b"),
    ),
    (
        OrganizationKind.NON_PROFIT,
        _rx(
            r"\bnon?[\s-]?profit\b|\bterzo\s+settore\b|\bcooperazione\s+sociale\b"
            r"|\bimpres[ae]\s+social[ei]\b|\bassociazionismo\b|\bvolontariato\b"
        ),
    ),
    (
        OrganizationKind.PUBLIC_BODY,
        _rx(
            r"(?<![\w.])P\.\s?A\b|\bpubblic|\bprovince\b|\bcomuni\b|\benti\s+locali\b"
            r"|\baziende\s+(?:speciali|sanitarie|socio|ospedaliere)\b"
        ),
    ),
    (
        OrganizationKind.EMPLOYER_ASSOCIATION,
        _rx(r"\bassociazion[ei]\s+di\s+categoria\b|\bdatorial"),
    ),
    (OrganizationKind.UNION, _rx(r"\bsindacal|\bsindacat")),
    (
        OrganizationKind.COMPANY,
        _rx(r"\b(?:MPMI|PMI)\b|\bimpres[ae]\b|\baziende\b|\bprofit\b"),
    ),
)
"""Words of member-category labels, first match wins: collective and plural forms ("Province",
"Cooperazione sociale", "P.A.", "MPMI profit", "associazioni di categoria") that the name
heuristic, written for the names of single bodies, does not know or reads otherwise. Districts
come before public bodies ("Soggetti pubblici (Ambiti territoriali)"), non-profits before
companies ("Organizzazioni No Profit"), public bodies before companies ("Enti Locali, Aziende
speciali")."""


def guess_category_kind(label: str) -> OrganizationKind | None:
    """A guess at the kind of body a network's member category stands for; ``None`` if unsure.

    Why: the pages summarize a network by categories of members ("Regione, ATS, Province, …",
    "P.A., Terzo settore, associazioni di categoria, …", "Soggetti privati (Aziende)"). A
    category is a heading, not a body's name: it is plural or collective, and a few of its
    words mean something else in a name ("associazioni di categoria" are employers'
    associations, not the non-profit an "Associazione …" is). Category words are read first,
    then :func:`guess_organization_kind` decides ("Sindacati", "Camere di Commercio"). A
    heuristic like that one: a plugin that knows better from its page should say so.

    >>> guess_category_kind("Province")
    <OrganizationKind.PUBLIC_BODY: 'public_body'>
    >>> guess_category_kind("associazioni di categoria")
    <OrganizationKind.EMPLOYER_ASSOCIATION: 'employer_association'>
    >>> guess_category_kind("Soggetti privati (Organizzazioni No Profit)")
    <OrganizationKind.NON_PROFIT: 'non_profit'>
    >>> guess_category_kind("Sindacati")
    <OrganizationKind.UNION: 'union'>
    >>> guess_category_kind("cittadini") is None
    True
    """
    cleaned = normalize_text(label)
    for kind, pattern in _CATEGORY_RULES:
        if pattern.search(cleaned):
            return kind
    return guess_organization_kind(cleaned)
