"""``tgb templates list|show`` and ``tgb new --template NAME --set key=value``.

``tgb new`` is the headless "New from template": it fills the template's placeholders
(a new start date re-plans the periods), validates the result, writes it and prints its
problems. Exit codes: 0 written without errors (warnings allowed), 1 written but the
payload has errors, 2 the template, a ``--set`` value or the output file is at fault
(nothing written).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from app.cli import EXIT_OK, EXIT_REJECTED, EXIT_USAGE
from app.services.payload_files import dump_payload_json, write_json_file

if TYPE_CHECKING:  # the library reads templates into models: loaded when a command runs
    from app.services.templates import TemplateEntry


def register(subparsers: Any) -> None:
    templates = subparsers.add_parser(
        "templates",
        help="list and inspect payload templates",
        description="Templates live in the app's data folder, in extra folders you add, and the starters.",
    )
    actions = templates.add_subparsers(dest="templates_command", metavar="ACTION")
    listing = actions.add_parser("list", help="list templates (unreadable files are listed with the reason)")
    listing.add_argument("query", nargs="*", help="search words; tag:, kind:, title:, file: restrict a word")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(func=run_list)
    show = actions.add_parser("show", help="show a template's details and its placeholders")
    show.add_argument("name", metavar="NAME", help="file name (without .json), title or path")
    show.set_defaults(func=run_show)
    templates.set_defaults(func=lambda args: _usage(templates))

    new = subparsers.add_parser(
        "new",
        help="make a payload from a template",
        description="Fill a template's placeholders and write the payload. A new start date re-plans "
        "the periods. Exit 0: written, no errors; 1: written, with errors; 2: nothing written.",
    )
    new.add_argument("--template", "-t", required=True, metavar="NAME", help="file name, title or path")
    new.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        dest="values",
        help="a placeholder value, e.g. name='Spring spend' or start=2026-04-01 (repeatable)",
    )
    new.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    new.set_defaults(func=run_new)


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help()
    return EXIT_USAGE


def run_list(args: argparse.Namespace) -> int:
    from app.services.templates import TemplateLibrary

    library = TemplateLibrary()
    entries = library.search(" ".join(args.query)) if args.query else library.entries()
    if args.json:
        print(json.dumps([_entry_json(e) for e in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    unreachable = [f for f in library.folders() if f.problem]
    for folder in unreachable:
        print(f"warning: {folder.problem}", file=sys.stderr)
    if not entries:
        print("No templates match." if args.query else "No templates.")
        return EXIT_OK
    width = max(len(e.name) for e in entries)
    for entry in entries:
        if entry.ok:
            note = " (older format, read as current)" if entry.template and entry.template.migrated else ""
            print(f"{entry.name:<{width}}  {entry.title} [{entry.kind}] ({entry.folder.label}){note}")
        else:
            print(f"{entry.name:<{width}}  UNUSABLE: {entry.path} {entry.problem}")
    return EXIT_OK


def _entry_json(entry: TemplateEntry) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": entry.name,
        "path": str(entry.path),
        "source": entry.folder.role.value,
        "ok": entry.ok,
        "problem": entry.problem,
    }
    if entry.template is not None:
        meta = entry.template.meta
        out.update(
            title=meta.title,
            description=meta.description,
            tags=list(meta.tags),
            kind=entry.kind,
            created=meta.created,
            modified=meta.modified,
            formatVersion=entry.template.source_version,
            placeholders=[p.to_json() for p in entry.template.placeholders],
        )
    return out


def run_show(args: argparse.Namespace) -> int:
    from app.domain.placeholders import current_value
    from app.services.templates import TemplateLibrary, TemplateLibraryError

    try:
        entry = TemplateLibrary().find(args.name)
    except TemplateLibraryError as exc:
        print(f"tgb templates show: {exc}", file=sys.stderr)
        return EXIT_USAGE
    template = entry.template
    assert template is not None
    print(f"{template.meta.title}\n  file: {entry.path}\n  kind: {entry.kind}")
    if template.meta.description:
        print(f"  {template.meta.description}")
    if template.meta.tags:
        print(f"  tags: {', '.join(template.meta.tags)}")
    group = template.model()
    print("placeholders (--set KEY=VALUE):" if template.placeholders else "no placeholders")
    for placeholder in template.placeholders:
        now = placeholder.default if placeholder.default is not None else current_value(group, placeholder)
        flag = "required" if placeholder.required else f"default {now}"
        print(f"  {placeholder.key:<10} {placeholder.kind.value:<6} {placeholder.label} ({flag})")
        if placeholder.help:
            print(f"  {'':<10} {'':<6} {placeholder.help}")
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    from app.domain.placeholders import PlaceholderError, fill_template
    from app.services.templates import TemplateLibrary, TemplateLibraryError

    values: dict[str, str] = {}
    for item in args.values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            print(f"tgb new: --set {item!r}: write it as KEY=VALUE, e.g. start=2026-04-01.", file=sys.stderr)
            return EXIT_USAGE
        values[key.strip()] = value
    try:
        entry = TemplateLibrary().find(args.template)
    except TemplateLibraryError as exc:
        print(f"tgb new: {exc}", file=sys.stderr)
        return EXIT_USAGE
    template = entry.template
    assert template is not None
    try:
        filled = fill_template(template.model(), template.placeholders, values)
    except PlaceholderError as exc:
        for key, message in exc.problems.items():
            print(f"tgb new: {'--set ' + key + ': ' if key else ''}{message}", file=sys.stderr)
        return EXIT_USAGE
    for message in filled.messages:
        print(message, file=sys.stderr)
    payload = filled.model.to_wire()
    if args.output:
        try:
            write_json_file(args.output, payload)
        except OSError as exc:
            print(f"tgb new: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
    else:
        sys.stdout.write(dump_payload_json(payload))
    problems = template.kind_of_payload.validate_model(filled.model, None)
    where = args.output or "payload"
    for problem in problems:
        at = f"{problem.path}: " if problem.path else ""
        print(f"{where}: {at}{problem.severity.value}: {problem.message} [{problem.code}]", file=sys.stderr)
    errors = sum(1 for p in problems if p.is_error)
    if args.output:
        summary = f"Wrote {args.output} from '{template.meta.title}'"
        print(f"{summary}; {errors} error(s)." if errors else f"{summary}.", file=sys.stderr)
    return EXIT_REJECTED if errors else EXIT_OK
