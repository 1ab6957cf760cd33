"""``tgb bulk`` against the loopback sandbox, 200 and 2,000 rows, beside newman when it is installed.

Each run is a fresh ``tgb bulk`` process (the whole command: start-up, reading the CSV, filling and
checking every row, sending with concurrency 2, the journal and the history) against a sandbox
served from this process on 127.0.0.1, in a temporary data folder. Printed per size: wall time,
rows per second and the process's peak RSS (GNU time). When ``newman`` is on the PATH, it runs the
same rows (a collection with one POST and the CSV as data, the same payload) against a sandbox of
its own, and the ratios are printed (targets: at most 0.5x newman's time and memory). Then
``tgb --version`` against ``python -c pass`` (target: at most 3x).

Every measurement gets a fresh sandbox, the tools take turns to go first, and the median of
``--repeat`` runs is printed.

Run: .venv/bin/python benchmarks/bench_bulk.py [--sizes 200,2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.sandbox.server import SandboxServer  # noqa: E402
from app.services.credentials import basic_authorization, md5_hex  # noqa: E402

TIME = shutil.which("time") or "/usr/bin/time"


def _rows(folder: Path, count: int, prefix: str) -> Path:
    path = folder / f"rows-{prefix}-{count}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "target", "value"])
        for n in range(count):
            writer.writerow([f"{prefix} region {n:05d}", "monthly_sales", 5000 + n])
    return path


def _measured(
    command: list[str], env: dict[str, str]
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Wall seconds and peak RSS (MB) of a command, with its output."""
    started = time.perf_counter()
    done = subprocess.run([TIME, "-f", "%M", *command], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak_kb = float(done.stderr.strip().splitlines()[-1]) if done.stderr.strip() else 0.0
    return wall, peak_kb / 1024, done


def _tgb(home: Path, rows: Path, url: str) -> tuple[float, float]:
    env = {
        **os.environ,
        "TGB_HOME": str(home),
        "TGB_PASSWORD": "secret-one",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    added = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "profiles",
            "add",
            "Bench",
            "--host",
            url,
            "--till-code",
            "till.one",
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    assert added.returncode == 0, added.stderr
    command = [
        sys.executable,
        "-m",
        "app.cli",
        "bulk",
        "--template",
        "monthly-spend",
        str(rows),
        "--profile",
        "Bench",
    ]
    wall, peak, done = _measured(command, env)
    assert done.returncode == 0, done.stderr[-2000:]
    return wall, peak


def _newman_collection(folder: Path, url: str) -> Path:
    """One POST of the monthly-spend starter, its name, target and value taken from the CSV."""
    template = json.loads(
        (ROOT / "resources" / "templates" / "monthly-spend.json").read_text(encoding="utf-8")
    )
    payload = template["payload"]
    payload["name"] = "{{name}}"
    payload["targets"][0]["name"] = "{{target}}"
    body = json.dumps(payload).replace('"defaultValue": 1000', '"defaultValue": {{value}}')
    collection = {
        "info": {
            "name": "bulk",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [
            {
                "name": "create",
                "request": {
                    "method": "POST",
                    "header": [
                        {"key": "Content-Type", "value": "application/json"},
                        {
                            "key": "Authorization",
                            "value": basic_authorization("till.one", md5_hex("secret-one")),
                        },
                    ],
                    "url": f"{url}v3/targetGroups",
                    "body": {"mode": "raw", "raw": body},
                },
            }
        ],
    }
    path = folder / "collection.json"
    path.write_text(json.dumps(collection), encoding="utf-8")
    return path


def _newman(folder: Path, rows: Path, url: str) -> tuple[float, float] | None:
    newman = shutil.which("newman")
    if newman is None:
        return None
    collection = _newman_collection(folder, url)
    wall, peak, done = _measured(
        [newman, "run", str(collection), "-d", str(rows), "--reporters", "cli"], dict(os.environ)
    )
    if done.returncode != 0:
        print(f"  newman failed: {done.stdout[-400:]}")
        return None
    return wall, peak


#: The floor: a bare two-thread httpx loop POSTing the same filled payloads (one process, as tgb is).
_BARE = """
import json, sys, threading
import httpx
payloads = json.load(open(sys.argv[1], encoding="utf-8"))
url, auth = sys.argv[2], sys.argv[3]
client = httpx.Client(headers={"Authorization": auth}, timeout=30)
items, lock = iter(payloads), threading.Lock()
def work():
    while True:
        with lock:
            payload = next(items, None)
        if payload is None:
            return
        answer = client.post(url + "v3/targetGroups", json=payload)
        assert answer.status_code == 200, answer.text
threads = [threading.Thread(target=work) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
"""


def _bare(folder: Path, rows: Path, url: str) -> tuple[float, float]:
    """The bare loop over the payloads the rows fill (filled before timing, as newman's are)."""
    template = json.loads(
        (ROOT / "resources" / "templates" / "monthly-spend.json").read_text(encoding="utf-8")
    )
    payloads = []
    with rows.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            payload = json.loads(json.dumps(template["payload"]))
            payload["name"] = row["name"]
            payload["targets"][0]["name"] = row["target"]
            for value in payload["targets"][0]["defaultValues"]:
                value["defaultValue"] = int(row["value"])
            payloads.append(payload)
    data = folder / f"payloads-{rows.stem}.json"
    data.write_text(json.dumps(payloads), encoding="utf-8")
    auth = basic_authorization("till.one", md5_hex("secret-one"))
    wall, peak, done = _measured([sys.executable, "-c", _BARE, str(data), url, auth], dict(os.environ))
    assert done.returncode == 0, done.stderr[-2000:]
    return wall, peak


def _start_time(command: list[str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,2000")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per tool and size (the median is printed)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print(f"newman: {shutil.which('newman') or 'not installed (npm install -g newman to compare)'}")
    with tempfile.TemporaryDirectory(prefix="tgb-bench-bulk-") as tmp:
        folder = Path(tmp)
        for size in sizes:
            ours_runs: list[tuple[float, float]] = []
            theirs_runs: list[tuple[float, float]] = []
            bare_runs: list[tuple[float, float]] = []
            tools = ("tgb", "bare", "newman")
            for attempt in range(args.repeat):
                # A fresh sandbox for every measurement, the tools taking turns to go first.
                order = tools[attempt % 3 :] + tools[: attempt % 3]
                for tool in order:
                    server = SandboxServer(folder / f"sandbox-{size}-{attempt}-{tool}")
                    server.start()
                    try:
                        if tool == "tgb":
                            home = folder / f"home-{size}-{attempt}"
                            ours_runs.append(_tgb(home, _rows(folder, size, f"tgb{attempt}"), server.url))
                        elif tool == "bare":
                            bare_runs.append(_bare(folder, _rows(folder, size, f"bare{attempt}"), server.url))
                        else:
                            measured = _newman(folder, _rows(folder, size, f"newman{attempt}"), server.url)
                            if measured is not None:
                                theirs_runs.append(measured)
                        assert len(server.store.all()) == size or tool == "newman"  # all created
                    finally:
                        server.stop()
            ours = _median(ours_runs)
            print(
                f"{size:>5} rows  tgb bulk  {ours[0]:6.2f} s  {size / ours[0]:7.1f} rows/s  peak {ours[1]:6.1f} MB"
                f"  (median of {len(ours_runs)})"
            )
            bare = _median(bare_runs)
            print(
                f"{size:>5} rows  bare loop {bare[0]:6.2f} s  {size / bare[0]:7.1f} rows/s  peak {bare[1]:6.1f} MB"
                f"  (httpx, two threads, payloads filled first; median of {len(bare_runs)})"
            )
            print(
                f"{size:>5} rows  ratio     tgb / bare loop: time {ours[0] / bare[0]:.2f}x (target <= 1.3x)"
            )
            if theirs_runs:
                theirs = _median(theirs_runs)
                print(
                    f"{size:>5} rows  newman    {theirs[0]:6.2f} s  {size / theirs[0]:7.1f} rows/s  peak {theirs[1]:6.1f} MB"
                    f"  (median of {len(theirs_runs)})"
                )
                print(
                    f"{size:>5} rows  ratio     time {ours[0] / theirs[0]:.2f}x, memory {ours[1] / theirs[1]:.2f}x "
                    "(targets <= 0.5x)"
                )
    python = _start_time([sys.executable, "-c", "pass"])
    version = _start_time([sys.executable, "-m", "app.cli", "--version"])
    print(
        f"tgb --version {version * 1000:.0f} ms vs python -c pass {python * 1000:.0f} ms: {version / python:.1f}x (target <= 3x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
