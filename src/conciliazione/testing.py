"""Test kit for ATS plugin authors: fixtures and a contract suite every plugin inherits.

Installed as a pytest plugin (entry point ``pytest11``), so these fixtures are available in any
test of a project that has ``conciliazione`` installed:

- ``plugin_host``: a fresh :class:`~conciliazione.plugins.PluginHost` with the installed plugins;
- ``make_host``: a factory for a host with only the plugin objects you give it — the way to
  register a throw-away plugin for one test.

A plugin's tests inherit :class:`AtsPluginContract`, the way python-holidays' country tests share
one common suite::

    import conciliazione_ats_pavia
    from conciliazione.testing import AtsPluginContract

    class TestPaviaContract(AtsPluginContract):
        plugin = conciliazione_ats_pavia
        ats_id = "pavia"
        entry_point = "pavia"
        snapshot = Path(__file__).parent / "snapshots" / "pavia.json"

Set ``CONCILIAZIONE_UPDATE_SNAPSHOTS=1`` to rewrite the golden snapshot after a deliberate change.

For the plugin's own tests — the facts of its page, and edited copies of it that show the reader
follows the text — the module has :func:`builtin_document` (a page the plugin ships),
:func:`edited` and :func:`cut` (a copy of a page with a change or without a part) and
:func:`validate_readings` (readings checked by the core's and the plugin's rules)::

    from conciliazione.testing import builtin_document, edited

    def test_an_edited_count_changes_the_network() -> None:
        page = edited(builtin_document(conciliazione_ats_example), "conta 42", "conta 57")
        (network,) = read_page(page).dataset.networks
        assert network.member_count.value == 57
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
import pytest

from conciliazione.plugins.adapter import AtsAdapter

if TYPE_CHECKING:
    from conciliazione.documents import Document
    from conciliazione.findings import Report
    from conciliazione.reading import Reading

UPDATE_SNAPSHOTS_ENV = "CONCILIAZIONE_UPDATE_SNAPSHOTS"

EMPTY_PAGE = "Conciliazione vita-lavoro.\nPagina in aggiornamento.\n"
"""A page in a new shape with none of the expected sections."""


@pytest.fixture
def plugin_host() -> Any:
    """A fresh plugin host with every installed plugin (entry points), non-strict."""
    from conciliazione.plugins import make_plugin_host

    return make_plugin_host()


@pytest.fixture
def make_host() -> Callable[..., Any]:
    """Factory: ``make_host(plugin, ..., entry_points=False, strict=False)`` → a fresh host."""
    from conciliazione.plugins import make_plugin_host

    def factory(*plugins: object, entry_points: bool = False, strict: bool = False) -> Any:
        return make_plugin_host(entry_points=entry_points, plugins=plugins, strict=strict)

    return factory


def plugin_for(adapter: AtsAdapter) -> object:
    """A plugin object that registers ``adapter``: the way to make a throw-away plugin in a
    test (``make_host(plugin_for(AtsAdapter(ats_id="pavia", reader=read)))``)."""
    from conciliazione.plugins.hookspecs import hookimpl

    class AdapterPlugin:
        @hookimpl
        def conciliazione_register(self, register: Callable[[AtsAdapter], None]) -> None:
            register(adapter)

    AdapterPlugin.__name__ = f"{adapter.ats_id}_test_plugin"
    return AdapterPlugin()


def snapshot_of(reading: Any) -> dict[str, Any]:
    """A stable JSON form of a reading: records by entity, and findings, for golden files."""
    dataset = reading.dataset.model_dump(mode="json", exclude_defaults=True, exclude={"evidence"})
    for source in dataset.get("sources", []):
        source.pop("plugin_version", None)
    return {
        "dataset": dataset,
        "evidence": [
            f"{e.entity} {e.record_id} {e.field} {e.start}-{e.end}"
            + (f" derived:{e.derivation}" if e.derivation else "")
            for e in reading.dataset.evidence
        ],
        "findings": [f.to_row() for f in sorted(reading.findings, key=lambda f: str(f))],
    }


def builtin_document(plugin: Any, name: str | None = None) -> Document:
    """A page the plugin ships (its adapter's ``pages``), by file name.

    Without ``name`` the plugin must ship exactly one page. Fails the test, naming the pages
    the plugin does ship, when the page is not there — a renamed page copy must not turn a
    test into one that checks nothing.
    """
    from conciliazione.plugins import make_plugin_host

    host = make_plugin_host(entry_points=False, plugins=[plugin], strict=True)
    (info,) = host.plugins
    documents = host.builtin_sources(info.name)
    shipped = ", ".join(d.name for d in documents) or "none"
    if name is None:
        if len(documents) != 1:
            count = len(documents)
            pytest.fail(f"{_plugin_name(plugin)} ships {count} pages ({shipped}): name one")
        return documents[0]
    for document in documents:
        if document.name == name:
            return document
    pytest.fail(f"{_plugin_name(plugin)} ships no page {name!r} (it ships: {shipped})")


def edited(document: Document, old: str, new: str) -> Document:
    """A copy of the page with every ``old`` replaced by ``new``, under the page's name.

    Why: a reader that parses its page (rather than hard-coding what it says) follows an edited
    copy; reading one is the surest test of that. Fails the test when ``old`` is not in the
    page, so that an edit that misses (a typo, a page that changed) cannot pass silently. The
    copy keeps the page's name, so its records have the shipped page's ``source_id``; it is
    not built-in. Chain calls for several edits.
    """
    if old not in document.text:
        pytest.fail(f"{old!r} is not in the page {document.name}")
    return _with_text(document, document.text.replace(old, new))


def cut(document: Document, start: str, end: str) -> Document:
    """A copy of the page without the part from ``start`` up to the first ``end`` after it.

    The way to make a page that lost a section: ``start`` goes, ``end`` stays. Fails the test
    when either is not in the page (``end`` after ``start``).
    """
    text = document.text
    begin = text.find(start)
    if begin < 0:
        pytest.fail(f"{start!r} is not in the page {document.name}")
    stop = text.find(end, begin + len(start))
    if stop < 0:
        pytest.fail(f"{end!r} is not after {start!r} in the page {document.name}")
    return _with_text(document, text[:begin] + text[stop:])


def _with_text(document: Document, text: str) -> Document:
    from conciliazione.documents import document_from_bytes

    return document_from_bytes(document.name, text.encode("utf-8"))


def read_with(plugin: Any, document: Document) -> Reading:
    """Read a page with one plugin, as the library does (a failing reader fails the test)."""
    from conciliazione.plugins import make_plugin_host

    host = make_plugin_host(entry_points=False, plugins=[plugin], strict=True)
    (info,) = host.plugins
    reading = host.read(info.name, document)
    assert reading is not None
    return reading


def validate_readings(plugin: Any, *readings: Reading) -> Report:
    """Validate readings as the library does: merged with the core's regional data, checked by
    the core's rules and the plugin's, with the findings the readers reported.

    Findings about the core's own records (the misprint the Region's release carries, a
    headline its lines do not add up to) are left out: they are not the plugin's to fix, and
    ``conciliazione validate`` reports them. A finding about a plugin's record that involves the
    core's data (Pavia's page disagreeing with the release) stays. The plugin is loaded
    strictly (a hook that fails to load fails the test).
    """
    from conciliazione.findings import Report
    from conciliazione.plugins import make_plugin_host
    from conciliazione.regional import regional_dataset
    from conciliazione.validation import validate

    host = make_plugin_host(entry_points=False, plugins=[plugin], strict=True)
    regional = regional_dataset()
    core_sources = {s.source_id for s in regional.sources}
    dataset = regional.merge(*(r.dataset for r in readings))
    findings = [f for r in readings for f in r.findings]
    report = validate(dataset, registry=host.registry(), extra_findings=findings)
    return Report([f for f in report if f.source_id not in core_sources])


_EXEMPT = frozenset({"source_id", "ats_id"})
"""Fields that may be plain: the record's id, its ATS and its source are the plugin's own."""


def evidence_problems(reading: Any) -> list[str]:
    """What is wrong with a reading's evidence: a non-empty field of a record without an
    evidence row, or a quote that is not the reader's text at its offsets."""
    problems: list[str] = []
    covered = {(e.entity, e.record_id, _top_field(e.field)) for e in reading.dataset.evidence}
    for record in reading.dataset.records():
        if record.entity == "source":
            continue
        for name in type(record).model_fields:
            value = getattr(record, name)
            if name in _EXEMPT or name == record.id_field or value in (None, (), ""):
                continue
            if (record.entity, record.record_id, name) not in covered:
                problems.append(f"{record.entity} {record.record_id}: {name} has no evidence")
    for e in reading.dataset.evidence:
        if e.start is not None and reading.text[e.start : e.end] != e.quote:
            where = f"{e.entity} {e.record_id} {e.field}"
            problems.append(f"{where}: {e.quote!r} is not the text at {e.start}-{e.end}")
    return problems


