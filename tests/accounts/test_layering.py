"""Arrows point down: accounts imports villages, villages never imports accounts."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_villages_does_not_import_accounts():
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "villages").rglob("*.py"))
        for name in imported_modules(path)
        if name == "accounts" or name.startswith("accounts.")
    ]
    assert found == []
