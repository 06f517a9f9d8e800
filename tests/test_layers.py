"""Layers that hold (issue 24 item 3): the import contracts in pyproject.toml
(``[tool.importlinter]``: data → core → the stages → build → commands, and no cycle between
generator's packages), and only ``commands/`` and ``__main__`` modules print or exit."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "generator"

TALKS = {"print", "exit", "quit", "sys.exit", "os._exit", "sys.stdout.write",
         "sys.stderr.write"}
ALLOWED = {
    # a forked build worker ends without running the parent's exit handlers (forks.py)
    ("generator/build/forks.py", "os._exit"),
}


def test_the_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--config", str(REPO / "pyproject.toml")], cwd=REPO,
                         capture_output=True, text=True, check=False,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "2 kept, 0 broken" in out.stdout


def talkers() -> list[str]:
    found = []
    for path in sorted(GENERATOR.rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("generator/commands/") or path.name == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), rel)):
            if isinstance(node, ast.Call) and ast.unparse(node.func) in TALKS:
                if (rel, ast.unparse(node.func)) not in ALLOWED:
                    found.append(f"{rel}:{node.lineno}: {ast.unparse(node.func)}")
            elif isinstance(node, ast.Raise) and node.exc is not None \
                    and "SystemExit" in ast.unparse(node.exc):
                found.append(f"{rel}:{node.lineno}: raise SystemExit")
    return found


def test_only_commands_and_main_print_or_exit() -> None:
    assert talkers() == []
