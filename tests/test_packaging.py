"""The bundle's recipe: every resource and by-name import listed, one version, valid desktop files.

Building a bundle takes minutes, so CI checks the recipe instead; ``make dist`` builds and
smoke-tests the real thing.
"""

from __future__ import annotations

import ast
import configparser
import importlib.util
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from fnmatch import fnmatch
from pathlib import Path
from types import ModuleType

import pytest

from app import __version__
from app.domain.kind_folders import KIND_MODULES, builtin_kinds, kind_folder, kind_module
from app.resources import APP_ICON_SIZES

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
DESKTOP_ID = "org.tgb.TargetGroupBuilder"


def load_rules() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_rules", PACKAGING / "bundle_rules.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


rules = load_rules()


def bundled_as(path: Path) -> str | None:
    """Where the spec's datas put a repository file inside the bundle, or None if nowhere."""
    relative = path.relative_to(ROOT).as_posix()
    for source, dest in rules.DATAS:
        if fnmatch(relative, source):
            return f"{dest}/{path.name}"
    return None


def tuple_literal(path: Path, name: str) -> list[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == name for t in targets) and node.value is not None:
                return list(ast.literal_eval(node.value))
    raise AssertionError(f"{name} not found in {path}")


def test_every_starter_template_and_icon_the_app_reads_is_in_the_bundle() -> None:
    templates = sorted((ROOT / "resources" / "templates").glob("*.json"))
    assert templates
    for path in templates:
        assert bundled_as(path) == f"resources/templates/{path.name}"
    for size in APP_ICON_SIZES:
        assert (
            bundled_as(ROOT / "resources" / "icons" / f"app-{size}.png") == f"resources/icons/app-{size}.png"
        )
    for source, _dest in rules.DATAS:
        assert list(ROOT.glob(source)), f"{source} matches no file"


def test_a_pip_install_ships_the_same_resources() -> None:
    data_files = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "data-files"
    ]
    shipped = {
        f"{dest}/{path.name}"
        for dest, patterns in data_files.items()
        for pattern in patterns
        for path in ROOT.glob(pattern)
    }
    prefix = "share/target-group-builder/"
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and bundled_as(path):
            assert prefix + str(bundled_as(path)) in shipped


def test_every_module_the_app_imports_by_name_is_bundled() -> None:
    hidden = set(rules.hidden_imports())
    by_name: tuple[str, ...] = ()
    for path in (ROOT / "app").rglob("*.py"):  # e.g. the CLI's command table
        by_name += tuple(re.findall(r"[\"'](app(?:\.\w+)+)[\"']", path.read_text(encoding="utf-8")))
    for kind in builtin_kinds():  # each kind's modules, found by its folder in every layer
        by_name += (f"app.domain.{kind_folder(kind)}",)
        by_name += tuple(kind_module(entry, kind) for entry in KIND_MODULES)
    modules = {
        name
        for name in by_name
        if (ROOT / (name.replace(".", "/") + ".py")).is_file()
        or (ROOT / name.replace(".", "/") / "__init__.py").is_file()
    }
    assert "app.domain.target_groups.kind" in modules and "app.cli.send_cmd" in modules
    assert modules - hidden == set()
    for name in rules.HIDDEN_IMPORTS + rules.SUBMODULE_PACKAGES:
        assert importlib.util.find_spec(name) is not None, name


def test_nothing_the_app_imports_is_excluded() -> None:
    imported: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
    excluded = set(rules.EXCLUDED_MODULES)
    clashes = {name for name in imported if any(name == e or name.startswith(e + ".") for e in excluded)}
    assert clashes == set()


