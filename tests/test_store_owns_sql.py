"""The store owns its tables: outside ``nestor/store/`` (the event query layer is ``store/event_query.py``)
no module runs SQL on the store; the gazetteer is a database of its own, not the store."""

from __future__ import annotations

import ast
from pathlib import Path

import nestor

PACKAGE = Path(nestor.__file__).parent
ALLOWED = {"resolve/gazetteer.py", "resolve/gazetteer_build.py"}
SQL_CALLS = {"execute", "executemany", "executescript", "query"}


def _sql_calls(path: Path) -> list[int]:
    """Lines that call execute*/query with arguments (``store.query(sql, ...)``, ``conn.execute(...)``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in SQL_CALLS
        and node.args
    ]


def test_no_module_outside_the_store_runs_sql_on_it() -> None:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith("store/") or name in ALLOWED:
            continue
        if lines := _sql_calls(path):
            found[name] = lines
    assert found == {}, f"SQL outside nestor/store/ (file: lines): {found}"
