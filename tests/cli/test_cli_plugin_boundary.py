"""The plugin boundary, end to end: a broken plugin becomes a ``plugin-failed`` finding naming
it, and the other plugins go on — through the installed entry point, with real (fake)
distributions found by the real discovery. A duplicate rule code is refused.

Each case installs the working ``toy`` plugin (ATS Pavia) beside a ``bad`` one (ATS Milano)
that fails in one way.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

BAD_HEAD = textwrap.dedent(
    """
    from conciliazione.documents import document_from_bytes
    from conciliazione.findings import Severity
    from conciliazione.plugins import hookimpl
    from conciliazione.reading import ReadingBuilder
    from conciliazione.rules.registry import Violation

    PAGE = document_from_bytes("bad.txt", b"Pagina cattiva di ATS Milano", builtin=True)

    @hookimpl
    def conciliazione_ats():
        return "milano"

    @hookimpl
    def conciliazione_builtin_sources():
        return [PAGE]

    @hookimpl
    def conciliazione_recognizes(document):
        return "Pagina cattiva" in document.text
    """
)

READS = textwrap.dedent(
    """
    @hookimpl
    def conciliazione_read_source(document):
        return ReadingBuilder.for_document(document, ats_id="milano").build()
    """
)

CASES = {
    "import-failure": (
        'raise ImportError("needs a library that is not installed")\n',
        "cannot import",
    ),
    "hook-raising": (
        BAD_HEAD
        + textwrap.dedent(
            """
            @hookimpl
            def conciliazione_read_source(document):
                raise RuntimeError("the reader broke")
            """
        ),
        "conciliazione_read_source raised RuntimeError: the reader broke",
    ),
    "rule-raising": (
        BAD_HEAD
        + READS
        + textwrap.dedent(
            """
            @hookimpl
            def conciliazione_rules(registry):
                @registry.rule("bad-rule", Severity.ERROR, "Bad", description="d", fix="f")
                def bad(context):
                    raise ZeroDivisionError("the rule broke")
            """
        ),
        "rule 'bad-rule' raised ZeroDivisionError: the rule broke",
    ),
    "wrong-type": (
        BAD_HEAD
        + textwrap.dedent(
            """
            @hookimpl
            def conciliazione_read_source(document):
                return "not a reading"
            """
        ),
        "conciliazione_read_source returned str, not a Reading",
    ),
}


def _install(root: Path, module: str, source: str, name: str) -> None:
    (root / f"{module}.py").write_text(source, encoding="utf-8")
    info = root / f"{module}-0.1.dist-info"
    info.mkdir()
    dist = module.replace("_", "-")
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[conciliazione]\n{name} = {module}\n")


@pytest.fixture
def site(tmp_path: Path, kit: Any) -> Path:
    root = tmp_path / "site"
    root.mkdir()
    _install(root, "toy_conciliazione_plugin", kit.TOY_PLUGIN_SOURCE, "toy")
    return root


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_plugin_is_a_plugin_failed_finding_and_the_others_go_on(
    run_cli: Any, site: Path, case: str
) -> None:
    source, problem = CASES[case]
    _install(site, "bad_conciliazione_plugin", source, "bad")
    done = run_cli("validate", "--format", "json", plugins="toy,bad", path=site)
    assert done.returncode == 1, done.stderr  # plugin-failed is an error finding
    assert "Traceback" not in done.stderr
    findings = json.loads(done.stdout)["findings"]
    (failed,) = [f for f in findings if f["code"] == "plugin-failed"]
    assert failed["entity_id"] == "bad"
    assert problem in failed["message"]
    assert "bad-conciliazione-plugin 0.1" in failed["message"]
    # the working plugin's page was read and checked all the same
    assert any(f["source_id"] == "pavia:toy.txt" for f in findings)


def test_a_broken_plugin_reaches_the_exported_findings_table(
    run_cli: Any, site: Path, tmp_path: Path
) -> None:
    source, _ = CASES["hook-raising"]
    _install(site, "bad_conciliazione_plugin", source, "bad")
    done = run_cli("export", "--out", str(tmp_path / "out"), plugins="toy,bad", path=site)
    assert done.returncode == 0, done.stderr
    findings = pq.read_table(tmp_path / "out" / "findings.parquet").to_pylist()
    assert [f["entity_id"] for f in findings if f["code"] == "plugin-failed"] == ["bad"]
    sources = pq.read_table(tmp_path / "out" / "sources.parquet").to_pylist()
    assert "pavia:toy.txt" in {s["source_id"] for s in sources}


def test_a_plugin_rule_reusing_another_rules_code_is_refused(run_cli: Any, site: Path) -> None:
    duplicate = (
        BAD_HEAD
        + READS
        + textwrap.dedent(
            """
        @hookimpl
        def conciliazione_rules(registry):
            @registry.rule("toy-flagged-page", Severity.INFO, "Mine", description="d", fix="f")
            def mine(context):
                return []
        """
        )
    )
    _install(site, "bad_conciliazione_plugin", duplicate, "bad")
    done = run_cli("validate", "--format", "json", plugins="toy,bad", path=site)
    assert done.returncode == 2
    assert done.stderr == "Error: rule 'toy-flagged-page' is registered twice (bad and toy)\n"
