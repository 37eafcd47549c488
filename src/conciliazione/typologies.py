"""The guideline's service typology a page names in its own words.

Why: the pages list the typologies of their plan ("servizi salvatempo (solo a titolo
esemplificativo …)") in words close to, not equal to, the guideline's labels ("servizi salva
tempo"): glosses in parentheses, spaces, accents and punctuation differ. Matching a page's
label to the guideline's is region-wide knowledge, so it lives in the core, next to the
guidelines it reads, rather than in each plugin.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from conciliazione.parsing.text import normalize_text

if TYPE_CHECKING:
    from conciliazione.model import Guideline

__all__ = ["SERVICE_TYPE_MIN_SIMILARITY", "match_service_type"]

SERVICE_TYPE_MIN_SIMILARITY = 0.8
"""How alike a page's label and a guideline label must be (difflib ratio of the compact forms)."""

_GLOSS = re.compile(r"\([^()]*\)")


def _compact(label: str) -> str:
    """A label reduced to its letters and digits, without glosses in parentheses: the pages
    write "salvatempo" and "salva tempo", "nell'ambito di quanto previsto dalla" and
    "nell'ambito della"."""
    without_glosses = _GLOSS.sub(" ", normalize_text(label))
    folded = unicodedata.normalize("NFKD", without_glosses.casefold())
    return "".join(c for c in folded if c.isalnum())


def match_service_type(label: str, guideline: Guideline) -> str | None:
    """The code of the guideline typology a page's label names, or ``None`` if none is close.

    The best match by similarity of the compact forms wins if it is at least
    :data:`SERVICE_TYPE_MIN_SIMILARITY`; a plugin that uses it marks the code derived
    (the page gives the label, not the code).

    >>> from conciliazione.regional import get_guideline
    >>> match_service_type("servizi salvatempo (solo a titolo esemplificativo …);", get_guideline())
    'C'
    >>> match_service_type("orari della biblioteca comunale", get_guideline()) is None
    True
    """
    key = _compact(label)
    best: tuple[float, str] | None = None
    for typology in guideline.service_types:
        matcher = SequenceMatcher(None, key, _compact(typology.label))
        if best is not None and (
            matcher.real_quick_ratio() < best[0] or matcher.quick_ratio() < best[0]
        ):
            continue  # ratio() is at most either bound: it cannot beat the best so far
        scored = (matcher.ratio(), typology.code)
        best = scored if best is None else max(best, scored)
    if best is None:
        return None
    score, code = best
    return code if score >= SERVICE_TYPE_MIN_SIMILARITY else None
