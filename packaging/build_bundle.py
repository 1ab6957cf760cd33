"""Build the app's bundle for the platform this runs on, smoke-test it, and pack it for operators.

``make dist`` runs this with the project's venv; by hand: ``.venv/bin/python packaging/build_bundle.py``.

1. installs PyInstaller into the running environment if it is missing (the ``dist`` extra);
2. builds ``packaging/tgb.spec`` into ``dist/tgb-app/`` (and, on macOS, ``dist/Target Group Builder.app``);
3. on Linux, adds the desktop entry, the AppStream metadata and ``install.sh`` to the folder;
4. runs ``tools/smoke_bundle.py`` on it (``--no-smoke`` skips that);
5. packs ``dist/tgb-app-<version>-<platform>.zip`` (``--no-archive`` skips that).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bundle_rules as rules  # noqa: E402

DIST = rules.ROOT / "dist"
WORK = rules.ROOT / "build" / "pyinstaller"


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print("PyInstaller is missing; installing the 'dist' extra's pyinstaller from PyPI…", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller>=6"], check=True)


def build(spec: str) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(WORK), str(HERE / spec)],
        check=True,
        env=env,
    )  # fmt: skip


def add_linux_files(bundle: Path) -> None:
    share = bundle / "share"
    share.mkdir(exist_ok=True)
    for path in (HERE / "linux").iterdir():
        if path.name == "install.sh":
            shutil.copy2(path, bundle / path.name)
        else:
            shutil.copy2(path, share / path.name)


def archive(bundle: Path) -> Path:
    machine = platform.machine().lower() or "unknown"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    base = DIST / f"{rules.BUNDLE_NAME}-{rules.app_version()}-{system}-{machine}"
    folder = rules.MAC_BUNDLE_NAME if sys.platform == "darwin" else bundle.name
    return Path(shutil.make_archive(str(base), "zip", root_dir=DIST, base_dir=folder))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build, smoke-test and pack the app bundle.")
    parser.add_argument("--no-smoke", action="store_true", help="do not run the smoke test")
    parser.add_argument("--no-archive", action="store_true", help="do not pack a zip for operators")
    args = parser.parse_args(argv)
    ensure_pyinstaller()
    bundle = DIST / rules.BUNDLE_NAME
    build("tgb.spec")
    if sys.platform.startswith("linux"):
        add_linux_files(bundle)
    print(f"built {bundle}", flush=True)
    if not args.no_smoke:
        smoke = subprocess.run([sys.executable, str(rules.ROOT / "tools" / "smoke_bundle.py"), str(bundle)])
        if smoke.returncode != 0:
            return smoke.returncode
    if not args.no_archive:
        packed = archive(bundle)
        print(f"packed {packed} ({packed.stat().st_size / 2**20:.1f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
