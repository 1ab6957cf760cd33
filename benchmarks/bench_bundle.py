"""Benchmark: the app's bundle against a bundle of a bare PySide6 window, built in the same run.

Run with ``.venv/bin/python benchmarks/bench_bundle.py`` (builds both bundles first, about a
minute; ``--no-build`` reuses ``dist/``). Both bundles are built by PyInstaller with the same
trim rules (``packaging/bundle_rules.py``), so the ratios measure what the app adds to Qt:

1. Start-up, offscreen, through the app's own start path (``TGB_SMOKE=startup`` runs
   :func:`app.ui.window.application.start`, what the bundle runs for an operator), against a
   bundle that shows an empty ``QMainWindow`` of the same size (``packaging/bare_window.py``).
   Two figures, as ``benchmarks/bench_window.py`` reports for the source tree, with the same
   paint probe: *first paint* (the frame with menus, toolbar and empty tabs is on screen;
   nothing in it can be used yet) and *fully built* (forms, preview, problems and every
   feature exist, every action is enabled and the whole window has been repainted). The
   bare window is usable at its first paint, so its one figure is the floor for both.
   Medians of several starts taken in turns, after one warm-up start each (target: at
   most 1.2x to first paint, 2x fully built).
2. Size: the bundle folders on disk, in MiB (target: at most 1.3x).

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
#: The goals: first paint, fully built (as bench_window's for the source tree) and size on disk.
PAINT_TARGET, BUILT_TARGET, SIZE_TARGET = 1.2, 2.0, 1.3
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


def start_times(exe: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning ``exe`` to its ``painted`` and ``built`` lines."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(exe)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stdout is not None
    figures: dict[str, float] = {}
    for line in process.stdout:
        word = line.strip()
        if word in ("painted", "built") and word not in figures:
            figures[word] = time.perf_counter() - started
    process.wait()
    if len(figures) != 2 or process.returncode != 0:
        raise RuntimeError(f"{exe} did not report painted and built (exit {process.returncode})")
    return figures


def folder_mib(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return total / 2**20


def verdict(ratio: float, target: float) -> str:
    return "meets" if ratio <= target else "MISSES"


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
        start_times(app_exe, app_env)  # warm-up: disk cache, first-run folders
        start_times(bare_exe, base)
        runs: dict[str, list[float]] = {"painted": [], "built": [], "bare": []}
        for _ in range(args.runs):  # in turns, so both see the same machine
            runs["bare"].append(start_times(bare_exe, base)["painted"])
            app_run = start_times(app_exe, app_env)
            runs["painted"].append(app_run["painted"])
            runs["built"].append(app_run["built"])
    median = {key: statistics.median(values) for key, values in runs.items()}
    bare_start = median["bare"]
    app_size, bare_size = folder_mib(app_dir), folder_mib(bare_dir)
    print(f"\nbundles built by PyInstaller on {sys.platform}, median of {args.runs} starts each (offscreen)")
    print(f"{'':34}{'app bundle':>12}{'bare Qt bundle':>16}{'ratio':>8}  target")
    rows = (
        ("start-up to first paint (ms)", median["painted"] * 1000, bare_start * 1000, PAINT_TARGET),
        ("start-up to fully built (ms)", median["built"] * 1000, bare_start * 1000, BUILT_TARGET),
        ("size on disk (MiB)", app_size, bare_size, SIZE_TARGET),
    )
    for label, value, floor, target in rows:
        ratio = value / floor
        print(f"{label:34}{value:>12.1f}{floor:>16.1f}{ratio:>7.2f}x  <= {target}x: {verdict(ratio, target)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