def _top_field(field: str) -> str:
    return field.split("[", 1)[0].split(".", 1)[0]


@attrs.frozen
class FollowEdit:
    """One edit of the words a value was read from, and the value it should change."""

    entity: str
    field: str
    start: int
    end: int
    old: str
    new: str

    def document(self, original: Document) -> Document:
        from conciliazione.parsing import normalize_text

        text = normalize_text(original.text)
        return _with_text(original, text[: self.start] + self.new + text[self.end :])

    def describe(self) -> str:
        return f"{self.entity}.{self.field}: {self.old!r} → {self.new!r} changed nothing"


def _edited_words(words: str) -> str | None:
    """The words with their last digit (else their last letter) changed; ``None`` if neither."""
    for i in range(len(words) - 1, -1, -1):
        char = words[i]
        if char.isdigit():
            return words[:i] + str((int(char) + 1) % 10 if char != "9" else 8) + words[i + 1 :]
    for i in range(len(words) - 1, -1, -1):
        char = words[i]
        if char.isalpha() and char.isascii():
            swap = "b" if char.lower() == "a" else "a"
            return words[:i] + (swap.upper() if char.isupper() else swap) + words[i + 1 :]
    return None


def follow_edits(reading: Any, per_field: int = 1) -> list[FollowEdit]:
    """Edits for the contract's follow-its-input test: for each (entity, field) read as
    written, the first ``per_field`` quotes with a digit or a letter, edited."""
    seen: dict[tuple[str, str], int] = {}
    edits: list[FollowEdit] = []
    for e in reading.dataset.evidence:
        if e.derivation is not None or e.start is None or e.entity == "source" or not e.quote:
            continue
        key = (e.entity, _top_field(e.field))
        if seen.get(key, 0) >= per_field:
            continue
        new = _edited_words(e.quote)
        if new is None:
            continue
        seen[key] = seen.get(key, 0) + 1
        edits.append(FollowEdit(e.entity, _top_field(e.field), e.start, e.end, e.quote, new))
    return edits


