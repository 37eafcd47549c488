"""Print each plugin's source lines against the plugin kit's targets.

Counted as the plugin-kit issue counts them: non-blank lines that hold code, without comments
and without docstrings (module, class and function docstrings, and the attribute docstrings
that follow an assignment). Run from the repository root: ``python bench/plugin_sizes.py``.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[1] / "plugins"
TARGETS = {"_template": (None, 60)}
"""Plugin folder → (reader target, whole-src target); every ATS plugin: reader 150, src 200."""
_SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}


def _docstring_lines(tree: ast.AST) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, statement in enumerate(body):
            is_text = isinstance(statement, ast.Expr) and isinstance(
                getattr(statement, "value", None), ast.Constant
            )
            if not is_text or not isinstance(statement.value.value, str):  # type: ignore[attr-defined]
                continue
            first = i == 0 and isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            after_assignment = i > 0 and isinstance(body[i - 1], ast.Assign | ast.AnnAssign)
            if first or after_assignment:
                lines.update(range(statement.lineno, (statement.end_lineno or 0) + 1))
    return lines


def code_lines(path: Path) -> int:
    """The lines of ``path`` that hold code, as the targets count them."""
    text = path.read_text(encoding="utf-8")
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type not in _SKIP and token.type != tokenize.ENDMARKER:
            lines.update(range(token.start[0], token.end[0] + 1))
    return len(lines - _docstring_lines(ast.parse(text)))


def main() -> None:
    print(f"{'plugin':<28} {'reader':>7} {'target':>7} {'src':>5} {'target':>7}")
    for folder in sorted(p for p in PLUGINS.iterdir() if (p / "src").is_dir()):
        files = sorted((folder / "src").rglob("*.py"))
        reader = sum(code_lines(f) for f in files if f.name == "reader.py")
        total = sum(code_lines(f) for f in files)
        reader_target, total_target = TARGETS.get(folder.name, (150, 200))
        mark = (
            ""
            if total <= total_target and (reader_target is None or reader <= reader_target)
            else "  over"
        )
        shown = reader_target or "-"
        print(f"{folder.name:<28} {reader:>7} {shown:>7} {total:>5} {total_target:>7}{mark}")


if __name__ == "__main__":
    main()
