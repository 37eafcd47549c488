"""Sphinx configuration of the conciliazione documentation site.

Pages are MyST Markdown. The data dictionary, the findings catalogue and the CLI reference are
generated at build time from the code (see ``docs/_ext/conciliazione_docs.py``), so the site
cannot drift from the schemas, the rule registry and the command definitions.
"""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

project = "conciliazione"
author = "conciliazione contributors"
copyright = "conciliazione contributors (code: MIT)"
try:
    from conciliazione import __version__ as release
except ImportError:  # pragma: no cover - the docs are built with the package installed
    release = "unknown"
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
    "conciliazione_docs",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# docs/dev is internal (briefs for engineers); _build also holds the generated Markdown that
# the reference pages include.
exclude_patterns = ["_build", "dev", "examples", "Thumbs.db", ".DS_Store"]

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "tasklist"]
myst_heading_anchors = 3

html_theme = "furo"
html_title = f"conciliazione {release}"

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {
    "members": True,
    "undoc-members": True,
    "show-inheritance": True,
    "exclude-members": "model_config, model_fields, model_computed_fields",
}
autodoc_mock_imports: list[str] = []
napoleon_google_docstring = True
napoleon_numpy_docstring = False

nitpicky = False

# ``type[Model]`` in a signature (the builder's ``record(model: type[R], …)``) is looked up as a
# cross-reference and finds the attributes named ``type`` of two classes: an ambiguity of the
# lookup, not of the docs. Only that warning kind ("more than one target") is silenced.
suppress_warnings = ["ref.python"]
