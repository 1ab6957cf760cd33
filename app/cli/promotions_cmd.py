"""``tgb promotions list|show|submit|approve|reject|revoke|pause|resume|stop``: promotions on a server.

``list`` prints one line per promotion of a page (``--status``, ``--search``, ``--page``,
``--size``); ``show ID`` prints the promotion's JSON. Each status command reads the promotion's
current status first and refuses a transition the lifecycle does not allow, naming the allowed
ones; ``approve`` and ``reject`` take ``--comment`` (at most 150 characters). Every call is
recorded in the history.

Exit codes (as for ``tgb send``): 0 done, 1 refused (by the lifecycle or the server), 2 usage or
set-up, 3 network.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli import EXIT_NETWORK, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.services.profiles import SANDBOX_PROFILE_NAME, ProfileError

_MOVES = ("submit", "approve", "reject", "revoke", "pause", "resume", "stop")
_HELP = {
    "submit": "send a DRAFT for approval (DRAFT -> PENDING_APPROVAL)",
    "approve": "approve a pending promotion (PENDING_APPROVAL -> ACTIVE; it gets its promotionId)",
    "reject": "send a pending promotion back to DRAFT",
    "revoke": "withdraw an approval request (PENDING_APPROVAL -> DRAFT)",
    "pause": "pause an ACTIVE promotion",
    "resume": "resume a PAUSED promotion",
    "stop": "stop an ACTIVE or PAUSED promotion for good",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "promotions",
        help="list, show and move promotions through their lifecycle",
        description="Promotions (v3/promotions) on a profile's server. Exit 0 done, 1 refused, 2 usage, 3 network.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list promotions (a page at a time)")
    _common(listing)
    listing.add_argument("--status", help="comma-separated statuses, e.g. DRAFT,ACTIVE")
    listing.add_argument("--search", help="text in the name or description")
    listing.add_argument("--page", type=int, default=0, help="0-based page (default 0)")
    listing.add_argument("--size", type=int, default=20, help="promotions per page, 1 to 100 (default 20)")
    listing.set_defaults(func=_run_list)
    show = actions.add_parser("show", help="print a promotion's JSON")
    show.add_argument("id", metavar="ID", type=_promotion_id)
    _common(show)
    show.set_defaults(func=_run_show)
    for verb in _MOVES:
        move = actions.add_parser(verb, help=_HELP[verb])
        move.add_argument("id", metavar="ID", type=_promotion_id)
        _common(move)
        if verb in ("approve", "reject"):
            move.add_argument("--comment", help="the review comment (at most 150 characters)")
        move.set_defaults(func=_run_move, verb=verb)


def _promotion_id(text: str) -> str:
    """A promotion's id as the API gives it: 24 hexadecimal digits (checked before it is in a URL).

    Called while the arguments are parsed, so ``--help`` imports nothing of the client.
    """
    from app.services.capillary_client import is_promotion_id

    if not is_promotion_id(text):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a promotion id (24 hexadecimal digits, as tgb promotions list shows)"
        )
    return text


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", default=SANDBOX_PROFILE_NAME, help="profile name (default: Local sandbox)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _service(args: argparse.Namespace) -> Any:
    """The promotion service of the profile, or an exit code after saying what is wrong."""
    from app.cli.profiles_cmd import env_credentials
    from app.services.history import History, HistoryUnavailable
    from app.services.promotions.lifecycle import PromotionService
    from app.services.send_outcome import SendOutcome
    from app.services.sending import Sender

    sender = Sender()
    try:
        profile = sender.profiles.get(args.profile)
        client = sender.client_for(profile, env_credentials(profile, sender.vault))
        history = History()
    except (ProfileError, HistoryUnavailable) as exc:
        print(f"tgb promotions: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if isinstance(client, SendOutcome):
        print(f"tgb promotions: {client.message}", file=sys.stderr)
        return client.exit_code
    return PromotionService(client, profile, history)


def _exit_for(result: Any) -> int:
    from app.services.api_result import CallKind

    if result.ok:
        return EXIT_OK
    if result.kind in (CallKind.REJECTED, CallKind.UNAUTHORIZED, CallKind.FORBIDDEN, CallKind.TOKEN_REFUSED):
        return EXIT_REJECTED
    if result.kind is CallKind.CONFIG:
        return EXIT_USAGE
    return EXIT_NETWORK


def _say_failure(result: Any) -> None:
    from app.services.safe_text import terminal_safe as safe

    print(f"tgb promotions: {safe(result.message)}", file=sys.stderr)
    for error in result.errors:
        why = f" {error.explanation}" if error.explanation else ""
        print(f"  {safe(error.code)}: {safe(error.message)}.{safe(why)}", file=sys.stderr)
    if result.request_id:
        print(f"Request id: {safe(result.request_id)}", file=sys.stderr)


def _run_list(args: argparse.Namespace) -> int:
    from app.services.promotions.lifecycle import page_summary

    if not 1 <= args.size <= 100 or args.page < 0:
        print("tgb promotions: --size is 1 to 100 and --page 0 or more.", file=sys.stderr)
        return EXIT_USAGE
    service = _service(args)
    if isinstance(service, int):
        return service
    result = service.list(status=args.status, search=args.search, page=args.page, size=args.size)
    if not result.ok:
        _say_failure(result)
        return _exit_for(result)
    rows = page_summary(result.data)
    data = result.data if isinstance(result.data, dict) else {}
    if args.format == "json":
        print(
            json.dumps(
                {"promotions": rows, "totalElements": data.get("totalElements"), "page": args.page}, indent=2
            )
        )
        return EXIT_OK
    from app.services.safe_text import terminal_safe as safe

    for row in rows:  # every value is the server's: shown as text, control characters visible
        number = f"  promotionId {safe(row['promotionId'])}" if row.get("promotionId") else ""
        status = safe(row["status"]) if row.get("status") is not None else "?"
        print(
            f"{safe(row['id'])}  {status:<16} {safe(row['name'])}  "
            f"({safe(row['startDate'])} – {safe(row['endDate'])}){number}"
        )
    total = data.get("totalElements")
    print(
        f"{len(rows)} shown" + (f" of {total}" if total is not None else "") + f" (page {args.page}).",
        file=sys.stderr,
    )
    return EXIT_OK


def _run_show(args: argparse.Namespace) -> int:
    service = _service(args)
    if isinstance(service, int):
        return service
    result = service.show(args.id)
    if not result.ok:
        _say_failure(result)
        return _exit_for(result)
    from app.services.safe_text import terminal_safe

    print(terminal_safe(json.dumps(result.data, indent=2, ensure_ascii=False)))
    return EXIT_OK


def _run_move(args: argparse.Namespace) -> int:
    from app.services.safe_text import terminal_safe

    service = _service(args)
    if isinstance(service, int):
        return service
    moved = service.move(args.verb, args.id, getattr(args, "comment", None))
    if args.format == "json":
        print(
            json.dumps(
                {
                    "ok": moved.ok,
                    "id": args.id,
                    "statusBefore": moved.status_before,
                    "statusAfter": moved.status_after,
                    "message": moved.message,
                    "errors": [e.as_dict() for e in moved.result.errors] if moved.result else [],
                },
                indent=2,
            )
        )
    elif moved.ok:
        print(terminal_safe(moved.status_after))
        print(terminal_safe(moved.message), file=sys.stderr)
    else:
        print(f"tgb promotions: {terminal_safe(moved.message)}", file=sys.stderr)
    if moved.ok:
        return EXIT_OK
    if moved.refused_locally:
        return EXIT_REJECTED
    return _exit_for(moved.result) if moved.result is not None else EXIT_REJECTED