def values_of(reading: Any, entity: str) -> list[str]:
    """The records of one entity in a reading, as sorted text. An edit of the words of one
    field may move another (the year of a citation is the act's date, not its number), and
    ids may change with it, so the comparison is of the entity's records as a whole."""
    if reading is None:
        return []
    return sorted(repr(r.model_dump()) for r in reading.dataset.of(entity))


def installed_pages() -> list[tuple[str, Document]]:
    """``(ats_id, page)`` for every page the installed plugins ship, by page name, reached
    through the plugin host (every installed plugin, whatever ``CONCILIAZIONE_LOAD_PLUGINS``
    says): a plugin's tests can check it claims no other plugin's page without knowing where
    the other plugins' folders are, so they run from the plugin's own checkout too."""
    from conciliazione.plugins import make_plugin_host

    host = make_plugin_host(environ={})
    pages = [(info.ats_id, doc) for info in host.plugins for doc in host.builtin_sources(info.name)]
    return sorted(pages, key=lambda page: (page[1].name, page[0]))


def foreign_sample_pages(ats_id: str) -> dict[str, Document]:
    """A short invented page for every ATS but ``ats_id``, naming that ATS and its territory
    the ways the pages do: the contract checks a plugin claims none of them."""
    from conciliazione.documents import document_from_bytes
    from conciliazione.regional import all_ats

    pages: dict[str, Document] = {}
    for ats in all_ats():
        if ats.ats_id == ats_id:
            continue
        text = (
            f"{ats.name}\nConciliazione vita-lavoro: il piano territoriale 2020-2023 della rete "
            f"di conciliazione ({', '.join(ats.territory)}).\nAggiornato il 1 marzo 2024\n"
        )
        pages[ats.ats_id] = document_from_bytes(f"sample-{ats.ats_id}.txt", text.encode())
    return pages


def _plugin_name(plugin: Any) -> str:
    return str(getattr(plugin, "__name__", plugin))


