"""Where the files that ship with the app (starter templates, icons) are, however it was installed.

The repository's top-level ``resources/`` folder is the one source of truth. It reaches the
three ways the app runs by three routes, looked at in this order:

1. a PyInstaller bundle: the spec copies it to ``resources/`` inside the bundle
   (``sys._MEIPASS``);
2. a source checkout or an editable install: ``resources/`` beside the ``app`` package;
3. a regular ``pip install .``: pyproject's ``data-files`` put it in
   ``<prefix>/share/target-group-builder/resources`` (the environment's data folder, or the
   user's with ``pip install --user``).

``TGB_RESOURCES`` overrides all three (a relocated install, or a test). A folder counts only
if it holds ``templates/``, so a stray empty ``resources`` folder is never picked.
This module does no Qt and no writing; it only looks.
"""

from __future__ import annotations

import contextlib
import os
import sys
import sysconfig
from functools import cache
from pathlib import Path

RESOURCES_ENV = "TGB_RESOURCES"
#: Where pyproject's data-files install the resources, under an environment's data folder.
INSTALLED_SUBDIR = Path("share") / "target-group-builder" / "resources"
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


class ResourcesNotFound(FileNotFoundError):
    """No resources folder anywhere the app looks; the message lists where it looked."""


def candidate_roots() -> list[Path]:
    """Every folder that may hold the resources, most specific first."""
    out: list[Path] = []
    override = os.environ.get(RESOURCES_ENV)
    if override:
        out.append(Path(override))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        out.append(Path(bundle) / "resources")
    out.append(Path(__file__).resolve().parent.parent / "resources")
    data_dirs = [sysconfig.get_path("data")]
    with contextlib.suppress(KeyError):  # a Python without a user scheme
        data_dirs.append(sysconfig.get_path("data", f"{os.name}_user"))
    data_dirs.append(sys.prefix)
    for data in data_dirs:
        path = Path(data) / INSTALLED_SUBDIR
        if path not in out:
            out.append(path)
    return out


def _is_resources(path: Path) -> bool:
    return (path / "templates").is_dir()


@cache
def resources_root() -> Path:
    """The resources folder in use.

    Raises:
        ResourcesNotFound: none of :func:`candidate_roots` holds a ``templates`` folder (a
            broken install); the message says where the app looked.
    """
    roots = candidate_roots()
    for root in roots:
        if _is_resources(root):
            return root
    looked = "\n  ".join(str(root) for root in roots)
    raise ResourcesNotFound(
        f"The app's resources (starter templates, icons) are missing; looked in:\n  {looked}\n"
        "Reinstall the app, or set TGB_RESOURCES to the folder that holds them."
    )


def resource_path(*parts: str) -> Path:
    """A file or folder inside the resources folder (it may not exist; callers check)."""
    return resources_root().joinpath(*parts)


def templates_dir() -> Path:
    """The starter templates (read-only).

    Never raises: in a broken install this is the checkout's path, which does not exist, so
    the template library simply lists no starters rather than failing to start.
    """
    try:
        return resource_path("templates")
    except ResourcesNotFound:
        return Path(__file__).resolve().parent.parent / "resources" / "templates"


def app_icon_files() -> list[Path]:
    """The app icon's PNG sizes that exist, smallest first (the window and task bar icon)."""
    icons = resource_path("icons")
    return [icons / f"app-{size}.png" for size in APP_ICON_SIZES if (icons / f"app-{size}.png").is_file()]
