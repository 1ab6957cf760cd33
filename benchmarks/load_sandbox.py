"""1,000 sends against the local sandbox with 10% injected 5xx answers and 5% dropped connections.

What it checks, and prints:

* every send ends recorded in history as created or failed with a reason (no row left
  pending), and the outcomes agree with what the sandbox holds;
* half of the injected faults strike after the group was stored (the sandbox's default),
  so some "failed" sends did create their group: the run then does what the app offers
  the operator, a check by name, and resends only the groups that do not exist;
* the sandbox holds no group twice, before and after that recovery;
* the time per send under faults against a fault-free baseline measured in the same run.

Everything runs on 127.0.0.1 in a temporary data folder. Run:
    .venv/bin/python benchmarks/load_sandbox.py [--sends 1000] [--workers 4] [--seed 5]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.sandbox.faults import Faults
from app.sandbox.server import SandboxServer
from app.services.credentials import CredentialVault, SessionSecrets
from app.services.history import History
from app.services.profiles import Profile, make_profile
from app.services.send_outcome import SendOutcome
from app.services.sending import Sender
from benchmarks.big_payload import big_unified_payload

BASELINE_SENDS = 100


def _payload(name: str) -> dict[str, Any]:
    data = big_unified_payload(periods=3, targets=2)
    data["name"] = name
    data["description"] = f"load run send {name}"
    return data


def _send_all(sender: Sender, profile: Profile, names: list[str], workers: int) -> dict[str, SendOutcome]:
    def one(name: str) -> tuple[str, SendOutcome]:
        plan = sender.prepare(_payload(name), profile)
        return name, sender.send(plan, confirmed=True)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, names))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tgb-load-") as home:
        os.environ["TGB_HOME"] = home
        root = Path(home)
        server = SandboxServer(root / "sandbox")
        server.start()
        vault = CredentialVault(SessionSecrets())
        profile = make_profile("Load sandbox", server.url, "basic", "load.till", timeout_seconds=30)
        vault.save_basic(profile, "load-password")
        history = History(root / "history.sqlite3")
        sender = Sender(vault=vault, history=history)
        try:
            return _run(args, server, sender, profile, history)
        finally:
            sender.close()
            history.close()
            server.stop()


def _run(
    args: argparse.Namespace, server: SandboxServer, sender: Sender, profile: Profile, history: History
) -> int:
    started = time.perf_counter()
    baseline = _send_all(sender, profile, [f"Baseline {i:04d}" for i in range(BASELINE_SENDS)], args.workers)
    baseline_s = time.perf_counter() - started
    assert all(o.created for o in baseline.values()), "the fault-free baseline must create every group"

    server.set_faults(Faults(fail_rate=0.10, drop_rate=0.05, seed=args.seed))
    names = [f"Load {i:04d}" for i in range(args.sends)]
    started = time.perf_counter()
    outcomes = _send_all(sender, profile, names, args.workers)
    load_s = time.perf_counter() - started
    server.set_faults(None)

    rows = {e.group_name: e for e in history.search(limit=10 * (args.sends + BASELINE_SENDS))}
    load_rows = [rows[name] for name in names if name in rows]
    unrecorded = args.sends - len(load_rows)
    by_outcome = Counter(row.outcome for row in load_rows)
    reasons = Counter(o.result.kind.value for o in outcomes.values() if not o.created and o.result)
    no_reason = sum(1 for row in load_rows if row.outcome == "failed" and not row.message)

    stored = {g["name"]: g["id"] for g in server.store.all()}
    mismatched = sum(1 for name, o in outcomes.items() if o.created and stored.get(name) != o.group_id)
    failed = [name for name, o in outcomes.items() if not o.created]
    landed = [name for name in failed if name in stored]
    duplicates_before = _duplicates(server)

    # The operator's recovery: check by name, resend only what does not exist.
    started = time.perf_counter()
    resent = 0
    for name in failed:
        check = sender.check_name(profile, name, find_id=False)
        if check.exists is False:
            plan = sender.prepare(_payload(name), profile)
            resent += sender.send(plan, confirmed=True).created
    recovery_s = time.perf_counter() - started
    duplicates_after = _duplicates(server)
    missing_after = [name for name in names if name not in {g["name"] for g in server.store.all()}]

    per_base = baseline_s / BASELINE_SENDS * 1000
    per_load = load_s / args.sends * 1000
    print(f"sends: {args.sends} with 10% injected 5xx and 5% dropped connections, {args.workers} workers")
    print(f"baseline: {BASELINE_SENDS} fault-free sends in {baseline_s:.2f} s ({per_base:.1f} ms per send)")
    print(
        f"load run: {load_s:.2f} s ({per_load:.1f} ms per send, ratio {per_load / per_base:.2f}x the baseline)"
    )
    print(f"recorded: {len(load_rows)} of {args.sends}; outcomes {dict(by_outcome)}")
    print(f"failure reasons: {dict(reasons)}; failed rows without a reason: {no_reason}")
    print(f"created ids that disagree with the sandbox: {mismatched}")
    print(f"failed sends whose group exists anyway (fault after commit): {len(landed)}")
    print(f"duplicates in the sandbox after the run: {duplicates_before}")
    print(f"recovery by name check: {len(failed)} checked, {resent} resent, {recovery_s:.2f} s")
    print(f"after recovery: duplicates {duplicates_after}, groups missing {len(missing_after)}")
    broken = (
        unrecorded
        or by_outcome.get("pending", 0)
        or set(by_outcome) - {"created", "failed"}
        or no_reason
        or mismatched
        or duplicates_before
        or duplicates_after
        or missing_after
    )
    print("result: FAIL" if broken else "result: OK")
    return 1 if broken else 0


def _duplicates(server: SandboxServer) -> int:
    counts = Counter(str(g["name"]).casefold() for g in server.store.all())
    markers = Counter(str(g.get("description")) for g in server.store.all())
    return sum(n - 1 for n in counts.values() if n > 1) + sum(n - 1 for n in markers.values() if n > 1)


if __name__ == "__main__":
    sys.exit(main())
