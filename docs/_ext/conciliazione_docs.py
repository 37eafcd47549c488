"""Sphinx extension: generate the reference pages' Markdown from the code before reading.

At ``builder-inited`` each generator writes one file under ``docs/_build/generated/`` (ignored
by git, excluded from the sources); the hand-written pages pull it in with MyST's ``{include}``,
which also makes Sphinx re-read a page when its generated part changes. A file is rewritten only
when its text changes, so unchanged builds stay incremental.

A generator that fails does not leave a hollow page: it logs a warning naming the page and the
cause (``-W`` turns it into a failed build) and writes an error box in place of the content.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docgen_cli import cli_markdown
from docgen_contract import contract_markdown
from docgen_findings import findings_markdown
from docgen_regional import ats_markdown, typologies_markdown
from docgen_schemas import data_dictionary_markdown
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

GENERATED_DIR = Path("_build") / "generated"
"""Relative to the source directory; the pages include ``../_build/generated/<name>.md``."""

GENERATORS: dict[str, Callable[[], str]] = {
    "data-dictionary": data_dictionary_markdown,
    "findings": findings_markdown,
    "cli": cli_markdown,
    "typologies": typologies_markdown,
    "ats": ats_markdown,
    "contract": contract_markdown,
}


def failure_markdown(name: str, error: BaseException) -> str:
    return (
        ":::{error}\n"
        f"The {name} page could not be generated from the code: "
        f"{type(error).__name__}: {error}\n"
        ":::\n"
    )


def write_if_changed(path: Path, text: str) -> bool:
    """Write atomically, only if the content differs; return whether it was written."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def generate(srcdir: Path) -> dict[str, BaseException | None]:
    """Run every generator into ``srcdir/_build/generated``; return each one's error or None."""
    outcome: dict[str, BaseException | None] = {}
    for name, generator in GENERATORS.items():
        try:
            text = generator()
            outcome[name] = None
        except Exception as exc:
            text = failure_markdown(name, exc)
            outcome[name] = exc
        write_if_changed(srcdir / GENERATED_DIR / f"{name}.md", text)
    return outcome


def _on_builder_inited(app: Sphinx) -> None:
    for name, error in generate(Path(app.srcdir)).items():
        if error is not None:
            logger.warning(
                "cannot generate the %s page: %s: %s",
                name,
                type(error).__name__,
                error,
                type="conciliazione",
                subtype=name,
            )


def _short_model_signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str, str | None] | None:
    """Pydantic records: the constructor's field names and defaults, without their types.

    The types (some long, like ``Annotated[str, StringConstraints(...)]``) are shown once, on
    each field documented below the class; repeating them in a one-line signature of twenty
    fields makes it unreadable.
    """
    if what != "class" or not isinstance(obj, type) or "pydantic" not in _bases(obj):
        return None
    try:
        parameters = inspect.signature(obj).parameters.values()
    except (TypeError, ValueError):
        return None
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in parameters]
    return str(inspect.Signature(bare)), None


def _bases(cls: type) -> str:
    return " ".join(base.__module__ for base in cls.__mro__)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("autodoc-process-signature", _short_model_signature)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
