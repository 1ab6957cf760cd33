"""``tgb sandbox``: run the local emulator of the API in the foreground until Ctrl+C."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.cli import EXIT_OK, EXIT_USAGE


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "sandbox",
        help="run the local sandbox (an emulator of the target group API) on 127.0.0.1",
        description="Serve POST/GET v3/targetGroups, isValidName and oauth/token/generate on the loopback "
        "interface, with the app's own validation and Capillary's error codes. Basic auth accepts any "
        "till code with an MD5-shaped password; OAuth accepts any key and secret.",
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    parser.add_argument("--data", metavar="DIR", help="folder for created groups (default: the app's)")
    parser.add_argument("--latency", type=int, default=0, metavar="MS", help="delay every answer by MS ms")
    parser.add_argument("--fail-rate", type=float, default=0.0, metavar="X", help="share of 502 HTML answers")
    parser.add_argument(
        "--drop-rate", type=float, default=0.0, metavar="X", help="share of dropped connections"
    )
    parser.add_argument(
        "--non-json-rate", type=float, default=0.0, metavar="X", help="share of HTML login pages"
    )
    parser.add_argument("--seed", type=int, help="seed the fault draws for a repeatable run")
    parser.set_defaults(func=run_sandbox)


def run_sandbox(args: argparse.Namespace) -> int:
    from app.sandbox.faults import Faults
    from app.sandbox.instance import InstanceClaim, running_url
    from app.sandbox.server import SandboxServer
    from app.services.paths import data_paths
    from app.services.profiles import SANDBOX_DEMO_PASSWORD, SANDBOX_DEMO_TILL_CODE

    try:
        faults = Faults(
            latency_ms=args.latency,
            fail_rate=args.fail_rate,
            drop_rate=args.drop_rate,
            non_json_rate=args.non_json_rate,
            seed=args.seed,
        )
    except ValueError as exc:
        print(f"tgb sandbox: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if not 0 <= args.port <= 65535:
        print(f"tgb sandbox: port {args.port} is not between 0 and 65535.", file=sys.stderr)
        return EXIT_USAGE
    folder = Path(args.data).expanduser() if args.data else data_paths().sandbox_dir
    try:
        claim = InstanceClaim.try_claim(folder)
    except OSError as exc:
        print(f"tgb sandbox: cannot use {folder}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if claim is None:
        url = running_url(folder)
        where = f" at {url}" if url else ""
        print(
            f"tgb sandbox: a sandbox for {folder} already runs{where}; use it, or stop it first "
            "(one sandbox per data folder keeps its ids unique).",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        server = SandboxServer(folder, faults, port=args.port)
    except OSError as exc:
        claim.release()
        print(f"tgb sandbox: cannot listen on port {args.port}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    claim.publish(server.url)
    print(f"Sandbox listening on {server.url}", flush=True)
    print(f"Groups are kept in {folder}")
    print(
        f"Demo credentials (sandbox only): till code {SANDBOX_DEMO_TILL_CODE}, password {SANDBOX_DEMO_PASSWORD}"
    )
    if faults.active:
        print(
            f"Faults: latency {faults.latency_ms} ms, 5xx {faults.fail_rate:.0%}, dropped {faults.drop_rate:.0%}, "
            f"non-JSON {faults.non_json_rate:.0%}"
        )
    print("Press Ctrl+C to stop.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        server.stop()
        claim.release()
    return EXIT_OK
