"""Bad input gets one clear line naming the file and the problem, exit code 2, no traceback.

Every case runs both in-process and through the installed entry point; none depends on an ATS
plugin being installed (the in-process runs use a host with no plugin, the subprocess runs set
CONCILIAZIONE_LOAD_PLUGINS to the empty string).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conciliazione.cli.context import CliState
from conciliazione.cli.errors import describe, is_input_error
from conciliazione.errors import ExportError, SourceError, UnknownAtsError
from conciliazione.export.writer import check_output_dir

Case = Callable[[Path, Any], tuple[list[str], list[str]]]


def _missing(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    return ["validate", "--source", "nope.txt"], ["nope.txt: no such file"]


def _directory(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    (d / "pages").mkdir()
    return ["validate", "--source", "pages"], ["pages: is a directory, not a page file"]


def _binary(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    kit.write(d / "page.bin", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    return ["validate", "--source", "page.bin"], ["page.bin: the file is binary"]


def _latin1(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    text = "Conciliazione vita-lavoro\nCittà di Pavia: progetti approvati\n"
    kit.write(d / "pavia.txt", text.encode("latin-1"))
    return ["validate", "--source", "pavia.txt"], ["pavia.txt: the file is not UTF-8", "Latin-1"]


def _empty(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    kit.write(d / "empty.txt", b"")
    return ["validate", "--source", "empty.txt"], ["empty.txt: the file is empty"]


def _unknown_ats(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    return ["validate", "--ats", "lecco"], ["unknown ATS 'lecco'", "milano", "pavia"]


def _unrecognised(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    kit.write(d / "biblioteca.txt", kit.UNRELATED_PAGE)
    return (
        ["validate", "--source", "biblioteca.txt"],
        ["biblioteca.txt: no installed plugin recognises this page", "--ats"],
    )


def _unwritable_out(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    kit.write(d / "somefile", "not a directory\n")
    return (
        ["export", "--out", "somefile/sub"],
        ["somefile/sub: cannot create the output directory: somefile is a file"],
    )


def _out_is_a_file(d: Path, kit: Any) -> tuple[list[str], list[str]]:
    kit.write(d / "exports", "not a directory\n")
    return ["export", "--out", "exports"], ["exports: cannot export there: it is a file"]


BAD_INPUTS: dict[str, Case] = {
    "missing file": _missing,
    "directory": _directory,
    "binary file": _binary,
    "latin-1 file": _latin1,
    "empty file": _empty,
    "unknown ATS": _unknown_ats,
    "page no plugin recognises": _unrecognised,
    "output under a regular file": _unwritable_out,
    "output is a regular file": _out_is_a_file,
}


@pytest.fixture(params=sorted(BAD_INPUTS))
def bad_input(
    request: pytest.FixtureRequest, tmp_path: Path, kit: Any
) -> tuple[list[str], list[str]]:
    return BAD_INPUTS[request.param](tmp_path, kit)


def test_bad_input_in_process(invoke: Any, bare_state: CliState, bad_input: Any, kit: Any) -> None:
    args, messages = bad_input
    result = invoke(*args, obj=bare_state)
    assert result.exit_code == 2, kit.combined(result)
    assert result.stderr.startswith("Error: ")
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for message in messages:
        assert message in result.stderr
    assert "Traceback" not in kit.combined(result)


def test_bad_input_through_the_entry_point(run_cli: Any, bad_input: Any, kit: Any) -> None:
    args, messages = bad_input
    process = run_cli(*args)
    assert process.returncode == 2, kit.combined(process)
    assert process.stdout == ""
    assert len(process.stderr.strip().splitlines()) == 1, process.stderr
    for message in messages:
        assert message in process.stderr
    assert "Traceback" not in kit.combined(process)


def test_debug_shows_the_traceback_and_keeps_the_exit_code(
    run_cli: Any, bad_input: Any, kit: Any
) -> None:
    args, messages = bad_input
    process = run_cli("--debug", *args)
    assert process.returncode == 2
    assert "Traceback (most recent call last)" in process.stderr
    last = process.stderr.strip().splitlines()[-1]
    assert all(message in last for message in messages), last


def test_debug_can_be_set_by_the_environment(run_cli: Any) -> None:
    process = run_cli("validate", "--ats", "lecco", env={"CONCILIAZIONE_DEBUG": "1"})
    assert process.returncode == 2
    assert "Traceback" in process.stderr


def test_debug_in_process(invoke: Any, bare_state: CliState) -> None:
    result = invoke("--debug", "validate", "--source", "nope.txt", obj=bare_state)
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert result.stderr.strip().endswith("Error: nope.txt: no such file")


def _failing_host() -> Any:
    raise ZeroDivisionError("a bug somewhere")


def test_an_unexpected_exception_is_an_internal_error_with_exit_code_3(invoke: Any) -> None:
    result = invoke("validate", obj=CliState(host_factory=_failing_host))
    assert result.exit_code == 3
    assert "Error: internal error: ZeroDivisionError: a bug somewhere" in result.stderr
    assert "run again with --debug" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_an_internal_error_shows_its_traceback_with_debug(invoke: Any) -> None:
    result = invoke("--debug", "validate", obj=CliState(host_factory=_failing_host))
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError: a bug somewhere" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--debug"],
        ["validate", "--format", "text", "--debug"],
        ["--debug", "validate", "--debug"],
    ],
)
def test_debug_is_accepted_after_the_command_too(invoke: Any, args: list[str]) -> None:
    result = invoke(*args, obj=CliState(host_factory=_failing_host))
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "No such option" not in result.stderr


def test_a_click_usage_error_exits_with_2(invoke: Any) -> None:
    result = invoke("validate", "--format", "yaml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_export_requires_an_output_directory(invoke: Any) -> None:
    result = invoke("export")
    assert result.exit_code == 2
    assert "Missing option '--out'" in result.stderr


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (SourceError("a.txt", "the file is empty"), "a.txt: the file is empty"),
        (UnknownAtsError("unknown ATS 'x'"), "unknown ATS 'x'"),
        (ExportError("out: cannot write"), "out: cannot write"),
        (
            PermissionError(13, "Permission denied", "out/ats.parquet"),
            "out/ats.parquet: Permission denied",
        ),
        (OSError(28, "No space left on device"), "No space left on device"),
        (FileExistsError(17, "File exists", "a", None, "b"), "a -> b: File exists"),
    ],
)
def test_input_errors_are_described_by_file_and_problem(exc: Exception, expected: str) -> None:
    assert is_input_error(exc)
    assert describe(exc) == expected


def test_other_exceptions_are_not_input_errors() -> None:
    assert not is_input_error(KeyError("x"))
    assert describe(KeyError("x")) == "KeyError: 'x'"


def test_an_existing_directory_is_an_acceptable_output(tmp_path: Path) -> None:
    check_output_dir(tmp_path)
    check_output_dir(tmp_path / "new" / "deeper")


def test_an_output_under_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="is a file, not a directory"):
        check_output_dir(tmp_path / "file" / "a" / "b")
