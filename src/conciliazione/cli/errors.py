"""Exit codes, and the one place where an exception becomes a message and an exit code.

A user who gives bad input (a missing file, a Latin-1 page, an unknown ATS, an output directory
that cannot be written) gets one line on stderr naming the file and the problem, never a
traceback. Anything else is a bug: the user is told so and asked to run again with ``--debug``,
which prints the traceback. Keeping this in one function means every command, including those
written later, fails the same way.
"""

from __future__ import annotations

import traceback

import click

from conciliazione.errors import ConciliazioneError

OK = 0
"""Success; warning- and info-level findings are allowed."""
FINDINGS = 1
"""The data has error-level findings (``validate``; ``export`` only with ``--strict``)."""
USAGE = 2
"""A usage error (click's own code) or input that cannot be read or written."""
INTERNAL = 3
"""An unexpected exception: a bug in conciliazione or in a plugin."""
PIPE_CLOSED = 141
"""The reader of the output went away early (``| head``): the status of a process ended by
SIGPIPE (128 + 13), so ``set -o pipefail`` scripts see it, and never confused with 1."""

EXIT_CODES_HELP = """\b
Exit codes:
  0  success (warnings allowed)
  1  error-level findings (validate; export only with --strict);
     diff: some fact changed
  2  usage error or unreadable input: a bad option, a missing, binary,
     empty or non-UTF-8 file, an unknown ATS, a page no plugin
     recognises, an output directory that cannot be written, a page
     that could not be downloaded (the message names the address)
  3  internal error (a bug): run again with --debug and report it
  141  the output was closed early by its reader (e.g. | head)"""
"""The epilog of ``conciliazione --help``."""


def exit_codes_help(**meanings: str) -> str:
    """An epilog listing the exit codes one command can return, with its own meanings.

    Keys are ``ok``, ``findings``, ``usage``, ``internal``; a code with no meaning given is
    left out, except ``usage`` and ``internal``, which every command can return.
    """
    lines = ["\b", "Exit codes:"]
    defaults = {
        "usage": "usage error or unreadable input",
        "internal": "internal error (a bug): run again with --debug",
    }
    for code, key in ((OK, "ok"), (FINDINGS, "findings"), (USAGE, "usage"), (INTERNAL, "internal")):
        meaning = meanings.get(key) or defaults.get(key)
        if meaning:
            lines.append(f"  {code}  {meaning}")
    return "\n".join(lines)


def describe(exc: BaseException) -> str:
    """One line for an input error: the file (when known) and what is wrong with it."""
    if isinstance(exc, ConciliazioneError):
        return str(exc)
    if isinstance(exc, OSError):
        problem = exc.strerror or str(exc)
        names = [str(n) for n in (exc.filename, exc.filename2) if n is not None]
        return f"{' -> '.join(names)}: {problem}" if names else problem
    return f"{type(exc).__name__}: {exc}"


def is_input_error(exc: BaseException) -> bool:
    """True for the errors a user can fix by changing the input: they exit with code 2."""
    return isinstance(exc, ConciliazioneError | OSError)


def report_exception(exc: BaseException, *, debug: bool) -> int:
    """Print the message for ``exc`` on stderr (and its traceback if ``debug``); the exit code."""
    if debug:
        click.echo("".join(traceback.format_exception(exc)).rstrip(), err=True)
    if is_input_error(exc):
        click.echo(f"Error: {describe(exc)}", err=True)
        return USAGE
    click.echo(f"Error: internal error: {describe(exc)}", err=True)
    if not debug:
        click.echo(
            "This is a bug in conciliazione or in a plugin: run again with --debug to see "
            "the traceback, and report it.",
            err=True,
        )
    return INTERNAL
