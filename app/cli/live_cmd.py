"""``tgb pull``, ``tgb diff``, ``tgb push``: a milestone on a server, edited as a file.

``pull ID -o FILE`` writes the server's copy as a payload (a promotion keeps its ``id``) and
remembers the version it was; ``diff FILE`` prints what the file changes against the server's
copy now; ``push FILE`` sends the file back as an update with the window's checks: errors block,
the edit locks are checked first, a server copy changed since the pull stops it (nothing is
overwritten blind), and the changes are shown and confirmed (``--yes`` for scripts; a file tgb
pull did not write also needs ``--force``, its base then being the server's copy now).

Exit codes: 0 done (``diff``: also with changes), 1 the payload, the server or a lock said no (or
the server's copy changed since the pull), 2 usage or file problems, 3 network.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from app.cli import EXIT_NETWORK, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.domain.kind_folders import builtin_names
from app.services.profiles import SANDBOX_PROFILE_NAME


def register(subparsers: Any) -> None:
    pull = subparsers.add_parser(
        "pull",
        help="write a promotion or target group on a server to a payload file",
        description="Fetch ID from the profile's server and write it as a payload (server fields "
        "dropped; a promotion keeps its id, for push). The version fetched is remembered for push.",
    )
    pull.add_argument("id", metavar="ID", help="a promotion's 24-hex id or a target group's number")
    pull.add_argument("-o", "--output", metavar="FILE", required=True, help="where to write the payload")
    _common(pull)
    diff = subparsers.add_parser(
        "diff",
        help="what a payload file changes against the server's copy",
        description="Print, field by field, what FILE changes against the server's copy now. Exit 0 "
        "(with or without changes), 1 when the server has no such object, 2 usage, 3 network.",
    )
    diff.add_argument("file", metavar="FILE")
    _common(diff)
    push = subparsers.add_parser(
        "push",
        help="send a payload file back to the server as an update",
        description="Update the server's copy with FILE: errors block, edit locks are checked, a "
        "server copy changed since tgb pull stops it, and the changes are shown and confirmed.",
    )
    push.add_argument("file", metavar="FILE")
    push.add_argument("--yes", action="store_true", help="send without asking (scripts)")
    push.add_argument(
        "--force",
        action="store_true",
        help="with --yes: send a file tgb pull did not write here (its base is then the server's copy now)",
    )
    _common(push)
    pull.set_defaults(func=run_pull)
    diff.set_defaults(func=run_diff)
    push.set_defaults(func=run_push)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profile", default=SANDBOX_PROFILE_NAME, help="profile name (default: Local sandbox)"
    )
    parser.add_argument(
        "--kind", choices=builtin_names(), help="the kind (default: told from the id or the file)"
    )
    parser.add_argument("--id", dest="server_id", metavar="ID", help="the id on the server (diff, push)")


def _say(text: str) -> None:
    from app.services.safe_text import terminal_safe

    print(f"tgb: {terminal_safe(text)}", file=sys.stderr)


def _service(args: argparse.Namespace) -> Any:
    """(the live service, the profile), or an exit code after saying what is wrong."""
    from app.cli.profiles_cmd import env_credentials
    from app.services.history import HistoryUnavailable
    from app.services.live import LiveService
    from app.services.profiles import ProfileError
    from app.services.sending import Sender

    sender = Sender()
    try:
        profile = sender.profiles.get(args.profile)
        credentials = env_credentials(profile, sender.vault)
        sender.history  # noqa: B018  (a history that cannot be written stops here, before any call)
    except (ProfileError, HistoryUnavailable) as exc:
        _say(str(exc))
        return EXIT_USAGE
    return LiveService(sender, credentials), profile


def _exit_for(result: Any) -> int:
    from app.services.api_result import CallKind

    if result.kind in (CallKind.REJECTED, CallKind.UNAUTHORIZED, CallKind.FORBIDDEN, CallKind.TOKEN_REFUSED):
        return EXIT_REJECTED
    if result.kind is CallKind.CONFIG:
        return EXIT_USAGE
    return EXIT_NETWORK


def _kind_of_id(server_id: str, given: str | None) -> str | None:
    """The kind whose ids look like ``server_id`` (``--kind`` when given)."""
    from app.services.live import live_kinds

    if given:
        return given
    return next((live.kind for live in live_kinds() if live.is_id(server_id)), None)


def run_pull(args: argparse.Namespace) -> int:
    from app.atomic_write import write_text_atomic
    from app.services.api_result import said
    from app.services.live import LiveCopy, remember_pulled

    kind = _kind_of_id(args.id, args.kind)
    if kind is None:
        _say(f"'{args.id}' is neither a promotion id (24 hexadecimal digits) nor a target group's number.")
        return EXIT_USAGE
    made = _service(args)
    if isinstance(made, int):
        return made
    service, profile = made
    copy = service.fetch(profile, kind, args.id)
    if not isinstance(copy, LiveCopy):
        _say(f"{args.id} could not be fetched from {profile.name}: {said(copy)}")
        return _exit_for(copy)
    try:
        write_text_atomic(args.output, json.dumps(copy.payload, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        _say(f"{args.output} cannot be written: {exc.strerror or exc}")
        return EXIT_USAGE
    try:
        remember_pulled(copy, args.output)
    except OSError as exc:
        _say(f"The pulled version cannot be kept in the data folder: {exc.strerror or exc}")
        return EXIT_USAGE
    print(f"Wrote {copy.label} ({copy.status or 'no status'}, fetched {copy.fetched_at}) to {args.output}.")
    return EXIT_OK


def _read_payload(args: argparse.Namespace) -> tuple[Any, dict[str, Any], str] | int:
    """(the kind, the file's payload, the id on the server), or an exit code."""
    from app.domain.kinds import kind_named, kind_of
    from app.services.payload_files import CurlBody, PayloadFileError, read_payload_file

    try:
        document = read_payload_file(args.file)
    except PayloadFileError as exc:
        _say(str(exc))
        return EXIT_USAGE
    payload = document.payload if isinstance(document, CurlBody) else document
    if not isinstance(payload, dict):
        _say(f"{args.file} does not hold a payload (a JSON object).")
        return EXIT_USAGE
    kind = kind_named(args.kind) if args.kind else kind_of(payload)
    server_id = args.server_id or (str(payload["id"]) if payload.get("id") else None)
    if not server_id:
        _say(f"{args.file} names no id on the server; give it with --id.")
        return EXIT_USAGE
    return kind, payload, server_id


def run_diff(args: argparse.Namespace) -> int:
    from app.domain.diff import diff_payloads, format_diff
    from app.services.api_result import said
    from app.services.live import LiveCopy, pulled

    read = _read_payload(args)
    if isinstance(read, int):
        return read
    kind, payload, server_id = read
    made = _service(args)
    if isinstance(made, int):
        return made
    service, profile = made
    now = service.fetch(profile, kind.name, server_id)
    if not isinstance(now, LiveCopy):
        _say(f"{server_id} could not be fetched from {profile.name}: {said(now)}")
        return _exit_for(now)
    before = pulled(profile.name, kind.name, server_id, args.file)
    if before is not None and before.version != now.version:
        print(f"The server's copy changed since it was pulled ({before.fetched_at}).")
    changes = diff_payloads(now.payload, payload, kind.model)
    print(format_diff(changes) if changes else f"{args.file} changes nothing against {now.label}.")
    return EXIT_OK


def run_push(args: argparse.Namespace) -> int:
    from app.domain.diff import diff_payloads, format_diff
    from app.services.api_result import said
    from app.services.live import LiveCopy, pulled

    read = _read_payload(args)
    if isinstance(read, int):
        return read
    kind, payload, server_id = read
    loaded = kind.load(payload)
    errors = [
        p
        for p in loaded.problems + (kind.validate_model(loaded.model, None) if loaded.model else [])
        if p.is_error
    ]
    if loaded.model is None or errors:
        for problem in errors:
            _say(f"{args.file}: {problem.path or 'payload'}: error: {problem.message}")
        return EXIT_REJECTED
    made = _service(args)
    if isinstance(made, int):
        return made
    service, profile = made
    base = pulled(profile.name, kind.name, server_id, args.file)
    if base is None:
        now = service.fetch(profile, kind.name, server_id)
        if not isinstance(now, LiveCopy):
            _say(f"{server_id} could not be fetched from {profile.name}: {said(now)}")
            return _exit_for(now)
        if args.yes and not args.force:
            _say(
                f"Not sent: {args.file} was not written by tgb pull (copied, moved, or from elsewhere), so "
                "nobody knows which version it started from: what the server changed since would be "
                "overwritten. Pull it again, or add --force to compare with the server's copy now."
            )
            return EXIT_REJECTED
        print(
            f"(No tgb pull of {server_id} from {profile.name} was found: comparing with the server's copy now.)"
        )
        base = now
    wire = loaded.model.to_wire()
    changes = diff_payloads(base.payload, wire, kind.model)
    if not changes:
        print(f"{args.file} changes nothing against {base.label}; nothing was sent.")
        return EXIT_OK
    print(format_diff(changes))
    refused = service.refusals(base, wire)
    if refused:
        for code, message in refused:
            _say(f"{code}: {message}")
        _say("Nothing was sent: the server would refuse this change.")
        return EXIT_REJECTED
    if not args.yes:
        if not sys.stdin.isatty():
            _say("Not sent: confirm with --yes (standard input is not a terminal to ask on).")
            return EXIT_USAGE
        answer = input(f"Update {base.label} with these {len(changes)} change(s)? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was sent.")
            return EXIT_OK
    from app.services.live import remember_pulled

    done = service.update(profile, base, wire)
    if not done.ok:
        _say(done.message)
        if done.stale:
            _say("Run tgb diff to see the server's copy now, or tgb pull it again.")
        return EXIT_REJECTED if done.stale or done.refusals or done.result is None else _exit_for(done.result)
    if done.copy is not None:
        try:
            remember_pulled(done.copy, args.file)
        except OSError as exc:
            _say(f"Updated, but the new version cannot be kept for the next push: {exc.strerror or exc}")
    print(done.message)
    return EXIT_OK
