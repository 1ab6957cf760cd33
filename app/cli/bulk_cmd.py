"""``tgb bulk``: many target groups or promotions from one template (or payload) and a spreadsheet.

    tgb bulk --template NAME ROWS [--profile P] [--dry-run [--out DIR]] [--concurrency N]
             [--journal FILE] [--map column=placeholder] [--sheet NAME] [--skip-invalid]
             [--yes] [--format text|json]

Every row is filled and checked before anything is sent; the report has one line per problem,
``ROWS:row N (name): path: severity: message [code]``. Nothing is sent while a row has errors,
unless ``--skip-invalid`` leaves those rows out. Sending uses one client, bounded concurrency
and a journal, so rerunning the same command after a crash, kill -9 or Ctrl+C sends only what
the server does not have yet (see :mod:`app.services.bulk`).

Exit codes: 0 every row created; 1 some rows refused or invalid; 2 usage (or nothing to do);
3 some outcomes unknown (rerun the same command to settle them).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.cli import EXIT_NETWORK, EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.services.profiles import SANDBOX_PROFILE_NAME, ProfileError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bulk",
        help="create many groups or promotions from a template and a spreadsheet",
        description="Fill a template (or a payload) once per row of ROWS (CSV or XLSX), check every row, "
        "then send them. Exit 0 all created, 1 some refused or invalid, 2 usage, 3 some unknown.",
    )
    parser.add_argument(
        "rows", metavar="ROWS", help="a CSV (any delimiter, UTF-8) or XLSX file; row 1 names the columns"
    )
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--template", "-t", metavar="NAME", help="a template: file name, title or path")
    source.add_argument(
        "--payload", metavar="FILE", help="a payload file; columns may name its fields by wire path"
    )
    parser.add_argument(
        "--profile", default=SANDBOX_PROFILE_NAME, help="profile name (default: Local sandbox)"
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=PLACEHOLDER",
        help="fill a placeholder from a column of another name (repeatable)",
    )
    parser.add_argument("--sheet", metavar="NAME", help="the XLSX sheet (default: the first)")
    parser.add_argument("--dry-run", action="store_true", help="check the rows and stop; nothing is sent")
    parser.add_argument("--out", metavar="DIR", help="with --dry-run: write each row's payload to DIR")
    parser.add_argument(
        "--skip-invalid", action="store_true", help="send the valid rows and leave out those with errors"
    )
    parser.add_argument(
        "--concurrency", type=int, default=2, metavar="N", help="requests at a time, 1 to 8 (default 2)"
    )
    parser.add_argument("--journal", metavar="FILE", help="the journal file (default: beside the history)")
    parser.add_argument(
        "--yes", action="store_true", help="answer yes to every question (production, changed rows)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")
    parser.set_defaults(func=run_bulk)


def run_bulk(args: argparse.Namespace) -> int:
    from app.services.bulk_job import BulkSourceError, check_job, find_template_source, payload_source
    from app.services.bulk_rows import BulkInputError, read_rows

    if not 1 <= args.concurrency <= 8:
        print("tgb bulk: --concurrency is 1 to 8.", file=sys.stderr)
        return EXIT_USAGE
    if args.out and not args.dry_run:
        print("tgb bulk: --out writes the payloads of a --dry-run; add --dry-run.", file=sys.stderr)
        return EXIT_USAGE
    explicit: dict[str, str] = {}
    for item in args.map:
        column, sep, placeholder = item.partition("=")
        if not sep or not column.strip() or not placeholder.strip():
            print(f"tgb bulk: --map takes COLUMN=PLACEHOLDER, not {item!r}.", file=sys.stderr)
            return EXIT_USAGE
        explicit[column.strip()] = placeholder.strip()
    try:
        job = find_template_source(args.template) if args.template else payload_source(args.payload)
        table = read_rows(args.rows, args.sheet)
    except (BulkSourceError, BulkInputError) as exc:
        print(f"tgb bulk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    bulk = check_job(job, table, explicit)
    kind, source, plans = job.kind, job.source_id, bulk.rows
    file_errors = [p for p in bulk.notes if p.is_error]
    report: dict[str, Any] = {
        "file": args.rows,
        "kind": kind.name,
        "rows": len(plans),
        "problems": [p.as_dict() for p in bulk.problems],
    }
    if args.format == "text":
        for problem in bulk.problems:
            print(problem.line(args.rows), file=sys.stderr)
    if file_errors or not plans:
        if not plans:
            print(f"tgb bulk: {args.rows} has no rows to create.", file=sys.stderr)
        _json(args, report)
        return EXIT_USAGE
    invalid = bulk.invalid
    report["invalid"] = [{"row": p.row, "name": p.name} for p in invalid]
    if args.dry_run:
        if args.out:
            written = _write_out(args.out, bulk.valid)
            if written is None:
                return EXIT_USAGE
            print(f"Wrote {written} payload(s) to {args.out}.", file=sys.stderr)
        print(
            f"Checked {len(plans)} row(s): {len(plans) - len(invalid)} ready, {len(invalid)} with errors. "
            "Nothing was sent.",
            file=sys.stderr,
        )
        _json(args, report)
        return EXIT_REJECTED if invalid else EXIT_OK
    if invalid and not args.skip_invalid:
        print(
            f"tgb bulk: nothing was sent; {len(invalid)} row(s) have errors. Fix them, or pass --skip-invalid "
            "to send the others.",
            file=sys.stderr,
        )
        _json(args, report)
        return EXIT_REJECTED
    return _send(_Job(args, kind, source, bulk.valid, invalid, report))


def _json(args: argparse.Namespace, report: dict[str, Any]) -> None:
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))


def _write_out(folder: str, plans: list[Any]) -> int | None:
    from app.services.payload_files import write_json_file

    out = Path(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for plan in plans:
            slug = re.sub(r"[^A-Za-z0-9]+", "-", plan.name).strip("-").lower()[:60] or "row"
            write_json_file(str(out / f"row-{plan.row:05d}-{slug}.json"), plan.payload)
    except OSError as exc:
        print(f"tgb bulk: cannot write to {folder}: {exc.strerror or exc}", file=sys.stderr)
        return None
    return len(plans)


@dataclass
class _Job:
    """A checked run about to be sent: the command's arguments, the kind, source and rows."""

    args: argparse.Namespace
    kind: Any
    source: str
    plans: list[Any]
    invalid: list[Any]
    report: dict[str, Any]


