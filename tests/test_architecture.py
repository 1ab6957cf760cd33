"""The layers of design.md: only app/ui imports Qt; the domain does no I/O."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "app"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _modules(folder: str) -> list[Path]:
    return sorted((APP / folder).rglob("*.py")) if folder else sorted(APP.glob("*.py"))


def test_only_ui_imports_qt() -> None:
    offenders = [
        str(path.relative_to(APP))
        for path in APP.rglob("*.py")
        if "ui" not in path.relative_to(APP).parts[:1]
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path))
    ]
    assert offenders == []


def test_domain_does_no_io_and_imports_no_services() -> None:
    forbidden = {
        "httpx",
        "keyring",
        "sqlite3",
        "socket",
        "subprocess",
        "platformdirs",
        "app.services",
        "app.ui",
    }
    offenders = {}
    for path in _modules("domain"):
        bad = {
            name for name in _imports(path) if any(name == f or name.startswith(f + ".") for f in forbidden)
        }
        if bad:
            offenders[str(path.relative_to(APP))] = bad
    assert offenders == {}


def test_the_sandbox_uses_only_the_domain_and_the_atomic_writer() -> None:
    offenders = {
        str(path.relative_to(APP)): sorted(bad)
        for path in _modules("sandbox")
        if (
            bad := {
                name
                for name in _imports(path)
                if name.startswith("app.")
                and not name.startswith(("app.domain", "app.sandbox"))
                and name not in ("app.atomic_write", "app.filelock")
            }
        )
    }
    assert offenders == {}


def test_the_atomic_writer_needs_nothing_of_the_app() -> None:
    assert not [name for name in _imports(APP / "atomic_write.py") if name.startswith("app")]


def test_services_and_sandbox_never_import_the_ui() -> None:
    offenders = [
        str(path.relative_to(APP))
        for folder in ("services", "sandbox")
        for path in _modules(folder)
        if any(name.startswith("app.ui") for name in _imports(path))
    ]
    assert offenders == []