class AtsPluginContract:
    """The conformance suite of an ATS plugin. Subclass it and set the class attributes."""

    plugin: ClassVar[Any]
    """The plugin object (usually its module)."""
    ats_id: ClassVar[str]
    entry_point: ClassVar[str | None] = None
    """The plugin's entry-point name, to check it is installed as a distribution."""
    snapshot: ClassVar[Path | None] = None
    """Golden file of the built-in pages' readings."""
    allowed_error_codes: ClassVar[frozenset[str]] = frozenset()
    """Error finding codes the built-in data is known to produce (normally none)."""
    states_update_date: ClassVar[bool] = True
    """False for an ATS whose pages carry no update date: the reader must then leave
    ``Source.updated`` empty and report a ``missing-section`` finding on ``update date``
    rather than invent a date."""

    @pytest.fixture
    def host(self) -> Any:
        from conciliazione.plugins import make_plugin_host

        return make_plugin_host(entry_points=False, plugins=[self.plugin], strict=True)

    @pytest.fixture
    def plugin_name(self, host: Any) -> str:
        (info,) = host.plugins
        name: str = info.name
        return name

    @pytest.fixture
    def readings(self, host: Any, plugin_name: str) -> list[Any]:
        return [host.read(plugin_name, doc) for doc in host.builtin_sources(plugin_name)]

    def test_adapts_the_declared_ats(self, host: Any) -> None:
        (info,) = host.plugins
        assert info.ats_id == self.ats_id

    def test_ships_at_least_one_builtin_page(self, host: Any, plugin_name: str) -> None:
        documents = host.builtin_sources(plugin_name)
        assert documents, "the plugin ships no page"
        assert all(doc.builtin and doc.text.strip() for doc in documents)

    def test_every_record_carries_its_source(self, readings: list[Any]) -> None:
        for reading in readings:
            source_ids = {s.source_id for s in reading.dataset.sources}
            assert reading.source.source_id in source_ids
            assert reading.source.sha256
            assert reading.source.ats_id == self.ats_id
            for record in reading.dataset.records():
                assert record.source_id in source_ids, record

    def test_every_record_belongs_to_its_ats(self, readings: list[Any]) -> None:
        for reading in readings:
            for record in reading.dataset.records():
                assert getattr(record, "ats_id", self.ats_id) in (self.ats_id, None), record

    def test_the_source_states_its_update_date(self, readings: list[Any]) -> None:
        for reading in readings:
            if self.states_update_date:
                assert reading.source.updated is not None, reading.source.name
                continue
            assert reading.source.updated is None, reading.source.name
            gaps = [
                f
                for f in reading.findings
                if f.code == "missing-section" and f.path == "update date"
            ]
            assert len(gaps) == 1, reading.findings

    def test_recognizes_its_own_pages(self, host: Any, plugin_name: str) -> None:
        for document in host.builtin_sources(plugin_name):
            assert host.recognizers(document) == [plugin_name], document.name

    def test_does_not_recognize_an_unrelated_page(self, host: Any) -> None:
        from conciliazione.documents import document_from_bytes

        other = document_from_bytes("other.txt", b"Orari della biblioteca comunale.\n")
        assert host.recognizers(other) == []

    def test_does_not_recognize_the_pages_of_other_installed_plugins(
        self, host: Any, plugin_name: str
    ) -> None:
        """Routing a ``--source`` file needs exactly one plugin to claim it."""
        from conciliazione.plugins import make_plugin_host

        others = make_plugin_host(environ={})
        for info in others.plugins:
            if info.ats_id == self.ats_id:
                continue
            for document in others.builtin_sources(info.name):
                assert host.recognizers(document) == [], f"claims {info.name}'s {document.name}"

    def test_reading_is_deterministic(self, host: Any, plugin_name: str) -> None:
        for document in host.builtin_sources(plugin_name):
            first, second = host.read(plugin_name, document), host.read(plugin_name, document)
            assert snapshot_of(first) == snapshot_of(second)

    def test_a_page_in_another_shape_gives_findings_not_exceptions(
        self, host: Any, plugin_name: str
    ) -> None:
        from conciliazione.documents import document_from_bytes

        for document in host.builtin_sources(plugin_name):
            bare = document_from_bytes(document.name, EMPTY_PAGE.encode(), path="new.txt")
            reading = host.read(plugin_name, bare)
            codes = {f.code for f in reading.findings}
            assert "missing-section" in codes
            assert all(document.name in f.message for f in reading.findings)

    def test_builtin_data_validates_without_unexpected_errors(
        self, host: Any, readings: list[Any]
    ) -> None:
        from conciliazione.regional import regional_dataset
        from conciliazione.validation import validate

        dataset = regional_dataset().merge(*(r.dataset for r in readings))
        findings = [f for r in readings for f in r.findings]
        report = validate(dataset, registry=host.registry(), extra_findings=findings)
        unexpected = [f for f in report.errors if f.code not in self.allowed_error_codes]
        assert not unexpected, "\n".join(map(str, unexpected))

    def test_reported_codes_are_catalogued(self, host: Any, readings: list[Any]) -> None:
        registry = host.registry()
        for reading in readings:
            for finding in reading.findings:
                assert finding.code in registry, finding.code

    def test_each_page_yields_every_kind_of_record_it_declares(
        self, host: Any, plugin_name: str, readings: list[Any]
    ) -> None:
        """A reader that reads nothing from its own page must not pass: each built-in page
        yields at least one record of each entity its ``BuiltinPage.reads`` names."""
        declared = {page.name: page.reads for page in host.adapter(plugin_name).pages}
        assert any(declared.values()), "no BuiltinPage declares what it reads (reads=...)"
        for reading in readings:
            counts = reading.dataset.counts()
            empty = [e for e in declared[reading.source.name] if not counts.get(e)]
            assert not empty, (
                f"{reading.source.name} declares it yields {', '.join(empty)} but the reader "
                f"produced none: read them from the page, or drop them from reads="
            )

    def test_every_value_has_evidence_quoting_the_page(self, readings: list[Any]) -> None:
        """Every non-empty field of every record has an evidence row (read or derived), and
        every quote is the page's text at its offsets."""
        for reading in readings:
            problems = evidence_problems(reading)
            assert not problems, "\n".join(problems[:20])

    def test_the_reader_follows_its_input(self, host: Any, plugin_name: str) -> None:
        """Edit the words the evidence quotes (a digit, a letter) on a copy of each page: the
        value read from them must change. A reader that ignores its input fails here."""
        for document in host.builtin_sources(plugin_name):
            before = host.read(plugin_name, document)
            edits = follow_edits(before)
            assert edits, f"{document.name}: no value is read from the page's words"
            unchanged = []
            for edit in edits:
                after = host.read(plugin_name, edit.document(document))
                if values_of(after, edit.entity) == values_of(before, edit.entity):
                    unchanged.append(edit.describe())
            assert not unchanged, (
                f"{document.name}: the reader did not follow edits of its page:\n"
                + "\n".join(unchanged[:10])
                + "\nRead these values from the page's text rather than writing them in the code."
            )

    def test_does_not_recognize_sample_pages_of_other_ats(self, host: Any) -> None:
        """Tested whatever is installed: the suite brings a page naming each other ATS."""
        for ats_id, page in foreign_sample_pages(self.ats_id).items():
            assert host.recognizers(page) == [], f"claims a sample page of ATS {ats_id}"

    def test_is_installed_and_found_through_its_entry_point(self) -> None:
        if self.entry_point is None:
            pytest.skip("entry_point not set: the plugin is not meant to be installed")
        (ep,) = [e for e in entry_points(group="conciliazione") if e.name == self.entry_point]
        assert ep.load() is self.plugin

    def test_matches_the_golden_snapshot(self, readings: list[Any]) -> None:
        if self.snapshot is None:
            pytest.skip("no golden snapshot configured")
        actual = {r.source.name: snapshot_of(r) for r in readings}
        text = json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        if os.environ.get(UPDATE_SNAPSHOTS_ENV) or not self.snapshot.exists():
            self.snapshot.parent.mkdir(parents=True, exist_ok=True)
            self.snapshot.write_text(text, encoding="utf-8")
            if not os.environ.get(UPDATE_SNAPSHOTS_ENV):
                pytest.fail(f"snapshot {self.snapshot} was missing and has been written")
        assert text == self.snapshot.read_text(encoding="utf-8")


def iter_contract_tests() -> Iterator[str]:
    """Names of the contract's tests (for documentation)."""
    return (name for name in dir(AtsPluginContract) if name.startswith("test_"))