def _send(job: _Job) -> int:
    from app.cli.profiles_cmd import env_credentials
    from app.services.bulk import Journal, JournalUnavailable, run_key
    from app.services.bulk_hold import WAIT_FOREVER, RunHold, describe_process
    from app.services.history import HistoryUnavailable
    from app.services.send_outcome import SendOutcome
    from app.services.sending import Sender

    args, kind = job.args, job.kind
    sender = Sender()
    try:
        profile = sender.profiles.get(args.profile)
        journal = Journal(args.journal)
    except (ProfileError, JournalUnavailable, HistoryUnavailable) as exc:
        print(f"tgb bulk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    credentials = env_credentials(profile, sender.vault)
    client = sender.client_for(profile, credentials)
    if isinstance(client, SendOutcome):
        print(f"tgb bulk: {client.message}", file=sys.stderr)
        return EXIT_USAGE
    key = run_key(args.rows, job.source, profile.name, kind.name)
    hold = RunHold(journal.path, key, describe_process("tgb bulk"))
    try:
        hold.take(
            wait=WAIT_FOREVER,
            on_wait=lambda holder: print(
                f"tgb bulk: another run of these rows is under way ({holder}); waiting for it to end "
                "(Ctrl+C stops)…",
                file=sys.stderr,
            ),
        )
    except KeyboardInterrupt:
        print("\ntgb bulk: nothing was sent.", file=sys.stderr)
        sender.close()
        journal.close()
        return EXIT_USAGE
    with hold:
        try:
            return _run_held(job, sender, journal, profile, credentials, key)
        except JournalUnavailable as exc:  # before anything was sent (opening the run, the questions)
            print(f"tgb bulk: {exc} Nothing was sent.", file=sys.stderr)
            sender.close()
            journal.close()
            return EXIT_USAGE


def _run_held(job: _Job, sender: Any, journal: Any, profile: Any, credentials: Any, key: str) -> int:
    """Send the rows while this process holds the run (see :mod:`app.services.bulk_hold`)."""
    from app.services.bulk import CREATED, REFUSED, UNKNOWN, BulkRunner, JournalUnavailable
    from app.services.safe_text import spreadsheet_safe, terminal_safe

    args, kind, source, plans, invalid, report = (
        job.args,
        job.kind,
        job.source,
        job.plans,
        job.invalid,
        job.report,
    )
    journal.open_run(key, source, args.rows, profile.name, kind.name)
    terminal = sys.stderr.isatty()

    def progress(state: Any, _outcome: Any) -> None:
        if terminal:
            print(f"\r{state.line()}\x1b[K", end="", file=sys.stderr, flush=True)

    runner = BulkRunner(
        sender,
        journal,
        profile,
        kind,
        key,
        concurrency=args.concurrency,
        credentials=credentials,
        on_progress=progress,
    )
    questions = runner.questions(plans)
    if questions and not args.yes and not _confirm(questions):
        print("tgb bulk: nothing was sent.", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = runner.run(plans)
    except JournalUnavailable as exc:
        print(
            f"\ntgb bulk: {exc} The rows sent so far are in the history; rerun the same command once the "
            "journal can be written: rows with an unknown outcome are looked up by name first.",
            file=sys.stderr,
        )
        return EXIT_NETWORK
    finally:
        if terminal:
            print(file=sys.stderr)
        sender.close()
        journal.close()
    created, refused, unknown = result.count(CREATED), result.count(REFUSED), result.count(UNKNOWN)
    skipped = sum(1 for o in result.outcomes if o.skipped)
    not_sent = len(plans) - len(result.outcomes)
    if args.format == "json":
        report["results"] = [
            {
                "row": o.plan.row,
                "name": o.plan.name,
                "state": o.state,
                "id": o.created_id,
                "codes": list(o.codes),
                "message": o.message,
                "historyId": o.history_id,
                "earlier": o.skipped,
            }
            for o in result.outcomes
        ]
        report.update(created=created, refused=refused, unknown=unknown, notSent=not_sent)
        _json(args, report)
    else:
        # A tab-separated report (often saved and opened in a spreadsheet): names are kept as
        # text there, and nothing a server or a cell says reaches the terminal as a control code.
        for outcome in result.outcomes:
            name = terminal_safe(spreadsheet_safe(outcome.plan.name))
            if outcome.state == CREATED:
                print(f"row {outcome.plan.row}\t{name}\t{terminal_safe(outcome.created_id or '')}")
            elif outcome.state in (REFUSED, UNKNOWN):
                print(
                    f"{args.rows}:row {outcome.plan.row} ({name}): {outcome.state}: "
                    f"{terminal_safe(outcome.message)}",
                    file=sys.stderr,
                )
    summary = f"{created} created ({skipped} by earlier runs), {refused} refused, {unknown} unknown"
    if invalid:
        summary += f", {len(invalid)} invalid left out"
    if not_sent:
        summary += f", {not_sent} not sent"
    print(f"tgb bulk: {summary}.", file=sys.stderr)
    if result.interrupted:
        print("tgb bulk: interrupted; rerun the same command to go on where it stopped.", file=sys.stderr)
    if unknown or (not_sent and result.interrupted):
        if unknown:
            print(
                "tgb bulk: rerun the same command: rows with an unknown outcome are looked up by name first.",
                file=sys.stderr,
            )
        return EXIT_NETWORK if unknown else EXIT_REJECTED
    return EXIT_REJECTED if (refused or invalid or not_sent) else EXIT_OK


def _confirm(questions: list[str]) -> bool:
    if not sys.stdin.isatty():
        for question in questions:
            print(f"tgb bulk: {question} (not confirmed; pass --yes to agree)", file=sys.stderr)
        return False
    for question in questions:
        print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
        if sys.stdin.readline().strip().lower() not in ("y", "yes"):
            return False
    return True
