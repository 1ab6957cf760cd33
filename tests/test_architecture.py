"""The layers are import-linter contracts (pyproject.toml, run by `python3 dev.py test`); this test
runs the same contracts inside pytest, and checks what an import graph cannot: the domain opens no
file, and the low-level writers need nothing of the app. See docs/architecture.md."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"


def test_the_import_contracts_are_kept() -> None:
    command = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(command).exists():
        pytest.skip("import-linter is not installed (python3 dev.py test installs it)")
    done = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:]
    assert "BROKEN" not in done.stdout and "KEPT" in done.stdout


def _calls(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


def test_the_domain_opens_no_file() -> None:
    offenders = [
        str(p.relative_to(APP)) for p in sorted((APP / "domain").rglob("*.py")) if "open" in _calls(p)
    ]
    assert offenders == []


@pytest.mark.parametrize("module", ["atomic_write.py", "filelock.py"])
def test_the_low_level_writers_need_nothing_of_the_app(module: str) -> None:
    """They sit below every layer: the standard library and each other only (an atomic write holds
    its temporary file with the lock module's lock)."""
    tree = ast.parse((APP / module).read_text(encoding="utf-8"))
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    low_level = {"app.atomic_write", "app.filelock"}
    assert not [name for name in names if name.startswith("app") and name not in low_level]
