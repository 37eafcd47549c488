"""The CLI reference, generated from the click command definitions.

It walks the ``conciliazione`` group (``conciliazione.cli.main:main``, the console script) and
every command it lists — lazily loaded commands included, through ``get_command`` — and writes
each command's usage, help and options as click itself renders them, plus the exit codes the
CLI package defines. No sphinx-click: the walk is a few lines and has no dependency.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import re
from collections.abc import Iterator
from typing import Any

from docgen_markdown import GENERATED_NOTICE, GenerationError, code, escape, table

PROG = "conciliazione"
ENTRY_MODULE = "conciliazione.cli.main"
ENTRY_ATTRIBUTE = "main"
WIDTH = 88

EXIT_CODES_MODULE = "conciliazione.cli.errors"
"""Where the CLI defines its exit codes: module-level int constants, each with a docstring."""


def root_command() -> Any:
    """The click group behind the ``conciliazione`` console script."""
    try:
        module = importlib.import_module(ENTRY_MODULE)
    except ImportError as exc:
        raise GenerationError(
            f"cannot import {ENTRY_MODULE} ({exc}); the CLI reference is generated from it"
        ) from exc
    import click

    command = getattr(module, ENTRY_ATTRIBUTE, None)
    if isinstance(command, click.Command):
        return command
    # The console script may be a plain function calling the group: use the module's group.
    groups = {id(v): v for v in vars(module).values() if isinstance(v, click.Group)}
    if len(groups) != 1:
        raise GenerationError(f"{ENTRY_MODULE} defines {len(groups)} click groups, expected one")
    return next(iter(groups.values()))


def _context(command: Any, name: str, parent: Any = None) -> Any:
    import click

    return click.Context(
        command, info_name=name, parent=parent, max_content_width=WIDTH, terminal_width=WIDTH
    )


def walk(command: Any | None = None) -> Iterator[tuple[str, Any, Any]]:
    """(full name, command, context) for the group and every subcommand, depth first, sorted."""
    import click

    command = root_command() if command is None else command
    stack = [(PROG, command, _context(command, PROG))]
    while stack:
        path, cmd, ctx = stack.pop(0)
        yield path, cmd, ctx
        if isinstance(cmd, click.Group):
            children = []
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is None:
                    raise GenerationError(f"{path} lists {name!r} but cannot load it")
                if sub.hidden:
                    continue
                children.append((f"{path} {name}", sub, _context(sub, name, ctx)))
            stack[0:0] = children


def command_names() -> list[str]:
    """Full names of the visible subcommands (``conciliazione export``, ...)."""
    return [path for path, _, _ in walk() if path != PROG]


def anchor(path: str) -> str:
    return "cli-" + "-".join(path.split()[1:]) if " " in path else "cli-main"


def _help_blocks(text: str) -> list[str]:
    """Click help prose: cut at ``\\f``, paragraphs, ``\\b`` paragraphs kept verbatim."""
    text = inspect.cleandoc(text.split("\f", 1)[0])
    lines: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        if not block.strip():
            continue
        if block.lstrip().startswith("\b"):
            verbatim = block.lstrip()[1:].strip("\n")
            lines.extend(["```text", verbatim, "```", ""])
        else:
            lines.extend([escape(block), ""])
    return lines


def _options_table(cmd: Any, ctx: Any) -> list[str]:
    import click

    rows: list[list[str]] = []
    for param in cmd.get_params(ctx):
        if isinstance(param, click.Argument):
            required = "required" if param.required else "optional"
            many = ", repeatable" if param.nargs == -1 else ""
            rows.append([code(param.human_readable_name), f"argument ({required}{many})"])
            continue
        record = param.get_help_record(ctx)
        if record is None:
            continue
        invocation, help_text = record
        envvar = getattr(param, "envvar", None)
        if envvar:
            names = [envvar] if isinstance(envvar, str) else list(envvar)
            help_text += f" [env var: {', '.join(names)}]"
        rows.append([code(invocation), escape(help_text)])
    if not rows:
        return []
    return [*table(["Option", "Description"], rows), ""]


def exit_codes() -> list[tuple[int, str, str]]:
    """(code, name, meaning) of the documented int constants of the exit-codes module.

    The meaning is the constant's docstring (the string literal right after it), read from
    the source with :mod:`ast`, since Python keeps no attribute docstrings at run time.
    """
    try:
        module = importlib.import_module(EXIT_CODES_MODULE)
    except ImportError as exc:
        raise GenerationError(f"cannot import {EXIT_CODES_MODULE} ({exc})") from exc
    tree = ast.parse(inspect.getsource(module))
    rows: list[tuple[int, str, str]] = []
    body = tree.body
    for node, following in itertools.pairwise(body):
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
            continue
        target = node.targets[0]
        if not (isinstance(target, ast.Name) and target.id.isupper()):
            continue
        value = getattr(module, target.id, None)
        doc = following.value if isinstance(following, ast.Expr) else None
        if (
            isinstance(value, int)
            and not isinstance(value, bool)
            and isinstance(doc, ast.Constant)
            and isinstance(doc.value, str)
        ):
            rows.append((value, target.id, inspect.cleandoc(doc.value)))
    if not rows:
        raise GenerationError(f"{EXIT_CODES_MODULE} documents no exit code")
    return sorted(rows)


def cli_markdown() -> str:
    """Usage, help and options of every command, then the exit codes."""
    lines = [GENERATED_NOTICE.format(module="docgen_cli"), ""]
    for path, cmd, ctx in walk():
        level = "##" if path == PROG else "###"
        lines.extend([f"({anchor(path)})=", f"{level} {path}", ""])
        pieces = " ".join(cmd.collect_usage_pieces(ctx))
        lines.extend(["```text", f"{ctx.command_path} {pieces}".rstrip(), "```", ""])
        if cmd.help:
            lines.extend(_help_blocks(cmd.help))
        elif cmd.short_help:
            lines.extend([escape(cmd.short_help), ""])
        lines.extend(_options_table(cmd, ctx))
        if cmd.epilog:
            lines.extend(_help_blocks(cmd.epilog))
        if path == PROG:
            lines.extend(["## Commands", ""])
    lines.extend(["(cli-exit-codes)=", "## Exit codes", ""])
    lines.extend(
        table(
            ["Code", "Name", "Meaning"],
            ([str(value), code(name), escape(meaning)] for value, name, meaning in exit_codes()),
        )
    )
    return "\n".join(lines).rstrip() + "\n"
