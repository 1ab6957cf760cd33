"""``tgb send FILE --profile NAME``: check a payload file and create the group, once.

Exit codes: 0 created (the id is printed), 1 refused (our rules or the server), 2 usage,
file or set-up problems, 3 network (the message says whether the group may exist).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli import EXIT_REJECTED, EXIT_USAGE
from app.services.profiles import SANDBOX_PROFILE_NAME, ProfileError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "send",
        help="create the target group or promotion in FILE on a profile's server",
        description="Validate FILE, then POST it to v3/targetGroups (a promotion, with top-level metadata "
        "and activities, to v3/promotions as a DRAFT). Errors block; warnings, production "
        "profiles and a repeat of a payload sent in the last 10 minutes ask first (or pass --yes). "
        "Prints the created id. Exit 0 created, 1 refused, 2 usage or file, 3 network.",
    )
    parser.add_argument("file", metavar="FILE")
    parser.add_argument(
        "--profile", default=SANDBOX_PROFILE_NAME, help="profile name (default: Local sandbox)"
    )
    parser.add_argument("--yes", action="store_true", help="answer yes to every confirmation")
    parser.add_argument("--check-name", action="store_true", help="ask isValidName before sending")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.set_defaults(func=run_send)


def run_send(args: argparse.Namespace) -> int:
    from app.cli.profiles_cmd import env_credentials
    from app.services.history import HistoryUnavailable
    from app.services.payload_files import PayloadFileError, read_json_file
    from app.services.safe_text import terminal_safe
    from app.services.send_outcome import SendStatus
    from app.services.sending import Sender

    try:
        raw = read_json_file(args.file)
    except PayloadFileError as exc:
        print(f"tgb send: {exc}", file=sys.stderr)
        return EXIT_USAGE
    sender = Sender()
    try:
        plan = sender.prepare(raw, args.profile)
    except (ProfileError, HistoryUnavailable) as exc:
        print(f"tgb send: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for problem in plan.problems:
        where = f"{problem.path}: " if problem.path else ""
        print(
            f"{args.file}: {where}{problem.severity.value}: {problem.message} [{problem.code}]",
            file=sys.stderr,
        )
    if plan.blocked:
        print(f"tgb send: not sent; {len(plan.errors)} error(s) to fix first.", file=sys.stderr)
        return EXIT_REJECTED
    if plan.questions and not args.yes and not _confirm(plan.questions):
        print("tgb send: not sent.", file=sys.stderr)
        return EXIT_USAGE
    credentials = env_credentials(plan.profile, sender.vault)
    try:
        outcome = sender.send(plan, confirmed=True, check_name=args.check_name, credentials=credentials)
    finally:
        sender.close()
    if args.format == "json":
        print(
            json.dumps(
                {
                    "status": outcome.status.value,
                    "id": outcome.created_id,
                    "name": outcome.payload_name,
                    "message": outcome.message,
                    "errors": [e.as_dict() for e in outcome.errors],
                    "requestId": outcome.request_id,
                    "outcomeUnknown": outcome.outcome_unknown,
                },
                indent=2,
            )
        )
    elif outcome.status is SendStatus.CREATED:
        print(terminal_safe(outcome.created_id))
        print(terminal_safe(outcome.message), file=sys.stderr)
    if outcome.status is not SendStatus.CREATED and args.format == "text":
        # the message quotes the server: its control characters are shown, not obeyed
        print(f"tgb send: {terminal_safe(outcome.message)}", file=sys.stderr)
        if outcome.request_id:
            print(f"Request id: {terminal_safe(outcome.request_id)}", file=sys.stderr)
    return outcome.exit_code


def _confirm(questions: list[str]) -> bool:
    """Ask each question on the terminal; without one, refuse (pass --yes to agree up front)."""
    if not sys.stdin.isatty():
        for question in questions:
            print(f"tgb send: {question} (not confirmed; pass --yes to agree)", file=sys.stderr)
        return False
    for question in questions:
        print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline().strip().lower()
        if answer not in ("y", "yes"):
            return False
    return True
