"""An act the page names by the document it adopted, without citing it
(:meth:`conciliazione.reading.ReadingBuilder.named_act`): its guessed kind stays marked as
a guess, and every value of it keeps its words."""

from __future__ import annotations

from conciliazione.documents import document_from_bytes
from conciliazione.model import ActKind
from conciliazione.parsing import parse_act_reference, parse_fuzzy_date
from conciliazione.primitives import PageText
from conciliazione.reading import ReadingBuilder
from conciliazione.spans import derived
from conciliazione.vague import FuzzyDate

TEXT = (
    "ATS ha approvato, nel primo semestre 2020, il Documento di indirizzo ed ha emanato "
    "l'Avviso pubblico; il Piano è approvato con deliberazione del Direttore Generale "
    "n. 390 del 29/05/2020."
)


def _read() -> tuple[ReadingBuilder, PageText]:
    document = document_from_bytes("p.txt", TEXT.encode())
    return ReadingBuilder.for_document(document, ats_id="milano"), PageText.of(document)


def _named(out: ReadingBuilder, page: PageText, words: str) -> str:
    hit = page.search(words)
    assert hit is not None
    when = page.search(r"nel\s+primo\s+semestre\s+2020")
    assert when is not None
    kind = derived(ActKind.DG_RESOLUTION, "act-kind-of-adopted-document", hit.whole)
    date = when.whole.map(parse_fuzzy_date)
    return out.named_act(hit.whole, kind, date=date, discriminator=words.split()[0]).value


def test_the_act_has_the_title_date_and_guessed_kind() -> None:
    out, page = _read()
    act_id = _named(out, page, "Documento di indirizzo")
    (act,) = out.build().dataset.acts
    assert act_id == act.act_id == "milano:dg_resolution:s-n:2020:documento"
    assert (act.kind, act.number, act.issuer) == (ActKind.DG_RESOLUTION, None, "milano")
    assert act.title == "Documento di indirizzo"
    assert act.date == FuzzyDate.half_year(2020, 1)


def test_the_kind_and_issuer_are_marked_derived_and_the_title_quoted() -> None:
    out, page = _read()
    _named(out, page, "Documento di indirizzo")
    reading = out.build()
    rows = {e.field: e for e in reading.dataset.evidence if e.entity == "act"}
    assert rows["kind"].derivation == "act-kind-of-adopted-document"
    assert rows["issuer"].derivation == "act-issuer-from-kind"
    assert (rows["title"].quote, rows["title"].derivation) == ("Documento di indirizzo", None)
    assert rows["date"].quote == "nel primo semestre 2020"
    for row in rows.values():
        assert row.start is not None
        assert row.end is not None
        assert reading.text[row.start : row.end] == row.quote


def test_named_and_cited_acts_are_added_once_in_call_order() -> None:
    out, page = _read()
    citation = page.acts()[0]
    assert citation.value == parse_act_reference(citation.quote)
    out.act(citation)
    _named(out, page, "Documento di indirizzo")
    _named(out, page, "Avviso pubblico")
    _named(out, page, "Documento di indirizzo")
    assert [a.act_id for a in out.build().dataset.acts] == [
        "milano:dg_resolution:390:2020",
        "milano:dg_resolution:s-n:2020:documento",
        "milano:dg_resolution:s-n:2020:avviso",
    ]
