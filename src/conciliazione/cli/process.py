"""The garbage collector of a command's process: what the start-up builds is never garbage.

Why: a command is a short process that imports a few hundred modules (click, pydantic, pyarrow,
rdflib, the model, the plugins) and then, for the main export, does a tenth of a second of work.
Those imports leave about 55,000 objects tracked by CPython's cyclic collector — functions,
classes, schemas, constants — that live until the process ends. The collector walks them over
and over for nothing: about 130 collections while the main export runs (35–40 ms, a tenth of
its time), and then once more while the interpreter shuts down (about 45 ms), freeing nothing
that matters.

So, only in the process the console script starts (never when the commands are called from
Python, by a test's ``CliRunner`` say, nor anywhere in the library):

- :func:`start_up` wraps a command's big imports: the collector is paused while they run,
  and what they built is then frozen (:func:`gc.freeze`: moved where no later collection looks);
  garbage the command makes while it works is collected as usual;
- :func:`command_process` runs the whole command and freezes everything left before the
  interpreter's shutdown, which then frees by reference counting only. Files, exports and
  their publication are complete and closed by then; what could be lost is the collection of
  reference cycles the operating system reclaims anyway as the process ends.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_in_command_process = False
"""True once :func:`command_process` runs: the process is the console script's and ends when
the command does."""


@contextmanager
def start_up() -> Iterator[None]:
    """The imports of a command that is starting: no collection while they run, and their
    objects frozen afterwards (in the console script's process only; elsewhere it does
    nothing)."""
    if not _in_command_process or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def command_process(run: Callable[[], object]) -> None:
    """Run the command line ``run`` as the whole process: :func:`start_up` is in force, and
    the objects left when it ends (normally or by ``sys.exit``) are frozen before the shutdown."""
    global _in_command_process
    _in_command_process = True
    try:
        run()
    finally:
        gc.freeze()