@pytest.mark.parametrize(
    ("dest", "dropped"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("PySide6/Qt/lib/libQt6Quick.so.6", True),
        ("PySide6\\Qt6Qml.dll", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", False),
        ("PySide6/plugins/platforms/qwindows.dll", False),
        ("PySide6/Qt/lib/libQt6Widgets.so.6", False),
        ("PySide6/Qt6Gui.dll", False),
        ("resources/templates/monthly-leaderboard.json", False),
    ],
)
def test_the_trim_rules_drop_only_what_the_app_does_not_use(dest: str, dropped: bool) -> None:
    assert rules.is_excluded(dest) is dropped


def test_the_spec_builds_from_the_shared_rules() -> None:
    text = (PACKAGING / "tgb.spec").read_text(encoding="utf-8")
    compile(text, "tgb.spec", "exec")
    for needed in (
        "rules.hidden_imports()",
        "rules.data_entries()",
        "rules.METADATA",
        "excludes=rules.EXCLUDED_MODULES",
        "rules.trim(a.binaries)",
        "rules.trim(a.datas)",
        "name=rules.BUNDLE_NAME",
    ):
        assert needed in text
    compile((PACKAGING / "bare_window.spec").read_text(encoding="utf-8"), "bare_window.spec", "exec")


def test_the_about_box_libraries_keep_their_metadata_in_the_bundle() -> None:
    from app.ui.help.about import LIBRARIES

    assert {dist for dist, _module, _license in LIBRARIES} <= set(rules.METADATA)


def test_one_version_everywhere() -> None:
    assert rules.app_version() == __version__
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    metainfo = ET.parse(PACKAGING / "linux" / f"{DESKTOP_ID}.metainfo.xml").getroot()
    release = metainfo.find("releases/release")
    assert release is not None and release.get("version") == __version__


def read_desktop_entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / "linux" / f"{DESKTOP_ID}.desktop", encoding="utf-8")
    return parser


def test_the_desktop_entry_has_the_keys_a_menu_needs() -> None:
    entry = read_desktop_entry()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Target Group Builder"
    assert entry["Exec"].split()[0] == rules.BUNDLE_NAME and entry["Exec"].endswith("%f")
    assert entry["Icon"] == DESKTOP_ID
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    known = {
        "Type", "Version", "Name", "GenericName", "Comment", "Exec", "TryExec", "Icon",
        "Terminal", "Categories", "Keywords", "StartupNotify", "StartupWMClass",
    }  # fmt: skip
    assert set(entry) <= known


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils not installed")
def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    path = PACKAGING / "linux" / f"{DESKTOP_ID}.desktop"
    result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_names_the_desktop_entry_and_the_app() -> None:
    root = ET.parse(PACKAGING / "linux" / f"{DESKTOP_ID}.metainfo.xml").getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("name") == "Target Group Builder"
    assert root.findtext("summary")
    assert root.findtext("metadata_license") and root.findtext("project_license") == "MIT"
    assert root.findtext("launchable") == f"{DESKTOP_ID}.desktop"
    assert root.findtext("provides/binary") == rules.BUNDLE_NAME


def test_the_linux_installer_uses_the_same_id_and_icon_sizes() -> None:
    script = (PACKAGING / "linux" / "install.sh").read_text(encoding="utf-8")
    assert f"ID={DESKTOP_ID}\n" in script
    assert f'SIZES="{" ".join(str(s) for s in APP_ICON_SIZES)}"' in script
    assert (PACKAGING / "linux" / "install.sh").stat().st_mode & 0o111 or sys.platform.startswith("win")


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_icons_hold_the_sizes_each_platform_uses() -> None:
    icons = ROOT / "resources" / "icons"
    for size in APP_ICON_SIZES:
        assert png_size((icons / f"app-{size}.png").read_bytes()) == (size, size)
    ico = (icons / "app.ico").read_bytes()
    _reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert kind == 1
    sizes = set()
    for index in range(count):
        width, _h, _c, _r, _p, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * index : 22 + 16 * index]
        )
        image = png_size(ico[offset : offset + length])
        assert image[0] == (width or 256)
        sizes.add(image[0])
    assert {16, 32, 48, 256} <= sizes
    icns = (icons / "app.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    elements, at = {}, 8
    while at < len(icns):
        kind_bytes, length = icns[at : at + 4], struct.unpack(">I", icns[at + 4 : at + 8])[0]
        elements[kind_bytes] = png_size(icns[at + 8 : at + length])[0]
        at += length
    assert elements[b"ic07"] == 128 and elements[b"ic08"] == 256 and elements[b"ic10"] == 1024


def test_make_dist_builds_and_smoke_tests_the_bundle() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ndist:", 1)[1]
    assert "packaging/build_bundle.py" in target
    build = (PACKAGING / "build_bundle.py").read_text(encoding="utf-8")
    assert 'tools" / "smoke_bundle.py' in build
