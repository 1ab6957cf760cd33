"""Smoke test of a built bundle: does the shipped app work, from its own files only?

``make dist`` runs it after building; by hand: ``python tools/smoke_bundle.py [dist/tgb-app]``.
Every step runs the bundled executable in a fresh data folder (``TGB_HOME``), offscreen:

1. ``tgb-app --version`` prints the version from ``app/__init__.py``;
2. ``tgb-app new --template monthly-points-capping`` writes a starter payload (the starters
   are found inside the bundle), re-planned from next month so it never goes stale;
3. ``tgb-app validate`` finds no errors in it;
4. ``tgb-app send --profile "Local sandbox" --yes`` creates it on the embedded sandbox;
5. ``TGB_SMOKE=gui tgb-app FILE`` opens a second starter payload in the real window, waits for
   its validation, sends it to the sandbox and quits (see ``packaging/smoke_gui.py``).

Then it prints the bundle's size. Exit 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTER = "monthly-points-capping"
STEP_TIMEOUT = 120


def executable(bundle: Path) -> Path:
    name = "tgb-app.exe" if sys.platform.startswith("win") else "tgb-app"
    return bundle / name


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files in a folder (symlinks counted as links, not their targets)."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
            count += 1
    return total, count


def expected_version() -> str:
    text = (ROOT / "app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "?"


def next_month(today: dt.date) -> dt.date:
    return dt.date(today.year + today.month // 12, today.month % 12 + 1, 1)


class Smoke:
    def __init__(self, exe: Path, home: Path) -> None:
        self.exe = exe
        self.home = home
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in ("PYTHONPATH", "PYTHONHOME", "TGB_RESOURCES", "TGB_SMOKE")
        }
        self.env.update(TGB_HOME=str(home), QT_QPA_PLATFORM="offscreen")

    def run(self, title: str, args: list[str], extra_env: dict[str, str] | None = None) -> str:
        started = time.perf_counter()
        result = subprocess.run(
            [str(self.exe), *args],
            env={**self.env, **(extra_env or {})},
            cwd=self.home,
            capture_output=True,
            text=True,
            timeout=STEP_TIMEOUT,
        )
        seconds = time.perf_counter() - started
        if result.returncode != 0:
            print(f"FAIL  {title} (exit {result.returncode}, {seconds:.1f} s)")
            print(f"      stdout: {result.stdout.strip()}\n      stderr: {result.stderr.strip()}")
            raise SystemExit(1)
        print(f"ok    {title} ({seconds:.1f} s)")
        return result.stdout

    def new_payload(self, name: str, file: Path) -> None:
        start = next_month(dt.date.today()).isoformat()
        self.run(
            f"new --template {STARTER} -> {file.name}",
            [
                "new",
                "--template",
                STARTER,
                "--set",
                f"name={name}",
                "--set",
                f"start={start}",
                "-o",
                str(file),
            ],
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", default=str(ROOT / "dist" / "tgb-app"), type=Path)
    args = parser.parse_args(argv)
    exe = executable(args.bundle)
    if not exe.is_file():
        print(f"smoke: no bundle at {exe}; build it first (make dist)", file=sys.stderr)
        return 1
    stamp = time.strftime("%Y%m%d%H%M%S")
    with tempfile.TemporaryDirectory(prefix="tgb-smoke-") as tmp:
        smoke = Smoke(exe, Path(tmp))
        version = smoke.run("--version", ["--version"]).strip()
        if expected_version() not in version:
            print(f"FAIL  the bundle says {version!r}, app/__init__.py says {expected_version()}")
            return 1
        cli_payload = Path(tmp) / "smoke-cli.json"
        smoke.new_payload(f"Smoke CLI {stamp}", cli_payload)
        smoke.run("validate", ["validate", str(cli_payload)])
        group_id = smoke.run("send to the Local sandbox", ["send", str(cli_payload), "--yes"]).strip()
        print(f"      created group id {group_id}")
        gui_payload = Path(tmp) / "smoke-gui.json"
        smoke.new_payload(f"Smoke GUI {stamp}", gui_payload)
        out = smoke.run("window: open, validate, send", [str(gui_payload)], {"TGB_SMOKE": "gui"})
        for line in out.splitlines():
            print(f"      {line}")
    size, files = folder_size(args.bundle)
    print(f"bundle {args.bundle}: {size / 2**20:.1f} MiB in {files} files")
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
