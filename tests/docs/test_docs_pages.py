"""Hand-written pages that quote the code or the README stay true to them."""

from __future__ import annotations

import importlib
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
_BASH = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
_PY_ROLE = re.compile(r"\{py:(?:func|class|meth|mod|data)\}`~?([\w.]+)`")


def _bash_commands(text: str) -> list[str]:
    return [line for block in _BASH.findall(text) for line in block.splitlines() if line.strip()]


def test_getting_started_quotes_the_readme_commands_exactly() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    page = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    commands = [c for c in _bash_commands(readme) if "pip install -r" in c]
    assert len(commands) == 2, commands
    for command in commands:
        assert command in _bash_commands(page), f"getting-started.md does not quote {command!r}"


def _resolve(dotted: str) -> object:
    """Import the longest importable module prefix, then walk attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute)
        return obj
    raise ModuleNotFoundError(dotted)


def _equivalents() -> str:
    return (DOCS / "reference" / "python-equivalents.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", sorted(set(_PY_ROLE.findall(_equivalents()))))
def test_each_python_equivalent_exists(target: str) -> None:
    package = ".".join(target.split(".")[:2])
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:  # absent, or a bare directory being written
        pytest.skip(f"{package} is not written yet")
    try:
        _resolve(target)
    except (ModuleNotFoundError, AttributeError) as exc:
        pytest.fail(f"python-equivalents.md names {target}, which does not exist: {exc}")


def test_each_command_has_its_python_equivalent() -> None:
    import click

    from conciliazione.cli.main import cli

    rows = re.findall(r"^\| `conciliazione (\w+)`", _equivalents(), re.MULTILINE)
    commands = cli.list_commands(click.Context(cli, info_name="conciliazione"))
    assert set(commands) <= set(rows), (
        f"commands without a Python equivalent: {set(commands) - set(rows)}"
    )


def test_concepts_names_every_typology_with_its_italian_label(built_site: object) -> None:
    from conciliazione import get_guideline

    html = built_site.page("concepts")  # type: ignore[attr-defined]
    for service_type in get_guideline().service_types:
        assert f"<strong>{service_type.code}</strong>" in html
        assert service_type.label.split("“")[0].strip() in html
