"""The page generators of ``docs/_ext``: what they write, and that they fail loudly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

Loader = Callable[[str], ModuleType]


def test_escape_keeps_code_spans_and_escapes_markdown_elsewhere(docs_ext: Loader) -> None:
    md = docs_ext("docgen_markdown")
    assert md.escape("a *b* `c*d` [e]") == r"a \*b\* `c*d` \[e\]"
    assert md.escape("two\n  lines") == "two lines"


def test_table_cells_escape_pipes_even_inside_code(docs_ext: Loader) -> None:
    md = docs_ext("docgen_markdown")
    assert md.table(["x"], [["`a|b`"]])[-1] == r"| `a\|b` |"
    assert md.table(["x"], [[r"a \| b"]])[-1] == r"| a \| b |"


def test_a_failing_generator_writes_an_error_box_and_reports_the_cause(
    docs_ext: Loader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ext = docs_ext("conciliazione_docs")

    def broken() -> str:
        raise docs_ext("docgen_markdown").GenerationError("no schemas module")

    monkeypatch.setattr(ext, "GENERATORS", {"data-dictionary": broken, "ok": lambda: "# fine\n"})
    outcome = ext.generate(tmp_path)
    assert str(outcome["data-dictionary"]) == "no schemas module"
    assert outcome["ok"] is None
    written = (tmp_path / ext.GENERATED_DIR / "data-dictionary.md").read_text(encoding="utf-8")
    assert written.startswith(":::{error}") and "no schemas module" in written
    assert (tmp_path / ext.GENERATED_DIR / "ok.md").read_text(encoding="utf-8") == "# fine\n"


def test_unchanged_output_is_not_rewritten(docs_ext: Loader, tmp_path: Path) -> None:
    ext = docs_ext("conciliazione_docs")
    target = tmp_path / "page.md"
    assert ext.write_if_changed(target, "same\n") is True
    assert ext.write_if_changed(target, "same\n") is False
    assert ext.write_if_changed(target, "other\n") is True


def _spec(description: bytes | None) -> SimpleNamespace:
    import pyarrow as pa

    metadata = {b"description": description} if description is not None else None
    schema = pa.schema([pa.field("amount_eur", pa.decimal128(18, 2), metadata=metadata)])
    return SimpleNamespace(
        name="allocations",
        schema=schema,
        description="Funds per ATS and year.",
        primary_key=("amount_eur",),
        foreign_keys=(),
        partition_by=(),
        personal_columns=(),
    )


def test_a_column_without_description_fails_the_data_dictionary(docs_ext: Loader) -> None:
    schemas = docs_ext("docgen_schemas")
    error = docs_ext("docgen_markdown").GenerationError
    with pytest.raises(error, match=r"allocations\.amount_eur"):
        schemas._table_section("allocations", _spec(None))


def test_a_table_section_lists_columns_types_keys_and_descriptions(docs_ext: Loader) -> None:
    lines = docs_ext("docgen_schemas")._table_section("allocations", _spec(b"Euro, exact."))
    assert "(table-allocations)=" in lines
    assert "| `amount_eur` | `decimal128(18, 2)` | yes | PK | Euro, exact. |" in lines


def test_the_findings_catalogue_has_an_entry_per_finding_type(docs_ext: Loader) -> None:
    from conciliazione.findings import FindingType, Severity

    types = [
        FindingType("zeta-rule", Severity.INFO, "Z", "Last.", "Nothing.", "some-plugin"),
        FindingType("alpha-rule", Severity.ERROR, "A *star*", "First.", "Fix it.", "core"),
    ]
    text = docs_ext("docgen_findings").findings_markdown(types)
    assert text.index("## Core") < text.index("## From the some-plugin plugin")
    assert "(finding-alpha-rule)=\n### alpha-rule" in text
    assert r"**A \*star\*** — severity `error`, origin `core`." in text
    assert "**How to fix the data:** Fix it." in text


def test_an_empty_registry_is_an_error_not_an_empty_page(docs_ext: Loader) -> None:
    with pytest.raises(docs_ext("docgen_markdown").GenerationError):
        docs_ext("docgen_findings").findings_markdown([])


def test_the_cli_reference_reaches_lazy_commands_and_documents_exit_codes(
    docs_ext: Loader,
) -> None:
    cli = docs_ext("docgen_cli")
    names = cli.command_names()
    assert {"conciliazione export", "conciliazione validate", "conciliazione plugins"} <= set(names)
    assert [code for code, _, _ in cli.exit_codes()][:3] == [0, 1, 2]
    text = cli.cli_markdown()
    assert "(cli-export)=" in text and "`--out DIR`" in text


def test_the_typology_table_uses_the_guideline_labels(docs_ext: Loader) -> None:
    from conciliazione import get_guideline

    text = docs_ext("docgen_regional").typologies_markdown()
    for service_type in get_guideline().service_types:
        assert f"| **{service_type.code}** |" in text
