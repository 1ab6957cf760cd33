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


def _kind_folders() -> dict[str, str]:
    from app.domain.kind_folders import builtin_kinds

    return builtin_kinds()


def _in_a_kind_folder(path: Path, folders: set[str]) -> bool:
    return any(part in folders for part in path.relative_to(APP).parts[:-1])


def test_no_module_outside_a_kinds_folder_names_a_kind() -> None:
    """A kind is named (by its string) only in its own folders; shared code gets kinds from the
    registry. Docstrings and messages may mention them in words; code literals may not."""
    kinds = _kind_folders()
    names, folders = set(kinds), set(kinds.values())
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        if _in_a_kind_folder(path, folders):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in names:
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                # a module path into a kind's folder, written out ("app.services.promotions.target")
                dotted = node.value.split(".")
                if dotted[:1] == ["app"] and folders & set(dotted):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert offenders == []


@pytest.mark.parametrize("name", sorted(_kind_folders()))
def test_every_kind_has_its_folder_in_every_layer(name: str) -> None:
    """The folder convention shared code relies on (``app.domain.kind_folders``)."""
    import importlib

    from app.domain.kind_folders import KIND_MODULES, kind_module
    from app.domain.kinds import kind_named
    from app.services.send_targets import target_for
    from app.ui.editors.registry import editor_for

    folder = _kind_folders()[name]
    for entry in KIND_MODULES:
        assert (ROOT / (kind_module(entry, name).replace(".", "/") + ".py")).is_file(), entry
    assert kind_named(name).name == name
    assert name == importlib.import_module(f"app.domain.{folder}").KIND_NAME
    assert (APP / "sandbox" / folder / "__init__.py").exists()
    assert target_for(name).kind == name
    assert editor_for(name).payload.name == name


#: Shared modules allowed to import kinds' folders: the places that compose the kinds, and the
#: commands named after one kind (``tgb periods`` plans a group's periods, ``tgb promotions``
#: drives the promotion lifecycle).
_COMPOSITION = {
    "app/sandbox/api.py": "the sandbox's router: each path goes to its kind's API",
    "app/sandbox/server.py": "the sandbox's server: it opens the stores the router serves",
    "app/cli/periods_cmd.py": "tgb periods: a target group's periods",
    "app/cli/promotions_cmd.py": "tgb promotions: a promotion's lifecycle",
    "app/domain/conversions/": "the conversions from one kind into another",
    "app/ui/editors/registry.py": "the editors' registry: each kind's editor, imported explicitly",
}


def test_shared_modules_import_no_kind() -> None:
    """Outside the kinds' folders (and the few places that compose them), no module imports a
    kind's folder in any layer: shared code reaches a kind through the registries."""
    folders = set(_kind_folders().values())
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if _in_a_kind_folder(path, folders) or any(relative.startswith(place) for place in _COMPOSITION):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                if name.startswith("app.") and folders & set(name.split(".")):
                    offenders.append(f"{relative}:{getattr(node, 'lineno', 0)}: {name}")
    assert offenders == []
