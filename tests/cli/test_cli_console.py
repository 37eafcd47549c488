"""Output: rich on a terminal, plain text in a pipe; the progress display only on a terminal."""

from __future__ import annotations

import io

import pytest

from conciliazione.cli.console import echo, plain_table, table, working


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_tables_align_columns_without_trailing_spaces() -> None:
    text = plain_table(["table", "rows"], [["ats", "8"], ["projects", "12"]], right=[1])
    assert text.splitlines() == ["table     rows", "ats          8", "projects    12"]


def test_in_a_pipe_tables_and_lines_are_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    table(["a", "b"], [["x", None]], title="T")
    echo("done", style="bold")
    assert capsys.readouterr().out == "T\na  b\nx\ndone\n"


def test_on_a_terminal_tables_are_drawn_by_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = FakeTerminal()
    monkeypatch.setattr("sys.stdout", terminal)
    table(["a", "b"], [["x", "1"]])
    assert "┃" in terminal.getvalue()


def test_progress_is_silent_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with working("Reading pages…", stream=stream):
        pass
    assert stream.getvalue() == ""


def test_progress_shows_its_message_on_a_terminal() -> None:
    terminal = FakeTerminal()
    with working("Reading pages…", stream=terminal):
        pass
    assert "Reading pages…" in terminal.getvalue()
