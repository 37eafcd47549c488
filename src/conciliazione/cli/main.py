"""The ``conciliazione`` command group: lazy commands, global options, one error policy.

Start-up time matters, because the command runs in shell loops and pipeline steps. So the group
knows its commands only by name, one line of help and a ``"module:attribute"`` target; a
command's module is imported when that command runs or its own help is shown, never for
``conciliazione --help``. A command whose module is not installed is not listed, and running it
is click's ordinary "No such command" usage error.

Errors raised by any command go through :func:`conciliazione.cli.errors.report_exception`:
one line and exit code 2 for bad input, exit code 3 and a plea for ``--debug`` for bugs.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

import click

from conciliazione import __version__
from conciliazione.cli.context import CliState
from conciliazione.cli.errors import EXIT_CODES_HELP, PIPE_CLOSED, report_exception


class LazyCommand(NamedTuple):
    """Where a command lives, and the line of help shown for it before it is imported."""

    target: str
    """``"package.module:attribute"``, the attribute being a :class:`click.Command`."""
    short_help: str

    @property
    def module(self) -> str:
        return self.target.partition(":")[0]

    @property
    def attribute(self) -> str:
        return self.target.partition(":")[2]


COMMANDS: dict[str, LazyCommand] = {
    "allocate": LazyCommand(
        "conciliazione.cli.allocate:allocate",
        "Compute the split of funds among the ATS and reconcile it.",
    ),
    "diff": LazyCommand(
        "conciliazione.cli.diff_cmd:diff",
        "List the facts added, removed and changed between two exports.",
    ),
    "explain": LazyCommand(
        "conciliazione.cli.explain_cmd:explain",
        "Show a record field by field with the words each value came from.",
    ),
    "export": LazyCommand(
        "conciliazione.cli.export_cmd:export",
        "Export the dataset as Parquet tables and datapackage.json.",
    ),
    "fetch": LazyCommand(
        "conciliazione.cli.fetch_cmd:fetch",
        "Download the ATS pages with a known address into dated snapshots.",
    ),
    "ingest": LazyCommand(
        "conciliazione.cli.ingest:ingest",
        "Validate tabular registers (CSV, XLSX) and write them as Parquet.",
    ),
    "plugins": LazyCommand(
        "conciliazione.cli.plugins_cmd:plugins",
        "List the installed ATS plugins, and those that failed to load.",
    ),
    "report": LazyCommand(
        "conciliazione.cli.report_cmd:report",
        "Write one self-contained HTML page that shows an export.",
    ),
    "schema": LazyCommand(
        "conciliazione.cli.schema_cmd:schema",
        "Print the published table contract (Arrow or JSON Table Schema).",
    ),
    "validate": LazyCommand(
        "conciliazione.cli.validate_cmd:validate",
        "Validate the data and report findings by code and severity.",
    ),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and whose errors are reported once."""

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, LazyCommand] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(self.lazy_commands)
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in self.lazy_commands:
            return command
        return self._load(cmd_name)

    def _load(self, name: str) -> click.Command:
        """Import a command's module: every command ships with the library, so a failing import
        is a bug and raises (never a quietly missing command)."""
        spec = self.lazy_commands[name]
        module = importlib.import_module(spec.module)
        command = getattr(module, spec.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{spec.target} is not a click command")
        self.add_command(command, name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands with the short help of the map, importing none of them."""
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            if name in self.lazy_commands:
                rows.append((name, self.lazy_commands[name].short_help))
                continue
            command = self.commands[name]
            if not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Accept ``--debug`` anywhere on the line, also after the command (``conciliazione
        validate --debug``), since the message of an internal error asks users to add it;
        arguments after ``--`` are left alone."""
        cut = args.index("--") if "--" in args else len(args)
        kept = [a for a in args[:cut] if a != "--debug"]
        if len(kept) != cut:
            ctx.ensure_object(CliState).debug = True
        return super().parse_args(ctx, kept + args[cut:])

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # click reports these itself (usage errors exit with 2)
        except BrokenPipeError:
            # The reader closed the pipe: silence the rest of the output (including the
            # interpreter's final flush) and end as a SIGPIPE'd process would.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(PIPE_CLOSED)
        except Exception as exc:
            state = ctx.find_object(CliState)
            debug = bool(ctx.params.get("debug")) or (state is not None and state.debug)
            ctx.exit(report_exception(exc, debug=debug))


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--debug",
    is_flag=True,
    envvar="CONCILIAZIONE_DEBUG",
    help="Show the full traceback when something fails (also CONCILIAZIONE_DEBUG=1).",
)
@click.version_option(__version__, "--version", prog_name="conciliazione")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Lombardy's work-life balance programme (Conciliazione vita-lavoro) as one validated,
    typed dataset.

    The ATS plugins read the published pages; `validate` reports what is wrong with the
    data; `export` writes it as Parquet for pipelines. Each command is a thin shell over the
    Python API named in its help.

    \b
    The main job, with every installed plugin's built-in pages:
      conciliazione export --out exports/
    """
    state = ctx.ensure_object(CliState)
    state.debug = state.debug or debug


def main() -> None:
    """The console-script entry point: the command runs as the whole process (see
    :mod:`conciliazione.cli.process` for what that changes: the garbage collector leaves the
    start-up's objects alone)."""
    from conciliazione.cli.process import command_process

    command_process(lambda: cli(prog_name="conciliazione"))
