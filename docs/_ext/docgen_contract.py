"""The list of the contract tests every ATS plugin inherits, generated from the suite itself.

:class:`conciliazione.testing.AtsPluginContract` grows as the project learns what a plugin must
do; the tutorial lists its tests from the class, so the list is never out of date.
"""

from __future__ import annotations

import inspect

from docgen_markdown import GENERATED_NOTICE, GenerationError, code, escape


def contract_markdown() -> str:
    """One bullet per contract test: its name and, when it has one, its docstring."""
    from conciliazione.testing import AtsPluginContract, iter_contract_tests

    names = sorted(iter_contract_tests())
    if not names:
        raise GenerationError("AtsPluginContract has no test")
    lines = [GENERATED_NOTICE.format(module="docgen_contract"), ""]
    for name in names:
        words = name.removeprefix("test_").replace("_", " ")
        sentence = words[0].upper() + words[1:]
        doc = inspect.getdoc(getattr(AtsPluginContract, name))
        detail = f" — {escape(doc.splitlines()[0])}" if doc else ""
        lines.append(f"- {code(name)}: {escape(sentence)}{detail}.")
    return "\n".join(lines) + "\n"
