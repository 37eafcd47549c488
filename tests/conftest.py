"""What makes a test ``slow``: the fast loop is ``python -m pytest -m "not slow"``.

The README's command (``python -m pytest``, which CI runs) is the whole suite. A test is slow,
and marked so here rather than by hand in each file, when it

- needs the built documentation (the ``built_site`` fixture: one Sphinx build, ~40 s);
- runs the command line or Python in a child process (the ``run_cli`` / ``script`` fixtures,
  or a module or test that imports ``subprocess``): each start costs about half a second;
- drives a real browser (the ``browser`` fixture);
- is a Hypothesis property test, which runs a hundred examples or more;
- carries ``pytest.mark.slow`` itself (building and installing distributions).
"""

from __future__ import annotations

import inspect
from functools import cache

import pytest

SLOW_FIXTURES = frozenset({"built_site", "run_cli", "script", "browser"})


def _is_slow(item: pytest.Item) -> bool:
    if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "obj", None)
    if getattr(function, "is_hypothesis_test", False):
        return True
    module = getattr(item, "module", None)
    if module is not None and "subprocess" in vars(module):
        return True
    return function is not None and _starts_a_process(function)


@cache
def _starts_a_process(function: object) -> bool:
    """Whether a test function imports ``subprocess`` itself (the module does not)."""
    try:
        source = inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return False
    return "import subprocess" in source


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _is_slow(item):
            item.add_marker(pytest.mark.slow)
