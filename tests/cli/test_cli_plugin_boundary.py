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


def _bad(reader: str = "read", rules: str = "None", register: str = "") -> str:
    """The source of the ``bad`` plugin (ATS Milano): its reader, rules and registration
    hook body can be swapped for broken ones."""
    return textwrap.dedent(
        f"""
        from conciliazione.plugin import AtsAdapter, BuiltinPage, Severity, hookimpl

        def read(page, out):
            out.set_source(title="Pagina cattiva")

        def read_raising(page, out):
            raise RuntimeError("the reader broke")

        def read_returning(page, out):
            return "not None"

        def rules_raising(registry):
            @registry.rule("bad-rule", Severity.ERROR, "Bad", description="d", fix="f")
            def bad(context):
                raise ZeroDivisionError("the rule broke")

        def rules_duplicate(registry):
            @registry.rule("toy-flagged-page", Severity.INFO, "Mine", description="d", fix="f")
            def mine(context):
                return []

        ADAPTER = AtsAdapter(
            ats_id="milano",
            pages=[BuiltinPage("bad.txt", text="Pagina cattiva di ATS Milano")],
            clues=["Pagina cattiva"],
            reader={reader},
            rules={rules},
        )

        @hookimpl
        def conciliazione_register(register):
            {register or "register(ADAPTER)"}
        """
    )


CASES = {
    "import-failure": (
        'raise ImportError("needs a library that is not installed")\n',
        "cannot import: ImportError: needs a library that is not installed",
    ),
    "register-raising": (
        _bad(register='raise RuntimeError("the hook broke")'),
        "RuntimeError: the hook broke",
    ),
    "register-wrong-type": (_bad(register='register("not an adapter")'), "AtsAdapter"),
    "reader-raising": (_bad(reader="read_raising"), "RuntimeError: the reader broke"),
    "reader-wrong-type": (_bad(reader="read_returning"), "return None, not str"),
    "rule-raising": (
        _bad(rules="rules_raising"),
        "rule 'bad-rule' raised ZeroDivisionError: the rule broke",
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
    source, _ = CASES["reader-raising"]
    _install(site, "bad_conciliazione_plugin", source, "bad")
    done = run_cli("export", "--out", str(tmp_path / "out"), plugins="toy,bad", path=site)
    assert done.returncode == 0, done.stderr
    findings = pq.read_table(tmp_path / "out" / "findings.parquet").to_pylist()
    assert [f["entity_id"] for f in findings if f["code"] == "plugin-failed"] == ["bad"]
    sources = pq.read_table(tmp_path / "out" / "sources.parquet").to_pylist()
    assert "pavia:toy.txt" in {s["source_id"] for s in sources}


def test_a_plugin_rule_reusing_another_rules_code_is_refused(run_cli: Any, site: Path) -> None:
    _install(site, "bad_conciliazione_plugin", _bad(rules="rules_duplicate"), "bad")
    done = run_cli("validate", "--format", "json", plugins="toy,bad", path=site)
    assert done.returncode == 2
    assert done.stderr == "Error: rule 'toy-flagged-page' is registered twice (bad and toy)\n"
