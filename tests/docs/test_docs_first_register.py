"""The "first register in five minutes" page: its commands run as written, and say what it says.

Each ``conciliazione`` command of the page's bash blocks runs in-process, in order, from one
empty directory, as a new user would type them; the install commands are left to CI's fresh
environment. The Python blocks run afterwards in the same directory.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from conciliazione.cli.main import cli

PAGE = Path(__file__).resolve().parents[2] / "docs" / "first-register.md"
_BLOCK = re.compile(r"^```(bash|python)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(kind: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(PAGE.read_text(encoding="utf-8")) if lang == kind]


def test_the_commands_of_the_page_run_and_print_what_it_quotes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = [
        shlex.split(line)
        for body in blocks("bash")
        for line in body.splitlines()
        if line.startswith("conciliazione ")
    ]
    assert len(commands) >= 5
    outputs = []
    for command in commands:
        result = CliRunner().invoke(cli, command[1:])
        assert result.exit_code == 0, f"{shlex.join(command)}: {result.output}"
        outputs.append(result.output)

    text = "\n".join(outputs)
    page = PAGE.read_text(encoding="utf-8")
    for quoted in re.findall(r"`(11 rows read = [^`]+)`", page):
        assert quoted in text
    for code in re.findall(r"^- `(register-[a-z-]+)`", page, re.MULTILINE):
        assert code in text
    assert "union: Associazioni sindacali; Organizzazioni sindacali" in text
    assert (tmp_path / "ingested" / "organizations_rejects.parquet").is_file()


def test_the_python_of_the_page_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("duckdb")
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(cli, ["ingest", "--example", "organizations", "--out", "first"])
    from conciliazione.registers import ingest

    ingest(["first/organizations_sample.csv"], "organizations", "ingested/", ats_id="milano")
    for body in blocks("python"):  # the DuckDB queries, then the Python equivalent
        exec(compile(body, str(PAGE), "exec"), {})
