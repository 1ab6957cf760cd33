"""Benchmark: the app's bundle against a bundle of a bare PySide6 window, built in the same run.

Run with ``.venv/bin/python benchmarks/bench_bundle.py`` (builds both bundles first, about a
minute; ``--no-build`` reuses ``dist/``). Both bundles are built by PyInstaller with the same
trim rules (``packaging/bundle_rules.py``), so the ratios measure what the app adds to Qt:

1. Start-up: process start to the first shown window, offscreen. The app bundle runs
   ``TGB_SMOKE=startup`` (the real window, built and shown, then quit as the event loop
   turns); the baseline shows an empty ``QMainWindow`` of the same size the same way
   (``packaging/bare_window.py``). Medians of several starts taken in turns, after one
   warm-up start each (target: at most 1.5x).
2. Size: the bundle folders on disk, in MiB (target: at most 1.5x).

A script, not a test: timings on shared machines are too noisy to assert on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
TARGET = 1.5
EXE = ".exe" if sys.platform.startswith("win") else ""


def build() -> None:
    for spec in ("bare_window.spec", "tgb.spec"):
        print(f"building {spec}…", flush=True)
        subprocess.run(
            [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "ERROR", "--distpath", str(DIST),
             "--workpath", str(ROOT / "build" / "pyinstaller"), str(ROOT / "packaging" / spec)],
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )  # fmt: skip


def start_time(exe: Path, env: dict[str, str]) -> float:
    """Seconds from spawning ``exe`` to its ``shown`` line."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    shown = None
    for line in process.stdout:
        if line.startswith("shown") and shown is None:
            shown = time.perf_counter() - started
    process.wait()
    if shown is None:
        raise RuntimeError(f"{exe} did not show a window (exit {process.returncode})")
    return shown


def folder_mib(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


def verdict(ratio: float) -> str:
    return "meets" if ratio <= TARGET else "MISSES"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Start-up and size of the app bundle vs a bare Qt bundle.")
    parser.add_argument("--runs", type=int, default=9, help="starts per bundle (default 9)")
    parser.add_argument("--no-build", action="store_true", help="measure the bundles already in dist/")
    args = parser.parse_args(argv)
    if not args.no_build:
        build()
    app_dir, bare_dir = DIST / "tgb-app", DIST / "bare-window"
    app_exe, bare_exe = app_dir / f"tgb-app{EXE}", bare_dir / f"bare-window{EXE}"
    for exe in (app_exe, bare_exe):
        if not exe.is_file():
            print(f"no bundle at {exe}; run without --no-build", file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory(prefix="tgb-bench-") as home:
        base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TGB_RESOURCES")}
        base.update(QT_QPA_PLATFORM="offscreen", TGB_HOME=home)
        app_env = {**base, "TGB_SMOKE": "startup"}
        start_time(app_exe, app_env)  # warm-up: disk cache, first-run folders
        start_time(bare_exe, base)
        app_times, bare_times = [], []
        for _ in range(args.runs):
            bare_times.append(start_time(bare_exe, base))
            app_times.append(start_time(app_exe, app_env))
    app_start, bare_start = statistics.median(app_times), statistics.median(bare_times)
    app_size, bare_size = folder_mib(app_dir), folder_mib(bare_dir)
    start_ratio, size_ratio = app_start / bare_start, app_size / bare_size
    print(f"\nbundles built by PyInstaller on {sys.platform}, median of {args.runs} starts each (offscreen)")
    print(f"{'':24}{'app bundle':>12}{'bare Qt bundle':>16}{'ratio':>8}  target")
    print(
        f"{'start-up to window (ms)':24}{app_start * 1000:>12.0f}{bare_start * 1000:>16.0f}"
        f"{start_ratio:>7.2f}x  <= {TARGET}x: {verdict(start_ratio)}"
    )
    print(
        f"{'size on disk (MiB)':24}{app_size:>12.1f}{bare_size:>16.1f}"
        f"{size_ratio:>7.2f}x  <= {TARGET}x: {verdict(size_ratio)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
