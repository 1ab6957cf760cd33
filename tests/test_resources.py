"""The resource locator: the starters and icons are found from a checkout, a bundle or an install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.resources as resources
from app.resources import ResourcesNotFound, app_icon_files, resources_root, templates_dir

ROOT = Path(__file__).resolve().parents[1]
CHECKOUT = ROOT / "resources"


@pytest.fixture(autouse=True)
def fresh_lookup(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(resources.RESOURCES_ENV, raising=False)
    resources_root.cache_clear()
    yield
    resources_root.cache_clear()


def make_resources(folder: Path, templates: tuple[str, ...] = ("one.json",)) -> Path:
    (folder / "templates").mkdir(parents=True)
    for name in templates:
        shutil.copy(CHECKOUT / "templates" / "monthly-points-capping.json", folder / "templates" / name)
    return folder


def hide_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pretend the app package was installed somewhere with no resources folder beside it."""
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "site-packages" / "app" / "resources.py"))


def test_a_source_checkout_uses_the_top_level_resources_folder() -> None:
    assert resources_root() == CHECKOUT
    assert templates_dir() == CHECKOUT / "templates"
    assert sorted(p.name for p in templates_dir().glob("*.json")) == sorted(
        p.name for p in (CHECKOUT / "templates").glob("*.json")
    )


def test_every_icon_size_is_found() -> None:
    files = app_icon_files()
    assert [f.name for f in files] == [f"app-{size}.png" for size in resources.APP_ICON_SIZES]
    assert all(f.stat().st_size > 0 for f in files)


def test_a_pyinstaller_bundle_uses_its_own_copy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bundle = tmp_path / "_internal"
    make_resources(bundle / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resources_root() == bundle / "resources"


def test_a_pip_install_finds_the_data_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_checkout(monkeypatch, tmp_path)
    data = tmp_path / "prefix"
    make_resources(data / resources.INSTALLED_SUBDIR)
    monkeypatch.setattr(resources.sysconfig, "get_path", lambda name, *scheme: str(data))
    assert resources_root() == data / "share" / "target-group-builder" / "resources"


def test_the_environment_override_wins_only_when_it_holds_resources(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path / "empty"))
    assert resources_root() == CHECKOUT  # an empty override is skipped, not trusted
    resources_root.cache_clear()
    make_resources(tmp_path / "mine")
    monkeypatch.setenv(resources.RESOURCES_ENV, str(tmp_path / "mine"))
    assert resources_root() == tmp_path / "mine"


def test_a_broken_install_says_where_it_looked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    hide_checkout(monkeypatch, tmp_path)
    monkeypatch.setattr(resources.sysconfig, "get_path", lambda name, *scheme: str(tmp_path / "nowhere"))
    monkeypatch.setattr(resources.sys, "prefix", str(tmp_path / "nowhere"))
    with pytest.raises(ResourcesNotFound) as error:
        resources_root()
    message = str(error.value)
    assert str(tmp_path / "site-packages" / "resources") in message
    assert "TGB_RESOURCES" in message
    # the template library must still start: the starters folder is just absent
    assert not templates_dir().exists()


def test_the_template_library_lists_the_starters_the_locator_found(tmp_path: Path) -> None:
    folder = make_resources(tmp_path / "res", ("only-starter.json",))
    env = {**os.environ, "TGB_HOME": str(tmp_path / "home"), resources.RESOURCES_ENV: str(folder)}
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "templates", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    starters = [line for line in result.stdout.splitlines() if "(Starter)" in line]
    assert len(starters) == 1
    assert starters[0].startswith("only-starter")
