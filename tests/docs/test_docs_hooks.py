"""The hook reference documents every hook with the exact signature of its specification.

Like datasette's ``test_docs.py``: the page is parsed, not rendered. Each hook must have a
``## <hook name>`` heading and a Python code block declaring ``@hookspec(...)`` and ``def
<hook>(...)`` whose parameters, annotations, return annotation and hookspec options equal those
of the function in :mod:`conciliazione.plugins.hookspecs`. A hook added there (for example
``conciliazione_register_layouts``) fails this test until the page documents it; so does a field
added to the adapter.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Any

import attrs
import pytest

from conciliazione.plugins import hookspecs
from conciliazione.plugins.adapter import AtsAdapter

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "hooks.md"
SPEC_ATTRIBUTE = f"{hookspecs.PROJECT_NAME}_spec"
_FENCE = re.compile(r"^```(?:python|py)\s*\n(.*?)^```", re.MULTILINE | re.DOTALL)


def hook_specs() -> dict[str, Any]:
    """Every function of the hookspecs module that pluggy's HookspecMarker marked."""
    return {
        name: fn
        for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
        if getattr(fn, SPEC_ATTRIBUTE, None) is not None
    }


def _normalize(annotation: str) -> str:
    return ast.unparse(ast.parse(annotation, mode="eval"))


def _spec_annotation(annotation: Any) -> str | None:
    if annotation is inspect.Parameter.empty:
        return None
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return _normalize(text)


def spec_shape(fn: Any) -> dict[str, Any]:
    """The comparable shape of a spec function: params, return, truthy hookspec options."""
    signature = inspect.signature(fn)
    options = getattr(fn, SPEC_ATTRIBUTE)
    return {
        "params": [
            (
                p.name,
                p.kind.name,
                _spec_annotation(p.annotation),
                None if p.default is inspect.Parameter.empty else repr(p.default),
            )
            for p in signature.parameters.values()
        ],
        "returns": _spec_annotation(signature.return_annotation),
        "options": {key: value for key, value in options.items() if value},
    }


def _documented_options(node: ast.FunctionDef) -> dict[str, Any] | None:
    for decorator in node.decorator_list:
        if isinstance(decorator, ast.Name) and decorator.id == "hookspec":
            return {}
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Name)
            and decorator.func.id == "hookspec"
        ):
            return {kw.arg: ast.literal_eval(kw.value) for kw in decorator.keywords if kw.arg}
    return None


def documented_shape(node: ast.FunctionDef) -> dict[str, Any]:
    args = node.args
    params: list[tuple[str, str, str | None, str | None]] = []
    positional = [*args.posonlyargs, *args.args]
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    defaults += list(args.defaults)
    for i, (arg, default) in enumerate(zip(positional, defaults, strict=True)):
        kind = "POSITIONAL_ONLY" if i < len(args.posonlyargs) else "POSITIONAL_OR_KEYWORD"
        params.append((arg.arg, kind, _ann(arg.annotation), _default(default)))
    if args.vararg:
        params.append((args.vararg.arg, "VAR_POSITIONAL", _ann(args.vararg.annotation), None))
    for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append((arg.arg, "KEYWORD_ONLY", _ann(arg.annotation), _default(kw_default)))
    if args.kwarg:
        params.append((args.kwarg.arg, "VAR_KEYWORD", _ann(args.kwarg.annotation), None))
    options = _documented_options(node) or {}
    return {
        "params": params,
        "returns": _ann(node.returns),
        "options": {key: value for key, value in options.items() if value},
    }


def _ann(node: ast.expr | None) -> str | None:
    return None if node is None else _normalize(ast.unparse(node))


def _default(node: ast.expr | None) -> str | None:
    return None if node is None else repr(ast.literal_eval(node))


def documented_hooks(text: str) -> dict[str, list[ast.FunctionDef]]:
    """Hook name → the ``@hookspec`` definitions found in the page's Python code blocks."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for block in _FENCE.findall(text):
        for node in ast.walk(ast.parse(block)):
            if isinstance(node, ast.FunctionDef) and _documented_options(node) is not None:
                found.setdefault(node.name, []).append(node)
    return found


def headings(text: str) -> set[str]:
    return {m.group(1).strip() for m in re.finditer(r"^##\s+(.+)$", text, re.MULTILINE)}


@pytest.fixture(scope="module")
def page() -> str:
    return PAGE.read_text(encoding="utf-8")


def test_the_hookspecs_module_declares_hooks() -> None:
    assert set(hook_specs()) == {"conciliazione_register"}


@pytest.mark.parametrize("name", sorted(hook_specs()))
def test_each_hook_is_documented_once_under_its_own_heading(page: str, name: str) -> None:
    assert name in headings(page), f"hooks.md has no '## {name}' heading"
    definitions = documented_hooks(page).get(name, [])
    assert len(definitions) == 1, f"hooks.md declares @hookspec {name} {len(definitions)} times"


@pytest.mark.parametrize("name", sorted(hook_specs()))
def test_each_documented_signature_equals_the_spec(page: str, name: str) -> None:
    definitions = documented_hooks(page).get(name)
    if not definitions:
        pytest.fail(f"hooks.md does not document {name}")
    assert documented_shape(definitions[0]) == spec_shape(hook_specs()[name])


def test_the_page_documents_no_hook_that_does_not_exist(page: str) -> None:
    assert set(documented_hooks(page)) <= set(hook_specs())


def test_a_changed_signature_is_told_apart_from_the_spec() -> None:
    """The comparison itself can fail: a renamed parameter or a lost option differ."""
    spec = spec_shape(hook_specs()["conciliazione_register"])
    hook = "def f(register: Callable[[AtsAdapter], None]) -> None: ..."
    renamed = ast.parse("@hookspec\ndef f(reg: Callable[[AtsAdapter], None]) -> None: ...")
    with_option = ast.parse(f"@hookspec(firstresult=True)\n{hook}")
    exact = ast.parse(f"@hookspec\n{hook}")
    shapes = [documented_shape(m.body[0]) for m in (renamed, with_option, exact)]  # type: ignore[arg-type]
    assert shapes[0] != spec
    assert shapes[1] != spec
    assert shapes[2] == spec


@pytest.mark.parametrize("field", [f.name for f in attrs.fields(AtsAdapter)])
def test_each_adapter_field_is_documented(page: str, field: str) -> None:
    assert re.search(rf"^`{field}`$", page, re.MULTILINE), f"hooks.md does not document {field}"
